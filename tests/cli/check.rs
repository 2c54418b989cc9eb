//! `watchwise check` on the example policies: verdicts, JSON shape, determinism.

use super::*;
use serde_json::Value;

fn json_of(args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = stdout_of(watchwise().args(["check", "--format", "json"]).args(args));
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code, doc)
}

#[test]
fn founding_scenario_is_risky_in_all_six_categories() {
    let (code, doc) = json_of(&["policies/open-office-cameras.yaml"]);
    assert_eq!(code, 1);
    let result = &doc["results"][0];
    assert!(["high", "critical"].contains(&result["rating"].as_str().unwrap()), "{}", result["rating"]);
    for c in ["privacy", "trust", "stress", "legal", "misjudgement", "morale"] {
        let rating = result["categories"][c]["rating"].as_str().unwrap();
        assert_ne!(rating, "none", "category {c} has no finding");
        assert!(result["categories"][c]["findings"].as_u64().unwrap() > 0);
    }
}

#[test]
fn json_is_byte_identical_across_runs() {
    let run = || watchwise().args(["check", "--format", "json", "policies/"]).output().unwrap().stdout;
    let first = run();
    assert!(!first.is_empty());
    assert_eq!(first, run());
}

#[test]
fn well_designed_policy_passes() {
    let (code, doc) = json_of(&["policies/loading-bay-safety-cameras.yaml"]);
    assert_eq!(code, 0, "{doc:#}");
    let rating = doc["results"][0]["rating"].as_str().unwrap();
    assert!(["none", "info", "low", "medium"].contains(&rating), "{rating}");
    let (code, _, _) = stdout_of(watchwise().args(["check", "policies/loading-bay-safety-cameras.yaml"]));
    assert_eq!(code, 0);
}

