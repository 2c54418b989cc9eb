//! Inherent and residual risk: mitigations, floors, rules that cannot be waived or
//! only with a body's agreement, `applies_in`, as custom packs use them and as the
//! built-in packs apply them to the example policies.

use super::{stdout_of, temp_file, watchwise};
use serde_json::Value;
use std::path::Path;

/// A pack `acme` with a mitigation file and one rule using it.
fn pack(rules: &str, mitigations: &str, tests: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("acme");
    std::fs::create_dir_all(p.join("tests")).unwrap();
    std::fs::write(p.join("pack.yaml"), "id: acme\nname: ACME Corp\n").unwrap();
    std::fs::write(p.join("rules.yaml"), rules).unwrap();
    std::fs::write(p.join("mitigations.yaml"), mitigations).unwrap();
    if let Some(t) = tests {
        std::fs::write(p.join("tests/cases.yaml"), t).unwrap();
    }
    dir
}

const MITIGATIONS: &str = "\
mitigations:
  - id: acme-short
    label: { en: kept a week at most, zh: 最多保存一周 }
    for_each: measure
    when: { field: measure.retention_days, lte: 7 }
  - id: acme-logged
    label: access is logged
    for_each: measure
    when: { field: measure.access.logged, equals: true }
  - id: acme-assessed
    label: impact assessed
    when: { field: governance.impact_assessment, equals: completed }
";

const RULE: &str = "\
rules:
  - id: ACME-001
    title: Screen recording
    category: privacy
    severity: critical
    for_each: measure
    when: { field: measure.kind, equals: screen_capture }
    mitigations: [acme-short, acme-logged, acme-assessed]
    floor: medium
    message: Measure '{{measure.id}}' records screens.
    recommendation: Record less.
    references: [Calibration note]
  - id: ACME-002
    title: Works agreement needed
    category: legal
    severity: high
    when: { field: governance.representatives, not_equals: agreement }
    waiver: { requires: [works_council, conciliation_board] }
    message: No works agreement.
    recommendation: Agree one with the works council.
    references: [BetrVG 87(1) no. 6]
";

fn policy(retention: u32, logged: bool, extra: &str) -> String {
    format!(
        "version: 1\npolicy: {{ name: T, jurisdictions: [acme] }}\npurpose: {{ statement: Security }}\nmeasures:\n  - id: screens\n    kind: screen_capture\n    retention_days: {retention}\n    access: {{ logged: {logged} }}\ngovernance: {{ representatives: informed }}\n{extra}"
    )
}

fn check_json(dir: &Path, text: &str) -> (i32, Value, String) {
    let (_d, path) = temp_file("p.yaml", text.as_bytes());
    let (code, stdout, stderr) = stdout_of(
        watchwise().arg("--no-default-rules").arg("--rules").arg(dir).args(["check", "--format", "json"]).arg(&path),
    );
    assert_ne!(code, 2, "{stderr}");
    (code, serde_json::from_str(&stdout).unwrap(), stderr)
}

/// Checks `text` with the built-in packs: the JSON document and standard error.
fn builtin(text: &str) -> (Value, String) {
    let (_d, path) = temp_file("p.yaml", text.as_bytes());
    let (code, stdout, stderr) =
        stdout_of(watchwise().args(["check", "--format", "json", "--fail-on", "never"]).arg(&path));
    assert_eq!(code, 0, "{stderr}");
    (serde_json::from_str(&stdout).unwrap(), stderr)
}

fn finding<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    doc["results"][0]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == rule).expect(rule)
}

#[test]
fn mitigations_lower_a_finding_down_to_its_floor() {
    let dir = pack(RULE, MITIGATIONS, None);
    let (_, doc, _) = check_json(dir.path(), &policy(90, false, ""));
    let f = finding(&doc, "ACME-001");
    assert_eq!((f["inherent"].as_str(), f["severity"].as_str()), (Some("critical"), Some("critical")));
    assert_eq!(f["mitigations"], serde_json::json!([]));

    let (_, doc, _) = check_json(dir.path(), &policy(5, false, ""));
    let f = finding(&doc, "ACME-001");
    assert_eq!((f["inherent"].as_str(), f["severity"].as_str()), (Some("critical"), Some("high")));
    assert_eq!(f["mitigations"], serde_json::json!([{ "id": "acme-short", "label": "kept a week at most" }]));

    // Three safeguards would lower it three levels; the floor holds it at medium.
    let assessed = "governance: { representatives: informed, impact_assessment: completed }\n";
    let text = policy(5, true, "").replace("governance: { representatives: informed }\n", assessed);
    let (_, doc, _) = check_json(dir.path(), &text);
    let f = finding(&doc, "ACME-001");
    assert_eq!(f["severity"], "medium");
    assert_eq!(f["mitigations"].as_array().unwrap().len(), 3);
    // Ratings and scores follow the residual level.
    assert_eq!(doc["results"][0]["categories"]["privacy"]["rating"], "medium");
    assert_eq!(doc["results"][0]["inherent"], "critical");
}

