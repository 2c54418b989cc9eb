//! Hostile templates: report templates (`report --template`) and rule messages that
//! would recurse, nest without end, loop without end or grow without end. Each is
//! generated here and refused with exit 2 and its message, quickly.

use super::*;
use std::time::{Duration, Instant};

const POLICY: &str = "policies/open-office-cameras.yaml";

/// Runs `cmd`, expecting exit 2 within `limit` and `needle` in an error line that
/// starts `head`; returns standard error.
fn refused(cmd: &mut assert_cmd::Command, head: &str, needle: &str, limit: Duration) -> String {
    let start = Instant::now();
    let (code, _, stderr) = stdout_of(cmd);
    let took = start.elapsed();
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with(head) && l.contains(needle)),
        "expected `{head}…{needle}` in:\n{stderr}"
    );
    assert!(took < limit, "took {took:?}");
    stderr
}

/// `report --template` with `text`, expecting `needle` at `line:col` of the template.
fn template_refused(text: &str, line: usize, col: usize, needle: &str) {
    let (_dir, path) = temp_file("t.hbs", text.as_bytes());
    let head = format!("{}:{line}:{col}: error: ", rel(&path));
    let mut cmd = watchwise();
    cmd.arg("report").arg(POLICY).arg("--template").arg(&path);
    refused(&mut cmd, &head, needle, Duration::from_secs(5));
    assert!(!path.with_extension("html").exists());
}

