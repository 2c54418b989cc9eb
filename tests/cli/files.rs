//! Files and processes: outputs that never replace an input or each other, temporary
//! files that never outlive the run (signals included), inputs that are not regular
//! files, folders that cannot be read or that loop, a closed stderr, limits at their
//! extremes and unknown `--jurisdiction` values.

use super::*;
use std::io::BufRead;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The binary as a plain process (for pipes, signals and other users).
fn process() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("watchwise"));
    cmd.current_dir(root()).env("WATCHWISE_TODAY", "2026-11-29").env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

/// Runs `cmd` and fails the test if it takes longer than `limit` (a hang).
fn within(cmd: &mut std::process::Command, limit: Duration) -> (i32, String) {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Names in `dir` that are not `keep`: what a run left behind.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

const PACK: &str = "id: acme\nname: Acme\n";
const RULE: &str = "\
rules:
  - id: ACM-001
    title: Cameras
    category: privacy
    severity: low
    when: { field: measure.kind, equals: video }
    for_each: measure
    message: A camera.
    recommendation: Fewer cameras.
";

/// Runs `cmd`, whose output would replace `victim`: refused, and `victim` as it was.
fn refused_over(cmd: &mut Command, victim: &Path) {
    let before = std::fs::read(victim).unwrap();
    let (code, _, stderr) = stdout_of(cmd);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(": error: refusing to write the output over an input file"), "{stderr}");
    assert_eq!(std::fs::read(victim).unwrap(), before, "{} was changed", victim.display());
    let dir = victim.parent().unwrap();
    assert!(leftovers(dir, &[]).iter().all(|n| !n.ends_with(".tmp")), "a temporary file was left");
}

#[test]
fn no_output_replaces_a_policy_found_in_a_folder() {
    let dir = folder_with(&[("d/a.yaml", VALID), ("d/sub/b.yaml", VALID)]);
    let d = dir.path().join("d");
    for victim in [d.join("a.yaml"), d.join("sub/b.yaml")] {
        refused_over(watchwise().arg("check").arg(&d).arg("-o").arg(&victim), &victim);
        refused_over(watchwise().arg("check").arg(&d).arg("--write-baseline").arg(&victim), &victim);
        let format = format!("json={}", victim.display());
        refused_over(watchwise().arg("check").arg(&d).args(["--format", &format]), &victim);
    }
    // Another name for the same file: `..` and a symbolic link.
    let dotted = d.join("sub/../a.yaml");
    refused_over(watchwise().arg("check").arg(&d).arg("-o").arg(&dotted), &d.join("a.yaml"));
    std::os::unix::fs::symlink(d.join("a.yaml"), dir.path().join("link.yaml")).unwrap();
    refused_over(watchwise().arg("check").arg(&d).arg("-o").arg(dir.path().join("link.yaml")), &d.join("a.yaml"));
}

#[test]
fn no_output_replaces_a_rule_file_config_template_or_baseline() {
    let dir = folder_with(&[
        ("p.yaml", VALID),
        ("packs/acme/pack.yaml", PACK),
        ("packs/acme/rules.yaml", RULE),
        ("report.hbs", "{{policy.name}}\n"),
        ("project/.watchwise.yaml", "fail_on: never\n"),
        ("project/p.yaml", VALID),
    ]);
    let at = |p: &str| dir.path().join(p);
    let packs = at("packs");
    for victim in [at("packs/acme/pack.yaml"), at("packs/acme/rules.yaml")] {
        refused_over(
            watchwise().arg("--rules").arg(&packs).arg("check").arg(at("p.yaml")).arg("-o").arg(&victim),
            &victim,
        );
        refused_over(
            watchwise().arg("--rules").arg(&packs).arg("report").arg(at("p.yaml")).arg("-o").arg(&victim),
            &victim,
        );
        refused_over(watchwise().arg("--rules").arg(&packs).args(["rules", "doc", "-o"]).arg(&victim), &victim);
    }
    // The configuration found in the current folder, and one given with --config.
    let config = at("project/.watchwise.yaml");
    refused_over(watchwise().current_dir(at("project")).args(["check", "p.yaml", "-o", ".watchwise.yaml"]), &config);
    refused_over(
        watchwise().arg("--config").arg(&config).arg("check").arg(at("p.yaml")).arg("-o").arg(&config),
        &config,
    );
    refused_over(watchwise().arg("--config").arg(&config).arg("schema").arg("-o").arg(&config), &config);
    let template = at("report.hbs");
    refused_over(
        watchwise().arg("report").arg(at("p.yaml")).arg("--template").arg(&template).arg("-o").arg(&template),
        &template,
    );
    refused_over(watchwise().arg("report").arg(at("p.yaml")).arg("-o").arg(at("p.yaml")), &at("p.yaml"));
    refused_over(
        watchwise().arg("diff").arg(at("p.yaml")).arg(at("project/p.yaml")).arg("-o").arg(at("p.yaml")),
        &at("p.yaml"),
    );
    let baseline = at("base.json");
    let (code, _, stderr) =
        stdout_of(watchwise().arg("check").arg(at("p.yaml")).arg("--write-baseline").arg(&baseline));
    assert!(code < 2, "{stderr}");
    refused_over(
        watchwise().arg("check").arg(at("p.yaml")).arg("--baseline").arg(&baseline).arg("-o").arg(&baseline),
        &baseline,
    );
    refused_over(
        watchwise()
            .arg("check")
            .arg(at("p.yaml"))
            .arg("--baseline")
            .arg(&baseline)
            .arg("--write-baseline")
            .arg(&baseline),
        &baseline,
    );
}