#[test]
fn every_format_names_the_safeguards() {
    let dir = pack(RULE, MITIGATIONS, None);
    let (_d, path) = temp_file("p.yaml", policy(5, true, "").as_bytes());
    let run = |format: &str| {
        let (code, out, err) = stdout_of(
            watchwise()
                .arg("--no-default-rules")
                .arg("--rules")
                .arg(dir.path())
                .args(["check", "--format", format])
                .arg(&path),
        );
        assert_ne!(code, 2, "{err}");
        out
    };
    for format in ["table", "markdown", "github", "junit", "csv"] {
        let out = run(format);
        assert!(out.contains("kept a week at most"), "{format}: {out}");
    }
    let table = run("table").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(table.contains("safeguards: critical -> medium: kept a week at most; access is logged"), "{table}");
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let result = &sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "ACME-001").unwrap();
    assert_eq!(result["properties"]["inherent"], "critical");
    assert_eq!(result["properties"]["residual"], "medium");
    // The SARIF level follows the residual level: medium is a warning.
    assert_eq!(result["level"], "warning");
    assert!(result["message"]["text"].as_str().unwrap().contains("Safeguards: critical -> medium"));
    let (code, html, err) = stdout_of(
        watchwise()
            .arg("--no-default-rules")
            .arg("--rules")
            .arg(dir.path())
            .args(["report", "--format", "html"])
            .arg(&path),
    );
    assert_eq!(code, 0, "{err}");
    assert!(html.contains("critical -&gt; medium: kept a week at most; access is logged"), "{html}");
}

#[test]
fn a_waiver_without_the_required_agreement_does_not_waive() {
    let dir = pack(RULE, MITIGATIONS, None);
    let waiver = "waivers:\n  - rule: ACME-002\n    reason: Management accepts it\n    approved_by: Board\n    expires: 2027-12-31\n";
    let (_, doc, stderr) = check_json(dir.path(), &policy(5, true, waiver));
    let f = finding(&doc, "ACME-002");
    assert!(f["waived"].is_null(), "{f}");
    assert_eq!(f["waiver_invalid"]["requires"], serde_json::json!(["works_council", "conciliation_board"]));
    assert!(
        stderr.contains("WW0235")
            || stderr.contains("only the recorded agreement of works council or conciliation board"),
        "{stderr}"
    );
    assert_eq!(doc["results"][0]["rating"], "high");

    let wrong = format!("{waiver}    agreement: {{ body: union }}\n");
    let (_, doc, stderr) = check_json(dir.path(), &policy(5, true, &wrong));
    assert!(finding(&doc, "ACME-002")["waived"].is_null());
    assert!(stderr.contains("it records the agreement of union"), "{stderr}");

    let agreed = format!("{waiver}    agreement: {{ body: works_council, reference: BV 2026/4, date: 2026-10-01 }}\n");
    let (_, doc, stderr) = check_json(dir.path(), &policy(5, true, &agreed));
    let f = finding(&doc, "ACME-002");
    assert_eq!(f["waived"]["agreement"]["body"], "works_council", "{stderr}");
    assert!(f["waiver_invalid"].is_null());
}

#[test]
fn a_report_never_says_proceed_while_an_unwaivable_finding_is_open() {
    let rule = RULE.replace(
        "severity: high\n    when: { field: governance.representatives",
        "severity: medium\n    when: { field: governance.representatives",
    );
    let dir = pack(&rule, MITIGATIONS, None);
    let waiver = "waivers:\n  - rule: ACME-002\n    reason: Management accepts it\n    approved_by: Board\n    expires: 2027-12-31\n";
    let (_d, path) = temp_file("p.yaml", policy(5, true, waiver).as_bytes());
    let (code, md, err) = stdout_of(
        watchwise()
            .arg("--no-default-rules")
            .arg("--rules")
            .arg(dir.path())
            .args(["report", "--format", "markdown"])
            .arg(&path),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!md.contains("can proceed"), "{md}");
    assert!(md.contains("cannot proceed yet: ACME-002"), "{md}");
    assert!(md.contains("waiver not valid: it needs the recorded agreement of"), "{md}");
}