#[test]
fn partial_cycles_are_named() {
    template_refused(
        r#"{{#*inline "a"}}{{> a}}{{/inline}}{{> a}}"#,
        1,
        17,
        "partials call each other in a cycle: a -> a",
    );
    template_refused(
        "x\n{{#*inline \"a\"}}{{#> b}}{{/b}}{{/inline}}\n{{#*inline \"b\"}}{{> a}}{{/inline}}{{> a}}",
        2,
        17,
        "a cycle: a -> b -> a",
    );
    // Through an embedded template, which calls the partial `html_finding`.
    template_refused(
        r#"{{#*inline "html_finding"}}{{> report.html.hbs}}{{/inline}}{{> report.html.hbs}}"#,
        1,
        28,
        "a cycle: report.html.hbs -> html_finding -> report.html.hbs",
    );
    // The user's template is registered as `custom`.
    template_refused(r#"{{#*inline "a"}}{{> custom}}{{/inline}}{{> a}}"#, 1, 40, "a cycle: custom -> a -> custom");
}

#[test]
fn partial_names_are_written_out() {
    template_refused(r#"a {{> (lookup this "x")}}"#, 1, 3, "the name of a partial must be written out");
    template_refused(r#"{{#*inline (lookup this "x")}}y{{/inline}}"#, 1, 1, "must be written out");
    template_refused("a\n{{> @partial-block}}", 2, 1, "`@partial-block` is not accepted");
}

#[test]
fn nesting_is_bounded() {
    let limit = "deeper than 64 levels, the limit";
    let ifs = "{{#if x}}".repeat(20_000) + &"{{/if}}".repeat(20_000);
    template_refused(&ifs, 1, 64 * 9 + 1, limit);
    let chain = "{{#if a}}".to_string() + &"{{else if b}}".repeat(20_000) + "{{/if}}";
    template_refused(&chain, 1, 9 + 63 * 13 + 1, limit);
    let parens = "{{x ".to_string() + &"(y ".repeat(3_000) + "z" + &")".repeat(3_000) + "}}";
    template_refused(&parens, 1, 5 + 64 * 3, limit);
    let arrays = "{{x ".to_string() + &"[".repeat(3_000) + &"]".repeat(3_000) + "}}";
    template_refused(&arrays, 1, 5 + 64, limit);
    // Partials that call each other in a chain nest too.
    let mut calls = r#"{{#*inline "p0"}}x{{/inline}}"#.to_string();
    for i in 1..=70 {
        calls += &format!("{{{{#*inline \"p{i}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}", i - 1);
    }
    template_refused(&(calls.clone() + "\n{{> p70}}"), 2, 1, limit);
    // 64 levels are accepted.
    let (_dir, path) = temp_file("t.hbs", ("{{#if t}}".repeat(64) + "ok" + &"{{/if}}".repeat(64)).as_bytes());
    let (code, out, err) = stdout_of(watchwise().arg("report").arg(POLICY).arg("--template").arg(&path));
    assert_eq!((code, out.as_str()), (0, "ok"), "{err}");
}

#[test]
fn templates_the_compiler_cannot_read_in_bounded_time_are_refused() {
    let tags = "{{#*inline \"a\"}}x{{/inline}}".repeat(20_000);
    template_refused(&tags, 1, 52_921, "the sum of their byte offsets passes 100000000");
}

/// Loops and output are counted while rendering (the unit tests hold smaller budgets
/// to every kind of text); here the real limits, from the command line.
#[test]
fn loops_and_output_are_bounded() {
    let (_dir, path) = temp_file(
        "t.hbs",
        b"{{#each t}}{{#each @root.t}}{{#each @root.t}}{{{@root.chart_svg}}}{{/each}}{{/each}}{{/each}}",
    );
    let head = format!("{}:1:46: error: ", rel(&path));
    let mut cmd = watchwise();
    cmd.arg("report").arg(POLICY).arg("--template").arg(&path);
    refused(&mut cmd, &head, "the report would be larger than 67108864 bytes, the limit", Duration::from_secs(10));
    // A debug build takes about 8 µs a step, a release build under one.
    let loops = "{{#each @root.t}}".repeat(5) + "x" + &"{{/each}}".repeat(5);
    let (_dir, path) = temp_file("t.hbs", loops.as_bytes());
    let head = format!("{}:1:", rel(&path));
    let mut cmd = watchwise();
    cmd.arg("report").arg(POLICY).arg("--template").arg(&path);
    refused(&mut cmd, &head, "rendering takes more than 2000000 steps, the limit", Duration::from_secs(60));
}

/// A pack with one rule whose message is `message`, and test cases for it.
fn pack(message: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("acme");
    std::fs::create_dir_all(p.join("tests")).unwrap();
    std::fs::write(p.join("pack.yaml"), "id: acme\nname: ACME Corp\n").unwrap();
    let rules = format!(
        "rules:\n  - id: ACME-001\n    title: T\n    category: privacy\n    severity: high\n    \
         when: {{ field: purpose.statement, exists: true }}\n    message: '{}'\n    recommendation: R\n    \
         references: [Some law]\n",
        message.replace('\'', "''")
    );
    std::fs::write(p.join("rules.yaml"), rules).unwrap();
    let cases = "base:\n  version: 1\n  policy: { name: T, jurisdictions: [acme] }\n  purpose: { statement: S }\n  \
                 measures: [{ id: cam, kind: video }]\ncases:\n  - name: fires\n    policy: {}\n    fires: [ACME-001]\n";
    std::fs::write(p.join("tests/cases.yaml"), cases).unwrap();
    dir
}

fn with_rules(dir: &Path) -> assert_cmd::Command {
    let mut cmd = watchwise();
    cmd.arg("--no-default-rules").arg("--rules").arg(dir);
    cmd
}

/// Rule messages are in watchwise's own language: partials and deep nesting are
/// load errors wherever rules load.
#[test]
fn hostile_rule_messages_are_load_errors() {
    let deep = "{{#if policy.purpose.statement}}".repeat(20_000) + &"{{/if}}".repeat(20_000);
    for (message, needle) in [
        (
            r#"{{#*inline "a"}}{{> a}}{{/inline}}{{> a}}"#.to_string(),
            "`{{#*inline \"a\"}}` is not part of the message language",
        ),
        (deep, "blocks nest deeper than 32 levels"),
    ] {
        let dir = pack(&message);
        let head = "acme/rules.yaml:7:14: error: rule ACME-001: `message`";
        for args in [&["check", POLICY][..], &["rules", "lint"], &["rules", "test"]] {
            let mut cmd = with_rules(dir.path());
            cmd.args(args);
            let err = refused(&mut cmd, "", needle, Duration::from_secs(5));
            assert!(err.contains(head), "{args:?}: {err}");
        }
    }
}

/// A message that repeats a long value is refused for the policy, naming the rule.
#[test]
fn rendered_messages_are_bounded() {
    let dir = pack(&"{{policy.purpose.statement}} ".repeat(1_000));
    let statement = "word ".repeat(100);
    let policy = VALID.replace("Protect stock in the warehouse", &statement).replace("[uk]", "[acme]");
    let (_p, path) = temp_file("p.yaml", policy.as_bytes());
    let mut cmd = with_rules(dir.path());
    cmd.arg("check").arg(&path);
    // At the field that made the rule fire, naming the rule and where it is.
    let head = format!("{}:6:14: error: rule ACME-001 (", rel(&path));
    let err = refused(&mut cmd, &head, "its `message` renders longer than 262144 bytes here", Duration::from_secs(5));
    assert!(err.contains("acme/rules.yaml:2:9)"), "{err}");
    // The same rule over a short statement is fine.
    let short = VALID.replace("[uk]", "[acme]");
    let (_p, path) = temp_file("p.yaml", short.as_bytes());
    let (code, _, err) = stdout_of(with_rules(dir.path()).args(["check", "--fail-on", "never"]).arg(&path));
    assert_eq!(code, 0, "{err}");
}
