//! Robustness: generated policies, mutated files, adversarial inputs.

use super::*;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;
use watchwise::Options;
use watchwise::batch::Checker;
use watchwise::render::{self, Format, Report, table::Style};
use watchwise::rules::load::{self, LoadOptions};
use watchwise::rules::{Adjust, RuleSet};
use watchwise::{Lang, source, testgen};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load::load(load::embedded_sources(), LoadOptions::default()).unwrap())
}

fn checker() -> Checker<'static> {
    let rules = rules();
    let mut c =
        Checker::new(rules, Options { lang: Lang::En, today: jiff::civil::date(2026, 11, 29) }, Adjust::default());
    c.jurisdictions = rules.packs.iter().map(|p| p.id.clone()).collect();
    c
}

/// Checks `bytes` in-process and renders every format: never a panic.
fn check_bytes(bytes: &[u8]) -> Result<(), Vec<watchwise::Diagnostic>> {
    let src = source::decode("p.yaml".into(), bytes.to_vec()).map_err(|d| vec![d])?;
    let result = checker().check_source(&src)?;
    let mut report = Report::default();
    report.add(result, true);
    for f in [
        Format::Table,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Csv,
        Format::Markdown,
        Format::Github,
        Format::Html,
    ] {
        let out = render::render(f, &report, Style { color: false, width: 80, verbose: true });
        assert!(!out.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn any_generated_policy_checks_without_error(seed in any::<u64>()) {
        let text = testgen::policy(seed);
        if let Err(d) = check_bytes(text.as_bytes()) {
            panic!("{}\n{text}", d[0].headline());
        }
    }

    #[test]
    fn mutated_files_never_panic(seed in any::<u64>(), flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in any::<usize>(), swap in any::<bool>()) {
        let mut bytes = testgen::policy(seed).into_bytes();
        for (at, b) in flips {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        if swap {
            // Swap two lines: keys change places and nesting.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut lines: Vec<&str> = text.lines().collect();
            let n = lines.len();
            lines.swap(seed as usize % n, cut % n);
            bytes = lines.join("\n").into_bytes();
        }
        bytes.truncate(cut % (bytes.len() + 1));
        let _ = check_bytes(&bytes);
    }
}

/// Through the binary: exit 0, 1 or 2, and stdout empty or one whole JSON document.
#[test]
fn mutated_files_through_the_binary_give_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = testgen::Rng::new(7);
    for case in 0..24u64 {
        let mut bytes = testgen::policy(case).into_bytes();
        for _ in 0..(1 + case % 4) {
            let i = rng.below(bytes.len());
            bytes[i] = (rng.next_u64() & 0xff) as u8;
        }
        if case % 3 == 0 {
            let keep = rng.below(bytes.len());
            bytes.truncate(keep);
        }
        let path = dir.path().join(format!("m{case}.yaml"));
        std::fs::write(&path, &bytes).unwrap();
        let out = watchwise().args(["check", "--format", "json"]).arg(&path).output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!([0, 1, 2].contains(&code), "case {case}: exit {code}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "case {case}: {stderr}");
        if !out.stdout.is_empty() {
            let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("case {case}: {e}"));
            assert_eq!(doc["version"], 1);
        }
    }
}

// Adversarial files: each refused (exit 2, the limit named) or handled.

fn refused_with(content: &[u8], needle: &str) {
    let (_d, path) = temp_file("adv.yaml", content);
    let (code, stdout, stderr) = stdout_of(watchwise().args(["check", "--format", "json"]).arg(&path));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(needle), "{needle}: {stderr}");
    let doc: Value = serde_json::from_str(&stdout).expect("a whole JSON document, with the error in it");
    assert!(!doc["errors"].as_array().unwrap().is_empty());
}

#[test]
fn sixty_megabyte_file() {
    let mut big = VALID.as_bytes().to_vec();
    big.resize(60 * 1000 * 1000, b'#');
    refused_with(&big, "over the limit of 10000000 bytes");
}

#[test]
fn one_megabyte_single_line() {
    // A 1 MB text value: over the 64 KiB string limit, named.
    let doc = VALID.replace(
        "  name: Warehouse cameras",
        &format!("  name: Warehouse cameras\n  organization: \"{}\"", "x".repeat(1_000_000)),
    );
    refused_with(doc.as_bytes(), "longer than 65536 characters, the limit");
    // A 1 MB line of YAML that is not a value: handled as an error, not a hang.
    let flow = format!("version: 1\nx: [{}]\n", "1, ".repeat(250_000));
    refused_with(flow.as_bytes(), "unknown key `x`");
}

/// The valid policy with `n` generated measures, each with `extra` fields.
fn with_measures(n: usize, extra: &str) -> String {
    let mut doc = String::from(VALID.split("measures:").next().unwrap());
    doc.push_str("measures:\n");
    for i in 0..n {
        doc.push_str(&format!("  - {{ id: m{i}, kind: video{extra} }}\n"));
    }
    doc
}

#[test]
fn ten_thousand_measures() {
    refused_with(with_measures(10_000, "").as_bytes(), "lists 10000 measures, over the limit of 1000");
}

#[test]
fn a_thousand_measures_are_handled() {
    let doc = with_measures(1_000, ", retention_days: 90");
    let (_d, path) = temp_file("many.yaml", doc.as_bytes());
    let (code, stdout, stderr) =
        stdout_of(watchwise().args(["check", "--format", "json", "--fail-on", "medium"]).arg(&path));
    assert_eq!(code, 1, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert!(doc["results"][0]["findings"].as_array().unwrap().len() >= 1000);
}

#[test]
fn nul_bytes_and_invalid_utf8_and_nesting_and_aliases() {
    refused_with(b"version: 1\npolicy:\0\n", "NUL byte");
    refused_with(b"version: 1\npolicy: \xc3\x28\n", "not valid UTF-8");
    refused_with(format!("version: 1\npolicy: {}", "[".repeat(100_000)).as_bytes(), "nesting is deeper than");
    let mut bomb = String::from("version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..20 {
        let p = format!("*a{}", i - 1);
        bomb.push_str(&format!("a{i}: &a{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n"));
    }
    refused_with(bomb.as_bytes(), "aliases expand to more than 10000 nodes");
}

/// Inputs that fuzzing found (tests/fuzz/): checked without a panic, and every
/// diagnostic points at a line that exists.
#[test]
fn fuzz_regressions() {
    let dir = root().join("tests/fuzz");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let lines = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .count()
            + 1;
        if let Err(diags) = check_bytes(&bytes) {
            for d in diags {
                assert!(d.span.line >= 1 && d.span.line as usize <= lines, "{}: {}", path.display(), d.headline());
            }
        }
    }
}
