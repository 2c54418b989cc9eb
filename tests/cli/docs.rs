//! The documentation in `docs/` that is generated from the code stays in step with it.

use crate::root;

/// Compares a generated document with the committed file; `UPDATE_DOCS=1` rewrites it.
fn check_generated(file: &str, generated: &str) {
    let path = root().join(file);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{file} is stale: regenerate it with `UPDATE_DOCS=1 cargo test --test cli docs` and review the diff"
    );
}

#[test]
fn vocabulary_reference_is_up_to_date() {
    check_generated("docs/vocabulary.md", &watchwise::policy::reference::markdown());
}

/// Editors show the schema's descriptions: every field and every vocabulary word has one.
#[test]
fn schema_describes_every_field_and_word() {
    fn walk(v: &serde_json::Value, at: &str, missing: &mut Vec<String>) {
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (name, field) in props {
                if field.get("description").is_none() {
                    missing.push(format!("{at}.{name}"));
                }
                walk(field, &format!("{at}.{name}"), missing);
            }
        }
        if let Some(items) = v.get("items") {
            walk(items, &format!("{at}[]"), missing);
        }
        for choice in v.get("anyOf").and_then(|a| a.as_array()).into_iter().flatten() {
            if choice.get("description").is_none() {
                missing.push(format!("{at} = {}", choice.get("const").unwrap_or(choice)));
            }
        }
    }
    let out = crate::watchwise().arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut missing = Vec::new();
    walk(&schema, "", &mut missing);
    assert!(missing.is_empty(), "no description in the schema for: {missing:?}");
    let kinds = &schema["properties"]["measures"]["items"]["properties"]["kind"]["anyOf"];
    assert!(kinds.as_array().unwrap().iter().any(|k| k["const"] == "input_activity"), "{kinds}");
}
