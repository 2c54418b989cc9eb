//! Any text as a `report --template`, rendered as the command does against a fixed
//! example policy's data, in HTML and Markdown: a report or an input error, never a
//! panic, a stack overflow or a hang (nesting, partial cycles, loops and output are
//! bounded before and while rendering).
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;
use watchwise::batch::Checker;
use watchwise::Options;
use watchwise::render::report::{self, ReportFormat};
use watchwise::rules::load::{self, LoadOptions};
use watchwise::rules::{Adjust, RuleSet};
use watchwise::{Lang, policy, source};

const POLICY: &str = include_str!("../../policies/open-office-cameras.yaml");

fn data() -> &'static Value {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    static DATA: OnceLock<Value> = OnceLock::new();
    DATA.get_or_init(|| {
        let rules = RULES.get_or_init(|| load::load(load::embedded_sources(), LoadOptions::default()).unwrap());
        let opts = Options { lang: Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let checker = Checker::new(rules, opts, Adjust::default());
        let src = source::Source::new("policy.yaml", POLICY);
        let policy = policy::load(&src, &checker.ctx).unwrap();
        let result = checker.check_policy(&policy).unwrap();
        report::data(&policy, &result, result.rules.len(), Lang::En, "2026-11-29", &[])
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let data = data();
    if report::check_template("t.hbs", text).is_err() {
        return;
    }
    for format in [ReportFormat::Html, ReportFormat::Markdown] {
        let _ = report::render(format, data, Some(("t.hbs", text)));
    }
});
