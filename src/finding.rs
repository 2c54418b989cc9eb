//! Findings and per-policy results: built once by the engine, read by every renderer.

use crate::diag::Diagnostic;
use crate::rules::model::{Mitigation, WaiverRule};
use crate::rules::{Category, Reference, Severity};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WaiverInfo {
    pub reason: String,
    pub approved_by: String,
    pub expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<AgreementInfo>,
}

/// The agreement of a body other than the employer, as the waiver records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgreementInfo {
    pub body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A waiver that matched a finding but cannot set it aside: the rule cannot be
/// waived (`requires` empty), or only with the agreement of one of `requires`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvalidWaiver {
    #[serde(flatten)]
    pub waiver: WaiverInfo,
    pub requires: Vec<String>,
}

/// A safeguard the policy records that lowered (or could have lowered) a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Applied<'r> {
    pub id: &'r str,
    /// In the output language.
    pub label: &'r str,
    #[serde(skip)]
    pub lowers: u8,
}

impl<'r> Applied<'r> {
    pub(crate) fn new(m: &'r Mitigation, lang: crate::Lang) -> Applied<'r> {
        Applied { id: &m.id, label: m.label.get(lang), lowers: m.lowers }
    }
}

/// One finding. What every finding of a rule shares (its id, title, pack,
/// references, and text without expressions) is borrowed from the loaded rules,
/// `'r`, rather than copied into each of the dozens of findings a policy can draw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding<'r> {
    pub rule: &'r str,
    pub title: &'r str,
    pub category: Category,
    /// The residual level: after the safeguards the policy records. Ratings,
    /// scores and thresholds use it.
    pub severity: Severity,
    /// The level of what the rule finds, before safeguards.
    pub inherent: Severity,
    /// The safeguards recorded in the policy that the rule accepts, in the rule's order.
    pub mitigations: Vec<Applied<'r>>,
    pub pack: &'r str,
    pub measure: Option<String>,
    /// Position of the measure in the file, for sorting; not part of the JSON.
    #[serde(skip)]
    pub measure_index: Option<usize>,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: Cow<'r, str>,
    pub recommendation: Cow<'r, str>,
    pub references: &'r [Reference],
    pub waived: Option<WaiverInfo>,
    /// A waiver that matched but has expired: the finding is active again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver_expired: Option<WaiverInfo>,
    /// A waiver that matched but cannot set the finding aside: it stays active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver_invalid: Option<InvalidWaiver>,
    /// Who can waive the rule, for reports that must not call the policy ready
    /// while a finding only another body can set aside is open.
    #[serde(skip)]
    pub waiver_rule: &'r WaiverRule,
}

impl Finding<'_> {
    pub fn active(&self) -> bool {
        self.waived.is_none()
    }

    /// How the safeguards moved the finding, for every renderer: "high -> medium:
    /// a; b" when they lowered it, "high: a" when they apply but the floor holds it;
    /// `None` without safeguards.
    pub fn lowered(&self, lang: crate::Lang) -> Option<String> {
        if self.mitigations.is_empty() {
            return None;
        }
        let (sep, colon) = match lang {
            crate::Lang::En => ("; ", ": "),
            crate::Lang::Zh => ("；", "："),
        };
        let labels: Vec<&str> = self.mitigations.iter().map(|m| m.label).collect();
        let levels = if self.inherent == self.severity {
            self.inherent.label(lang).to_string()
        } else {
            format!("{} -> {}", self.inherent.label(lang), self.severity.label(lang))
        };
        Some(format!("{levels}{colon}{}", labels.join(sep)))
    }

    /// Why a waiver that matched does not set the finding aside, in words.
    pub fn invalid_waiver_note(&self, lang: crate::Lang) -> Option<String> {
        let w = self.waiver_invalid.as_ref()?;
        let bodies: Vec<String> =
            w.requires.iter().map(|b| crate::rules::template::human_word(b, lang).into_owned()).collect();
        Some(match (lang, bodies.is_empty()) {
            (crate::Lang::En, true) => "waiver not valid: this rule cannot be waived".to_string(),
            (crate::Lang::En, false) => {
                format!("waiver not valid: it needs the recorded agreement of {}", bodies.join(" or "))
            }
            (crate::Lang::Zh, true) => "豁免无效：该规则不可豁免".to_string(),
            (crate::Lang::Zh, false) => format!("豁免无效：需要记录{}的同意", bodies.join("或")),
        })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CategorySummary {
    /// Highest active severity, or `None` (rendered "none").
    #[serde(serialize_with = "rating")]
    pub rating: Option<Severity>,
    pub score: u32,
    /// Active findings in this category.
    pub findings: usize,
}

pub(crate) fn rating<S: serde::Serializer>(r: &Option<Severity>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.map_or("none", Severity::as_str))
}

