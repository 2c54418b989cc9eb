//! Chinese (`--lang zh`): rule text, tables, reports and error messages.

use super::*;
use serde_json::Value;
use watchwise::has_chinese;

#[test]
fn every_rule_title_is_chinese() {
    let (code, stdout, _) = stdout_of(watchwise().args(["--lang", "zh", "rules", "list", "--format", "json"]));
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    for r in doc["rules"].as_array().unwrap() {
        assert!(has_chinese(r["title"].as_str().unwrap()), "{}", r["id"]);
    }
}

#[test]
fn every_finding_is_chinese() {
    let (_, stdout, _) = stdout_of(watchwise().args(["--lang", "zh", "check", "--format", "json", "policies/"]));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let mut n = 0;
    for r in doc["results"].as_array().unwrap() {
        for f in r["findings"].as_array().unwrap() {
            n += 1;
            for key in ["title", "message", "recommendation"] {
                assert!(has_chinese(f[key].as_str().unwrap()), "{} {key}: {}", f["rule"], f[key]);
            }
        }
    }
    assert!(n > 100);
}

#[test]
fn zh_report_is_chinese_and_marked_zh_cn() {
    let (code, html, _) = stdout_of(watchwise().args(["--lang", "zh", "report", "policies/open-office-cameras.yaml"]));
    assert_eq!(code, 0);
    assert!(html.contains("<html lang=\"zh-CN\">"));
    for heading in ["决定", "风险图", "监控措施", "按措施列出的问题", "审查记录", "职工代表方", "不构成法律意见"]
    {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(
        html.contains("Noto Sans CJK SC") && html.contains("Microsoft YaHei") && html.contains("PingFang SC"),
        "CJK font stack"
    );
    let (_, md, _) = stdout_of(watchwise().args([
        "--lang",
        "zh",
        "report",
        "--format",
        "markdown",
        "policies/open-office-cameras.yaml",
    ]));
    assert!(md.contains("## 决定"), "{md}");
}

#[test]
fn zh_table_aligns_with_cjk_text() {
    let (_, stdout, _) =
        stdout_of(watchwise().args(["--lang", "zh", "check", "policies/factory-face-attendance.yaml"]));
    assert!(stdout.contains("类别") && stdout.contains("侵犯隐私"));
    // Rows of the category table: the same display width (CJK characters count two).
    let width =
        |l: &str| {
            l.chars()
                .map(|c| {
                    if ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ff60}').contains(&c) { 2 } else { 1 }
                })
                .sum::<usize>()
        };
    let rows: Vec<&str> =
        stdout.lines().filter(|l| l.trim_start().starts_with('│') || l.trim_start().starts_with('┌')).collect();
    assert!(rows.len() >= 7);
    let w = width(rows[0]);
    assert!(rows.iter().all(|r| width(r) == w), "{rows:#?}");
}

#[test]
fn bad_policy_errors_are_chinese() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("not yaml", b"version: 1\npolicy: {name: [unclosed\n".to_vec()),
        ("list", b"- a\n- b\n".to_vec()),
        ("unknown key", VALID.replace("purpose:", "colour: red\npurpose:").into_bytes()),
        ("misspelled", VALID.replace("retention_days: 14", "retension_days: 14").into_bytes()),
        ("toilets", VALID.replace("[warehouse]", "[toilets]").into_bytes()),
        ("wrong type", VALID.replace("retention_days: 14", "retention_days: forever").into_bytes()),
        (
            "duplicate key",
            VALID.replace("retention_days: 14", "retention_days: 14\n    retention_days: 3").into_bytes(),
        ),
        ("duplicate measure", format!("{VALID}  - id: cams\n    kind: audio\n").into_bytes()),
        ("missing", VALID.replace("  statement: Protect stock in the warehouse\n", "").into_bytes()),
        ("jurisdiction", VALID.replace("[uk]", "[atlantis]").into_bytes()),
        (
            "waiver",
            format!(
                "{VALID}waivers:\n  - rule: PRV-999X\n    reason: r\n    approved_by: a\n    expires: 2027-01-01\n"
            )
            .into_bytes(),
        ),
        (
            "date",
            VALID.replace("  jurisdictions: [uk]", "  jurisdictions: [uk]\n  effective_date: 2026-02-30").into_bytes(),
        ),
        ("negative", VALID.replace("retention_days: 14", "retention_days: -5").into_bytes()),
        ("utf-8", b"version: 1\n\xff\n".to_vec()),
        ("nul", b"version: 1\0".to_vec()),
        ("yes", VALID.replace("retention_days: 14", "live_viewing: yes").into_bytes()),
    ];
    for (what, content) in cases {
        let (_d, path) = temp_file("p.yaml", &content);
        let (code, _, stderr) = stdout_of(watchwise().args(["--lang", "zh", "check"]).arg(&path));
        assert_eq!(code, 2, "{what}");
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
        assert!(!errors.is_empty(), "{what}: {stderr}");
        for e in errors {
            let message = e.split(": error: ").nth(1).unwrap();
            assert!(has_chinese(message), "{what}: untranslated: {e}");
        }
    }
}

#[test]
fn config_sets_the_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".watchwise.yaml"), "lang: zh\n").unwrap();
    std::fs::copy(root().join("policies/open-office-cameras.yaml"), dir.path().join("p.yaml")).unwrap();
    let out = watchwise().current_dir(dir.path()).args(["check", "p.yaml"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("总体评级"));
    let out = watchwise().current_dir(dir.path()).args(["--lang", "en", "check", "p.yaml"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Overall rating"), "the flag beats the config");
}
