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
    let mut hasher = Sha256::new();
    write(root, true, &mut hasher);
    let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Writes `s` as a JSON string.
fn string(s: &str, out: &mut Sha256) {
    serde_json::to_writer(Feed(out), s).expect("a string serializes");
}

/// The hasher as an `io::Write`, for serde_json to escape strings into.
struct Feed<'a>(&'a mut Sha256);

impl std::io::Write for Feed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn write(node: &PNode, top: bool, out: &mut Sha256) {
    match &node.value {
        Value::Str(s) => string(s, out),
        Value::Int(n) => out.update(n.to_string().as_bytes()),
        Value::Bool(b) => out.update(if *b { b"true" as &[u8] } else { b"false" }),
        Value::Date(d) => out.update(format!("\"{d}\"").as_bytes()),
        Value::List(items) => {
            out.update(b"[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.update(b",");
                }
                write(item, false, out);
            }
            out.update(b"]");
        }
        Value::Map(entries) => {
            let mut entries: Vec<_> = entries
                .iter()
                .filter(|(k, v)| !(v.defaulted || (top && k.name() == "review")))
                .map(|(k, v)| (k.name(), v))
                .collect();
            entries.sort_by_key(|(k, _)| *k);
            out.update(b"{");
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.update(b",");
                }
                string(k, out);
                out.update(b":");
                write(v, false, out);
            }
            out.update(b"}");
        }
    }
}

#[cfg(test)]
mod tests {
    /// The canonical form is stable: this fingerprint is what sign-offs recorded
    /// with it hold, and must not change with the code that computes it.
    #[test]
    fn the_canonical_form_does_not_drift() {
        let src = crate::source::Source::new(
            "p.yaml".to_string(),
            "version: 1\npolicy: { name: \"P \\\"q\\\"\", jurisdictions: [eu] }\npurpose: { statement: Safety }\nmeasures:\n  - { id: cams, kind: video, retention_days: 3 }\nreview: { author: A }\n".to_string(),
        );
        let rules = crate::rules::load::load(crate::rules::load::embedded_sources(), Default::default()).unwrap();
        let ctx =
            crate::policy::Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let policy = crate::policy::load(&src, &ctx).unwrap();
        use sha2::Digest;
        let canonical = r#"{"measures":[{"id":"cams","kind":"video","retention_days":3}],"policy":{"jurisdictions":["eu"],"name":"P \"q\""},"purpose":{"statement":"Safety"},"version":1}"#;
        let hex: String = sha2::Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(super::fingerprint(&policy.root), format!("sha256:{hex}"));
    }
}
