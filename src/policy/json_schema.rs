//! `watchwise schema`: the JSON Schema (2020-12) of the policy format, generated from
//! the same description the loader validates against (`schema.rs`), so the two
//! cannot disagree about a key, a type or a vocabulary.

use super::schema::{self, Field, Ty};
use super::vocab::{JURISDICTION_MEANINGS, vocabulary_of};
use serde_json::{Map, Value, json};

pub(crate) fn schema() -> Value {
    let mut root = of(schema::root());
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    root["title"] = json!("watchwise policy, format version 1");
    root["description"] = json!(
        "A proposed workplace-monitoring policy: why an employer wants to monitor, which measures it will use, \
         and how the data is handled. Checked by `watchwise check`."
    );
    root
}

pub(crate) fn render() -> String {
    serde_json::to_string_pretty(&schema()).expect("schema serializes") + "\n"
}

fn with_doc(mut v: Value, f: &Field) -> Value {
    if !f.doc.is_empty() {
        v["description"] = json!(f.doc);
    }
    v
}

/// A vocabulary as one `{const, description}` per word: JSON Schema has no
/// description per `enum` value, and editors show these in completion.
fn words(meanings: &[(&str, &str)]) -> Vec<Value> {
    meanings.iter().map(|(word, meaning)| json!({ "const": word, "description": meaning })).collect()
}

fn of(ty: &Ty) -> Value {
    // Free text may be written as a bare number or boolean in YAML (`revision: 2`);
    // the loader reads it as text, so the schema allows it too.
    let text = json!(["string", "number", "boolean"]);
    match ty {
        Ty::Str => json!({ "type": text }),
        Ty::NonEmptyStr => json!({ "type": text, "minLength": 1 }),
        Ty::MeasureId => json!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" }),
        Ty::MeasureRef => json!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" }),
        Ty::RuleRef => json!({ "type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$" }),
        Ty::Jurisdiction => {
            let mut choices = words(JURISDICTION_MEANINGS);
            choices.push(json!({ "pattern": "^[a-z0-9-]+$", "description": "The id of a pack loaded with --rules." }));
            json!({ "type": "string", "anyOf": choices })
        }
        Ty::Int { min } => json!({ "type": "integer", "minimum": min }),
        Ty::Version => json!({ "const": 1 }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Date => json!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
        Ty::Enum(values) => match vocabulary_of(values) {
            Some(v) => json!({ "type": "string", "anyOf": words(v.meanings) }),
            None => json!({ "type": "string", "enum": values }),
        },
        Ty::List { item, min } => {
            let mut v = json!({ "type": "array", "items": of(item) });
            if *min > 0 {
                v["minItems"] = json!(min);
            }
            if matches!(**item, Ty::Enum(_) | Ty::Jurisdiction) {
                v["uniqueItems"] = json!(true);
            }
            v
        }
        Ty::Map(fields) => {
            let props: Map<String, Value> =
                fields.iter().map(|f| (f.name.to_string(), with_doc(of(&f.ty), f))).collect();
            let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.name).collect();
            let mut v = json!({ "type": "object", "additionalProperties": false, "properties": props });
            if !required.is_empty() {
                v["required"] = json!(required);
            }
            // A measure of kind `other` must say what it collects.
            if fields.iter().any(|f| f.name == "kind") && fields.iter().any(|f| f.name == "description") {
                v["if"] = json!({ "properties": { "kind": { "const": "other" } }, "required": ["kind"] });
                v["then"] = json!({ "required": ["description"] });
            }
            v
        }
    }
}