#[test]
fn two_outputs_to_one_file_are_refused_before_anything_is_written() {
    let dir = folder_with(&[("p.yaml", VALID)]);
    let p = dir.path().join("p.yaml");
    let x = dir.path().join("x");
    let same = dir.path().join(".").join("x");
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "--format".into(),
            format!("json={}", x.display()).into(),
            "--format".into(),
            format!("csv={}", same.display()).into(),
        ],
        vec!["-o".into(), x.clone().into(), "--write-baseline".into(), same.clone().into()],
        vec![
            "--format".into(),
            format!("sarif={}", x.display()).into(),
            "--format".into(),
            "junit".into(),
            "-o".into(),
            x.clone().into(),
        ],
    ];
    for args in runs {
        let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&p).args(&args));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("is also given for another output"), "{stderr}");
        assert_eq!(leftovers(dir.path(), &["p.yaml"]), Vec::<String>::new(), "{args:?}");
    }
    // The same holds when the file exists: it is left as it was.
    std::fs::write(&x, "old").unwrap();
    let (code, _, stderr) =
        stdout_of(watchwise().arg("check").arg(&p).arg("-o").arg(&x).arg("--write-baseline").arg(&same));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read_to_string(&x).unwrap(), "old");
}

#[test]
fn an_output_keeps_the_permissions_of_the_file_it_replaces() {
    let dir = folder_with(&[("p.yaml", VALID), ("private.json", "old")]);
    let out = dir.path().join("private.json");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, stderr) =
        stdout_of(watchwise().arg("check").arg(dir.path().join("p.yaml")).args(["--format", "json", "-o"]).arg(&out));
    assert!(code < 2, "{stderr}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('{'));
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, stderr) = stdout_of(watchwise().arg("report").arg(dir.path().join("p.yaml")).arg("-o").arg(&out));
    assert!(code < 2, "{stderr}");
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o640);
    assert_eq!(leftovers(dir.path(), &["p.yaml", "private.json"]), Vec::<String>::new());
}

