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
