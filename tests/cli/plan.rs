//! `watchwise plan`, the action plan, the review record and its fingerprint, and the
//! impact-assessment screening, as users run them.
//!
//! The plan's figures are held against `check` of the changed file: each change is
//! applied to the file's text here, independently of how `plan` applies it.

use super::{root, stdout_of, temp_file, watchwise};
use serde_json::Value;

/// The policy `text` as YAML flow text, with `edits` (the plan's JSON) made.
fn changed(text: &str, edits: &[Value]) -> String {
    let mut doc = watchwise::parse_yaml(text, Default::default()).unwrap().unwrap().to_json();
    for e in edits {
        edit(&mut doc, e);
    }
    flow(&doc)
}

fn edit(doc: &mut Value, e: &Value) {
    let path = e["path"].as_str().unwrap();
    let mut segs: Vec<(String, Option<usize>)> = path
        .split('.')
        .map(|s| match s.split_once('[') {
            Some((k, i)) => (k.to_string(), Some(i.trim_end_matches(']').parse().unwrap())),
            None => (s.to_string(), None),
        })
        .collect();
    let (last, index) = segs.pop().unwrap();
    let mut node = doc;
    for (k, i) in segs {
        node = node.as_object_mut().unwrap().entry(k).or_insert_with(|| Value::Object(Default::default()));
        if let Some(i) = i {
            node = &mut node[i];
        }
    }
    let map = node.as_object_mut().unwrap();
    match (e["op"].as_str().unwrap(), index) {
        ("delete", Some(i)) => {
            map[&last].as_array_mut().unwrap().remove(i);
        }
        ("delete", None) => {
            map.remove(&last);
        }
        ("set", None) => {
            map.insert(last, e["value"].clone());
        }
        ("add", None) => {
            let list = map.entry(last).or_insert_with(|| Value::Array(vec![]));
            if !list.as_array().unwrap().contains(&e["value"]) {
                list.as_array_mut().unwrap().push(e["value"].clone());
            }
        }
        ("remove", None) => {
            if let Some(list) = map.get_mut(&last) {
                list.as_array_mut().unwrap().retain(|v| *v != e["value"]);
            }
        }
        other => panic!("unknown edit {other:?}"),
    }
}

/// YAML flow text: words, numbers and dates plain, other text double-quoted.
fn flow(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            format!("{{{}}}", m.iter().map(|(k, v)| format!("{k}: {}", flow(v))).collect::<Vec<_>>().join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::String(s)
            if !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
                && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
                    .contains(&s.to_lowercase().as_str()) =>
        {
            s.clone()
        }
        other => other.to_string(),
    }
}

fn check(text: &str) -> Value {
    let (_d, path) = temp_file("p.yaml", text.as_bytes());
    let (code, stdout, stderr) =
        stdout_of(watchwise().args(["check", "--format", "json", "--fail-on", "never"]).arg(&path));
    assert_eq!(code, 0, "{stderr}\n{text}");
    serde_json::from_str::<Value>(&stdout).unwrap()["results"][0].clone()
}

fn plan(file: &str, args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = stdout_of(watchwise().args(["plan", file, "--format", "json"]).args(args));
    assert!(code == 0 || code == 1, "{stderr}");
    (code, serde_json::from_str(&stdout).unwrap())
}

/// `check` of each example as written and in flow form gives the same result, so
/// that the comparisons below compare the changes and nothing else.
fn examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("policies")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let text = std::fs::read_to_string(&p).unwrap();
            out.push((format!("policies/{}", p.file_name().unwrap().to_str().unwrap()), text));
        }
    }
    out.sort();
    out
}

