//! Memory flat in the number of files: every output format, over a few and over many
//! generated policies, peaks at about the same resident size.

use std::path::Path;
use watchwise::testgen;

const FORMATS: [&str; 8] = ["table", "json", "csv", "github", "sarif", "junit", "markdown", "html"];

/// Writes `n` generated policies into a fresh folder.
fn policies(n: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..n {
        std::fs::write(dir.path().join(format!("gen{seed:04}.yaml")), testgen::policy(seed)).unwrap();
    }
    dir
}

/// The peak resident size, in KB, of `check` over `dir` writing every format to a file
/// in `out`.
fn peak_kb(dir: &Path, out: &Path) -> i64 {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("watchwise"));
    // One thread: with two, glibc's per-thread arenas fragment by how the threads
    // happen to interleave, and one run's peak differs from the next by up to 15 MB
    // over the same files (57 to 75 MB measured); on one thread it varies by under
    // half a megabyte, so growth from keeping results cannot hide in the noise.
    // The window of results in flight between threads is bounded in `batch`.
    cmd.env("WATCHWISE_TODAY", "2026-11-29")
        .env("WATCHWISE_THREADS", "1")
        .args(["-q", "check", "--fail-on", "never"])
        .arg(dir);
    for f in FORMATS {
        cmd.arg("--format").arg(format!("{f}={}", out.join(f).display()));
    }
    #[expect(clippy::zombie_processes, reason = "wait4 below reaps it, and gives its resource usage")]
    let child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which nothing else waits for, with valid pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "check failed: status {status}");
    for f in FORMATS {
        assert!(std::fs::metadata(out.join(f)).unwrap().len() > 0, "{f} output is empty");
    }
    // Linux gives kilobytes.
    usage.ru_maxrss
}

#[test]
fn peak_memory_does_not_grow_with_the_number_of_files() {
    let (few, many) = (policies(100), policies(500));
    let out = tempfile::tempdir().unwrap();
    let small = peak_kb(few.path(), out.path());
    let large = peak_kb(many.path(), out.path());
    // Keeping each result until the end costs from about 75 KB a policy (Markdown) to
    // 1 MB (HTML): 400 more policies would add 30 MB for Markdown alone, and hundreds
    // with all formats. Flat, the two runs differ by about 2 MB (39 and 41 MB measured).
    assert!(large < small + 8 * 1024, "peak resident size grew from {small} KB over 100 files to {large} KB over 500");
}