#[test]
fn json_follows_the_contract() {
    let (_, doc) = json_of(&["policies/open-office-cameras.yaml"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "watchwise");
    let r = &doc["results"][0];
    assert_eq!(r["policy"], "policies/open-office-cameras.yaml");
    assert_eq!(r["packs"][0], "core");
    // Key order is checked on the text: serde_json's map sorts keys when parsing.
    let (_, text, _) = stdout_of(watchwise().args(["check", "--format", "json", "policies/open-office-cameras.yaml"]));
    let at: Vec<usize> = ["privacy", "trust", "stress", "legal", "misjudgement", "morale"]
        .iter()
        .map(|c| text.find(&format!("\"{c}\": {{")).unwrap_or_else(|| panic!("{c}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "categories out of order: {at:?}");
    let weights = |s: &str| match s {
        "info" => 0,
        "low" => 1,
        "medium" => 3,
        "high" => 7,
        "critical" => 15,
        _ => panic!("{s}"),
    };
    let findings = r["findings"].as_array().unwrap();
    let total: u64 =
        findings.iter().filter(|f| f["waived"].is_null()).map(|f| weights(f["severity"].as_str().unwrap())).sum();
    assert_eq!(r["score"].as_u64().unwrap(), total);
    for f in findings {
        for key in [
            "rule",
            "title",
            "category",
            "severity",
            "pack",
            "measure",
            "path",
            "line",
            "column",
            "message",
            "recommendation",
            "references",
            "waived",
        ] {
            assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
        }
        assert!(f["line"].as_u64().unwrap() >= 1);
        assert!(!f["message"].as_str().unwrap().contains("{{"), "{f}");
    }
    // Sorted: severity (highest first), then rule id.
    let order: Vec<(u64, String)> = findings
        .iter()
        .map(|f| (15 - weights(f["severity"].as_str().unwrap()), f["rule"].as_str().unwrap().to_string()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(doc["summary"]["policies"], 1);
    assert_eq!(doc["summary"]["failed"], true);
}

#[test]
fn findings_point_at_the_field_that_fired() {
    let (_, doc) = json_of(&["policies/open-office-cameras.yaml"]);
    let text = std::fs::read_to_string(root().join("policies/open-office-cameras.yaml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for f in doc["results"][0]["findings"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let line = f["line"].as_u64().unwrap() as usize;
        let col = f["column"].as_u64().unwrap() as usize;
        let leaf = path.rsplit('.').next().unwrap();
        let at = lines[line - 1];
        // At the field's value, at the measure, or at the top for something absent.
        let plausible = at.contains(&format!("{leaf}:"))
            || line == 1
            || at.trim_start().starts_with("- id:")
            || at[..col.saturating_sub(1).min(at.len())].contains(&format!("{leaf}:"))
            || lines[line.saturating_sub(2)..line].iter().any(|l| l.contains(&format!("{leaf}:")));
        assert!(plausible, "finding {} at {path} points at line {line}: {at}", f["rule"]);
    }
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = std::fs::read_to_string(root().join("policies/open-office-cameras.yaml")).unwrap();
    let out = watchwise().args(["check", "--format", "json", "-"]).write_stdin(text).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["results"][0]["policy"], "<stdin>");
}

#[test]
fn fail_on_threshold() {
    let (code, _, _) =
        stdout_of(watchwise().args(["check", "--fail-on", "never", "policies/open-office-cameras.yaml"]));
    assert_eq!(code, 0);
    let (code, _, _) =
        stdout_of(watchwise().args(["check", "--fail-on", "info", "policies/loading-bay-safety-cameras.yaml"]));
    // The well-designed policy may still have low findings; with `info` any finding fails.
    let (_, doc) = json_of(&["policies/loading-bay-safety-cameras.yaml"]);
    let any = !doc["results"][0]["findings"].as_array().unwrap().is_empty();
    assert_eq!(code, if any { 1 } else { 0 });
    let (code, _, stderr) = stdout_of(watchwise().args(["check", "--fail-on", "severe", "policies/"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("severe"), "{stderr}");
}

#[test]
fn table_fits_in_80_columns() {
    let (code, stdout, _) = stdout_of(watchwise().args(["check", "policies/"]));
    assert_eq!(code, 1);
    for line in stdout.lines() {
        let width: usize = line
            .chars()
            .map(|c| if (c as u32) >= 0x1100 && !('\u{2500}'..='\u{257F}').contains(&c) && c != '·' { 2 } else { 1 })
            .sum();
        assert!(width <= 80, "{width} columns: {line}");
    }
    assert!(stdout.contains("policies/open-office-cameras.yaml:"), "file:line in findings");
    assert!(!stdout.contains("\x1b["), "no colour when not a terminal");
}

#[test]
fn colour_can_be_forced() {
    let (_, stdout, _) =
        stdout_of(watchwise().args(["check", "--color", "always", "policies/open-office-cameras.yaml"]));
    assert!(stdout.contains("\x1b["));
}

/// Every colour the table and the diagnostics use, over all the examples (every
/// severity, safeguards, waivers) and a policy with a warning.
fn colour_codes(text: &str) -> std::collections::BTreeSet<String> {
    regex::Regex::new(r"\x1b\[([0-9;]*)m").unwrap().captures_iter(text).map(|c| c[1].to_string()).collect()
}

#[test]
fn colours_read_on_light_and_dark_backgrounds() {
    let (_, stdout, _) = stdout_of(watchwise().args(["check", "--color", "always", "--verbose", "policies/"]));
    let warned = format!(
        "{VALID}waivers:\n  - rule: CN-003\n    reason: Not in China\n    approved_by: CFO\n    expires: 2030-01-01\n"
    );
    let (_dir, path) = temp_file("warned.yaml", warned.as_bytes());
    let (_, warning, _) = stdout_of(watchwise().args(["check", "--color", "always"]).arg(&path));
    assert!(warning.contains("warning: waiver for CN-003"), "{warning}");
    let bad = temp_file("bad.yaml", b"version: 1\npolicy: [");
    let (_, _, error) = stdout_of(watchwise().args(["check", "--color", "always"]).arg(&bad.1));
    assert!(error.contains("error"), "{error}");
    let codes = colour_codes(&format!("{stdout}{warning}{error}"));
    // Yellow (33), white (37), bright (90-97) and their backgrounds vanish on a light
    // terminal or a dark one; the normal colours and attributes read on both.
    for code in &codes {
        for part in code.split(';') {
            let n: u32 = part.parse().unwrap_or(0);
            assert!(
                !matches!(n, 33 | 37 | 43 | 47 | 90..=97 | 100..=107),
                "colour {code} does not read on every background"
            );
        }
    }
    for expected in ["31", "35", "32"] {
        assert!(codes.iter().any(|c| c.split(';').any(|p| p == expected)), "colour {expected} unused: {codes:?}");
    }
}

#[test]
fn verbose_table_shows_recommendations_and_references() {
    let p = "policies/open-office-cameras.yaml";
    let (_, plain, _) = stdout_of(watchwise().args(["check", p]));
    let (code, verbose, _) = stdout_of(watchwise().args(["check", "--verbose", p]));
    assert_eq!(code, 1);
    assert!(!plain.contains("Recommendation:") && !plain.contains("https://"), "{plain}");
    let json = stdout_of(watchwise().args(["check", "--format", "json", p])).1;
    let json: Value = serde_json::from_str(&json).unwrap();
    let findings = json["results"][0]["findings"].as_array().unwrap();
    assert_eq!(verbose.matches("Recommendation:").count(), findings.len(), "one per finding");
    // The recommendation's words and every reference's address, unbroken.
    let first = findings[0]["recommendation"].as_str().unwrap();
    let words: Vec<&str> = first.split_whitespace().take(4).collect();
    let flat = verbose.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&words.join(" ")), "{first}");
    // Only the references of the policy's legal orders are shown (a Chinese policy
    // is not cited French decisions), each address whole on a line of its own.
    let urls: Vec<&str> =
        findings.iter().flat_map(|f| f["references"].as_array().unwrap()).filter_map(|r| r["url"].as_str()).collect();
    let shown: Vec<&str> = verbose.lines().filter(|l| l.contains("://")).map(str::trim).collect();
    assert!(!shown.is_empty());
    for line in &shown {
        assert!(urls.contains(line), "{line:?} is not a reference's address on its own line");
    }
    assert!(!verbose.contains("conseil-etat.fr"), "a French decision cited to a Chinese employer");
    // Text wraps at 80 columns; an address is never broken, so only it may be longer.
    for line in verbose.lines().filter(|l| !l.contains("://")) {
        assert!(line.chars().count() <= 80, "{line}");
    }
}

#[test]
fn waivers_apply_until_they_expire() {
    let policy = format!(
        "{VALID}waivers:\n  - rule: {rule}\n    measure: cams\n    reason: Cameras are needed for insurance\n    approved_by: CFO\n    expires: 2027-01-31\n",
        rule = first_rule_for(VALID)
    );
    let (_dir, path) = temp_file("w.yaml", policy.as_bytes());
    let run = |today: &str| {
        let out =
            watchwise().env("WATCHWISE_TODAY", today).args(["check", "--format", "json"]).arg(&path).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let before = run("2027-01-31");
    let f = before["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| !f["waived"].is_null())
        .expect("a waived finding")
        .clone();
    assert_eq!(f["waived"]["approved_by"], "CFO");
    let after = run("2027-02-01");
    let g = after["results"][0]["findings"].as_array().unwrap().iter().find(|x| x["rule"] == f["rule"]).unwrap();
    assert!(g["waived"].is_null());
    assert_eq!(g["waiver_expired"]["expires"], "2027-01-31");
    assert!(after["results"][0]["score"].as_u64() >= before["results"][0]["score"].as_u64());
}

/// The first rule that fires on `policy` for measure `cams`.
fn first_rule_for(policy: &str) -> String {
    let (_dir, path) = temp_file("p.yaml", policy.as_bytes());
    let out = watchwise().args(["check", "--format", "json"]).arg(&path).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["measure"] == "cams")
        .expect("a finding on cams")["rule"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_waiver_that_waives_nothing_is_a_warning() {
    // Waive a rule that exists but does not fire on this policy.
    let (_d, p) = temp_file("p.yaml", VALID.as_bytes());
    let out = watchwise().args(["check", "--format", "json"]).arg(&p).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fired: Vec<&str> =
        doc["results"][0]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    let list = watchwise().args(["rules", "list", "--format", "json"]).output().unwrap();
    let rules: Value = serde_json::from_slice(&list.stdout).unwrap();
    let quiet = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .find(|id| !fired.contains(id))
        .unwrap()
        .to_string();
    let policy =
        format!("{VALID}waivers:\n  - rule: {quiet}\n    reason: r\n    approved_by: a\n    expires: 2030-01-01\n");
    let (_dir, path) = temp_file("w.yaml", policy.as_bytes());
    let (code, stdout, stderr) = stdout_of(watchwise().args(["check", "--format", "json"]).arg(&path));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let warnings = doc["warnings"].as_array().unwrap();
    let w = warnings
        .iter()
        .find(|w| w["message"].as_str().unwrap().contains("waives nothing"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(w["line"], 15);
    assert!(stderr.contains(&format!("{}:15:5: warning: waiver for {quiet} waives nothing", rel(&path))), "{stderr}");
    // A warning does not change the exit status.
    assert_ne!(code, 2);
}

#[test]
fn broken_pipe_is_a_clean_exit() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("watchwise");
    let mut child = Std::new(bin)
        .current_dir(root())
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(std::iter::repeat_n("policies/", 20))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then hang up.
    let mut buf = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut buf).unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code() == Some(0), "{status:?} {err}");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let (code, stdout, _) = stdout_of(
        watchwise().args(["check", "--format", "json", "-o"]).arg(&out).arg("policies/open-office-cameras.yaml"),
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["version"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind");
}

#[test]
fn writing_to_a_device_keeps_the_device() {
    // Renaming a temporary file over /dev/null would replace the device itself.
    let (code, stdout, _) = stdout_of(watchwise().args(["check", "--format", "json", "-o", "/dev/null", "policies/"]));
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let (code, _, _) = stdout_of(watchwise().args(["check", "--format", "sarif=/dev/null", "policies/"]));
    assert_eq!(code, 1);
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is still a device");
}

#[test]
fn parallel_output_is_the_same_bytes_as_one_thread() {
    let run = |threads: &str| {
        watchwise()
            .env("WATCHWISE_THREADS", threads)
            .args(["check", "--format", "json", "policies/", "policies/"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("4"));
    // A mistyped setting is refused rather than quietly replaced by the cores.
    for bad in ["0", "four", "-2"] {
        let out = watchwise().env("WATCHWISE_THREADS", bad).args(["check", "policies/"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("WATCHWISE_THREADS") && err.contains(bad), "{err}");
    }
}
