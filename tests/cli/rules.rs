//! Rule packs: the core pack's shape, `rules test`, and every kind of broken rule.

use super::*;
use serde_json::Value;
use std::collections::BTreeMap;

#[test]
fn core_pack_has_eight_rules_per_category() {
    let (code, stdout, stderr) = stdout_of(watchwise().args(["rules", "list", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let rules = doc["rules"].as_array().unwrap();
    let core: Vec<&Value> = rules.iter().filter(|r| r["pack"] == "core").collect();
    assert!(core.len() >= 48, "{} core rules", core.len());
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &core {
        *per.entry(r["category"].as_str().unwrap()).or_default() += 1;
        assert!(!r["references"].as_array().unwrap().is_empty(), "{} has no reference", r["id"]);
        for key in ["id", "title", "category", "severity", "pack", "references"] {
            assert!(r.get(key).is_some());
        }
    }
    for c in ["privacy", "trust", "stress", "legal", "misjudgement", "morale"] {
        assert!(per.get(c).copied().unwrap_or(0) >= 8, "{c}: {per:?}");
    }
}

#[test]
fn rule_tests_pass() {
    let (code, stdout, stderr) = stdout_of(watchwise().args(["rules", "test"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn rules_list_table_and_filter() {
    let (code, stdout, _) = stdout_of(watchwise().args(["rules", "list", "--category", "stress"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("STR-001"));
    assert!(!stdout.contains("PRV-001"));
}

#[test]
fn rules_show_prints_condition_and_references() {
    let (code, stdout, _) = stdout_of(watchwise().args(["rules", "show", "PRV-001"]));
    assert_eq!(code, 0);
    for part in ["PRV-001", "category: privacy", "condition:", "references:", "recommendation:"] {
        assert!(stdout.contains(part), "{part}: {stdout}");
    }
    let (code, _, stderr) = stdout_of(watchwise().args(["rules", "show", "PRV-01"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean"), "{stderr}");
}

/// A pack folder with one rule file holding `rules` and, optionally, tests.
fn pack(rules: &str, tests: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("acme");
    std::fs::create_dir_all(p.join("tests")).unwrap();
    std::fs::write(p.join("pack.yaml"), "id: acme\nname: ACME Corp\n").unwrap();
    std::fs::write(p.join("rules.yaml"), rules).unwrap();
    if let Some(t) = tests {
        std::fs::write(p.join("tests/cases.yaml"), t).unwrap();
    }
    dir
}

const GOOD_RULE: &str = "\
rules:
  - id: ACME-001
    title: Cameras kept too long
    category: privacy
    severity: high
    for_each: measure
    when:
      all:
        - { field: measure.kind, equals: video }
        - { field: measure.retention_days, gt: 30 }
    message: >-
      Measure '{{measure.id}}' keeps {{human measure.kind}} for {{measure.retention_days}} days.
    recommendation: Keep footage for 30 days at most.
    references:
      - title: CNIL, video surveillance at work
        url: https://www.cnil.fr/
";

const GOOD_TESTS: &str = "\
base:
  version: 1
  policy: { name: T, jurisdictions: [acme] }
  purpose: { statement: Security }
  measures: [{ id: cam, kind: video, retention_days: 31 }]
cases:
  - name: 31 days fires
    policy: {}
    fires: [ACME-001]
  - name: 30 days does not
    policy:
      measures: [{ id: cam, kind: video, retention_days: 30 }]
    silent: [ACME-001]
";

#[test]
fn custom_pack_rule_fires_and_renders() {
    let dir = pack(GOOD_RULE, Some(GOOD_TESTS));
    let (code, stdout, stderr) = stdout_of(
        watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "test"]).arg(dir.path()),
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
    let policy = "version: 1\npolicy: { name: T, jurisdictions: [acme] }\npurpose: { statement: Security }\nmeasures:\n  - id: cam\n    kind: video\n    retention_days: 90\n";
    let (_d, path) = temp_file("p.yaml", policy.as_bytes());
    let (code, stdout, _) = stdout_of(
        watchwise()
            .arg("--no-default-rules")
            .arg("--rules")
            .arg(dir.path())
            .args(["check", "--format", "json"])
            .arg(&path),
    );
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let f = &doc["results"][0]["findings"][0];
    assert_eq!(f["rule"], "ACME-001");
    assert_eq!(f["pack"], "acme");
    assert_eq!(f["message"], "Measure 'cam' keeps video for 90 days.");
    assert_eq!(f["path"], "measures[0].retention_days");
    assert_eq!(f["line"], 7);
    assert_eq!(f["column"], 21);
    assert_eq!(doc["results"][0]["packs"], serde_json::json!(["acme"]));
}

#[test]
fn rule_without_a_non_firing_case_fails_the_tests() {
    let only_fires = GOOD_TESTS.split("  - name: 30 days").next().unwrap();
    let dir = pack(GOOD_RULE, Some(only_fires));
    let (code, stdout, stderr) = stdout_of(
        watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "test"]).arg(dir.path()),
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("rule ACME-001 has no test case where it does not fire"), "{stderr}");
}

#[test]
fn a_failing_expectation_is_located_in_the_test_file() {
    let wrong = GOOD_TESTS.replace("silent: [ACME-001]", "fires: [ACME-001]");
    let dir = pack(GOOD_RULE, Some(&wrong));
    let (code, _, stderr) = stdout_of(
        watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "test"]).arg(dir.path()),
    );
    assert_eq!(code, 1);
    assert!(
        stderr
            .contains("tests/cases.yaml:13:13: error: case '30 days does not': expected ACME-001 to fire, it did not"),
        "{stderr}"
    );
}

/// Loads a pack with `rules` replacing part of the good rule; expects exit 2 and
/// `rules.yaml:line:col: error: ...needle`.
fn broken(from: &str, to: &str, line: u32, col: u32, needle: &str) -> String {
    assert!(GOOD_RULE.contains(from), "{from}");
    let dir = pack(&GOOD_RULE.replacen(from, to, 1), None);
    let (code, _, stderr) = lint_packs(dir.path());
    assert_eq!(code, 2, "{stderr}");
    let head = format!("acme/rules.yaml:{line}:{col}: error: ");
    assert!(
        stderr.lines().any(|l| l.contains(&head) && l.contains(needle)),
        "expected `{head}...{needle}` in:\n{stderr}"
    );
    stderr
}

#[test]
fn unknown_field_path() {
    let err =
        broken("measure.retention_days", "measure.retension_days", 10, 20, "unknown field `measure.retension_days`");
    assert!(err.contains("did you mean `measure.retention_days`?"), "{err}");
}

#[test]
fn operator_value_outside_vocabulary() {
    let err = broken("equals: video", "equals: cctv", 9, 42, "`cctv` is not a value of `kind`");
    assert!(err.contains("did you mean `video`?"), "{err}");
    broken(
        "{ field: measure.retention_days, gt: 30 }",
        "{ field: measure.scope.locations, contains_any: [toilet] }",
        10,
        60,
        "`toilet` is not a value of `scope.locations`",
    );
}

#[test]
fn operator_that_does_not_fit_the_type() {
    broken("gt: 30", "gt: thirty", 10, 48, "does not fit");
    broken(
        "{ field: measure.retention_days, gt: 30 }",
        "{ field: measure.scope.locations, equals: restroom }",
        10,
        53,
        "`equals` does not apply to `scope.locations`",
    );
}

#[test]
fn bad_regex() {
    broken(
        "{ field: measure.retention_days, gt: 30 }",
        "{ field: purpose.statement, matches: \"(unclosed\" }",
        10,
        48,
        "not a valid regular expression",
    );
}

#[test]
fn bad_template() {
    broken("{{measure.id}}", "{{#if measure.id}}", 12, 7, "not a valid template");
    broken(
        "{{measure.retention_days}}",
        "{{measure.retension_days}}",
        12,
        7,
        "`{{measure.retension_days}}` names nothing",
    );
}

#[test]
fn unknown_rule_key() {
    let err = broken("    recommendation:", "    recomendation:", 13, 5, "unknown key `recomendation` in a rule");
    assert!(err.contains("did you mean `recommendation`?"), "{err}");
}

#[test]
fn bad_category_and_severity() {
    broken("category: privacy", "category: privcy", 4, 15, "`privcy` is not one of the six categories");
    broken("severity: high", "severity: severe", 5, 15, "`severe` is not a severity");
}

#[test]
fn duplicate_rule_id() {
    let twice = format!("{GOOD_RULE}{}", GOOD_RULE.trim_start_matches("rules:\n"));
    let dir = pack(&twice, None);
    let (code, _, stderr) = lint_packs(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("acme/rules.yaml:17:9: error: duplicate rule id `ACME-001`"), "{stderr}");
}

#[test]
fn measure_path_without_a_measure() {
    broken("    for_each: measure\n", "", 8, 20, "reads a measure, but this rule has no current measure");
}

#[test]
fn unknown_and_cyclic_extends() {
    let dir = pack(GOOD_RULE, None);
    std::fs::write(dir.path().join("acme/pack.yaml"), "id: acme\nname: ACME\nextends: [eux]\n").unwrap();
    let (code, _, stderr) = lint_packs(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("acme/pack.yaml:3:11: error: pack `acme` extends unknown pack `eux`"), "{stderr}");

    let two = tempfile::tempdir().unwrap();
    for (id, other) in [("a", "b"), ("b", "a")] {
        std::fs::create_dir_all(two.path().join(id)).unwrap();
        std::fs::write(two.path().join(id).join("pack.yaml"), format!("id: {id}\nname: {id}\nextends: [{other}]\n"))
            .unwrap();
    }
    let (code, _, stderr) = lint_packs(two.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("a/pack.yaml:3:11: error: `extends` forms a cycle: a -> b -> a"), "{stderr}");
}

#[test]
fn broken_rule_file_stops_check_with_exit_2() {
    let dir = pack("rules: [oops\n", None);
    let (code, stdout, stderr) = stdout_of(
        watchwise()
            .arg("--no-default-rules")
            .arg("--rules")
            .arg(dir.path())
            .args(["check", "policies/open-office-cameras.yaml"]),
    );
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("acme/rules.yaml:2:1: error: not valid YAML"), "{stderr}");
}

#[test]
fn on_disk_pack_replaces_embedded_pack_with_same_id() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("core");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("pack.yaml"), "id: core\nname: Our core\n").unwrap();
    std::fs::write(p.join("rules.yaml"), GOOD_RULE).unwrap();
    let (code, stdout, _) = stdout_of(
        watchwise()
            .arg("--no-default-rules")
            .arg("--rules")
            .arg(dir.path())
            .args(["rules", "list", "--format", "json"]),
    );
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let core: Vec<&Value> = doc["rules"].as_array().unwrap().iter().filter(|r| r["pack"] == "core").collect();
    assert_eq!(core.len(), 1);
    assert_eq!(core[0]["id"], "ACME-001");
}

#[test]
fn lint_names_every_mistake_in_one_run() {
    let four = "\
rules:
  - id: ACME-001
    title: One
    category: privacy
    severity: high
    for_each: measure
    when: { field: measure.retension_days, gt: 30 }
    message: m
    recommendation: r
  - id: ACME-002
    title: Two
    category: privacy
    severity: high
    when: { field: purpose.statement, matches: '(' }
    message: m
    recommendation: r
  - id: ACME-003
    title: Three
    category: privacy
    severity: high
    for_each: measure
    when: { field: measure.scope.locations, contains_any: [toilets] }
    message: m
    recommendation: r
  - id: ACME-004
    title: Four
    category: privacy
    severity: high
    when: { field: purpose.statement, exists: true }
    message: m
    recomendation: r
";
    let dir = pack(four, None);
    let (code, _, stderr) = lint_packs(dir.path());
    assert_eq!(code, 2);
    for needle in [
        "rules.yaml:7:20: error: unknown field `measure.retension_days`",
        "rules.yaml:14:48: error: `matches` is not a valid regular expression",
        "rules.yaml:22:60: error: `toilets` is not a value of `scope.locations`",
        "rules.yaml:31:5: error: unknown key `recomendation` in a rule",
    ] {
        assert!(stderr.contains(needle), "{needle}\n{stderr}");
    }
}

/// Errors in the manifest, in rules and between rules show in the same run: a rule
/// with an error still counts for duplicate ids, and an override of it is not called
/// unknown.
#[test]
fn a_pack_shows_all_its_errors_at_once() {
    let rules = GOOD_RULE.replace("severity: high", "severity: hgh\n    colour: red");
    let twice = format!("{rules}{}", GOOD_RULE.trim_start_matches("rules:\n"));
    let dir = pack(&twice, None);
    let manifest = "id: acme\nname: ACME Corp\nhomepage: x\noverrides:\n  - { rule: ACME-001, severity: low }\n";
    std::fs::write(dir.path().join("acme/pack.yaml"), manifest).unwrap();
    let (code, _, stderr) = lint_packs(dir.path());
    assert_eq!(code, 2);
    let expected = [
        "acme/pack.yaml:3:1: error: unknown key `homepage` in pack.yaml",
        "acme/rules.yaml:5:15: error: `hgh` is not a severity",
        "acme/rules.yaml:6:5: error: unknown key `colour` in a rule",
        "acme/rules.yaml:18:9: error: duplicate rule id `ACME-001`",
    ];
    assert_errors(&stderr, &dir.path().display().to_string(), &expected);
}

#[test]
fn lint_warns_about_rules_that_can_never_fire() {
    let never = GOOD_RULE
        .replace("- { field: measure.retention_days, gt: 30 }", "- { field: measure.kind, equals: audio }")
        .replace(
            "    references:\n      - title: CNIL, video surveillance at work\n        url: https://www.cnil.fr/\n",
            "",
        );
    let dir = pack(&never, None);
    let (code, stdout, stderr) = lint_packs(dir.path());
    assert_eq!(code, 0, "warnings only: {stderr}");
    assert!(stderr.contains("rules.yaml:10:11: warning: rule ACME-001 can never fire: two conditions on `measure.kind` in one `all` contradict each other"), "{stderr}");
    assert!(stderr.contains("warning: rule ACME-001 has no references"), "{stderr}");
    assert!(stdout.contains("1 pack, 1 rule: no errors, 2 warnings"), "{stdout}");
    let covert =
        GOOD_RULE.replace("- { field: measure.retention_days, gt: 30 }", "- { field: measure.covert, exists: false }");
    let dir = pack(&covert, None);
    let (_, _, stderr) = lint_packs(dir.path());
    assert!(stderr.contains("`measure.covert` is always present"), "{stderr}");
}

#[test]
fn default_packs_lint_clean() {
    let (code, stdout, stderr) = stdout_of(watchwise().args(["rules", "lint"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("no errors, 0 warnings"), "every default rule is complete, Chinese included:\n{stderr}");
}

#[test]
fn rule_reference_is_up_to_date() {
    let (code, generated, stderr) = stdout_of(watchwise().args(["rules", "doc"]));
    assert_eq!(code, 0, "{stderr}");
    let committed = std::fs::read_to_string(root().join("rules/README.md")).unwrap_or_default();
    assert!(
        committed == generated,
        "rules/README.md is stale: run `cargo run -- rules doc -o rules/README.md` and commit it"
    );
}

#[test]
fn every_jurisdiction_pack_has_its_minimum_rules() {
    let (code, stdout, _) = stdout_of(watchwise().args(["rules", "list", "--format", "json"]));
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for r in doc["rules"].as_array().unwrap() {
        *per.entry(r["pack"].as_str().unwrap().to_string()).or_default() += 1;
        if r["pack"] != "core" {
            assert!(!r["references"].as_array().unwrap().is_empty(), "{} has no reference", r["id"]);
        }
    }
    let minimum = [
        ("eu", 12),
        ("uk", 6),
        ("de", 5),
        ("fr", 6),
        ("it", 3),
        ("es", 3),
        ("us-ny", 2),
        ("us-ct", 2),
        ("us-de", 1),
        ("us-il", 3),
        ("us-ca", 3),
        ("cn", 7),
    ];
    for (pack, n) in minimum {
        assert!(per.get(pack).copied().unwrap_or(0) >= n, "{pack}: {per:?}");
    }
}

#[test]
fn every_pack_has_an_example_policy() {
    let (_, stdout, _) = stdout_of(watchwise().args(["check", "--format", "json", "--fail-on", "never", "policies/"]));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let named: std::collections::BTreeSet<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["jurisdictions"].as_array().unwrap().iter().map(|j| j.as_str().unwrap()))
        .collect();
    for pack in ["eu", "uk", "de", "fr", "it", "es", "us-ny", "us-ct", "us-de", "us-il", "us-ca", "cn"] {
        assert!(named.contains(pack), "no example policy for {pack}");
    }
    assert!(doc["warnings"].as_array().unwrap().is_empty(), "{:#?}", doc["warnings"]);
}

#[test]
fn rules_list_filters_by_jurisdiction_and_category() {
    let (code, stdout, _) = stdout_of(watchwise().args([
        "rules",
        "list",
        "--format",
        "json",
        "--jurisdiction",
        "de",
        "--category",
        "legal",
    ]));
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let rules = doc["rules"].as_array().unwrap();
    let packs: std::collections::BTreeSet<&str> = rules.iter().map(|r| r["pack"].as_str().unwrap()).collect();
    assert_eq!(packs, ["core", "de", "eu"].into_iter().collect(), "de activates core, eu and de");
    assert!(rules.iter().all(|r| r["category"] == "legal"));
}

#[test]
fn templates_can_read_the_rule() {
    let with_rule = GOOD_RULE.replace(
        "Measure '{{measure.id}}' keeps {{human measure.kind}} for {{measure.retention_days}} days.",
        "{{rule.id}} ({{rule.severity}}, {{rule.category}}, {{rule.pack}}): {{rule.title}}.",
    );
    let dir = pack(&with_rule, None);
    let policy = "version: 1\npolicy: { name: T, jurisdictions: [acme] }\npurpose: { statement: S }\nmeasures:\n  - { id: cam, kind: video, retention_days: 90 }\n";
    let (_d, path) = temp_file("p.yaml", policy.as_bytes());
    let (_, stdout, stderr) = stdout_of(
        watchwise()
            .arg("--no-default-rules")
            .arg("--rules")
            .arg(dir.path())
            .args(["check", "--format", "json"])
            .arg(&path),
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(doc["results"][0]["findings"][0]["message"], "ACME-001 (high, privacy, acme): Cameras kept too long.");
}

/// A pack of `files` rule files of `per` rules each, with ids numbered from 0.
fn many_rules(files: usize, per: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("big");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("pack.yaml"), "id: big\nname: Big\n").unwrap();
    for f in 0..files {
        let mut text = String::from("rules:\n");
        for i in f * per..(f + 1) * per {
            text.push_str(&format!(
                "  - id: BIG-{i}\n    title: R\n    category: legal\n    severity: low\n    for_each: measure\n    \
                 when: {{field: measure.retention_days, gt: 1}}\n    message: M\n    recommendation: K\n"
            ));
        }
        std::fs::write(pack.join(format!("r{f:02}.yaml")), text).unwrap();
    }
    dir
}

/// A run loads at most 10,000 rules: exactly the limit loads, one more is refused
/// at the file that goes over, before its rules are built.
#[test]
fn rules_beyond_the_limit_are_refused_quickly() {
    let at_limit = many_rules(10, 1_000);
    let (code, _, stderr) = stdout_of(
        watchwise().args(["--no-default-rules", "rules", "list", "--format", "json", "--rules"]).arg(at_limit.path()),
    );
    assert_eq!(code, 0, "{stderr}");
    let over = many_rules(11, 1_000);
    let (code, _, stderr) =
        stdout_of(watchwise().args(["--no-default-rules", "rules", "list", "--rules"]).arg(over.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains("r10.yaml:2:3: error: the loaded packs hold more than 10000 rules"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// A rule file with thousands of mistakes shows the first 100 errors by position and
/// one more counting the rest, as a policy does.
#[test]
fn rule_file_errors_are_capped() {
    let mut text = String::from("rules:\n");
    for i in 0..3_000 {
        // An id of the wrong form, and a measure field without `for_each`: two errors each.
        text.push_str(&format!(
            "  - id: B{i}\n    title: R\n    category: legal\n    severity: low\n    \
             when: {{field: measure.retention_days, gt: 1}}\n    message: M\n    recommendation: K\n"
        ));
    }
    let dir = pack(&text, None);
    let (code, _, stderr) = stdout_of(watchwise().args(["rules", "lint", "--rules"]).arg(dir.path()));
    assert_eq!(code, 2);
    assert_eq!(stderr.matches(": error: ").count(), 101, "{stderr}");
    assert!(stderr.contains("rules.yaml:2:9: error: `B0` is not a valid rule id"), "{stderr}");
    assert!(
        stderr.contains("the first 100 errors of this file are shown; 5900 more are not, starting here"),
        "{stderr}"
    );
}
