//! `.watchwise.yaml` and custom packs wired through it.

use super::*;
use serde_json::Value;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn json_in(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = watchwise().current_dir(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), doc, stderr)
}

/// The README's worked example: a pack that extends `eu`, overrides a severity,
/// disables a rule and adds its own, wired through `.watchwise.yaml`.
#[test]
fn custom_pack_through_project_config() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/custom-pack"), tmp.path());
    let (code, doc, stderr) = json_in(tmp.path(), &["check", "--format", "json", "policy.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    let r = &doc["results"][0];
    let packs: Vec<&str> = r["packs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(packs, ["core", "eu", "acme"]);
    let findings = r["findings"].as_array().unwrap();
    let find = |id: &str| findings.iter().find(|f| f["rule"] == id);
    let own = find("ACME-001").expect("the pack's own rule fires");
    assert_eq!(own["pack"], "acme");
    assert_eq!(own["message"], "Measure 'gate-cam' keeps video for 400 days; the ACME works agreement allows 14.");
    assert_eq!(own["line"], 15);
    assert_eq!(find("EU-009").expect("EU-009 fires")["severity"], "high", "override applied (medium in eu)");
    assert!(find("MOR-010").is_none(), "MOR-010 is disabled");
    // Without the configuration the pack is not loaded, so the policy's jurisdiction
    // is unknown.
    let (code, _, stderr) = json_in(tmp.path(), &["--config", "/dev/null", "check", "--format", "json", "policy.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown jurisdiction `acme`"), "{stderr}");
    // The pack's own tests run.
    let out = watchwise().current_dir(tmp.path()).args(["rules", "test", "rules"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("3 passed, 0 failed"), "{stdout}");
}

#[test]
fn config_sets_threshold_overrides_and_disable() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("p.yaml"), VALID).unwrap();
    let (_, base, _) = json_in(tmp.path(), &["check", "--format", "json", "p.yaml"]);
    let findings = base["results"][0]["findings"].as_array().unwrap();
    let first = findings[0]["rule"].as_str().unwrap().to_string();
    let second = findings[1]["rule"].as_str().unwrap().to_string();
    std::fs::write(
        tmp.path().join(".watchwise.yaml"),
        format!("fail_on: never\noverrides:\n  - {{ rule: {second}, severity: critical }}\ndisable: [{first}]\n"),
    )
    .unwrap();
    let (code, doc, stderr) = json_in(tmp.path(), &["check", "--format", "json", "p.yaml"]);
    assert_eq!(code, 0, "fail_on: never from the config: {stderr}");
    let f = doc["results"][0]["findings"].as_array().unwrap();
    assert!(f.iter().all(|x| x["rule"] != first.as_str()), "disabled");
    assert_eq!(f.iter().find(|x| x["rule"] == second.as_str()).unwrap()["severity"], "critical");
    // A flag beats the config.
    let (code, _, _) = json_in(tmp.path(), &["check", "--format", "json", "--fail-on", "critical", "p.yaml"]);
    assert_eq!(code, 1);
}

#[test]
fn bad_config_is_exit_2_with_location() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("p.yaml"), VALID).unwrap();
    std::fs::write(tmp.path().join(".watchwise.yaml"), "fail_on: hgh\ndisable: [PRV-0001]\nrulez: []\n").unwrap();
    let (code, _, stderr) = json_in(tmp.path(), &["check", "p.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".watchwise.yaml:3:1: error: unknown key `rulez`"), "{stderr}");
    assert!(stderr.contains("did you mean `rules`?"), "{stderr}");
    assert!(stderr.contains(".watchwise.yaml:1:10: error: `hgh` is not a severity"), "{stderr}");
    assert!(stderr.contains("did you mean `high`?"), "{stderr}");
    // The rule ids it names are checked in the same run, and everything is in reading order.
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(errors[1].contains(".watchwise.yaml:2:11: error: `disable` names unknown rule `PRV-0001`"), "{stderr}");
    assert!(errors[2].contains(".watchwise.yaml:3:1: error: unknown key `rulez`"), "{stderr}");
    // And on their own, once the rest is fixed.
    std::fs::write(tmp.path().join(".watchwise.yaml"), "disable: [PRV-0001]\n").unwrap();
    let (code, _, stderr) = json_in(tmp.path(), &["check", "p.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".watchwise.yaml:1:11: error: `disable` names unknown rule `PRV-0001`"), "{stderr}");
    assert!(stderr.contains("did you mean `PRV-001`?"), "{stderr}");
    // A missing rule folder is named with the path it was resolved to.
    std::fs::write(tmp.path().join(".watchwise.yaml"), "rules: [nowhere]\n").unwrap();
    let (code, _, stderr) = json_in(tmp.path(), &["check", "p.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("rule folder `nowhere` does not exist"), "{stderr}");
}

#[test]
fn explicit_config_path_resolves_relative_to_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/custom-pack"), &tmp.path().join("repo"));
    let cfg = tmp.path().join("repo/.watchwise.yaml");
    let out = watchwise()
        .current_dir(tmp.path())
        .arg("--config")
        .arg(&cfg)
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["rules"].as_array().unwrap().iter().any(|r| r["id"] == "ACME-001"));
}
