//! The fingerprint of a policy's content: what a sign-off records, so that any later
//! change to what was approved shows.
//!
//! It is the SHA-256 of a canonical form of the validated document: JSON with the
//! keys of every map sorted, no spaces, dates as `YYYY-MM-DD`, values the loader
//! filled in by default left out, and the `review` section itself left out (it
//! holds the fingerprint). Reformatting the file, reordering keys, changing quotes
//! or comments therefore leaves it as it is; changing a value, adding or removing
//! an entry, or reordering a list changes it.

use super::model::{PNode, Value};
use sha2::{Digest, Sha256};

/// `sha256:` and 64 hex digits.
pub fn fingerprint(root: &PNode) -> String {
    let mut canonical = String::new();
    write(root, true, &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

fn write(node: &PNode, top: bool, out: &mut String) {
    match &node.value {
        Value::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
        Value::Int(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Date(d) => out.push_str(&format!("\"{d}\"")),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, false, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            let mut entries: Vec<_> = entries
                .iter()
                .filter(|(k, v)| !(v.defaulted || (top && k.name() == "review")))
                .map(|(k, v)| (k.name(), v))
                .collect();
            entries.sort_by_key(|(k, _)| *k);
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.to_string()).to_string());
                out.push(':');
                write(v, false, out);
            }
            out.push('}');
        }
    }
}
