//! Hostile text in every field of a policy, a rule pack and a file name: no output lets
//! it drive a terminal, reorder what is shown, start a CI workflow command, break the
//! XML or make a live link or mention in a pull-request comment.

use crate::{stdout_of, watchwise};
use std::path::{Path, PathBuf};

/// The attack, written with YAML double-quoted escapes: clear screen, window title, a
/// hyperlink, C1 CSI, a cursor move, DEL, bidi overrides and isolates, invisible
/// characters, GitHub workflow commands old and new, a noncharacter pair, a bare web
/// address, a mention, an e-mail address, an issue reference and a character reference.
const PAYLOAD: &str = concat!(
    r"\e[2J\e]0;pwned\a\e]8;;http://evil.example/\e\\link\e]8;;\e\\ \x9b2J \e[5A \x7f \x01 ",
    r"Access\u202Elortnoc\u202C ok \u2066iso\u2069 \u200F\u061C\u2028\u2029 ",
    r"\n::error title=x::injected\n  \u200B::stop-commands::tok\n##[warning]old\t",
    r"\uFFFE\uFFFF @octocat hr@example.com http://example.com/x www.example.com #12 &rlm; end"
);

/// What must never appear raw: every character the payload smuggles in.
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` without the renderers' own colour codes (`ESC [ digits ; m`).
fn without_own_colours(text: &str) -> String {
    regex::Regex::new(r"\x1b\[[0-9;]*m").unwrap().replace_all(text, "").into_owned()
}

/// The checks every output passes: no raw control, bidi or noncharacter (past the
/// renderer's own colours), no line that GitHub Actions would run, no `##[`.
fn assert_inert(what: &str, text: &str) {
    let plain = without_own_colours(text);
    if let Some(c) = plain.chars().find(|c| forbidden(*c)) {
        panic!("{what}: {c:?} emitted raw in:\n{text}");
    }
    // The runner trims white space; a culture-aware compare also skips invisible characters.
    let invisible = |c: char| c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}');
    for line in plain.lines() {
        let start = line.trim_start_matches(invisible);
        let skeleton: String = start.chars().filter(|c| !invisible(*c)).take(2).collect();
        assert!(
            skeleton != "::" || what.starts_with("github") && is_own_annotation(line),
            "{what}: a line starts a workflow command: {line:?}"
        );
        let squeezed: String = line.chars().filter(|c| !invisible(*c)).collect();
        assert!(!squeezed.contains("##["), "{what}: old-style workflow command in {line:?}");
    }
}

/// One of watchwise's own annotations, with the input only in escaped properties and data.
fn is_own_annotation(line: &str) -> bool {
    let re = regex::Regex::new(r"^::(error|warning|notice) file=[^:,]*,line=\d+,col=\d+,title=[^:,]*::").unwrap();
    re.is_match(line)
}

fn yaml_text(extra: &str) -> String {
    format!("\"{PAYLOAD} {extra}\"")
}

/// A policy whose every free-text field carries the payload; the pack `evil` fires on
/// its measure and waives one of two rules, so that waiver reason and approver show.
fn policy() -> String {
    format!(
        "version: 1
policy:
  name: {name}
  organization: {org}
  owner: {owner}
  revision: {rev}
  jurisdictions: [uk, evil]
purpose:
  statement: {purpose}
  goals: [theft_prevention]
  alternatives_considered: [{alt}]
measures:
  - id: cams
    kind: video
    description: {desc}
    processor: {proc}
    scope:
      locations: [warehouse]
    retention_days: 14
waivers:
  - rule: EVIL-002
    measure: cams
    reason: {reason}
    approved_by: {approver}
    expires: 2099-01-01
",
        name = yaml_text("name"),
        org = yaml_text("org"),
        owner = yaml_text("owner"),
        rev = yaml_text("rev"),
        purpose = yaml_text("purpose"),
        alt = yaml_text("alternative"),
        desc = yaml_text("description"),
        proc = yaml_text("processor"),
        reason = yaml_text("reason"),
        approver = yaml_text("approver"),
    )
}

