//! Issue 16: errors of the command line say where they are without inventing a
//! place in a file, jurisdictions written as place names are suggested as ids, and
//! a written baseline is a successful run.

use super::{stdout_of, temp_file, watchwise};

#[test]
fn command_line_mistakes_name_the_option_without_a_fake_position() {
    let (code, _, stderr) =
        stdout_of(watchwise().args(["check", "--jurisdiction", "germany", "policies/email-dlp.yaml"]));
    assert_eq!(code, 2);
    assert!(stderr.starts_with("--jurisdiction: error: unknown jurisdiction `germany`"), "{stderr}");
    assert!(stderr.contains("did you mean `de`?"), "{stderr}");
    let (code, _, stderr) =
        stdout_of(watchwise().args(["check", "--format", "json", "--format", "sarif", "policies/email-dlp.yaml"]));
    assert_eq!(code, 2);
    assert!(stderr.starts_with("--format: error:"), "{stderr}");
    let (code, _, stderr) = stdout_of(watchwise().args(["report", "."]));
    assert_eq!(code, 2);
    assert!(stderr.starts_with(".: error:") && !stderr.contains(":1:1"), "{stderr}");
    let (code, _, stderr) =
        stdout_of(watchwise().env("WATCHWISE_TODAY", "someday").args(["check", "policies/email-dlp.yaml"]));
    assert_eq!(code, 2);
    assert!(stderr.starts_with("WATCHWISE_TODAY: error:"), "{stderr}");
    // In JSON such a diagnostic has line and column 0, and GitHub gets no file for it.
    let (_, out, _) = stdout_of(watchwise().args(["check", "--format", "github", "nowhere.yaml"]));
    assert!(out.contains("::error title=watchwise::nowhere.yaml: "), "{out}");
}

#[test]
fn a_place_name_in_a_policy_suggests_its_jurisdiction_id() {
    let text = "version: 1\npolicy: { name: x, jurisdictions: [germany] }\npurpose: { statement: s }\nmeasures:\n  - { id: a, kind: video }\n";
    let (_d, path) = temp_file("p.yaml", text.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.contains("p.yaml:2:36: error: unknown jurisdiction `germany`"), "{stderr}");
    assert!(stderr.contains("did you mean `de`?"), "{stderr}");
    let (_, _, stderr) =
        stdout_of(watchwise().args(["check", "--jurisdiction", "Deutschland", "policies/email-dlp.yaml"]));
    assert!(stderr.contains("did you mean `de`?"), "{stderr}");
    let (_, _, stderr) = stdout_of(watchwise().args(["check", "--jurisdiction", "germny", "policies/email-dlp.yaml"]));
    assert!(stderr.contains("did you mean `de`?"), "{stderr}");
}

#[test]
fn writing_a_baseline_is_a_successful_run() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("b.json");
    let (code, _, stderr) =
        stdout_of(watchwise().args(["check", "policies/open-office-cameras.yaml", "--write-baseline"]).arg(&baseline));
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::metadata(&baseline).unwrap().len() > 0);
    // A file that cannot be checked still fails the run.
    let (code, _, _) = stdout_of(watchwise().args(["check", "nowhere.yaml", "--write-baseline"]).arg(&baseline));
    assert_eq!(code, 2);
}

/// GitHub shows 10 annotations of each kind per step: the gravest go first, one
/// notice counts the rest, and the step's log lists every finding.
#[test]
fn github_annotations_stay_within_what_github_shows() {
    let (code, out, _) = stdout_of(watchwise().args(["check", "--format", "github", "policies/"]));
    assert_eq!(code, 1);
    let count = |kind: &str| out.lines().filter(|l| l.starts_with(&format!("::{kind} "))).count();
    assert!(count("error") <= 10 && count("warning") <= 10 && count("notice") <= 10, "{out}");
    assert!(out.contains("::notice title=watchwise::"), "the rest are counted");
    // The gravest first: a critical finding of the examples is among the errors.
    let (_, json, _) = stdout_of(watchwise().args(["check", "--format", "json", "policies/"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let active: Vec<&serde_json::Value> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .filter(|f| f["waived"].is_null())
        .collect();
    let critical = active.iter().find(|f| f["severity"] == "critical").expect("an example has a critical finding");
    let rule = critical["rule"].as_str().unwrap();
    assert!(out.lines().any(|l| l.starts_with("::error") && l.contains(&format!("title={rule} "))), "{rule}");
    // The log has one line per active finding.
    let logged = out.lines().filter(|l| !l.starts_with("::") && l.contains(".yaml:")).count();
    assert!(logged >= active.len(), "{logged} log lines for {} findings", active.len());
    // A small run keeps every annotation and adds no notice.
    let (_, one, _) = stdout_of(watchwise().args(["check", "--format", "github", "policies/email-dlp.yaml"]));
    assert!(!one.contains("title=watchwise::"), "{one}");
    assert!(one.lines().any(|l| l.starts_with("::notice file=policies/email-dlp.yaml")), "{one}");
}

/// A pull-request comment holds 65,536 characters: the Markdown of the examples is
/// cut to fit, gravest policies first, and says what it left out.
#[test]
fn markdown_fits_a_pull_request_comment() {
    let (_, md, _) = stdout_of(watchwise().args(["check", "--format", "markdown", "policies/"]));
    assert!(md.chars().count() <= 65_536, "{} characters", md.chars().count());
    assert!(md.contains("Shortened to fit a pull-request comment"), "says what was left out");
    // The critical policy comes first, in the table and in the sections.
    let first_row = md.lines().find(|l| l.starts_with("| ") && l.contains(".yaml")).unwrap();
    assert!(first_row.contains("distribution-centre-cameras-ct.yaml") && first_row.contains("critical"), "{first_row}");
    assert!(md.contains("### Distribution"), "the gravest policy's findings are shown");
    // A run that fits is not touched.
    let (_, small, _) = stdout_of(watchwise().args(["check", "--format", "markdown", "policies/email-dlp.yaml"]));
    assert!(!small.contains("Shortened"), "{small}");
}
