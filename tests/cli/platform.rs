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

/// With `--baseline`, the findings it absorbs leave the counts but not the output:
/// every format says how many, SARIF keeps them as `unchanged` results suppressed
/// by the baseline and marks the others `new`.
#[test]
fn every_format_says_what_the_baseline_absorbed_and_sarif_marks_it() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let old = "policies/remote-work-activity-tracking.yaml";
    let new = "policies/open-office-cameras.yaml";
    let (code, _, stderr) = stdout_of(watchwise().args(["check", "-q", old, "--write-baseline"]).arg(at("b.json")));
    assert_eq!(code, 0, "{stderr}");
    let mut cmd = watchwise();
    cmd.args(["check", old, new, "--baseline"]).arg(at("b.json"));
    for f in ["sarif", "junit", "csv", "markdown", "github", "json", "html"] {
        cmd.arg("--format").arg(format!("{f}={}", at(&format!("out.{f}")).display()));
    }
    cmd.args(["--format", "table"]);
    let (code, table, _) = stdout_of(&mut cmd);
    assert_eq!(code, 1, "the new policy still fails");
    let read = |f: &str| std::fs::read_to_string(at(&format!("out.{f}"))).unwrap();
    let json: serde_json::Value = serde_json::from_str(&read("json")).unwrap();
    let absorbed = json["summary"]["baselined"].as_u64().unwrap();
    assert!(absorbed > 100, "{absorbed}");
    assert_eq!(json["results"][0]["baselined"], absorbed);
    assert_eq!(json["results"][0]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(json["results"][0]["rating"], "none");
    assert_eq!(json["results"][1]["baselined"], 0);
    let active = json["summary"]["findings"].as_u64().unwrap();

    let sarif: serde_json::Value = serde_json::from_str(&read("sarif")).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    let state = |s: &str| results.iter().filter(|r| r["baselineState"] == s).count() as u64;
    assert_eq!((state("unchanged"), state("new")), (absorbed, active));
    assert_eq!(results.len() as u64, absorbed + active, "every result has a baselineState");
    for r in results.iter().filter(|r| r["baselineState"] == "unchanged") {
        assert_eq!(r["suppressions"][0]["kind"], "external", "{r}");
        assert!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == old);
    }
    assert!(results.iter().filter(|r| r["baselineState"] == "new").all(|r| r.get("suppressions").is_none()));
    assert_eq!(run["invocations"][0]["properties"]["baselined"], absorbed);

    let n = absorbed.to_string();
    let table = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(table.contains(&format!("No new findings; {n} in the baseline")), "{table}");
    assert!(table.contains(&format!("0 waived, {n} in the baseline;")), "{table}");
    assert!(read("markdown").contains(&format!("{n} findings in the baseline are not counted.")));
    assert!(read("markdown").contains(&format!("0 waived, {n} in the baseline (not counted).")));
    assert!(read("html").contains(&format!("{n} in the baseline (not counted)")));
    assert!(read("junit").contains(&format!("<property name=\"baselined\" value=\"{n}\"/>")), "{}", read("junit"));
    let csv = read("csv");
    assert_eq!(csv.lines().filter(|l| l.ends_with(",baselined")).count() as u64, absorbed);
    assert_eq!(csv.lines().filter(|l| l.ends_with(",finding")).count() as u64, active);
    let github = read("github");
    assert!(github.contains(&format!("{n} findings in the baseline")), "{github}");
    assert_eq!(github.lines().filter(|l| l.ends_with("[in the baseline]")).count() as u64, absorbed);
    assert!(!github.lines().any(|l| l.starts_with("::") && l.contains(old)), "no annotation for a baselined finding");

    // Without a baseline nothing says "baseline" and SARIF has no baselineState.
    let (_, sarif, _) = stdout_of(watchwise().args(["check", "--format", "sarif", new]));
    assert!(!sarif.contains("baselineState"));
    let (_, table, _) = stdout_of(watchwise().args(["check", new]));
    assert!(!table.contains("baseline"), "{table}");
}