/// The outcome of checking one policy.
#[derive(Clone, Debug)]
pub struct PolicyResult<'r> {
    pub file: String,
    pub name: String,
    pub organization: Option<String>,
    pub revision: Option<String>,
    pub jurisdictions: Vec<String>,
    pub packs: Vec<String>,
    /// Ids of the rules evaluated (active, not disabled), sorted; shared by every
    /// policy checked with the same packs.
    pub rules: std::sync::Arc<[String]>,
    pub rating: Option<Severity>,
    /// The rating the active findings would have without safeguards: the highest
    /// inherent level among them.
    pub inherent: Option<Severity>,
    pub score: u32,
    pub categories: [CategorySummary; 6],
    pub findings: Vec<Finding<'r>>,
    /// Findings that `--baseline` absorbed: not counted in ratings, scores or the exit
    /// status, kept so that every format can say how many and SARIF can mark them.
    pub baselined: Vec<Finding<'r>>,
    pub warnings: Vec<Diagnostic>,
    /// `watchwise fingerprint` of the policy.
    pub fingerprint: String,
    /// The action plan, held against the findings.
    pub actions: Vec<crate::review::ActionState>,
    pub review: Option<crate::review::ReviewState>,
    /// Whether an impact assessment is required (WP248 screening).
    pub dpia: crate::dpia::Screening,
}

impl<'r> PolicyResult<'r> {
    /// Sorts findings (severity, rule id, measure order) and computes ratings and scores.
    pub fn finish(&mut self) {
        let mut keys: Vec<_> = self
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| (std::cmp::Reverse(f.severity), f.rule, f.measure_index, f.path.as_str(), i))
            .collect();
        keys.sort_unstable();
        let order: Vec<usize> = keys.into_iter().map(|k| k.4).collect();
        self.reorder(order);
        self.tally();
    }

    /// Puts findings in `order` (indices into the current list), moving each once:
    /// a finding is large, and a sort that swaps findings copies them many times over.
    fn reorder(&mut self, order: Vec<usize>) {
        let mut slots: Vec<Option<Finding>> = std::mem::take(&mut self.findings).into_iter().map(Some).collect();
        self.findings = Vec::with_capacity(order.len());
        self.findings.extend(order.into_iter().filter_map(|i| slots[i].take()));
    }

    /// Computes ratings and scores from the (sorted) findings: a score is the sum of
    /// the residual weights of the active findings, with no cap, so that a policy
    /// with more or graver problems always scores higher (cli.md).
    pub fn tally(&mut self) {
        let mut cats = [CategorySummary::default(); 6];
        let mut total = 0u32;
        for f in self.findings.iter().filter(|f| f.active()) {
            let c = &mut cats[f.category as usize];
            c.rating = c.rating.max(Some(f.severity));
            c.score += f.severity.weight();
            c.findings += 1;
            total += f.severity.weight();
        }
        self.rating = cats.iter().filter_map(|c| c.rating).max();
        self.inherent = self.active().map(|f| f.inherent).max();
        self.score = total;
        self.categories = cats;
    }

    pub fn active(&self) -> impl Iterator<Item = &Finding<'r>> {
        self.findings.iter().filter(|f| f.active())
    }

    /// Whether an active finding is at or above `threshold` (None = never fail).
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        threshold.is_some_and(|t| self.active().any(|f| f.severity >= t))
    }

    pub fn category(&self, c: Category) -> &CategorySummary {
        &self.categories[c as usize]
    }
}
