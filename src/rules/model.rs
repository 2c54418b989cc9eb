//! Rules and packs as loaded: the vocabulary of findings (category, severity) and
//! the compiled condition tree.

pub(crate) use super::regex::LazyRegex;
use super::template::Tpl;
use crate::Lang;
pub use crate::Text;
use crate::diag::Span;
use crate::policy::schema::{Key, Ty};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Privacy,
    Trust,
    Stress,
    Legal,
    Misjudgement,
    Morale,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Privacy,
        Category::Trust,
        Category::Stress,
        Category::Legal,
        Category::Misjudgement,
        Category::Morale,
    ];
    pub const NAMES: [&'static str; 6] = ["privacy", "trust", "stress", "legal", "misjudgement", "morale"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Category> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => ["Privacy", "Trust", "Stress", "Legal", "Misjudgement", "Morale"][self as usize],
            Lang::Zh => ["侵犯隐私", "破坏信任", "增加压力", "法律风险", "误判问题", "士气低落"][self as usize],
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical];
    pub const NAMES: [&'static str; 5] = ["info", "low", "medium", "high", "critical"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }

    /// Score weight (cli.md): info 0, low 1, medium 3, high 7, critical 15.
    pub fn weight(self) -> u32 {
        [0, 1, 3, 7, 15][self as usize]
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => Self::NAMES[self as usize],
            Lang::Zh => ["提示", "低", "中", "高", "严重"][self as usize],
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A literal in a condition, already checked against the field's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Str(String),
    Int(i64),
    Bool(bool),
    Date(jiff::civil::Date),
}

#[derive(Clone, Debug)]
pub enum Op {
    Exists(bool),
    Equals(Lit),
    NotEquals(Lit),
    In(Vec<Lit>),
    NotIn(Vec<Lit>),
    Contains(Lit),
    ContainsAny(Vec<Lit>),
    ContainsAll(Vec<Lit>),
    Matches(LazyRegex),
    NotMatches(LazyRegex),
    Gt(Lit),
    Gte(Lit),
    Lt(Lit),
    Lte(Lit),
    Empty(bool),
}

/// A field path: from the document root, or (`measure.`) from the current measure.
#[derive(Clone, Debug)]
pub struct FieldPath {
    pub in_measure: bool,
    /// The fields it steps through, from the root or the measure.
    pub keys: Vec<Key>,
    /// Their names joined with dots, for the paths findings name.
    pub dotted: String,
    pub ty: &'static Ty,
}

#[derive(Clone, Debug)]
pub enum Cond {
    Leaf { field: FieldPath, op: Op, span: Span },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    AnyMeasure(Box<Cond>),
    AllMeasures(Box<Cond>),
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub title: Text,
    pub category: Category,
    pub severity: Severity,
    pub for_each_measure: bool,
    pub when: Cond,
    pub message: Tpl,
    pub recommendation: Tpl,
    pub references: Vec<Reference>,
    pub tags: Vec<String>,
    /// The safeguards that lower this rule's findings, as written (ids and where).
    pub mitigation_ids: Vec<(String, Span)>,
    /// The same, resolved once every pack is loaded.
    pub mitigations: Vec<Arc<Mitigation>>,
    /// The lowest level mitigations can bring a finding to ([`DEFAULT_FLOOR`] unset).
    pub floor: Option<Severity>,
    /// `mitigable: false`: no safeguard lowers it.
    pub mitigable: bool,
    pub waiver: WaiverRule,
    /// `applies_in`: the rule is active only where one of these packs is (a rule of
    /// `core` gated on the legal orders whose law it states); empty: everywhere its
    /// pack is.
    pub applies_in: Vec<(String, Span)>,
    pub pack: String,
    pub file: String,
    pub span: Span,
    /// Where the `when:` block starts, and the text of its file, for showing the
    /// condition as written (`rules show`, `rules doc`).
    pub when_span: Span,
    pub file_text: std::sync::Arc<str>,
}

impl Rule {
    /// The `when:` block as written.
    pub fn when_source(&self) -> String {
        excerpt(&self.file_text, self.when_span)
    }

    /// The lowest level mitigations can bring its findings to.
    pub(crate) fn floor(&self) -> Severity {
        self.floor.unwrap_or(DEFAULT_FLOOR)
    }
}

/// The floor of a rule that sets none: mitigations bring a finding down to `low`
/// at most, so a finding never disappears because of what the policy says it does.
pub(crate) const DEFAULT_FLOOR: Severity = Severity::Low;

/// Who can set a rule's findings aside with a waiver.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum WaiverRule {
    /// The employer alone (`approved_by`).
    #[default]
    Employer,
    /// Only with the recorded agreement (`agreement.body`) of one of these bodies.
    Requires(Vec<String>),
    /// No waiver applies (`waiver: never`).
    Never,
}

/// A named safeguard: where its condition holds, it lowers the findings of the
/// rules that name it by `lowers` levels, down to each rule's floor.
#[derive(Clone, Debug)]
pub struct Mitigation {
    pub id: String,
    pub label: Text,
    pub for_each_measure: bool,
    pub when: Cond,
    pub lowers: u8,
    pub pack: String,
    pub file: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Override {
    pub rule: String,
    pub severity: Severity,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Pack {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Pack ids activated with this one, with where each is written.
    pub extends: Vec<(String, Span)>,
    pub overrides: Vec<Override>,
    pub disable: Vec<(String, Span)>,
    /// Sorted by id.
    pub(crate) rules: Vec<Rule>,
    /// Sorted by id.
    pub mitigations: Vec<Arc<Mitigation>>,
    /// Where it came from: `rules/core` (embedded) or the folder on disk.
    pub origin: String,
    pub embedded: bool,
}

impl Pack {
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

/// The source lines of a block starting at `span`, for showing a condition as written.
fn excerpt(text: &str, span: Span) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = span.line as usize - 1;
    let Some(first) = lines.get(start) else { return String::new() };
    let indent = first.len() - first.trim_start().len();
    let mut out = vec![first.to_string()];
    for line in &lines[start + 1..] {
        let ind = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && ind < indent.max(span.col as usize - 1) {
            break;
        }
        out.push(line.to_string());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let cut = (span.col as usize - 1).min(indent);
    out.iter().map(|l| l.get(cut..).unwrap_or("").to_string()).collect::<Vec<_>>().join("\n")
}
