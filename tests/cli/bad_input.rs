//! Every kind of bad policy: exit status 2 and `file:line:column: message`.

use super::*;

/// Checks `content` as a policy; asserts exit 2 and that stderr holds
/// `FILE:line:col: error: <message containing needle>`.
fn refused(content: &[u8], line: u32, col: u32, needle: &str) -> String {
    let (_dir, path) = temp_file("policy.yaml", content);
    let (code, stdout, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    let head = format!("{}:{line}:{col}: error: ", rel(&path));
    let found = stderr.lines().find(|l| l.starts_with(&head));
    assert!(found.is_some_and(|l| l.contains(needle)), "expected `{head}...{needle}` in:\n{stderr}");
    stderr
}

fn replace(from: &str, to: &str) -> Vec<u8> {
    assert!(VALID.contains(from), "{from}");
    VALID.replacen(from, to, 1).into_bytes()
}

#[test]
fn valid_base_is_accepted() {
    let (_dir, path) = temp_file("policy.yaml", VALID.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().args(["check", "--fail-on", "never"]).arg(&path));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn empty_file() {
    refused(b"", 1, 1, "the file is empty");
    refused(b"# just a comment\n", 1, 1, "the file is empty");
}

#[test]
fn not_yaml() {
    refused(b"version: 1\npolicy: {name: [unclosed\n", 3, 1, "not valid YAML");
}

/// YAML reads a tab in the indentation as an error where it gives up, often the line
/// before; the message is at the tab itself, with the fix.
#[test]
fn a_tab_in_the_indentation_is_shown_where_it_is() {
    let cases = [
        // After a plain scalar, which the reader reads on into the next line.
        (replace("  jurisdictions: [uk]", "\tjurisdictions: [uk]"), 4, 1),
        // The first key of a map.
        (replace("  name: Warehouse cameras", "\tname: Warehouse cameras"), 3, 1),
        // Behind spaces, deeper in a list item.
        (replace("    kind: video", "  \t  kind: video"), 10, 3),
    ];
    for (doc, line, col) in cases {
        let err = refused(&doc, line, col, "a tab in the indentation: YAML indents with spaces only");
        assert!(err.contains("help: use spaces: replace the tab"), "{err}");
        assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    }
    // A tab inside text is text, not an error.
    let (_dir, path) = temp_file("policy.yaml", &replace("Protect stock", "Protect\tstock"));
    assert_eq!(stdout_of(watchwise().args(["check", "--fail-on", "never"]).arg(&path)).0, 0);
    // In Chinese too.
    let (_dir, path) = temp_file("policy.yaml", &replace("  name: Warehouse cameras", "\tname: Warehouse cameras"));
    let (_, _, zh) = stdout_of(watchwise().args(["check", "--lang", "zh"]).arg(&path));
    assert!(zh.contains(":3:1: ") && zh.contains("制表符"), "{zh}");
}

#[test]
fn list_at_top() {
    refused(b"- version: 1\n- policy: x\n", 1, 1, "expected a policy (a map with `version: 1`), found a list");
}

#[test]
fn unknown_key() {
    let err = refused(&replace("purpose:", "colour: red\npurpose:"), 5, 1, "unknown key `colour` in the policy");
    assert!(err.contains("accepted keys"), "{err}");
}

#[test]
fn misspelled_key_gets_suggestion() {
    let err = refused(&replace("retention_days: 14", "retension_days: 14"), 13, 5, "unknown key `retension_days`");
    assert!(err.contains("did you mean `retention_days`?"), "{err}");
}

#[test]
fn misplaced_key_is_pointed_under_its_parent() {
    let err = refused(&replace("retention_days: 14", "locations: [warehouse]"), 13, 5, "unknown key `locations`");
    assert!(err.contains("belongs under `scope`"), "{err}");
}

#[test]
fn toilets_is_not_a_location() {
    let err =
        refused(&replace("[warehouse]", "[toilets]"), 12, 19, "`toilets` is not an accepted value for `locations`[0]");
    assert!(err.contains("use `restroom`"), "{err}");
    assert!(err.contains("accepted values: open_office"), "{err}");
}

#[test]
fn wrong_type() {
    refused(
        &replace("retention_days: 14", "retention_days: forever"),
        13,
        21,
        "`retention_days` must be an integer >= 0, found `forever`",
    );
}

#[test]
fn duplicate_key() {
    let err = refused(
        &replace("retention_days: 14", "retention_days: 14\n    retention_days: 30"),
        14,
        5,
        "duplicate key `retention_days`",
    );
    assert!(err.contains("first given at line 13"), "{err}");
}

#[test]
fn duplicate_measure_id() {
    let twice = format!("{VALID}  - id: cams\n    kind: audio\n");
    refused(twice.as_bytes(), 14, 9, "duplicate measure id `cams` (first used at line 9)");
}

#[test]
fn missing_required_field() {
    refused(
        &replace("  statement: Protect stock in the warehouse\n", ""),
        6,
        3,
        "`purpose` is missing the required key `statement`",
    );
}

#[test]
fn unknown_jurisdiction() {
    let err = refused(&replace("[uk]", "[atlantis]"), 4, 19, "unknown jurisdiction `atlantis`");
    assert!(err.contains("known jurisdictions"), "{err}");
}

#[test]
fn misspelled_jurisdiction_gets_suggestion() {
    let err = refused(&replace("[uk]", "[us-nx]"), 4, 19, "unknown jurisdiction `us-nx`");
    assert!(err.contains("did you mean"), "{err}");
}

#[test]
fn waiver_for_unknown_rule() {
    let doc = format!(
        "{VALID}waivers:\n  - rule: PRV-999X\n    reason: accepted\n    approved_by: CISO\n    expires: 2027-01-01\n"
    );
    refused(doc.as_bytes(), 15, 11, "waiver names an unknown rule `PRV-999X`");
}

#[test]
fn waiver_for_unknown_measure() {
    let doc = format!(
        "{VALID}waivers:\n  - rule: PRV-001\n    measure: camz\n    reason: accepted\n    approved_by: CISO\n    expires: 2027-01-01\n"
    );
    let err = refused(doc.as_bytes(), 16, 14, "waiver names an unknown measure `camz`");
    assert!(err.contains("did you mean `cams`?"), "{err}");
}

#[test]
fn invalid_date() {
    let err = refused(
        &replace("  jurisdictions: [uk]", "  jurisdictions: [uk]\n  effective_date: 2026-02-30"),
        5,
        19,
        "`2026-02-30` is not a valid date",
    );
    assert!(err.contains("month 2 of 2026 has 28 days"), "{err}");
}

#[test]
fn negative_retention() {
    refused(
        &replace("retention_days: 14", "retention_days: -5"),
        13,
        21,
        "`retention_days` must be 0 or more, found -5",
    );
}

#[test]
fn invalid_utf8() {
    let mut bytes = VALID.as_bytes().to_vec();
    let at = VALID.find("Protect").unwrap();
    bytes[at] = 0xFF;
    refused(&bytes, 6, 14, "not valid UTF-8");
}

#[test]
fn binary_junk() {
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let (_dir, path) = temp_file("junk.yaml", &junk);
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.starts_with(&format!("{}:", rel(&path))), "{stderr}");
    let nul = [b"version: 1\n".as_slice(), &[0, 1, 2, 3]].concat();
    refused(&nul, 2, 1, "NUL byte");
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let mut doc = String::from("version: 1\nlols:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let p = format!("*a{}", i - 1);
        doc.push_str(&format!("  a{i}: &a{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n"));
    }
    // 9^12 nodes if expanded; refused after the first 10,000.
    let err = refused(doc.as_bytes(), 7, 12, "aliases expand to more than");
    assert!(err.contains("alias bomb"), "{err}");
}

#[test]
fn file_over_size_limit() {
    let (_dir, path) = temp_file("big.yaml", &vec![b'#'; 2048]);
    let (code, _, stderr) = stdout_of(watchwise().args(["check", "--max-file-size", "1024"]).arg(&path));
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("{}: error: the file is 2048 bytes, over the limit of 1024 bytes", rel(&path))),
        "{stderr}"
    );
}

