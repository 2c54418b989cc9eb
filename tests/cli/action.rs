//! The GitHub Action (`action.yml`) run as a runner runs it: each step's script in bash,
//! its `env` filled from the inputs, `GITHUB_PATH` and `GITHUB_OUTPUT` as files. The
//! release it installs is made here from the test binary, in the archive layout that
//! cargo-dist publishes, and served from a `file://` address through `download-url`.

use super::root;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use watchwise::parse_yaml;

const TARGET: &str = "x86_64-unknown-linux-gnu";

struct Step {
    id: Option<String>,
    env: Vec<(String, String)>,
    run: String,
}

struct Action {
    defaults: BTreeMap<String, String>,
    steps: Vec<Step>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn read_action() -> Action {
    let src = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let doc = parse_yaml(&src, Default::default()).unwrap().unwrap().to_json();
    assert_eq!(doc["runs"]["using"], "composite");
    let defaults = doc["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, input)| (name.clone(), text(&input["default"])))
        .collect();
    let steps = doc["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| {
            assert_eq!(step["shell"], "bash", "every step runs in bash");
            let run = step["run"].as_str().expect("every step is a script").to_string();
            assert!(!run.contains("${{"), "inputs reach the script through env, not pasted into it:\n{run}");
            let env = step["env"]
                .as_object()
                .map(|e| e.iter().map(|(k, v)| (k.clone(), text(v))).collect())
                .unwrap_or_default();
            Step { id: step["id"].as_str().map(str::to_string), env, run }
        })
        .collect();
    Action { defaults, steps }
}

/// What a runner puts for `${{ ... }}` in an `env` value; anything else fails the test,
/// so a step cannot come to depend on an expression this test does not know.
fn expand(value: &str, inputs: &BTreeMap<String, String>) -> String {
    let re = regex::Regex::new(r"\$\{\{\s*([a-z_.-]+)\s*\}\}").unwrap();
    re.replace_all(value, |c: &regex::Captures| {
        let name = &c[1];
        if let Some(input) = name.strip_prefix("inputs.") {
            return inputs.get(input).unwrap_or_else(|| panic!("no input `{input}`")).clone();
        }
        match name {
            "github.action_repository" => "watchwise/watchwise".to_string(),
            "github.action_ref" => "v0.1.0".to_string(),
            _ => panic!("the test does not know `{name}`"),
        }
    })
    .into_owned()
}

/// A release folder as cargo-dist lays it out: the archive and its `.sha256`, made once
/// for all the tests (compressing the debug binary takes seconds).
fn release() -> &'static Path {
    static RELEASE: OnceLock<PathBuf> = OnceLock::new();
    RELEASE.get_or_init(|| {
        let release = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-release");
        let _ = std::fs::remove_dir_all(&release);
        let staged = release.join(format!("watchwise-{TARGET}"));
        std::fs::create_dir_all(&staged).unwrap();
        std::fs::copy(assert_cmd::cargo::cargo_bin("watchwise"), staged.join("watchwise")).unwrap();
        let archive = format!("watchwise-{TARGET}.tar.xz");
        let ok = Command::new("tar")
            .args(["-cJf", &archive, &format!("watchwise-{TARGET}")])
            .env("XZ_OPT", "-0 -T0")
            .current_dir(&release)
            .status()
            .unwrap();
        assert!(ok.success());
        std::fs::remove_dir_all(&staged).unwrap();
        let digest = Sha256::digest(std::fs::read(release.join(&archive)).unwrap());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(release.join(format!("{archive}.sha256")), format!("{hex} *{archive}\n")).unwrap();
        release
    })
}

struct Run {
    /// The exit status of each step run, in order; the runner stops at the first failure.
    statuses: Vec<i32>,
    stdout: String,
    outputs: BTreeMap<String, String>,
}

/// Runs the action's steps in `work` with the given inputs, as a Linux x64 runner.
fn run(work: &Path, temp: &Path, given: &[(&str, &str)]) -> Run {
    let action = read_action();
    let mut inputs = action.defaults.clone();
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "action.yml has no input `{k}`");
        inputs.insert(k.to_string(), v.to_string());
    }
    let github_path = temp.join("github_path");
    std::fs::write(&github_path, "").unwrap();
    let (mut statuses, mut stdout, mut outputs) = (Vec::new(), String::new(), BTreeMap::new());
    for (n, step) in action.steps.iter().enumerate() {
        let output_file = temp.join(format!("github_output_{n}"));
        std::fs::write(&output_file, "").unwrap();
        // PATH as a runner builds it: what earlier steps added to GITHUB_PATH first,
        // then the system's folders (never the folder of the binary under test).
        let added = std::fs::read_to_string(&github_path).unwrap();
        let mut path: Vec<&str> = added.lines().rev().collect();
        path.extend(["/usr/local/bin", "/usr/bin", "/bin"]);
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", &step.run])
            .current_dir(work)
            .env_clear()
            .env("PATH", path.join(":"))
            .env("HOME", temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", temp)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_OUTPUT", &output_file)
            .env("WATCHWISE_TODAY", "2026-11-29");
        for (k, v) in &step.env {
            cmd.env(k, expand(v, &inputs));
        }
        let out = cmd.output().unwrap();
        stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        stdout.push_str(&String::from_utf8_lossy(&out.stderr));
        let status = out.status.code().unwrap_or(-1);
        statuses.push(status);
        if let Some(id) = &step.id {
            for line in std::fs::read_to_string(&output_file).unwrap().lines() {
                let (k, v) = line.split_once('=').unwrap();
                outputs.insert(format!("{id}.{k}"), v.to_string());
            }
        }
        if status != 0 {
            break;
        }
    }
    Run { statuses, stdout, outputs }
}