#[test]
fn rules_test_asserts_residual_levels() {
    let tests = "\
base:
  version: 1
  policy: { name: T, jurisdictions: [acme] }
  purpose: { statement: Security }
  measures: [{ id: s, kind: screen_capture, retention_days: 5 }]
  governance: { representatives: agreement }
cases:
  - name: a week
    policy: {}
    residual: { ACME-001: high }
  - name: video
    policy: { measures: [{ id: s, kind: video }] }
    silent: [ACME-001]
  - name: no agreement
    policy: { governance: { representatives: informed } }
    fires: [ACME-002]
    residual: { ACME-001: medium }
  - name: agreement
    policy: {}
    silent: [ACME-002]
";
    let dir = pack(RULE, MITIGATIONS, Some(tests));
    let (code, stdout, stderr) = stdout_of(
        watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "test"]).arg(dir.path()),
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("3 passed, 1 failed"), "{stdout}");
    assert!(
        stderr.contains("case 'no agreement': expected ACME-001 at medium after mitigations, found high"),
        "{stderr}"
    );
}

#[test]
fn lint_reports_unknown_and_impossible_mitigations() {
    let bad = RULE.replace("[acme-short, acme-logged, acme-assessed]", "[acme-shrot]");
    let dir = pack(&bad, MITIGATIONS, None);
    let (code, _, stderr) =
        stdout_of(watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "lint"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("rule ACME-001 names unknown mitigation `acme-shrot`"), "{stderr}");
    assert!(stderr.contains("did you mean `acme-short`"), "{stderr}");

    let never =
        MITIGATIONS.replace("{ field: measure.retention_days, lte: 7 }", "{ field: measure.retention_days, lt: 0 }");
    let contradicts = RULE.replace(
        "{ field: measure.kind, equals: screen_capture }",
        "{ all: [{ field: measure.kind, equals: screen_capture }, { field: measure.access.logged, exists: false }] }",
    );
    let dir = pack(&contradicts, &never, None);
    let (code, _, stderr) =
        stdout_of(watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "lint"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("mitigation `acme-short` can never apply"), "{stderr}");
    assert!(stderr.contains("mitigation `acme-logged` can never apply to rule ACME-001"), "{stderr}");

    let policy_rule = RULE
        .replace(
            "    for_each: measure\n    when: { field: measure.kind, equals: screen_capture }",
            "    when: { field: purpose.statement, exists: true }",
        )
        .replace("Measure '{{measure.id}}' records screens.", "Screens are recorded.");
    let dir = pack(&policy_rule, MITIGATIONS, None);
    let (code, _, stderr) =
        stdout_of(watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "lint"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("reads a measure (`for_each: measure`)"), "{stderr}");

    let both = RULE.replace("    floor: medium\n", "    floor: medium\n    mitigable: false\n");
    let dir = pack(&both, MITIGATIONS, None);
    let (code, _, stderr) =
        stdout_of(watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "lint"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("has `mitigable: false`, so it cannot have `mitigations` too"), "{stderr}");
}