#[test]
fn default_size_limit_is_ten_megabytes() {
    let mut big = VALID.as_bytes().to_vec();
    big.extend(std::iter::repeat_n(b'#', 10_000_001));
    let (_dir, path) = temp_file("big.yaml", &big);
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.contains("over the limit of 10000000 bytes"), "{stderr}");
}

#[test]
fn yes_is_not_a_boolean() {
    let err = refused(
        &replace("retention_days: 14", "live_viewing: yes"),
        13,
        19,
        "`live_viewing` must be true or false, found `yes`",
    );
    assert!(err.contains("write `true`"), "{err}");
}

#[test]
fn every_error_in_a_file_is_reported() {
    let doc = replace("retention_days: 14", "retention_days: forever\n    live_viewing: maybe\n    colour: red");
    let (_dir, path) = temp_file("policy.yaml", &doc);
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    let errors = stderr.lines().filter(|l| l.starts_with(&rel(&path)) && l.contains(": error: ")).count();
    assert_eq!(errors, 3, "{stderr}");
}

/// Errors found by reading the keys and values and errors found by comparing them
/// (ids used twice, waivers and actions naming what is not there) show together, in
/// reading order: fixing the first ones never uncovers more.
#[test]
fn errors_of_every_kind_show_in_one_run() {
    let doc = format!(
        "{}  - id: cams\n    kind: video\n    retention_days: 3\n\
         waivers:\n  - rule: PRV-999\n    measure: nope\n    reason: x\n    approved_by: y\n    expires: 2030-02-30\n  \
         - rule: [PRV-001]\n    reason: x\n    approved_by: y\n    expires: 2030-01-01\n\
         actions:\n  - {{id: a1, rule: PRV-001, change: x, owner: y, due: 2027-01-01, status: open}}\n  \
         - {{id: a1, rule: PRV-001, change: x, owner: y, due: 2027-01-01, status: done}}\n",
        VALID.replace("  jurisdictions: [uk]", "  jurisdictions: [germany]\n  colour: red").replace("14", "forever")
    );
    let (_dir, path) = temp_file("policy.yaml", doc.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    let expected = [
        "4:19: error: unknown jurisdiction `germany`",
        "5:3: error: unknown key `colour`",
        "14:21: error: `retention_days` must be an integer",
        "15:9: error: duplicate measure id `cams`",
        "19:11: error: waiver names an unknown rule `PRV-999`",
        "20:14: error: waiver names an unknown measure `nope`",
        "23:14: error: `expires`: `2030-02-30` is not a valid date",
        // Only what is wrong with the second waiver's rule, not also that `` is unknown.
        "24:11: error: `rule` must be a single value",
        "29:75: error: `open` is not an accepted value for `status`",
        "30:10: error: action id `a1` is already used on line 29",
    ];
    assert_errors(&stderr, &format!("{}:", rel(&path)), &expected);
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-bad.yaml"), "version: 1\nnope: true\n").unwrap();
    std::fs::write(dir.path().join("b-good.yaml"), VALID).unwrap();
    let (code, stdout, stderr) = stdout_of(watchwise().args(["check", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 2, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 1);
    assert_eq!(doc["results"][0]["name"], "Warehouse cameras");
    // Errors come in order of position: the missing keys (at the map, line 1) first.
    let lines: Vec<&serde_json::Value> = doc["errors"].as_array().unwrap().iter().map(|e| &e["line"]).collect();
    assert_eq!(lines.first().copied(), Some(&serde_json::json!(1)), "{lines:?}");
    assert!(lines.contains(&&serde_json::json!(2)), "{lines:?}");
}

#[test]
fn unsupported_version() {
    refused(&replace("version: 1", "version: 2"), 1, 10, "unsupported policy format version `2`");
}

#[test]
fn deep_nesting_is_refused() {
    let doc = format!("version: 1\npolicy: {}", "[".repeat(100_000));
    let (_dir, path) = temp_file("deep.yaml", doc.as_bytes());
    let (code, _, stderr) = stdout_of(watchwise().arg("check").arg(&path));
    assert_eq!(code, 2);
    assert!(stderr.starts_with(&format!("{}:2:", rel(&path))), "{stderr}");
    assert!(stderr.contains("nesting is deeper than"), "{stderr}");
}

#[test]
fn missing_path() {
    let (code, _, stderr) = stdout_of(watchwise().args(["check", "no/such/file.yaml"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no/such/file.yaml: error: cannot read: no such file or folder"), "{stderr}");
}

/// The same care for rule files: each bad rule file is exit 2 at `file:line:col`.
#[test]
fn bad_rule_files() {
    let bomb = {
        let mut doc = String::from("rules:\n  - a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = format!("*a{}", i - 1);
            doc.push_str(&format!("  - a{i}: &a{i} [{p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}]\n"));
        }
        doc.into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "1:1: error: the file is empty"),
        ("not yaml", b"rules: [\n".to_vec(), "2:1: error: not valid YAML"),
        ("tab", b"rules:\n  - id: ACME-1\n\t  name: x\n".to_vec(), "3:1: error: a tab in the indentation"),
        ("list at top", b"- id: X-1\n".to_vec(), "1:1: error: a rule file must be a map"),
        ("unknown top key", b"rule: []\n".to_vec(), "1:1: error: unknown key `rule` in a rule file"),
        ("duplicate key", b"rules: []\nrules: []\n".to_vec(), "2:1: error: duplicate key `rules`"),
        ("invalid utf-8", b"rules: [\xff]\n".to_vec(), "1:9: error: the file is not valid UTF-8"),
        ("binary", b"rules:\0\x01".to_vec(), "1:7: error: the file contains a NUL byte"),
        ("alias bomb", bomb, "6:14: error: aliases expand to more than"),
        ("rules not a list", b"rules: yes\n".to_vec(), "1:8: error: `rules` must be a list of rules"),
        ("rule not a map", b"rules: [hello]\n".to_vec(), "1:9: error: a rule must be a map"),
    ];
    for (what, content, needle) in cases {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("acme");
        std::fs::create_dir_all(&pack).unwrap();
        std::fs::write(pack.join("pack.yaml"), "id: acme\nname: ACME\n").unwrap();
        std::fs::write(pack.join("rules.yaml"), &content).unwrap();
        let (code, _, stderr) = lint_packs(dir.path());
        assert_eq!(code, 2, "{what}: {stderr}");
        let head = format!("{}:{needle}", pack.join("rules.yaml").display());
        assert!(stderr.contains(&head), "{what}: expected `{head}` in\n{stderr}");
    }
}

#[test]
fn rule_file_over_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("acme");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(pack.join("pack.yaml"), "id: acme\nname: ACME\n").unwrap();
    std::fs::write(pack.join("rules.yaml"), vec![b'#'; 5000]).unwrap();
    let (code, _, stderr) = stdout_of(
        watchwise()
            .args(["--no-default-rules", "--max-file-size", "4096", "--rules"])
            .arg(dir.path())
            .args(["rules", "lint"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("rules.yaml: error: the file is 5000 bytes, over the limit of 4096 bytes"), "{stderr}");
}

#[test]
fn bad_pack_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("acme");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(pack.join("pack.yaml"), "id: Acme Corp\nname: ACME\nextend: [eu]\n").unwrap();
    let (code, _, stderr) = lint_packs(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("pack.yaml:3:1: error: unknown key `extend` in pack.yaml"), "{stderr}");
    assert!(stderr.contains("did you mean `extends`?"), "{stderr}");
    assert!(stderr.contains("pack.yaml:1:5: error: `Acme Corp` is not a valid pack id"), "{stderr}");
}

#[test]
fn unquoted_colon_in_text_gets_a_hint() {
    let doc = replace(
        "  goals: [theft_prevention]",
        "  goals: [theft_prevention]\n  alternatives_considered:\n    - Bag checks: cheaper but intrusive",
    );
    let err = refused(&doc, 9, 7, "must be a single value, found a map");
    assert!(err.contains("put the whole text in quotes"), "{err}");
}