/// A rule message that prints policy text.
const MESSAGE: &str =
    "\"PAYLOAD message for {{policy.policy.name}} / {{measure.description}} / {{policy.purpose.statement}}\"";

fn rule(id: &str) -> String {
    format!(
        "  - id: {id}
    title: {title}
    category: trust
    severity: high
    for_each: measure
    when:
      field: measure.kind
      in: [video]
    message: {message}
    recommendation: {rec}
    references:
      - title: {ref_title}
        url: https://example.com/ref
      - {ref_text}
",
        title = yaml_text("title"),
        message = MESSAGE.replace("PAYLOAD", PAYLOAD),
        rec = yaml_text("recommendation"),
        ref_title = yaml_text("reference"),
        ref_text = yaml_text("plain reference"),
    )
}

/// A folder with the policy under a hostile file name, a second policy whose unknown key
/// is hostile, and the pack.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    std::fs::create_dir(&policies).unwrap();
    std::fs::write(policies.join("a\x1b]0;t\x07\u{202e}lmy.\n::error::f ##[x].yaml"), policy()).unwrap();
    let bad = crate::VALID.replace("measures:", &format!("{}: 1\nmeasures:", yaml_text("key")));
    std::fs::write(policies.join("b-unknown-key.yaml"), bad).unwrap();
    let pack = dir.path().join("evil");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(
        pack.join("pack.yaml"),
        format!("id: evil\nname: {}\ndescription: {}\n", yaml_text("pack"), yaml_text("d")),
    )
    .unwrap();
    std::fs::write(pack.join("rules.yaml"), format!("rules:\n{}{}", rule("EVIL-001"), rule("EVIL-002"))).unwrap();
    (dir, policies, pack)
}

fn check(pack: &Path, args: &[&str]) -> (i32, String, String) {
    stdout_of(watchwise().arg("--rules").arg(pack).arg("check").args(["--fail-on", "never"]).args(args))
}

#[test]
fn every_check_format_shows_hostile_text_inert() {
    let (_dir, policies, pack) = setup();
    let p = policies.to_str().unwrap();
    for (name, args) in [
        ("table color never", vec!["--color", "never", p]),
        ("table color always", vec!["--color", "always", p]),
        ("github", vec!["--format", "github", p]),
        ("markdown", vec!["--format", "markdown", p]),
        ("junit", vec!["--format", "junit", p]),
        ("sarif", vec!["--format", "sarif", p]),
        ("csv", vec!["--format", "csv", p]),
        ("html", vec!["--format", "html", p]),
        ("json", vec!["--format", "json", p]),
    ] {
        let (code, out, err) = check(&pack, &args);
        assert_eq!(code, 2, "{name}: the file with an unknown key cannot be checked\n{err}");
        // The hostile policy was checked: its rule fired and its waiver applied.
        assert!(out.contains("EVIL-001"), "{name}:\n{out}\n{err}");
        assert_inert(name, &out);
        assert_inert(&format!("{name} (stderr)"), &err);
        // The unknown key's diagnostic is on stderr, escaped.
        assert!(err.contains(r"\u{1b}]0;pwned\u{7}"), "{name}: stderr\n{err}");
    }
}

#[test]
fn table_shows_the_bidi_trick_and_escapes_as_written() {
    let (_dir, policies, pack) = setup();
    for color in ["never", "always"] {
        let (_, out, _) = check(&pack, &["--color", color, policies.to_str().unwrap()]);
        let plain = without_own_colours(&out);
        assert!(plain.contains(r"Access\u{202e}lortnoc\u{202c} ok"), "{plain}");
        assert!(plain.contains(r"\u{1b}[2J\u{1b}]0;pwned\u{7}"), "{plain}");
        assert!(plain.contains(r"\u{9b}2J"), "{plain}");
        // The file name, the waiver's reason and approver are shown too.
        assert!(plain.contains(r"a\u{1b}]0;t\u{7}\u{202e}lmy. ::error::f ##\u{5b}x].yaml"), "{plain}");
        assert!(plain.contains("reason") && plain.contains("approver"), "{plain}");
    }
}

