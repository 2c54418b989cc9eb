//! Hostile policy files: each is far under the size limit but was built so that a
//! loader doing more than linear work, or copying more than it reads, would take
//! minutes or gigabytes. Each run must end (exit 2, or a clean result) within the
//! time and memory below. The files are generated here, not committed.

use super::*;
use std::io::Read;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

/// Generous for a loaded two-core machine, far below what quadratic work takes on
/// these sizes (minutes with an optimised build). An unoptimised build (plain
/// `cargo test`) runs the same linear work about ten times slower: 3 to 6 s for
/// the largest files here on two busy cores.
const MAX_TIME: Duration = Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 2 });
/// Peak resident memory of the run, in kilobytes.
const MAX_MEMORY_KB: i64 = 200 * 1024;
/// A run still going after this is killed, so that a regression fails rather than hangs.
const KILL_AFTER: Duration = Duration::from_secs(60);

/// What one run of `watchwise check FILE` cost.
struct Run {
    code: i32,
    time: Duration,
    max_rss_kb: i64,
    stderr: String,
}

/// Runs `watchwise check` on `path`, waiting for the child with `wait4` to read its
/// own peak memory (`getrusage(RUSAGE_CHILDREN)` would mix in the other tests' runs).
fn check(path: &Path) -> Run {
    let mut child = Process::new(env!("CARGO_BIN_EXE_watchwise"))
        .arg("check")
        .arg(path)
        .env("WATCHWISE_TODAY", "2026-11-29")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).unwrap();
        text
    });
    let pid = child.id() as libc::pid_t;
    let watchdog = std::thread::spawn(move || {
        let deadline = Instant::now() + KILL_AFTER;
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
            // SAFETY: signal 0 only asks whether the process exists.
            if unsafe { libc::kill(pid, 0) } != 0 {
                return;
            }
        }
        // SAFETY: the child is ours and not yet reaped (the main thread is in wait4).
        unsafe { libc::kill(pid, libc::SIGKILL) };
    });
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it for this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which std has not reaped.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert_eq!(reaped, pid, "wait4 failed");
    watchdog.join().unwrap();
    let stderr = reader.join().unwrap();
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    // std would wait again on drop of a Child only if asked; it is not.
    std::mem::forget(child);
    Run { code, time, max_rss_kb: usage.ru_maxrss, stderr }
}

/// Writes `text` as a policy in a fresh folder, checks it and asserts the bounds.
fn bounded(name: &str, text: &str, code: i32) -> Run {
    let (_dir, path) = temp_file(name, text.as_bytes());
    let run = check(&path);
    let first: String = run.stderr.lines().take(8).collect::<Vec<_>>().join("\n");
    assert_eq!(run.code, code, "{name}: {first}");
    assert!(run.time < MAX_TIME, "{name}: took {:?}", run.time);
    assert!(run.max_rss_kb < MAX_MEMORY_KB, "{name}: peak memory {} KB", run.max_rss_kb);
    assert!(run.stderr.len() < 200_000, "{name}: {} bytes of diagnostics", run.stderr.len());
    run
}

/// The valid policy with `extra` appended at the root.
fn with_root(extra: &str) -> String {
    format!("{VALID}{extra}")
}

/// Lines of `stderr` that are diagnostics of the file.
fn headlines(run: &Run) -> Vec<&str> {
    run.stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

/// The cap: 100 errors, then one counting the rest.
fn assert_capped(run: &Run, hidden: usize) {
    let lines = headlines(run);
    assert_eq!(lines.len(), 101, "{}", lines.join("\n"));
    let last = lines.last().unwrap();
    assert!(last.contains(&format!("the first 100 errors of this file are shown; {hidden} more are not")), "{last}");
}

#[test]
fn a_map_of_200000_keys() {
    let keys: String = (0..200_000).map(|i| format!("k{i}: 1\n")).collect();
    let run = bounded("keys.yaml", &with_root(&keys), 2);
    assert_capped(&run, 200_000 - 100);
    assert!(headlines(&run)[0].contains("unknown key `k0`"), "{}", run.stderr);
}

#[test]
fn a_duplicate_among_200000_keys_is_found_by_its_line() {
    let mut keys: String = (0..200_000).map(|i| format!("k{i}: 1\n")).collect();
    keys.push_str("k7: 2\n");
    let run = bounded("dup.yaml", &with_root(&keys), 2);
    let lines = headlines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    let first = VALID.lines().count() + 8;
    assert!(lines[0].contains(&format!("duplicate key `k7` (first given at line {first})")), "{}", lines[0]);
}

#[test]
fn fifty_thousand_invalid_values_on_one_line() {
    let values = vec!["badgoal"; 50_000].join(", ");
    let text = VALID.replace("goals: [theft_prevention]", &format!("goals: [{values}]"));
    let run = bounded("values.yaml", &text, 2);
    assert_capped(&run, 50_000 - 100);
    // The snippet is a window around the column, not the 450 KB line.
    let longest = run.stderr.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 400, "a line of {longest} characters");
}

#[test]
fn sixty_two_nested_anchors_around_a_long_list() {
    let mut list = format!("[{}]", vec!["x"; 990_000].join(","));
    for i in 0..62 {
        list = format!("&a{i} [{list}]");
    }
    // Anchors copy nothing; the list itself is over the node limit.
    let run = bounded("anchors.yaml", &with_root(&format!("extra: {list}\n")), 2);
    let lines = headlines(&run);
    assert_eq!(lines.len(), 1, "{}", lines.join("\n"));
    assert!(lines[0].contains("the document has more than 500000 YAML nodes, the limit"), "{}", lines[0]);
}

#[test]
fn nested_anchors_around_a_list_under_the_node_limit() {
    let mut list = format!("[{}]", vec!["x"; 400_000].join(","));
    for i in 0..62 {
        list = format!("&a{i} [{list}]");
    }
    let run = bounded("anchors.yaml", &with_root(&format!("extra: {list}\nmore: *a0\n")), 2);
    assert!(run.stderr.contains("aliases expand to more than 10000 nodes, the limit"), "{}", run.stderr);
}

#[test]
fn an_alias_of_a_long_text_many_times() {
    let aliases = vec!["*t"; 5_000].join(", ");
    let text = with_root(&format!("a: &t {}\nb: [{aliases}]\n", "x".repeat(60_000)));
    let run = bounded("text.yaml", &text, 2);
    assert!(run.stderr.contains("aliases copy more than 1000000 bytes of text, the limit"), "{}", run.stderr);
}

#[test]
fn fifty_thousand_block_list_items() {
    let items: String = (0..50_000).map(|_| "        - loading_bay\n").collect();
    let text = VALID.replace("      locations: [warehouse]\n", &format!("      locations:\n{items}"));
    let run = bounded("list.yaml", &text, 2);
    // The first is fine; every other is listed twice.
    assert_capped(&run, 50_000 - 1 - 100);
    assert!(headlines(&run)[0].contains("`loading_bay` is listed twice"), "{}", run.stderr);
}

#[test]
fn fifty_thousand_distinct_valid_list_items_check_cleanly() {
    let items: String = (0..50_000).map(|i| format!("    - option {i}\n")).collect();
    let text = VALID.replace(
        "  goals: [theft_prevention]\n",
        &format!("  goals: [theft_prevention]\n  alternatives_considered:\n{items}"),
    );
    // Exit 0: the policy's findings stay below the default `--fail-on high`, and
    // nothing else is wrong.
    let run = bounded("clean.yaml", &text, 0);
    assert!(headlines(&run).is_empty(), "{}", run.stderr);
}