#[test]
fn applies_in_gates_a_rule_on_a_pack() {
    let gated = RULE.replace("    waiver: { requires", "    applies_in: [acme-eu]\n    waiver: { requires");
    let dir = pack(&gated, MITIGATIONS, None);
    let eu = dir.path().join("acme-eu");
    std::fs::create_dir_all(&eu).unwrap();
    std::fs::write(eu.join("pack.yaml"), "id: acme-eu\nname: ACME EU\nextends: [acme]\n").unwrap();
    let (_, doc, _) = check_json(dir.path(), &policy(5, true, ""));
    assert!(doc["results"][0]["findings"].as_array().unwrap().iter().all(|f| f["rule"] != "ACME-002"));
    let (_, doc, _) = check_json(dir.path(), &policy(5, true, "").replace("[acme]", "[acme-eu]"));
    finding(&doc, "ACME-002");

    let typo = RULE.replace("    waiver: { requires", "    applies_in: [acme-ue]\n    waiver: { requires");
    let dir = pack(&typo, MITIGATIONS, None);
    let (code, _, stderr) =
        stdout_of(watchwise().arg("--no-default-rules").arg("--rules").arg(dir.path()).args(["rules", "lint"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("`applies_in` names unknown pack `acme-ue`"), "{stderr}");
}

/// `check --format json` of example files, with the built-in packs.
fn examples(paths: &[&str]) -> Value {
    let (code, stdout, stderr) =
        stdout_of(watchwise().args(["check", "--format", "json", "--fail-on", "never"]).args(paths));
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn fired(result: &Value) -> Vec<&str> {
    result["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect()
}

#[test]
fn the_careful_dlp_policy_rates_medium_and_high_without_its_safeguards() {
    let doc = examples(&["policies/outbound-email-dlp.yaml"]);
    let r = &doc["results"][0];
    assert_eq!(r["rating"], "medium", "{r}");
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "PRV-007").unwrap();
    assert_eq!((f["inherent"].as_str(), f["severity"].as_str()), (Some("high"), Some("medium")));
    assert!(f["mitigations"].as_array().unwrap().iter().any(|m| m["id"] == "automated-scan-only"), "{f}");

    // The same measure without its safeguards: read continuously, kept a year, seen by
    // managers, no review.
    let text = std::fs::read_to_string(super::root().join("policies/outbound-email-dlp.yaml")).unwrap();
    let mut bare = text.clone();
    for (from, to) in [
        ("mode: on_trigger", "mode: continuous"),
        ("live_viewing: false", "live_viewing: true"),
        ("retention_days: 14", "retention_days: 365"),
        ("roles: [security]", "roles: [line_manager, hr]"),
        ("logged: true", "logged: false"),
        ("human_review: true", "human_review: false"),
    ] {
        assert!(bare.contains(from), "the DLP example no longer says `{from}`");
        bare = bare.replace(from, to);
    }
    let (doc, _) = builtin(&bare);
    assert_eq!(doc["results"][0]["rating"], "high", "{}", doc["results"][0]);

    // Every format that carries the inherent level names the safeguards.
    let (_, sarif, _) = stdout_of(watchwise().args(["check", "--format", "sarif", "policies/outbound-email-dlp.yaml"]));
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let result = sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "PRV-007").unwrap();
    assert_eq!(result["properties"]["inherent"], "high");
    assert_eq!(result["level"], "warning");
    let (code, html, _) =
        stdout_of(watchwise().args(["report", "--format", "html", "policies/outbound-email-dlp.yaml"]));
    assert_eq!(code, 0);
    assert!(
        html.contains("high -&gt; medium: an automated scan; a person sees only what it flags"),
        "no safeguards in the report"
    );
}

#[test]
fn a_californian_public_employer_gets_no_gdpr_or_ccpa_finding() {
    let doc = examples(&["policies/city-public-works-notice.yaml"]);
    let ids = fired(&doc["results"][0]);
    // The GDPR-type rules of core and the CCPA rules of us-ca.
    for gdpr in ["LEG-001", "LEG-002", "LEG-003", "LEG-004", "LEG-007", "LEG-010", "LEG-011", "PRV-017"] {
        assert!(!ids.contains(&gdpr), "{gdpr} fires for a Californian city: {ids:?}");
    }
    let ccpa: Vec<&&str> =
        ids.iter().filter(|id| ["US-CA-002", "US-CA-003", "US-CA-004", "US-CA-005"].contains(id)).collect();
    assert!(ccpa.is_empty(), "CCPA rules fire for a public body: {ccpa:?}");

    let text = std::fs::read_to_string(super::root().join("policies/city-public-works-notice.yaml")).unwrap();
    let (doc, _) = builtin(&text.replace("jurisdictions: [us-ca]", "jurisdictions: [eu]"));
    let ids = fired(&doc["results"][0]);
    assert!(ids.contains(&"LEG-001") && ids.contains(&"LEG-003"), "{ids:?}");
}

#[test]
fn the_founding_scenario_stays_high_and_the_loading_bay_passes() {
    let doc = examples(&["policies/open-office-cameras.yaml", "policies/loading-bay-safety-cameras.yaml"]);
    let open = &doc["results"][0];
    for (c, v) in open["categories"].as_object().unwrap() {
        let rating = v["rating"].as_str().unwrap();
        assert!(rating == "high" || rating == "critical", "{c} is {rating} for the founding scenario");
    }
    let bay = &doc["results"][1];
    assert!(["none", "info", "low"].contains(&bay["rating"].as_str().unwrap()), "{bay}");
}

#[test]
fn keystrokes_and_screenshots_are_a_high_privacy_risk() {
    let policy = "version: 1\npolicy: { name: T, jurisdictions: [uk] }\npurpose: { statement: Productivity }\nmeasures:\n  - id: keys\n    kind: keystrokes\n    scope: { devices: company }\n  - id: shots\n    kind: screen_capture\n    timing: { mode: scheduled }\n    scope: { devices: company }\n";
    let (doc, _) = builtin(policy);
    let r = &doc["results"][0];
    assert_eq!(r["categories"]["privacy"]["rating"], "high", "{r}");
    for m in ["keys", "shots"] {
        assert!(
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["measure"] == m && f["category"] == "privacy" && f["severity"] == "high"),
            "no high privacy finding on {m}"
        );
    }
}

/// The four examples that all scored 100 under the old cap now score apart, in the
/// order a reviewer would put them: the remote-work tracker (keystrokes, screenshots and
/// webcams in workers' homes, automated scores) above the warehouse rate scoring
/// (automated discipline and dismissal), above the factory's face attendance (biometrics
/// feeding pay), above the founding scenario's open-office cameras, which are grave but
/// one measure.
#[test]
fn scores_no_longer_saturate() {
    let doc = examples(&[
        "policies/remote-work-activity-tracking.yaml",
        "policies/warehouse-rate-scoring.yaml",
        "policies/factory-face-attendance.yaml",
        "policies/open-office-cameras.yaml",
    ]);
    let scores: Vec<u64> = doc["results"].as_array().unwrap().iter().map(|r| r["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "scores not in the reviewer's order: {scores:?}");
}

#[test]
fn a_de_004_waiver_needs_the_works_council() {
    let base = "version: 1\npolicy:\n  name: Email archive\n  jurisdictions: [de]\n  workforce: { representation: works_council }\npurpose: { statement: Keep business email, goals: [legal_compliance] }\nmeasures:\n  - id: archive\n    kind: communications_metadata\n    retention_days: 30\ngovernance: { representatives: consulted }\nwaivers:\n  - rule: DE-004\n    reason: Management accepts the risk\n    approved_by: Management board\n    expires: 2027-12-31\n";
    let (doc, stderr) = builtin(base);
    let f = finding(&doc, "DE-004");
    assert!(f["waived"].is_null(), "a management waiver set DE-004 aside: {f}");
    assert!(f["waiver_invalid"]["requires"].as_array().unwrap().iter().any(|b| b == "works_council"), "{f}");
    assert!(stderr.contains("waiver for DE-004 does not apply"), "{stderr}");
    let (_d, path) = temp_file("de.yaml", base.as_bytes());
    let (_, md, _) = stdout_of(watchwise().args(["report", "--format", "markdown"]).arg(&path));
    assert!(!md.contains("can proceed"), "{md}");

    let agreed = format!("{base}    agreement: {{ body: works_council, reference: BV IT 2026/4 }}\n");
    let (doc, _) = builtin(&agreed);
    let f = finding(&doc, "DE-004");
    assert_eq!(f["waived"]["agreement"]["body"], "works_council", "{f}");
}

#[test]
fn an_it_001_waiver_needs_the_union_or_the_inspectorate_and_eu_014_none_at_all() {
    let base = "version: 1\npolicy:\n  name: Shop cameras\n  jurisdictions: [it]\npurpose: { statement: Deter theft, goals: [theft_prevention] }\nmeasures:\n  - id: cams\n    kind: video\n    scope: { locations: [retail_floor] }\n    retention_days: 7\n  - id: moods\n    kind: emotion_recognition\n    scope: { locations: [retail_floor] }\ngovernance: { representatives: consulted }\nwaivers:\n  - rule: IT-001\n    reason: Management accepts the risk\n    approved_by: Store manager\n    expires: 2099-12-31\n  - rule: EU-014\n    reason: Pilot only\n    approved_by: Store manager\n    expires: 2099-12-31\n";
    let (doc, _) = builtin(base);
    let it = finding(&doc, "IT-001");
    assert!(it["waived"].is_null(), "a manager's waiver set IT-001 aside: {it}");
    let bodies = it["waiver_invalid"]["requires"].as_array().unwrap();
    assert!(bodies.iter().any(|b| b == "union") && bodies.iter().any(|b| b == "labour_inspectorate"), "{it}");
    assert!(finding(&doc, "EU-014")["waived"].is_null());

    // The union's agreement waives IT-001; nothing waives the prohibition.
    let agreed = base.replace(
        "    approved_by: Store manager\n    expires: 2099-12-31\n  - rule: EU-014",
        "    approved_by: Store manager\n    expires: 2099-12-31\n    agreement: { body: union, reference: Accordo RSU 2026/2 }\n  - rule: EU-014",
    );
    assert_ne!(agreed, base);
    let agreed = format!("{agreed}    agreement: {{ body: union, reference: Accordo RSU 2026/3 }}\n");
    let (doc, _) = builtin(&agreed);
    assert_eq!(finding(&doc, "IT-001")["waived"]["agreement"]["body"], "union");
    let eu = finding(&doc, "EU-014");
    assert!(eu["waived"].is_null(), "EU-014 was waived: {eu}");
    assert_eq!(eu["severity"], "critical");
}
