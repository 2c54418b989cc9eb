//! Is a data protection impact assessment required? The screening of the Article 29
//! Working Party's guidelines on DPIA (WP248 rev.01, endorsed by the EDPB on 25 May
//! 2018), section III.B.a: nine criteria; processing that meets two or more is
//! likely to result in a high risk, and an assessment is required.
//!
//! Each criterion is read from what the policy records. Workers are always
//! vulnerable data subjects in the guidelines' sense (the power imbalance of
//! employment, criterion 7), so every monitoring policy meets one criterion, and
//! any second one makes an assessment required, as the guidelines' own example of
//! an employer monitoring its employees' work stations and internet use concludes.

use crate::policy::{PNode, Policy};
use serde::Serialize;

/// Headcount from which watchwise counts processing as large scale. WP248 and the
/// DPO guidelines (WP243) name factors (number of people, volume, duration, reach),
/// not a number; this threshold is watchwise's convention, documented with it.
pub(crate) const LARGE_SCALE_HEADCOUNT: i64 = 1000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Screening {
    /// Two or more criteria are met.
    pub required: bool,
    /// Whether the GDPR (or the UK GDPR), whose Article 35 the guidelines read,
    /// applies to one of the policy's jurisdictions; elsewhere the screening is for
    /// reference only.
    pub gdpr: bool,
    /// How many are met.
    pub met: usize,
    pub criteria: Vec<Criterion>,
    /// `governance.impact_assessment` as the policy records it (`none` when absent).
    pub recorded: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Criterion {
    /// 1 to 9, in the order of WP248.
    pub number: u8,
    pub id: &'static str,
    /// `true`, `false`, or `null` when the policy does not record what it would take
    /// to tell.
    pub met: Option<bool>,
    /// The measures that meet it (empty for a criterion of the whole policy).
    pub measures: Vec<String>,
    /// Why, in English, for the report.
    pub why: String,
}

/// The nine criteria, with their titles in English and Chinese.
pub(crate) const CRITERIA: [(&str, &str, &str); 9] = [
    ("evaluation", "Evaluation or scoring", "评价或评分"),
    (
        "automated_decisions",
        "Automated decisions with legal or similar significant effect",
        "具有法律或类似重大影响的自动化决策",
    ),
    ("systematic_monitoring", "Systematic monitoring", "系统性监控"),
    ("sensitive_data", "Sensitive or highly personal data", "敏感或高度私人的数据"),
    ("large_scale", "Data processed on a large scale", "大规模处理数据"),
    ("combined_datasets", "Matching or combining datasets", "匹配或合并数据集"),
    ("vulnerable_subjects", "Vulnerable data subjects (employees)", "弱势数据主体（雇员）"),
    ("innovative_technology", "Innovative use of technology", "创新技术的使用"),
    ("prevents_rights", "Processing that decides access to a right or a contract", "决定能否行使权利或订立合同的处理"),
];

const EVALUATION_USES: &[&str] =
    &["performance_evaluation", "productivity_ranking", "promotion", "pay", "discipline", "dismissal"];
const SIGNIFICANT_USES: &[&str] = &["discipline", "dismissal", "pay", "promotion"];
const HIGHLY_PERSONAL_KINDS: &[&str] = &[
    "webcam",
    "audio",
    "phone_calls",
    "screen_capture",
    "keystrokes",
    "email_content",
    "chat_content",
    "location",
    "vehicle_telematics",
    "biometric_fingerprint",
    "biometric_face",
    "emotion_recognition",
    "social_media",
    "health_data",
];
const NEW_TECHNOLOGY_KINDS: &[&str] =
    &["biometric_fingerprint", "biometric_face", "emotion_recognition", "productivity_scoring"];
const BIOMETRIC_KINDS: &[&str] = &["biometric_fingerprint", "biometric_face"];

fn strs(node: Option<&PNode>) -> Vec<&str> {
    node.map(PNode::as_list).unwrap_or_default().iter().filter_map(PNode::as_str).collect()
}

fn is_true(node: Option<&PNode>) -> bool {
    node.is_some_and(|n| n.value == crate::policy::Value::Bool(true))
}

pub(crate) fn screen(policy: &Policy) -> Screening {
    let measures: Vec<(&str, &str, &PNode)> = policy
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), m.kind.as_str(), policy.measure_node(i)))
        .collect();
    let pick = |test: &dyn Fn(&str, &PNode) -> bool| -> Vec<String> {
        measures.iter().filter(|(_, kind, node)| test(kind, node)).map(|(id, _, _)| id.to_string()).collect()
    };
    let uses = |node: &PNode, among: &[&str]| strs(node.get("used_for")).iter().any(|u| among.contains(u));
    let mut criteria = Vec::with_capacity(9);
    let mut push = |n: usize, met: Option<bool>, measures: Vec<String>, why: String| {
        criteria.push(Criterion { number: n as u8 + 1, id: CRITERIA[n].0, met, measures, why });
    };
    // A criterion met by the measures `m`: why it is, or why not.
    let by = |m: Vec<String>, yes: &str, no: &str| {
        let why = if m.is_empty() { no } else { yes }.to_string();
        (Some(!m.is_empty()), m, why)
    };

    let m = pick(&|kind, node| {
        kind == "productivity_scoring" || kind == "emotion_recognition" || uses(node, EVALUATION_USES)
    });
    let (met, m, why) = by(
        m,
        "The results score workers or feed appraisals, rankings, pay or discipline.",
        "No measure scores workers or feeds appraisals, rankings, pay or discipline.",
    );
    push(0, met, m, why);

    let m = pick(&|_, node| is_true(node.get("automated_decisions")) && uses(node, SIGNIFICANT_USES));
    let (met, m, why) = by(
        m,
        "A system decides on discipline, dismissal, pay or promotion without a person deciding.",
        "No system decides on discipline, dismissal, pay or promotion without a person.",
    );
    push(1, met, m, why);

    let m = pick(&|_, node| node.path(&["scope", "subjects"]).and_then(PNode::as_str) != Some("under_investigation"));
    let (met, m, why) = by(
        m,
        "The measures observe workers as part of a standing arrangement, not one investigation.",
        "Every measure is limited to people under a specific, documented investigation.",
    );
    push(2, met, m, why);

    let m = pick(&|kind, node| {
        HIGHLY_PERSONAL_KINDS.contains(&kind)
            || !strs(node.get("special_categories")).is_empty()
            || is_true(node.get("captures_content"))
            || strs(node.path(&["scope", "locations"])).contains(&"employee_home")
    });
    let (met, m, why) = by(
        m,
        "Special-category data, communications content, location data or the home is involved.",
        "No special-category data, communications content, location or home is involved.",
    );
    push(3, met, m, why);

    let headcount =
        ["workforce", "employer"].iter().zip(["headcount", "employees"]).find_map(|(map, key)| {
            match policy.root.path(&["policy", map, key]).map(|n| &n.value) {
                Some(crate::policy::Value::Int(n)) => Some(*n),
                _ => None,
            }
        });
    match headcount {
        Some(n) => push(
            4,
            Some(n >= LARGE_SCALE_HEADCOUNT),
            Vec::new(),
            format!("{n} workers in scope; watchwise counts {LARGE_SCALE_HEADCOUNT} or more as large scale."),
        ),
        None => push(
            4,
            None,
            Vec::new(),
            "The policy does not record how many workers are in scope (`policy.workforce.headcount`).".into(),
        ),
    }

    let mut shared: Vec<String> = Vec::new();
    for (i, (id, _, node)) in measures.iter().enumerate() {
        let mine = strs(node.get("used_for"));
        let combined = measures.iter().enumerate().any(|(j, (_, _, other))| {
            i != j
                && strs(other.get("used_for")).iter().any(|u| mine.contains(u) && !["security", "safety"].contains(u))
        });
        if combined {
            shared.push(id.to_string());
        }
    }
    let (met, m, why) = by(
        shared,
        "Two or more measures feed the same use, so their data are combined about each worker.",
        "No two measures feed the same use.",
    );
    push(5, met, m, why);

    push(
        6,
        Some(true),
        Vec::new(),
        "Employees are vulnerable data subjects: they depend on the employer (WP248, criterion 7).".into(),
    );

    let m = pick(&|kind, _| NEW_TECHNOLOGY_KINDS.contains(&kind));
    let (met, m, why) = by(
        m,
        "Biometric recognition, emotion recognition or algorithmic scoring of workers.",
        "No biometric recognition, emotion recognition or algorithmic scoring.",
    );
    push(7, met, m, why);

    let alternative = is_true(policy.root.path(&["consent", "alternative_offered"]));
    let m = pick(&|kind, node| uses(node, &["dismissal", "pay"]) || (BIOMETRIC_KINDS.contains(&kind) && !alternative));
    push(
        8,
        Some(!m.is_empty()),
        m.clone(),
        if m.is_empty() {
            "No measure decides whether the contract continues or what it pays, and no biometric check is imposed without an alternative.".into()
        } else {
            "The results decide dismissal or pay, or workers must give biometric data to work, with no alternative."
                .into()
        },
    );

    let met = criteria.iter().filter(|c| c.met == Some(true)).count();
    let recorded =
        policy.root.path(&["governance", "impact_assessment"]).and_then(PNode::as_str).unwrap_or("none").to_string();
    const GDPR: &[&str] = &["eu", "uk", "de", "fr", "it", "es"];
    let gdpr = policy.jurisdictions.iter().any(|j| GDPR.contains(&j.as_str()));
    Screening { required: met >= 2, gdpr, met, criteria, recorded }
}
