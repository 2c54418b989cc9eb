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
    check_generated("docs/vocabulary.md", &watchwise::policy::vocab::reference_markdown());
}