/// Starts a long `check` writing to `out.json` (which holds "old"), sends `signal`
/// once the temporary file exists, and checks that it is gone and `out.json` untouched.
fn interrupted_by(signal: i32) {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    for seed in 0..2000 {
        std::fs::write(policies.join(format!("p{seed:04}.yaml")), watchwise::testgen::policy(seed)).unwrap();
    }
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").unwrap();
    let mut child = process()
        .arg("check")
        .arg(&policies)
        .args(["--quiet", "--fail-on", "never", "--format"])
        .arg(format!("json={}", out.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let temp = loop {
        let temps = leftovers(dir.path(), &["policies", "out.json"]);
        if let Some(t) = temps.first() {
            break t.clone();
        }
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted");
        assert!(start.elapsed() < Duration::from_secs(60), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(temp.starts_with(".out.json.") && temp.ends_with(".tmp"), "{temp}");
    // Let it write a while, so the file is a partial output.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(signal), "{status:?}");
    assert_eq!(leftovers(dir.path(), &["policies", "out.json"]), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}

#[test]
fn sigint_leaves_no_temporary_file() {
    interrupted_by(libc::SIGINT);
}

#[test]
fn sigterm_leaves_no_temporary_file() {
    interrupted_by(libc::SIGTERM);
}

#[test]
fn sighup_leaves_no_temporary_file() {
    interrupted_by(libc::SIGHUP);
}

#[test]
fn fifos_and_devices_are_refused_at_once() {
    let dir =
        folder_with(&[("p.yaml", VALID), ("base.json", r#"{"version": 1, "tool": "watchwise", "findings": []}"#)]);
    let fifo = dir.path().join("fifo.yaml");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let p = dir.path().join("p.yaml");
    let limit = Duration::from_secs(5);
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["report".as_ref(), fifo.as_ref()],
        vec!["report".as_ref(), p.as_ref(), "--template".as_ref(), fifo.as_ref()],
        vec!["diff".as_ref(), fifo.as_ref(), p.as_ref()],
        vec!["diff".as_ref(), p.as_ref(), fifo.as_ref()],
        vec!["check".as_ref(), p.as_ref(), "--baseline".as_ref(), fifo.as_ref()],
        vec!["--config".as_ref(), fifo.as_ref(), "check".as_ref(), p.as_ref()],
        vec!["check".as_ref(), fifo.as_ref()],
        vec!["check".as_ref(), "/dev/zero".as_ref()],
        vec!["report".as_ref(), "/dev/urandom".as_ref()],
    ];
    for args in cases {
        let (code, stderr) = within(process().args(&args), limit);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
        assert!(stderr.contains("fifo.yaml") || stderr.contains("/dev/"), "{args:?}: {stderr}");
    }
    // A FIFO inside a searched folder is refused by name too.
    let (code, stderr) = within(process().arg("check").arg(dir.path()), limit);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("fifo.yaml: error: cannot read: not a regular file"), "{stderr}");
    // A folder where a file is read.
    let (code, stderr) = within(process().arg("report").arg(dir.path()), limit);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("this is a folder, not a file"), "{stderr}");
    // The null device reads as an empty file (`--config /dev/null`: no configuration).
    let (code, stderr) = within(process().args(["report", "/dev/null"]), limit);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("/dev/null:1:1: error: the file is empty"), "{stderr}");
    let (code, stderr) = within(process().args(["--config", "/dev/null", "check"]).arg(&p), limit);
    assert!(code < 2, "{stderr}");
    // Standard input stays the way to read from a pipe.
    let out = watchwise().args(["check", "-"]).write_stdin(VALID).output().unwrap();
    assert!(out.status.code().unwrap() < 2, "{}", String::from_utf8_lossy(&out.stderr));
}

/// As root, permissions do not stop reading: drop to `nobody` for the run.
fn as_unprivileged(cmd: &mut std::process::Command) -> &mut std::process::Command {
    if unsafe { libc::geteuid() } == 0 {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    cmd
}

#[test]
fn an_unreadable_folder_is_an_error_naming_it() {
    let dir = folder_with(&[("d/a.yaml", VALID), ("d/locked/b.yaml", VALID)]);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = dir.path().join("d/locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = as_unprivileged(process().arg("check").arg(dir.path().join("d"))).output().unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let name = locked.display().to_string();
    assert!(stderr.contains(&format!("{name}: error: cannot read this folder: Permission denied")), "{stderr}");
    // The readable policy is still checked.
    assert!(String::from_utf8_lossy(&out.stdout).contains("Warehouse cameras"), "{stderr}");
}

#[test]
fn symlinked_folders_are_followed_and_loops_skipped_with_a_warning() {
    let dir = folder_with(&[("d/a.yaml", VALID), ("other/b.yaml", VALID)]);
    let d = dir.path().join("d");
    std::os::unix::fs::symlink(dir.path().join("other"), d.join("linked")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("other"), d.join("twice")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), d.join("dangling")).unwrap();
    let (code, stdout, stderr) = stdout_of(watchwise().args(["check", "--format", "json"]).arg(&d));
    assert!(code < 2, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let checked: Vec<&str> = doc["results"].as_array().unwrap().iter().map(|r| r["policy"].as_str().unwrap()).collect();
    let shown = |p: &str| d.join(p).display().to_string();
    assert_eq!(checked, [shown("a.yaml"), shown("linked/b.yaml")], "{stderr}");
    let loop_warning =
        format!("{}: warning: the link leads to `{}`, a folder already searched; skipped", shown("loop"), d.display());
    assert!(stderr.contains(&loop_warning), "{stderr}");
    let twice = format!("{}: warning: the link leads to `{}`", shown("twice"), shown("linked"));
    assert!(stderr.contains(&twice), "{stderr}");
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 2, "{stdout}");
}

#[test]
fn an_exponential_tree_of_links_is_searched_once_per_folder() {
    // Each level holds two links to the next: 2^40 paths, 40 folders.
    let dir = tempfile::tempdir().unwrap();
    let levels = 40;
    for i in 0..levels {
        let here = dir.path().join(format!("l{i}"));
        std::fs::create_dir(&here).unwrap();
        std::fs::write(here.join("p.yaml"), VALID).unwrap();
        if i > 0 {
            let above = dir.path().join(format!("l{}", i - 1));
            std::os::unix::fs::symlink(&here, above.join("a")).unwrap();
            std::os::unix::fs::symlink(&here, above.join("b")).unwrap();
        }
    }
    let (code, stderr) =
        within(process().args(["check", "--quiet"]).arg(dir.path().join("l0")), Duration::from_secs(20));
    assert!(code < 2, "{stderr}");
}

#[test]
fn a_closed_stderr_is_no_panic() {
    // Enough errors that the writes go on after the reader has gone.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("bad{i:03}.yaml")), "version: 1\nbogus: [1\n").unwrap();
    }
    let mut child =
        process().arg("check").arg(dir.path()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stderr.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("error"), "{first}");
    // The reader is dropped here: stderr is a closed pipe from now on. (Before,
    // the writer panicked and the run hung waiting for it.)
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("still running with a closed stderr");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2), "{status:?}");
    // As a shell pipeline runs it; its status comes out on descriptor 3.
    let bin = assert_cmd::cargo::cargo_bin("watchwise");
    let script = format!(
        "exec 3>&1; {{ '{}' check '{}' 2>&1 >/dev/null; echo \"status $?\" >&3; }} | head -1 >/dev/null",
        bin.display(),
        dir.path().display()
    );
    let out = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "status 2\n", "{out:?}");
}

#[test]
fn the_largest_file_size_limit_reads_files_whole() {
    let (_dir, p) = temp_file("p.yaml", VALID.as_bytes());
    let max = u64::MAX.to_string();
    let (code, stdout, stderr) = stdout_of(watchwise().args(["--max-file-size", &max, "check"]).arg(&p));
    assert!(code < 2, "{stderr}");
    assert!(stdout.contains("Warehouse cameras"), "{stdout}");
    let out = watchwise().args(["--max-file-size", &max, "check", "-"]).write_stdin(VALID).output().unwrap();
    assert!(out.status.code().unwrap() < 2, "{}", String::from_utf8_lossy(&out.stderr));
    let (code, _, stderr) = stdout_of(watchwise().args(["--max-file-size", "0", "check"]).arg(&p));
    assert_eq!(code, 2);
    assert!(stderr.contains("over the limit of 0 bytes"), "{stderr}");
}

#[test]
fn an_unknown_jurisdiction_flag_is_an_error_with_a_suggestion() {
    let (_dir, p) = temp_file("p.yaml", VALID.as_bytes());
    for (given, suggestion) in [("germany", "de"), ("us-cal", "us-ca"), ("Uk", "uk")] {
        let (code, _, stderr) = stdout_of(watchwise().args(["--jurisdiction", given, "check"]).arg(&p));
        assert_eq!(code, 2, "{given}: {stderr}");
        assert!(stderr.contains(&format!("--jurisdiction: error: unknown jurisdiction `{given}`")), "{stderr}");
        assert!(stderr.contains(&format!("did you mean `{suggestion}`?")), "{stderr}");
    }
    let (code, _, stderr) = stdout_of(watchwise().args(["--jurisdiction", "atlantis", "rules", "list"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("known jurisdictions:"), "{stderr}");
    // Every built-in id, `core`, and a pack loaded with --rules.
    for id in watchwise::policy::vocab::JURISDICTIONS.iter().chain(&["core"]) {
        let (code, _, stderr) = stdout_of(watchwise().args(["--jurisdiction", id, "check"]).arg(&p));
        assert!(code < 2, "{id}: {stderr}");
    }
    let (code, _, stderr) = stdout_of(
        watchwise().args(["--rules", "examples/custom-pack/rules", "--jurisdiction", "acme", "check"]).arg(&p),
    );
    assert!(code < 2, "{stderr}");
    // A built-in id without its pack is still only a warning, as in a policy.
    let (code, _, stderr) = stdout_of(
        watchwise().args(["--no-default-rules", "--jurisdiction", "de", "check", "--format", "json"]).arg(&p),
    );
    assert!(code < 2, "{stderr}");
    assert!(stderr.contains("no rule pack for jurisdiction `de` is loaded"), "{stderr}");
}