/// A repository with one risky and one careful policy, and a workflow file beside them.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("repo");
    let temp = dir.path().join("runner-temp");
    std::fs::create_dir_all(work.join("policies")).unwrap();
    std::fs::create_dir_all(work.join(".github/workflows")).unwrap();
    std::fs::create_dir_all(&temp).unwrap();
    for name in ["open-office-cameras.yaml", "loading-bay-safety-cameras.yaml"] {
        std::fs::copy(root().join("policies").join(name), work.join("policies").join(name)).unwrap();
    }
    std::fs::write(work.join(".github/workflows/ci.yml"), "on: push\njobs: {}\n").unwrap();
    (dir, work, temp)
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

#[test]
fn installs_the_release_checks_the_paths_writes_sarif_and_fails_at_the_threshold() {
    let (_dir, work, temp) = workspace();
    let url = file_url(release());
    let r = run(&work, &temp, &[("paths", "policies/"), ("download-url", &url)]);
    assert_eq!(r.statuses, [0, 1], "{}", r.stdout);
    assert!(r.stdout.contains(&format!("watchwise {}", env!("CARGO_PKG_VERSION"))), "{}", r.stdout);
    assert!(r.stdout.contains("::error file=policies/open-office-cameras.yaml,line="), "{}", r.stdout);
    assert_eq!(r.outputs["check.exit-code"], "1");
    assert_eq!(r.outputs["check.sarif-file"], "watchwise.sarif");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("watchwise.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["level"] == "error"));
    assert!(
        results.iter().all(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("policies/")),
        "only the given paths are checked"
    );
}

#[test]
fn passes_below_the_threshold_and_takes_more_options() {
    let (_dir, work, temp) = workspace();
    let url = file_url(release());
    let careful = "policies/loading-bay-safety-cameras.yaml";
    let r = run(&work, &temp, &[("paths", careful), ("download-url", &url), ("sarif-file", "")]);
    assert_eq!(r.statuses, [0, 0], "{}", r.stdout);
    assert_eq!(r.outputs["check.sarif-file"], "");
    assert!(!work.join("watchwise.sarif").exists());

    let r = run(&work, &temp, &[("paths", "policies/\n"), ("download-url", &url), ("fail-on", "never")]);
    assert_eq!(r.statuses, [0, 0], "{}", r.stdout);

    // Two words of `args` are two arguments; a wrong one is exit 2 with its message.
    let r = run(&work, &temp, &[("paths", careful), ("download-url", &url), ("args", "--jurisdiction germany")]);
    assert_eq!(r.statuses, [0, 2], "{}", r.stdout);
    assert!(r.stdout.contains("did you mean `de`?"), "{}", r.stdout);
    assert_eq!(r.outputs["check.exit-code"], "2");
}

#[test]
fn an_input_cannot_run_shell_code() {
    let (_dir, work, temp) = workspace();
    let url = file_url(release());
    let r = run(&work, &temp, &[("paths", "policies/ $(touch injected) `touch injected`"), ("download-url", &url)]);
    assert_eq!(r.statuses, [0, 2], "{}", r.stdout);
    assert!(!work.join("injected").exists(), "{}", r.stdout);
}

#[test]
fn refuses_an_archive_that_does_not_match_its_checksum_or_a_missing_release() {
    let (dir, work, temp) = workspace();
    let tampered = dir.path().join("tampered");
    std::fs::create_dir(&tampered).unwrap();
    let archive = format!("watchwise-{TARGET}.tar.xz");
    std::fs::copy(release().join(&archive), tampered.join(&archive)).unwrap();
    std::fs::write(tampered.join(format!("{archive}.sha256")), format!("{} *{archive}\n", "0".repeat(64))).unwrap();
    let r = run(&work, &temp, &[("download-url", &file_url(&tampered))]);
    assert_eq!(r.statuses, [1], "{}", r.stdout);
    assert!(r.stdout.contains("does not match its checksum"), "{}", r.stdout);

    let nowhere = dir.path().join("nowhere");
    let r = run(&work, &temp, &[("download-url", &file_url(&nowhere))]);
    assert_eq!(r.statuses, [1], "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("::error::cannot download file://{}/{archive}", nowhere.display())),
        "{}",
        r.stdout
    );
}