#[test]
fn every_change_and_every_step_is_what_check_gives_for_the_changed_file() {
    let mut compared = 0;
    for (file, text) in examples() {
        let as_flow = check(&changed(&text, &[]));
        let (code, doc) = plan(&file, &["--target", "medium"]);
        assert_eq!(
            (as_flow["rating"].clone(), as_flow["score"].clone()),
            (doc["rating"].clone(), doc["score"].clone()),
            "{file}"
        );
        for c in doc["changes"].as_array().unwrap().iter().take(4) {
            let after = check(&changed(&text, c["edits"].as_array().unwrap()));
            assert_eq!((&after["rating"], &after["score"]), (&c["rating"], &c["score"]), "{file}: {}", c["change"]);
            assert!(c["removes"].as_i64().unwrap() > 0, "{file}: {}", c["change"]);
            compared += 1;
        }
        // The steps, made one after another by hand, end where the plan says.
        let target = &doc["target"];
        let mut current = text.clone();
        for s in target["steps"].as_array().unwrap() {
            current = changed(&current, s["edits"].as_array().unwrap());
            let after = check(&current);
            assert_eq!((&after["rating"], &after["score"]), (&s["rating"], &s["score"]), "{file}: {}", s["change"]);
            compared += 1;
        }
        let end = check(&current);
        let reached = ["none", "info", "low", "medium"].contains(&end["rating"].as_str().unwrap());
        assert_eq!(target["reached"].as_bool(), Some(reached), "{file}");
        assert_eq!(code, if reached { 0 } else { 1 }, "{file}");
        if !reached {
            assert!(!target["left"].as_array().unwrap().is_empty(), "{file}: says what is left above the target");
        }
    }
    assert!(compared > 60, "{compared}");
}

