//! `cargo bench`: the cost of checking against the cost of merely reading.
//!
//! For N = 1,000 and 10,000 generated policies (`watchwise::testgen`, fixed seeds),
//! three stages over the same texts, each on all cores in input order as `check`
//! runs them: parse only (UTF-8, YAML, validation: the floor), parse + evaluate
//! with every built-in pack active, and the whole check with JSON rendering. Then
//! the peak memory of the `watchwise` binary over 1,000 and 10,000 files, and the
//! time of one cold process checking one policy.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use watchwise::Options;
use watchwise::batch::{self, Checker};
use watchwise::policy::{self, Context};
use watchwise::rules::load::{self, LoadOptions};
use watchwise::rules::{Adjust, RuleSet};
use watchwise::source::Source;
use watchwise::{Lang, testgen};

// The allocator of the `watchwise` binary, tuned as it tunes it, so that the
// in-process figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long `f` takes. Each stage keeps its best of several: the least disturbed
/// measurement of the same work.
fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

fn sources(n: usize) -> Vec<Source> {
    (0..n).map(|i| Source::new(format!("gen/{i}.yaml"), testgen::policy(i as u64))).collect()
}

fn checker(rules: &RuleSet) -> Checker<'_> {
    let opts = Options { lang: Lang::En, today: jiff::civil::date(2026, 11, 29) };
    let mut c = Checker::new(rules, opts, Adjust::default());
    // Every built-in pack active for every policy: the most work a check can do.
    c.jurisdictions = rules.packs.iter().map(|p| p.id.clone()).collect();
    c
}

fn main() {
    watchwise::tune_allocator();
    let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
    let checker = checker(&rules);
    let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
    println!(
        "watchwise throughput, {} cores, every built-in pack active",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>7}  {:>24}  {:>24}  {:>24}  {:>8}  {:>8}",
        "N", "parse only", "parse + evaluate", "whole check (JSON)", "eval/p", "check/p"
    );
    for n in [1_000, 10_000] {
        let srcs = sources(n);
        let runs = 5;
        // The three stages take turns, each keeping its best time: a machine that
        // slows down for a while (this one is shared) slows all three alike,
        // rather than whichever stage ran then.
        let (mut parse, mut eval, mut whole) = (Duration::MAX, Duration::MAX, Duration::MAX);
        for _ in 0..runs {
            parse = parse.min(time(|| {
                batch::in_order(
                    &srcs,
                    |s| policy::load(s, &ctx).is_ok(),
                    |ok| {
                        assert!(ok);
                        Ok::<(), ()>(())
                    },
                )
                .unwrap();
            }));
            eval = eval.min(time(|| {
                batch::in_order(
                    &srcs,
                    |s| checker.check_source(s).map(|r| r.findings.len()),
                    |r| {
                        assert!(r.is_ok());
                        Ok::<(), ()>(())
                    },
                )
                .unwrap();
            }));
            whole = whole.min(time(|| {
                // As `check --format json` does: workers check, the writer renders
                // each result in order and writes it.
                let mut out = std::io::sink();
                out.write_all(watchwise::render::json::begin().as_bytes()).unwrap();
                let mut entries = watchwise::render::json::Entries::default();
                let mut buffer = Vec::new();
                let mut first = true;
                batch::in_order(
                    &srcs,
                    |s| checker.check_source(s).expect("generated policies are valid"),
                    |r| {
                        buffer.clear();
                        entries.write(&r, first, &mut buffer);
                        out.write_all(&buffer).unwrap();
                        first = false;
                        Ok::<(), ()>(())
                    },
                )
                .unwrap();
            }));
        }
        let rate = |d: Duration| format!("{:>8.1} ms {:>8.0}/s", d.as_secs_f64() * 1e3, n as f64 / d.as_secs_f64());
        println!(
            "{n:>7}  {:>24}  {:>24}  {:>24}  {:>7.2}x  {:>7.2}x",
            rate(parse),
            rate(eval),
            rate(whole),
            eval.as_secs_f64() / parse.as_secs_f64(),
            whole.as_secs_f64() / parse.as_secs_f64()
        );
    }
    cli_figures();
}

/// Peak memory of the binary over 1,000 and 10,000 files, and one cold check.
fn cli_figures() {
    let bin = env!("CARGO_BIN_EXE_watchwise");
    let gnu_time = Path::new("/usr/bin/time");
    let dir = std::env::temp_dir().join(format!("watchwise-bench-{}", std::process::id()));
    for n in [1_000usize, 10_000] {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..n {
            std::fs::write(dir.join(format!("p{i:05}.yaml")), testgen::policy(i as u64)).unwrap();
        }
        if gnu_time.exists() {
            let out = Command::new(gnu_time)
                .args(["-f", "%M %e"])
                .arg(bin)
                .args(["check", "--fail-on", "never", "--format", "json", "-o", "/dev/null"])
                .arg(&dir)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.lines().last().unwrap_or("");
            let mut parts = last.split_whitespace();
            let kb: f64 = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0.0);
            let secs: f64 = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0.0);
            println!("binary, {n:>6} files, JSON to a file: peak memory {:>6.1} MB, {:>6.2} s", kb / 1024.0, secs);
        } else {
            println!("(no /usr/bin/time: peak memory not measured)");
        }
    }
    let one = dir.join("p00000.yaml");
    let _ = Command::new(bin).args(["check", "--fail-on", "never"]).arg(&one).output();
    let runs = 50;
    let best = |f: &dyn Fn()| (0..runs).map(|_| time(f)).min().unwrap();
    let t = best(&|| {
        let _ = Command::new(bin).args(["check", "--fail-on", "never"]).arg(&one).output().unwrap();
    });
    let loading_bay = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/loading-bay-safety-cameras.yaml");
    let lb = best(&|| {
        let _ = Command::new(bin).args(["check"]).arg(&loading_bay).output().unwrap();
    });
    println!(
        "one cold process, one policy (best of {runs}): generated {:.2} ms, loading-bay example {:.2} ms",
        t.as_secs_f64() * 1e3,
        lb.as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}
