//! A loaded, validated policy.
//!
//! The document is kept as a typed tree with spans (rules address fields by path, so
//! a tree is their natural input), plus the few facts the engine needs by name.

use super::schema::Key;
use crate::diag::Span;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    Date(Date),
    List(Vec<PNode>),
    Map(Vec<(Key, PNode)>),
}

/// One validated value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct PNode {
    pub value: Value,
    pub span: Span,
    /// Filled in by a default (`covert: false`), not written in the file.
    pub defaulted: bool,
}

impl PNode {
    /// The entry named `key`.
    pub fn get(&self, key: &str) -> Option<&PNode> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name() == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn path(&self, segs: &[&str]) -> Option<&PNode> {
        segs.iter().try_fold(self, |node, seg| node.get(seg))
    }

    /// The entry for `key`: what rules read, thousands of times per policy, hence
    /// by key rather than by name.
    pub fn entry(&self, key: Key) -> Option<&PNode> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn at(&self, keys: &[Key]) -> Option<&PNode> {
        keys.iter().try_fold(self, |node, key| node.entry(*key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> &[PNode] {
        match &self.value {
            Value::List(items) => items,
            _ => &[],
        }
    }

    /// The value as JSON, for templates and reports. Dates become `YYYY-MM-DD`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Str(s) => J::String(s.clone()),
            Value::Int(n) => J::from(*n),
            Value::Bool(b) => J::Bool(*b),
            Value::Date(d) => J::String(d.to_string()),
            Value::List(items) => J::Array(items.iter().map(PNode::to_json).collect()),
            Value::Map(entries) => {
                J::Object(entries.iter().map(|(k, v)| (k.name().to_string(), v.to_json())).collect())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub id: String,
    pub kind: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Waiver {
    pub rule: String,
    pub measure: Option<String>,
    pub reason: String,
    pub approved_by: String,
    pub expires: Date,
    pub agreement: Option<Agreement>,
    pub span: Span,
}

/// The agreement of a body other than the employer, recorded on a waiver.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    pub body: String,
    pub reference: Option<String>,
    pub date: Option<Date>,
}

/// One entry of the action plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub id: String,
    pub rule: String,
    pub measure: Option<String>,
    pub change: String,
    pub owner: String,
    pub due: Date,
    /// `planned`, `in_progress` or `done`.
    pub status: String,
    pub evidence: Option<String>,
    pub span: Span,
    pub due_span: Span,
    pub status_span: Span,
}

impl Action {
    pub fn done(&self) -> bool {
        self.status == "done"
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// The file name as given on the command line (`-` reads as `<stdin>`).
    pub file: String,
    pub root: PNode,
    pub name: String,
    pub jurisdictions: Vec<String>,
    pub measures: Vec<Measure>,
    pub waivers: Vec<Waiver>,
    pub actions: Vec<Action>,
    /// Where `measures` sits among the top-level entries of `root`.
    pub measures_at: usize,
}

impl Policy {
    pub fn measure_node(&self, index: usize) -> &PNode {
        match &self.root.value {
            Value::Map(entries) => &entries[self.measures_at].1.as_list()[index],
            _ => unreachable!("a validated policy is a map"),
        }
    }

    pub fn organization(&self) -> Option<&str> {
        self.root.path(&["policy", "organization"]).and_then(PNode::as_str)
    }

    /// The `review` section, if the policy has one.
    pub fn review(&self) -> Option<&PNode> {
        self.root.get("review")
    }

    pub fn revision(&self) -> Option<&str> {
        self.root.path(&["policy", "revision"]).and_then(PNode::as_str)
    }
}
