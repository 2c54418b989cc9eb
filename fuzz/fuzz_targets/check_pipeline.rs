//! Any bytes through the whole check with the built-in packs (every one active):
//! load, evaluate, waivers, and every renderer. Never a panic; valid JSON out.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use watchwise::batch::Checker;
use watchwise::Options;
use watchwise::render::{self, Format, Report, table::Style};
use watchwise::rules::load::{self, LoadOptions};
use watchwise::rules::{Adjust, RuleSet};
use watchwise::{Lang, source};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load::load(load::embedded_sources(), LoadOptions::default()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let rules = rules();
    let lang = if data.first().is_some_and(|b| b % 2 == 1) { Lang::Zh } else { Lang::En };
    let opts = Options { lang, today: jiff::civil::date(2026, 11, 29) };
    let mut checker = Checker::new(rules, opts, Adjust::default());
    checker.jurisdictions = rules.packs.iter().map(|p| p.id.clone()).collect();
    let Ok(src) = source::decode("fuzz.yaml".into(), data.to_vec()) else { return };
    let mut report = Report { lang, today: "2026-11-29".into(), ..Report::default() };
    match checker.check_source(&src) {
        Ok(r) => report.add(r, true),
        Err(d) => report.errors.extend(d),
    }
    let style = Style { color: false, width: 80 };
    for format in [Format::Table, Format::Json, Format::Markdown, Format::Sarif, Format::Junit, Format::Github, Format::Csv, Format::Html] {
        let out = render::render(format, &report, style);
        if matches!(format, Format::Json | Format::Sarif) {
            serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
        }
    }
});