#[test]
fn the_founding_scenario_plan_lists_changes_and_says_what_no_edit_can_reach() {
    let (code, doc) = plan("policies/open-office-cameras.yaml", &["--target", "medium"]);
    let steps = doc["target"]["steps"].as_array().unwrap();
    assert!(steps.len() >= 3, "{steps:?}");
    // Each step lowers the score, and the changes are ranked by what they remove.
    let scores: Vec<i64> = steps.iter().map(|s| s["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[1] < w[0]), "{scores:?}");
    let removes: Vec<i64> = doc["changes"].as_array().unwrap().iter().map(|c| c["removes"].as_i64().unwrap()).collect();
    assert!(removes.windows(2).all(|w| w[1] <= w[0]), "{removes:?}");
    // "To see whether people are working" is free text: no edit the plan makes
    // rewrites it, and it says so with the rule's recommendation.
    let left = doc["target"]["left"].as_array().unwrap();
    assert_eq!(code, 1);
    assert!(
        left.iter()
            .any(|l| l["rule"] == "TRU-011" && l["recommendation"].as_str().unwrap().contains("Rewrite the purpose"))
    );

    let (code, table, _) = stdout_of(watchwise().args(["plan", "policies/open-office-cameras.yaml", "--limit", "3"]));
    assert_eq!(code, 0);
    assert!(table.contains("Now: HIGH · score 140"), "{table}");
    assert!(table.contains("more changes; `--limit 0` shows all."), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    let (_, md, _) = stdout_of(watchwise().args([
        "plan",
        "policies/open-office-cameras.yaml",
        "--format",
        "markdown",
        "--target",
        "medium",
    ]));
    assert!(md.starts_with("## watchwise plan: "), "{md}");
    assert!(md.contains("| # | Change | Removes | Rating | Score | Effect |"), "{md}");
}

#[test]
fn a_policy_with_nothing_to_lower_has_an_empty_plan_that_reaches_its_target() {
    let (code, doc) = plan("policies/loading-bay-safety-cameras.yaml", &["--target", "none"]);
    assert_eq!(code, 0);
    assert_eq!(doc["changes"], serde_json::json!([]));
    assert_eq!(doc["target"]["reached"], true);
    let (code, _, stderr) =
        stdout_of(watchwise().args(["plan", "policies/loading-bay-safety-cameras.yaml", "--target", "mediun"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("expected one of none, info, low, medium, high, critical"), "{stderr}");
}

/// SARIF fixes replace the value in the file: made to the text, they give the file
/// the change describes.
#[test]
fn sarif_fixes_replace_values_in_the_file() {
    let file = "policies/open-office-cameras.yaml";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let (code, stdout, stderr) = stdout_of(watchwise().args(["plan", file, "--format", "sarif"]));
    assert_eq!(code, 0, "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let with_fixes: Vec<&Value> = results.iter().filter(|r| r.get("fixes").is_some()).collect();
    assert!(with_fixes.len() >= 5, "{}", with_fixes.len());
    let mut tried = 0;
    for r in with_fixes {
        for fix in r["fixes"].as_array().unwrap() {
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            let mut lines = lines;
            let changes = fix["artifactChanges"][0]["replacements"].as_array().unwrap();
            assert_eq!(fix["artifactChanges"][0]["artifactLocation"]["uri"], file);
            // Right to left, so that earlier columns stay where they are.
            let mut changes = changes.clone();
            changes.sort_by_key(|c| {
                std::cmp::Reverse((
                    c["deletedRegion"]["startLine"].as_u64(),
                    c["deletedRegion"]["startColumn"].as_u64(),
                ))
            });
            for c in &changes {
                let region = &c["deletedRegion"];
                let line = region["startLine"].as_u64().unwrap() as usize - 1;
                let chars: Vec<char> = lines[line].chars().collect();
                let (from, to) = (
                    region["startColumn"].as_u64().unwrap() as usize - 1,
                    region["endColumn"].as_u64().unwrap() as usize - 1,
                );
                let new = c["insertedContent"]["text"].as_str().unwrap();
                lines[line] = chars[..from].iter().collect::<String>() + new + &chars[to..].iter().collect::<String>();
            }
            let after = check(&(lines.join("\n") + "\n"));
            let description = fix["description"]["text"].as_str().unwrap();
            let score = description.rsplit("-> ").next().unwrap().trim_end_matches(')');
            assert_eq!(after["score"].to_string(), score, "{description}");
            tried += 1;
        }
    }
    assert!(tried >= 5);
}

const GOVERNED: &str = "\
version: 1
policy:
  name: Office cameras
  jurisdictions: [eu]
purpose:
  statement: Protect the entrance against break-ins at night.
measures:
  - id: cams
    kind: video
    scope: { locations: [entrance] }
    retention_days: 90
    access: { roles: [security], logged: false }
actions:
  - id: shorter-retention
    rule: PRV-012
    measure: cams
    change: Keep footage 30 days.
    owner: Facilities
    due: 2026-10-01
    status: planned
  - id: log-access
    rule: PRV-016
    measure: cams
    change: Log who views footage.
    owner: IT
    due: 2027-03-01
    status: done
    evidence: Ticket IT-4711
review:
  author: A. Schmidt (HR)
  decision: { outcome: approved, by: Managing director, date: 2026-11-01 }
  fingerprint: sha256:0000000000000000000000000000000000000000000000000000000000000000
";

fn governed() -> (tempfile::TempDir, std::path::PathBuf) {
    temp_file("governed.yaml", GOVERNED.as_bytes())
}

/// An overdue action, a done action whose finding still fires and a stale
/// sign-off are each said in every format.
#[test]
fn overdue_actions_unfinished_done_actions_and_stale_sign_offs_show_in_every_format() {
    let (_d, path) = governed();
    let doc = check(GOVERNED);
    let fires = |rule: &str| doc["findings"].as_array().unwrap().iter().any(|f| f["rule"] == rule);
    assert!(fires("PRV-012") && fires("PRV-016"), "{doc:#}");
    let actions = doc["actions"].as_array().unwrap();
    assert_eq!((actions[0]["overdue"].as_bool(), actions[0]["done_but_fires"].as_bool()), (Some(true), Some(false)));
    assert_eq!((actions[1]["overdue"].as_bool(), actions[1]["done_but_fires"].as_bool()), (Some(false), Some(true)));
    assert_eq!(doc["review"]["sign_off"], "stale");
    assert_eq!(doc["fingerprint"].as_str().unwrap().len(), "sha256:".len() + 64);

    let expect = ["WW0242", "WW0243", "WW0245"];
    let words =
        ["was due on 2026-10-01 and is planned", "is done, but PRV-016 still fires", "changed after it was signed off"];
    for format in ["table", "json", "sarif", "junit", "github", "csv", "markdown", "html"] {
        let (code, stdout, stderr) =
            stdout_of(watchwise().args(["check", "--fail-on", "never", "--format", format]).arg(&path));
        assert_eq!(code, 0, "{format}: {stderr}");
        // The table wraps its lines.
        let stdout = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        for (code, w) in expect.iter().zip(words) {
            assert!(
                stdout.contains(w) || (format == "csv" && stdout.contains(code)),
                "{format} lacks {code}: {stdout}"
            );
        }
    }
    let (_, report, _) = stdout_of(watchwise().args(["report"]).arg(&path));
    for w in words {
        assert!(report.contains(w), "report lacks {w}");
    }
}

#[test]
fn a_current_sign_off_raises_nothing_and_reformatting_keeps_the_fingerprint() {
    let (_d, path) = governed();
    let (code, fp, _) = stdout_of(watchwise().arg("fingerprint").arg(&path));
    assert_eq!(code, 0);
    let fp = fp.trim().to_string();
    assert!(fp.starts_with("sha256:") && fp.len() == 71, "{fp}");
    // Reordered keys, other quotes, flow style, comments, another review: the same.
    let reformatted = changed(GOVERNED, &[]).replace("{version: 1, ", "{").replacen('{', "{version: 1, ", 1);
    let reformatted = format!(
        "# reformatted\n{}",
        reformatted.replace("sha256:0000000000000000000000000000000000000000000000000000000000000000", "sha256:1")
    );
    let (_d2, path2) = temp_file("re.yaml", reformatted.as_bytes());
    let (_, fp2, stderr) = stdout_of(watchwise().arg("fingerprint").arg(&path2));
    assert_eq!(fp2.trim(), fp, "{stderr}\n{reformatted}");
    // A changed value: another fingerprint.
    let (_d3, path3) = temp_file("ch.yaml", GOVERNED.replace("retention_days: 90", "retention_days: 91").as_bytes());
    let (_, fp3, _) = stdout_of(watchwise().arg("fingerprint").arg(&path3));
    assert_ne!(fp3.trim(), fp);

    let signed = GOVERNED.replace("sha256:0000000000000000000000000000000000000000000000000000000000000000", &fp);
    let doc = check(&signed);
    assert_eq!(doc["review"]["sign_off"], "current");
    let (_, _, stderr) = stdout_of(
        watchwise()
            .args(["check", "--fail-on", "never", "--format", "json"])
            .arg(temp_file("s.yaml", signed.as_bytes()).1),
    );
    assert!(!stderr.contains("signed off"), "{stderr}");
    assert!(stderr.contains("WW0247") || stderr.contains("representatives' opinion"), "{stderr}");
}

#[test]
fn actions_naming_unknown_rules_or_measures_are_errors_with_suggestions() {
    let bad = GOVERNED
        .replace("rule: PRV-012", "rule: PRV-12")
        .replace("measure: cams\n    change: Log", "measure: camz\n    change: Log");
    let (_d, path) = temp_file("bad.yaml", bad.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("action names an unknown rule `PRV-12`"), "{stderr}");
    assert!(stderr.contains("action names an unknown measure `camz`"), "{stderr}");
    assert!(stderr.contains("did you mean `cams`"), "{stderr}");
    let dup = GOVERNED.replace("id: log-access", "id: shorter-retention");
    let (_d, path) = temp_file("dup.yaml", dup.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.contains("action id `shorter-retention` is already used on line 14"), "{stderr}");
    let both = GOVERNED.replace(
        "  author: A. Schmidt (HR)\n",
        "  author: A. Schmidt (HR)\n  representatives: { opinion: Agreed., not_sought: None here. }\n",
    );
    let (_d, path) = temp_file("both.yaml", both.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.contains("records an `opinion` and also that it was `not_sought`"), "{stderr}");
}

#[test]
fn the_impact_assessment_screening_counts_the_wp248_criteria() {
    let doc = check(&std::fs::read_to_string(root().join("policies/remote-work-activity-tracking.yaml")).unwrap());
    let dpia = &doc["dpia"];
    assert_eq!(dpia["required"], true);
    assert_eq!(dpia["criteria"].as_array().unwrap().len(), 9);
    let met = |id: &str| dpia["criteria"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["met"].clone();
    assert_eq!(met("vulnerable_subjects"), true);
    assert_eq!(met("evaluation"), true);
    assert_eq!(met("innovative_technology"), true);
    // The careful loading-bay policy still meets two: employees, and systematic monitoring.
    let doc = check(&std::fs::read_to_string(root().join("policies/loading-bay-safety-cameras.yaml")).unwrap());
    assert_eq!(doc["dpia"]["met"].as_u64().unwrap() >= 2, doc["dpia"]["required"].as_bool().unwrap());
}

/// A pull request that waives a finding does not read as a fix; changes to the
/// action plan and an invalidated sign-off are shown.
#[test]
fn diff_shows_waivers_as_accepted_risk_and_the_sign_off_it_invalidates() {
    let (_d, path) = governed();
    let (_, fp, _) = stdout_of(watchwise().arg("fingerprint").arg(&path));
    let old = GOVERNED.replace("sha256:0000000000000000000000000000000000000000000000000000000000000000", fp.trim());
    let new = old
        .replace("    status: done\n", "    status: in_progress\n")
        .replace(
            "actions:\n",
            "  - id: cams-two\n    kind: video\n    scope: { locations: [entrance] }\n    retention_days: 90\n    access: { roles: [security], logged: false }\nwaivers:\n  - rule: PRV-016\n    reason: The recorder cannot log access.\n    approved_by: Facilities\n    expires: 2027-12-31\nactions:\n",
        );
    let (_a, old_path) = temp_file("old.yaml", old.as_bytes());
    let (_b, new_path) = temp_file("new.yaml", new.as_bytes());
    assert_eq!(check(&old)["review"]["sign_off"], "current");
    let (code, stdout, stderr) =
        stdout_of(watchwise().args(["diff", "--format", "json"]).arg(&old_path).arg(&new_path));
    assert_eq!(code, 0, "{stderr}");
    let d: Value = serde_json::from_str(&stdout).unwrap();
    let rules = |k: &str| -> Vec<(String, Value)> {
        d[k].as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["measure"].clone()))
            .collect()
    };
    // The existing finding and the one of the new measure are both waived, neither removed.
    assert!(rules("waived").contains(&("PRV-016".to_string(), "cams".into())), "{d:#}");
    assert!(rules("waived").contains(&("PRV-016".to_string(), "cams-two".into())), "{d:#}");
    assert!(!rules("removed").iter().any(|(r, _)| r == "PRV-016"), "{d:#}");
    // The score's fall that is waived: the weights the old version counted.
    let weight = |s: &str| match s {
        "critical" => 15,
        "high" => 7,
        "medium" => 3,
        "low" => 1,
        _ => 0,
    };
    let counted: u64 =
        d["waived"].as_array().unwrap().iter().filter_map(|f| f["old_severity"].as_str()).map(weight).sum();
    assert!(counted > 0);
    assert_eq!(d["summary"]["waived_score"], counted);
    let action = &d["actions"][0];
    assert_eq!((action["id"].as_str(), action["kind"].as_str()), (Some("log-access"), Some("changed")));
    assert_eq!(action["fields"], serde_json::json!(["status"]));
    assert_eq!(d["sign_off"]["invalidated"], true);
    let (_, table, _) = stdout_of(watchwise().arg("diff").arg(&old_path).arg(&new_path));
    let table = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(table.contains("! waived PRV-016"), "{table}");
    assert!(table.contains("Accepted, not fixed: The recorder cannot log access."), "{table}");
    assert!(table.contains("2 waived (accepted, not fixed)"), "{table}");
    assert!(table.contains("~ action log-access: status changed (done -> in_progress)"), "{table}");
    assert!(table.contains("sign-off invalidated"), "{table}");
    let (_, md, _) = stdout_of(watchwise().args(["diff", "--format", "markdown"]).arg(&old_path).arg(&new_path));
    assert!(md.contains("### Waived: accepted, not fixed (2)"), "{md}");
    assert!(md.contains("of the score's change is waived risk, accepted, not fixed."), "{md}");
}
