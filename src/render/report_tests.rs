//! The bounded rendering of a user's template: the same output as the plain one,
//! and each budget refused with its message.

use super::{ReportFormat, TEMPLATE_FILES, bounds, render, render_bounded};
use crate::Lang;
use crate::batch::Checker;
use crate::diag::Code;
use crate::rules::load::{self, LoadOptions};
use crate::source::Source;
use serde_json::Value;

/// The report data of generated policies with every pack, in both languages.
fn data_sets() -> &'static [Value] {
    static SETS: std::sync::LazyLock<Vec<Value>> = std::sync::LazyLock::new(make_data_sets);
    &SETS
}

fn make_data_sets() -> Vec<Value> {
    let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
    let mut out = Vec::new();
    for lang in [Lang::En, Lang::Zh] {
        let opts = crate::engine::Options { lang, today: jiff::civil::date(2026, 11, 29) };
        let mut checker = Checker::new(&rules, opts, Default::default());
        checker.jurisdictions = rules.packs.iter().map(|p| p.id.clone()).collect();
        for seed in 0..2 {
            let src = Source::new(format!("gen/{seed}.yaml"), crate::testgen::policy(seed));
            let policy = crate::policy::load(&src, &checker.ctx).unwrap();
            let result = checker.check_policy(&policy).unwrap();
            out.push(super::data(&policy, &result, result.rules.len(), lang, "2026-11-29", &[]));
        }
    }
    out
}

/// Every embedded template, given as a user's template, renders byte for byte as
/// it does unbounded: the counting changes no output (white space around blocks,
/// indentation of partials, `{{{…}}}`).
#[test]
fn counting_changes_no_output() {
    for data in data_sets() {
        let data = data.clone();
        for format in [ReportFormat::Html, ReportFormat::Markdown] {
            let main = TEMPLATE_FILES.iter().find(|(n, _)| *n == format.main_template()).unwrap().1;
            let plain = render(format, &data, None).unwrap();
            let counted = render(format, &data, Some(("t.hbs", main))).unwrap();
            assert_eq!(plain, counted, "{format:?}");
            // A template that calls the embedded one as a partial, indented.
            let indented = format!("  {{{{> {}}}}}\n", format.main_template());
            assert!(render(format, &data, Some(("t.hbs", &indented))).is_ok());
        }
    }
}

/// The embedded templates pass the checks a user's template gets.
#[test]
fn embedded_templates_pass_the_checks() {
    for (name, text) in TEMPLATE_FILES {
        bounds::prescan(text).unwrap_or_else(|r| panic!("{name}: {r:?}"));
    }
}

fn refused(text: &str, steps: u64, output: u64) -> Code {
    let data = &data_sets()[0];
    let budget = bounds::Budget::with_limits(steps, output);
    let d = render_bounded(ReportFormat::Html, data, "t.hbs", text, budget).map(|_| text).unwrap_err();
    d.code.unwrap_or_else(|| panic!("{d:?}"))
}

/// Past the step or output budget the report is refused, wherever the text goes:
/// the output, escaped or not, or the body of a partial block.
#[test]
fn budgets_are_held() {
    let steps = "{{#each t}}{{#each @root.t}}{{#each @root.t}}{{/each}}{{/each}}{{/each}}";
    assert_eq!(refused(steps, 10_000, u64::MAX), Code::TemplateTooManySteps);
    for text in [
        "{{#each t}}{{#each @root.t}}{{@root.chart_svg}}{{/each}}{{/each}}",
        "{{#each t}}{{#each @root.t}}{{{@root.chart_svg}}}{{/each}}{{/each}}",
        "{{#each t}}{{#each @root.t}}{{&@root.chart_svg}}{{/each}}{{/each}}",
        "{{#each t}}{{#each @root.t}}{{{lookup @root.summary \"verdict\"}}}{{/each}}{{/each}}",
        "{{#each t}}{{#each @root.t}}<p>plain text that adds up</p>{{/each}}{{/each}}",
        "{{#each t}}{{#each @root.t}}{{link_url @root.chart_svg}}{{/each}}{{/each}}",
        "{{#*inline \"p\"}}[{{/inline}}{{#> p}}{{#each t}}{{#each @root.t}}{{{@root.chart_svg}}}{{/each}}{{/each}}{{/p}}",
    ] {
        assert_eq!(refused(text, u64::MAX, 100_000), Code::TemplateOutputTooLarge, "{text}");
    }
    // Under the limits the same templates render.
    let data = &data_sets()[0];
    let ok = render_bounded(ReportFormat::Html, data, "t.hbs", "{{#each t}}x{{/each}}", bounds::Budget::new());
    assert_eq!(ok.unwrap().len(), data["t"].as_object().unwrap().len());
}