#[test]
fn github_annotations_carry_no_command_of_the_input() {
    let (_dir, policies, pack) = setup();
    let (_, out, _) = check(&pack, &["--format", "github", policies.to_str().unwrap()]);
    // Annotations, and the plain log lines that list every finding before them.
    for line in out.lines() {
        if line.starts_with("::") {
            assert!(is_own_annotation(line), "{line}");
        } else {
            assert_inert("github log line", line);
        }
    }
    assert!(out.contains(r"\u{a}::error title=x::injected"), "{out}");
}

#[test]
fn junit_is_well_formed_xml() {
    let (_dir, policies, pack) = setup();
    let (_, out, _) = check(&pack, &["--format", "junit", policies.to_str().unwrap()]);
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let names: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("name")).collect();
    assert!(names.iter().any(|n| n.contains(r"\u{fffe}\u{ffff}")), "{names:?}");
}

#[test]
fn markdown_leaves_no_link_or_mention_live() {
    let (_dir, policies, pack) = setup();
    let (_, out, _) = check(&pack, &["--format", "markdown", policies.to_str().unwrap()]);
    for word in ["@octocat", "hr@example.com", "http://example.com/x", "www.example.com", "#12", "http://evil.example/"]
    {
        let at: Vec<usize> = out.match_indices(word).map(|(i, _)| i).collect();
        assert!(!at.is_empty(), "{word} missing:\n{out}");
        for i in at {
            let before = &out[..i];
            // In a code span, which starts the word it is part of.
            let word_start = before.rfind(char::is_whitespace).map_or(0, |n| n + 1);
            assert!(before[word_start..].contains('`'), "{word} is live at {:?}", &out[i.saturating_sub(40)..i + 20]);
        }
    }
    assert!(out.contains(r"\&rlm;"), "a character reference stays text");
}

#[test]
fn report_formats_show_hostile_text_inert() {
    let (dir, policies, pack) = setup();
    let file = std::fs::read_dir(&policies)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("a\x1b"))
        .unwrap();
    for format in ["html", "markdown"] {
        let out = dir.path().join(format!("r.{format}"));
        let (code, _, err) = stdout_of(
            watchwise().arg("--rules").arg(&pack).args(["report", "--format", format]).arg(&file).arg("-o").arg(&out),
        );
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert_inert(&format!("report {format}"), &text);
        assert!(text.contains("lortnoc"), "{text}");
        if format == "markdown" {
            // A rule's reference stays a working link.
            assert!(
                text.contains("](https\\://example.com/ref)") || text.contains("](https://example.com/ref)"),
                "{text}"
            );
        }
    }
}

