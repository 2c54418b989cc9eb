//! Integration tests: the `watchwise` binary as its users run it.

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod action;
mod bad_input;
mod check;
mod ci;
mod config;
mod docs;
#[cfg(unix)]
mod files;
mod hostile;
mod inject;
#[cfg(target_os = "linux")]
mod memory;
mod plan;
mod platform;
mod report;
mod risk;
mod robust;
mod rules;
mod templates;
mod zh;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The binary, run from the repository root with a fixed "today".
pub fn watchwise() -> Command {
    let mut cmd = Command::cargo_bin("watchwise").unwrap();
    cmd.current_dir(root()).env("WATCHWISE_TODAY", "2026-11-29").env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A valid policy that the bad-input tests break one way at a time.
pub const VALID: &str = "\
version: 1
policy:
  name: Warehouse cameras
  jurisdictions: [uk]
purpose:
  statement: Protect stock in the warehouse
  goals: [theft_prevention]
measures:
  - id: cams
    kind: video
    scope:
      locations: [warehouse]
    retention_days: 14
";

/// Writes `content` to a file named `name` in a fresh temporary folder.
pub fn temp_file(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

pub fn stdout_of(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts that the errors in `stderr` are `expected`, in this order: each line that
/// holds `: error: ` starts with `prefix` and holds its expected text.
pub fn assert_errors(stderr: &str, prefix: &str, expected: &[&str]) {
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), expected.len(), "{stderr}");
    for (line, want) in errors.iter().zip(expected) {
        assert!(line.starts_with(prefix) && line.contains(want), "expected {prefix}...{want}, got {line}");
    }
}

pub fn rel(p: &Path) -> String {
    p.display().to_string()
}

/// `rules lint` on the packs in `dir` alone (no built-in packs).
pub fn lint_packs(dir: &Path) -> (i32, String, String) {
    stdout_of(watchwise().arg("--no-default-rules").arg("--rules").arg(dir).args(["rules", "lint"]))
}
