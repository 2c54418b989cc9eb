//! `docs/vocabulary.md`, made from the schema (which fields take which vocabulary)
//! and the vocabularies (every word with its meaning).

use super::schema::{self, Ty};
use super::vocab::{VOCABULARIES, Vocabulary, vocabulary_of};
use std::fmt::Write as _;

/// `docs/vocabulary.md`: every vocabulary with the fields that use it and the
/// meaning of each word.
pub fn markdown() -> String {
    let mut out = String::from(
        "<!-- Generated from src/policy/vocab.rs and schema.rs by `UPDATE_DOCS=1 cargo test --test cli docs`; do not edit. -->\n\n\
         # Vocabularies\n\n\
         The closed vocabularies of policy format version 1 (see [policy-format.md](policy-format.md)). \
         A value outside its vocabulary is an input error. The words are written in English whatever \
         the output language; outputs for people show them in plain words.\n",
    );
    let mut uses = Vec::new();
    fields_using(schema::root(), String::new(), &mut uses);
    for v in VOCABULARIES {
        let fields: Vec<String> =
            uses.iter().filter(|(u, _)| std::ptr::eq(*u, v)).map(|(_, f)| format!("`{f}`")).collect();
        let _ = write!(out, "\n## {}\n\nUsed by {}.", v.title, fields.join(", "));
        if !v.note.is_empty() {
            let _ = write!(out, " {}", v.note);
        }
        out.push_str("\n\n| word | meaning |\n| --- | --- |\n");
        for (word, meaning) in v.meanings {
            let _ = writeln!(out, "| `{word}` | {meaning} |");
        }
    }
    out
}

/// The vocabulary of every field below `ty` that takes one, with the field's path.
fn fields_using(ty: &Ty, path: String, out: &mut Vec<(&'static Vocabulary, String)>) {
    match ty {
        Ty::Map(fields) => {
            for f in fields {
                let sub = if path.is_empty() { f.name.to_string() } else { format!("{path}.{}", f.name) };
                fields_using(&f.ty, sub, out);
            }
        }
        Ty::List { item, .. } if item.fields().is_some() => fields_using(item, format!("{path}[]"), out),
        Ty::List { item, .. } => fields_using(item, path, out),
        _ => {
            if let Some(v) = ty.vocabulary().and_then(vocabulary_of) {
                out.push((v, path));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_of_the_schema_is_in_the_reference() {
        fn walk(ty: &Ty) {
            if let Some(words) = ty.vocabulary() {
                assert!(vocabulary_of(words).is_some(), "{words:?} is not in VOCABULARIES");
            }
            for f in ty.fields().into_iter().flatten() {
                walk(&f.ty);
            }
            if let Some(item) = ty.item() {
                walk(item);
            }
        }
        walk(schema::root());
        let md = markdown();
        for v in VOCABULARIES {
            assert!(!md.contains(&format!("## {}\n\nUsed by .", v.title)), "{} is used by no field", v.title);
        }
    }
}