#[test]
fn diagnostics_escape_the_source_line_and_keep_the_caret_under_it() {
    // A raw escape byte in the file: the parser refuses it and shows the line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.yaml");
    std::fs::write(&path, "version: 1\npolicy:\n  name: \x1b[2J\u{202e}x\n").unwrap();
    for color in ["never", "always"] {
        let (code, _, err) = stdout_of(watchwise().args(["--color", color, "check"]).arg(&path));
        assert_eq!(code, 2, "{err}");
        assert_inert("diagnostic", &err);
    }
    // The unknown key: the caret spans the key as shown.
    let bad = crate::VALID.replace("measures:", "\"k\\e[1A\": 1\nmeasures:");
    let (_d, file) = crate::temp_file("p.yaml", bad.as_bytes());
    let (code, _, err) = stdout_of(watchwise().args(["--color", "never", "check"]).arg(&file));
    assert_eq!(code, 2);
    assert_inert("unknown key", &err);
    let source = err.lines().find(|l| l.contains(r#""k\e[1A": 1"#)).unwrap_or_else(|| panic!("{err}"));
    let caret = err.lines().skip_while(|l| *l != source).nth(1).unwrap();
    assert_eq!(source.find('"'), caret.find('^'), "{err}");
}

/// Chromium applies the report's stylesheet under its Content-Security-Policy and logs no
/// violation (a stylesheet with another hash does log one, so the check can fail).
#[test]
fn html_csp_allows_the_stylesheet_and_nothing_else() {
    let (dir, policies, pack) = setup();
    let (_, html, _) = check(&pack, &["--format", "html", policies.to_str().unwrap()]);
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-")
    );
    assert!(!html.contains(" style=\""), "an inline style attribute would be blocked");
    let Some(bin) = crate::report::chromium() else { return };
    let mut files = vec![("summary", html.clone())];
    let report = dir.path().join("r.html");
    watchwise().arg("report").arg("policies/open-office-cameras.yaml").arg("-o").arg(&report).assert().success();
    let report_html = std::fs::read_to_string(&report).unwrap();
    assert!(!report_html.contains(" style=\""), "an inline style attribute would be blocked");
    files.push(("report", report_html.clone()));
    files.push(("wrong hash", report_html.replacen("'sha256-", "'sha256-A", 1)));
    for (name, text) in files {
        let path = dir.path().join(format!("{}.html", name.replace(' ', "-")));
        std::fs::write(&path, text).unwrap();
        let out = crate::report::browser(&bin, &["--enable-logging=stderr", "--v=0", "--dump-dom"], &path);
        let log = String::from_utf8_lossy(&out.stderr);
        let violated = log.contains("Content Security Policy");
        assert_eq!(violated, name == "wrong hash", "{name}: {log}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("<body"), "{name} did not render");
    }
}

/// The payload as YAML reads it: the escapes it is written with (`\e`, `\a`, `\\`,
/// `\n`, `\t`, `\xHH`, `\uHHHH`) decoded.
fn decoded(payload: &str) -> String {
    let mut out = String::new();
    let mut chars = payload.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars, n| {
            let digits: String = chars.take(n).collect();
            char::from_u32(u32::from_str_radix(&digits, 16).unwrap()).unwrap()
        };
        match chars.next().unwrap() {
            'e' => out.push('\x1b'),
            'a' => out.push('\x07'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            'x' => out.push(hex(&mut chars, 2)),
            'u' => out.push(hex(&mut chars, 4)),
            other => panic!("no such escape in the payload: {other}"),
        }
    }
    out
}

/// JSON keeps the text exact for programs, and writes what a terminal or log would obey
/// as `\uXXXX`.
#[test]
fn json_reads_back_exactly_and_shows_nothing_raw() {
    let (_dir, policies, pack) = setup();
    let (_, out, _) = check(&pack, &["--format", "json", policies.to_str().unwrap()]);
    assert_inert("json", &out);
    for raw in ["\u{9b}", "\u{202e}", "\u{2028}", "\u{7f}", "##["] {
        assert!(!out.contains(raw), "{raw:?} raw in the JSON");
    }
    assert!(out.contains(r"\u009b2J") && out.contains(r"Access\u202elortnoc\u202c ok"), "{out}");
    assert!(out.contains(r"##\u005bwarning]old"), "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = |extra: &str| format!("{} {extra}", decoded(PAYLOAD));
    let result = &doc["results"][0];
    assert_eq!(result["name"], text("name").as_str());
    assert_eq!(result["policy"], policies.join("a\x1b]0;t\x07\u{202e}lmy.\n::error::f ##[x].yaml").to_str().unwrap());
    let finding = &result["findings"][0];
    assert_eq!(finding["title"], text("title").as_str());
    // A rule's messages are laid out as prose: runs of spaces, tabs and line breaks
    // become one space.
    let folded = |s: &str| regex::Regex::new("[ \t\n]+").unwrap().replace_all(s, " ").into_owned();
    assert_eq!(finding["recommendation"], folded(&text("recommendation")).as_str());
    assert_eq!(finding["references"][0]["title"], text("reference").as_str());
    assert_eq!(finding["references"][1]["title"], text("plain reference").as_str());
    let message =
        format!("{} message for {} / {} / {}", decoded(PAYLOAD), text("name"), text("description"), text("purpose"));
    assert_eq!(finding["message"], folded(&message).as_str());
    let waived = result["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "EVIL-002").unwrap();
    assert_eq!(waived["waived"]["reason"], text("reason").as_str());
    assert_eq!(waived["waived"]["approved_by"], text("approver").as_str());
    let error = doc["errors"][0]["message"].as_str().unwrap();
    assert!(error.contains(&text("key")), "{error}");
}

/// `rules list` and `rules show` show a pack's text escaped; its JSON reads back exactly.
#[test]
fn rules_list_and_show_show_pack_text_inert() {
    let (_dir, _policies, pack) = setup();
    let rules = |args: &[&str]| stdout_of(watchwise().arg("--rules").arg(&pack).arg("rules").args(args));
    for color in ["never", "always"] {
        let (code, out, err) = rules(&["list", "--color", color]);
        assert_eq!(code, 0, "{err}");
        assert_inert(&format!("rules list {color}"), &out);
        assert!(out.contains("EVIL-001") && out.contains(r"\u{1b}[2J"), "{out}");
    }
    let (code, out, err) = rules(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_inert("rules list json", &out);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let evil = doc["rules"].as_array().unwrap().iter().find(|r| r["id"] == "EVIL-001").unwrap();
    assert_eq!(evil["title"], format!("{} title", decoded(PAYLOAD)).as_str());
    assert_eq!(evil["references"][1]["title"], format!("{} plain reference", decoded(PAYLOAD)).as_str());

    let (code, out, err) = rules(&["show", "EVIL-001"]);
    assert_eq!(code, 0, "{err}");
    assert_inert("rules show", &out);
    assert!(out.contains(r"Access\u{202e}lortnoc\u{202c} ok") && out.contains(r"\u{1b}]0;pwned\u{7}"), "{out}");
}

/// `diff` from a plain policy to the hostile one, under hostile file names, in every
/// format.
#[test]
fn diff_shows_hostile_text_inert() {
    let (dir, policies, pack) = setup();
    let new = std::fs::read_dir(&policies)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("a\x1b"))
        .unwrap();
    let old = dir.path().join("old\x1b[2J\u{202e}\n::error::o.yaml");
    std::fs::write(&old, policy().replace("kind: video", "kind: audio")).unwrap();
    let diff = |format: &str| {
        stdout_of(
            watchwise()
                .arg("--rules")
                .arg(&pack)
                .args(["diff", "--fail-on", "never", "--format", format])
                .arg(&old)
                .arg(&new),
        )
    };
    for format in ["table", "markdown", "json"] {
        let (code, out, err) = diff(format);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(out.contains("EVIL-001"), "{format}: the hostile rule is added\n{out}");
        assert_inert(&format!("diff {format}"), &out);
        assert_inert(&format!("diff {format} (stderr)"), &err);
    }
    let (_, out, _) = diff("json");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["old"]["policy"], old.to_str().unwrap());
    assert_eq!(doc["new"]["name"], format!("{} name", decoded(PAYLOAD)).as_str());
    let added = &doc["added"][0];
    assert_eq!(added["title"], format!("{} title", decoded(PAYLOAD)).as_str());
}

/// clap quotes command-line values in its errors; they are shown escaped.
#[test]
fn command_line_errors_show_values_escaped() {
    let value = "x\x1b]0;pwned\x07\u{9b}2J\u{202e}\n::error::y ##[z]";
    for args in [vec![value], vec!["check", "--format", value, "p.yaml"], vec!["check", "--fail-on", value, "p.yaml"]] {
        for color in ["never", "always"] {
            let (code, out, err) = stdout_of(watchwise().args(["--color", color]).args(&args));
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(out.is_empty(), "{out}");
            assert_inert(&format!("{args:?}"), &err);
            assert!(err.contains(r"x\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}"), "{args:?}: {err}");
            assert!(err.contains(r"\u{3a}:error::y ##\u{5b}z]"), "{args:?}: {err}");
        }
    }
    // Ordinary errors read as clap words them.
    let (code, _, err) = stdout_of(watchwise().arg("chekc"));
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unrecognized subcommand 'chekc'\n"), "{err}");
}
