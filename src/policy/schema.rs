//! The policy format as data: every field, its type, whether it is required, and
//! what it means.
//!
//! One description serves three readers: the loader validates files against it, the
//! rule loader checks that a condition's `field` exists and that its operator values
//! fit, and the JSON Schema is generated from it. Adding a field here adds it
//! everywhere.

use super::vocab::*;
use std::sync::OnceLock;

#[derive(Debug)]
pub enum Ty {
    Str,
    /// Free text that must not be empty.
    NonEmptyStr,
    /// A measure id: `[a-z0-9][a-z0-9-]*`.
    MeasureId,
    /// A reference to a measure id in the same file.
    MeasureRef,
    /// A rule id known to the loaded packs.
    RuleRef,
    /// A jurisdiction: a known pack id.
    Jurisdiction,
    Int {
        min: i64,
    },
    /// The format version: the integer 1.
    Version,
    Bool,
    Date,
    Enum(&'static [&'static str]),
    List {
        item: Box<Ty>,
        min: usize,
    },
    Map(Vec<Field>),
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub doc: &'static str,
}

impl Ty {
    pub fn fields(&self) -> Option<&[Field]> {
        match self {
            Ty::Map(fields) => Some(fields),
            _ => None,
        }
    }

    /// The type of one element, for lists.
    pub fn item(&self) -> Option<&Ty> {
        match self {
            Ty::List { item, .. } => Some(item),
            _ => None,
        }
    }

    pub fn vocabulary(&self) -> Option<&'static [&'static str]> {
        match self {
            Ty::Enum(v) => Some(v),
            Ty::Jurisdiction => Some(JURISDICTIONS),
            _ => None,
        }
    }

    /// Whether a rule can compare this field as text (`equals`, `matches`, `contains`).
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Ty::Str | Ty::NonEmptyStr | Ty::MeasureId | Ty::MeasureRef | Ty::RuleRef | Ty::Jurisdiction | Ty::Enum(_)
        )
    }
}

/// A key of a policy map: the schema field it names. Keys are compared as fields,
/// by address (each field of the schema is one object for the life of the
/// process), so that a rule reading `measure.covert` finds its entry by comparing
/// a word in the entry rather than reading two names from elsewhere in memory.
#[derive(Clone, Copy)]
pub struct Key(&'static Field);

impl Key {
    pub fn name(self) -> &'static str {
        self.0.name
    }

    pub fn field(self) -> &'static Field {
        self.0
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

impl Field {
    pub fn key(&'static self) -> Key {
        Key(self)
    }
}

fn f(name: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field { name, ty, required: false, doc }
}

fn req(name: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field { name, ty, required: true, doc }
}

fn list(item: Ty) -> Ty {
    Ty::List { item: Box::new(item), min: 0 }
}

fn list1(item: Ty) -> Ty {
    Ty::List { item: Box::new(item), min: 1 }
}

/// The root of a version-1 policy document.
pub(crate) fn root() -> &'static Ty {
    static ROOT: OnceLock<Ty> = OnceLock::new();
    ROOT.get_or_init(build)
}

/// The schema of one entry of `measures`.
pub(crate) fn measure() -> &'static Ty {
    let fields = root().fields().unwrap();
    fields.iter().find(|f| f.name == "measures").unwrap().ty.item().unwrap()
}

fn build() -> Ty {
    Ty::Map(vec![
        req("version", Ty::Version, "Format version; always 1."),
        req(
            "policy",
            Ty::Map(vec![
                req("name", Ty::NonEmptyStr, "Title of the policy."),
                f("organization", Ty::Str, "The employer."),
                f("owner", Ty::Str, "Accountable person or team."),
                f("revision", Ty::Str, "Version label of this document."),
                f("effective_date", Ty::Date, "Planned start (YYYY-MM-DD)."),
                req(
                    "jurisdictions",
                    list1(Ty::Jurisdiction),
                    "Where the monitored workers are: rule pack ids such as eu, uk, de, us-ca, cn.",
                ),
                f(
                    "workforce",
                    Ty::Map(vec![
                        f("headcount", Ty::Int { min: 0 }, "Workers in scope."),
                        f("representation", Ty::Enum(REPRESENTATION), "Body that represents workers."),
                        f("remote_workers", Ty::Bool, "Some monitored workers work from home."),
                    ]),
                    "Who is monitored.",
                ),
                f(
                    "employer",
                    Ty::Map(vec![
                        f("sector", Ty::Enum(SECTORS), "What kind of employer: private, public_body or nonprofit."),
                        f("employees", Ty::Int { min: 0 }, "Everyone the employer employs, at every site."),
                        f(
                            "annual_revenue_usd",
                            Ty::Int { min: 0 },
                            "Annual gross revenue in US dollars (e.g. the CCPA threshold).",
                        ),
                    ]),
                    "The employer, where the law depends on what kind it is.",
                ),
            ]),
            "Who and where.",
        ),
        req(
            "purpose",
            Ty::Map(vec![
                req("statement", Ty::NonEmptyStr, "The purpose in the employer's own words."),
                f("goals", list(Ty::Enum(GOALS)), "The purposes, classified."),
                f("legal_basis", Ty::Enum(LEGAL_BASES), "Lawful basis claimed."),
                f("necessity_assessed", Ty::Bool, "A written necessity and proportionality assessment exists."),
                f("alternatives_considered", list(Ty::Str), "Less intrusive options that were weighed."),
            ]),
            "Why.",
        ),
        req("measures", list1(measure_fields()), "What is monitored, one entry per measure."),
        f(
            "transparency",
            Ty::Map(vec![
                f("notice", Ty::Enum(NOTICE), "How workers are told."),
                f("notice_days_before_start", Ty::Int { min: 0 }, "Lead time of the notice, in days."),
                f("signage", Ty::Bool, "Notices are posted where monitoring happens."),
                f("notice_covers", list(Ty::Enum(NOTICE_COVERS)), "What the notice explains."),
                f(
                    "new_hire_notice",
                    Ty::Bool,
                    "New hires receive the notice when they join (e.g. NY Civ. Rights Law 52-c).",
                ),
            ]),
            "What workers are told.",
        ),
        f(
            "consent",
            Ty::Map(vec![
                f("collected", Ty::Bool, "Consent is asked."),
                f("written", Ty::Bool, "In writing (a signed release)."),
                f("separate", Ty::Bool, "Separate from the employment contract and other terms."),
                f("alternative_offered", Ty::Bool, "Refusing has no detriment; another way is offered."),
            ]),
            "Consent collected, if any.",
        ),
        f(
            "governance",
            Ty::Map(vec![
                f("impact_assessment", Ty::Enum(IMPACT_ASSESSMENT), "DPIA / PIA status."),
                f("impact_assessment_date", Ty::Date, "When the assessment was completed."),
                f("representatives", Ty::Enum(REPRESENTATIVES), "Role of the workers' representative body."),
                f("dpo_consulted", Ty::Bool, "Data protection officer consulted."),
                f("review_interval_months", Ty::Int { min: 1 }, "How often the policy is reviewed."),
                f("complaint_channel", Ty::Bool, "Workers can raise concerns."),
                f(
                    "retention_schedule_published",
                    Ty::Bool,
                    "A written, public retention and destruction schedule exists.",
                ),
                f(
                    "authority_authorisation",
                    Ty::Bool,
                    "A labour inspectorate or other authority authorised the measures (e.g. Italy, Workers' Statute Art 4).",
                ),
                f(
                    "disconnection_policy",
                    Ty::Bool,
                    "A written right-to-disconnect policy covers the monitored workers (e.g. France L2242-17, Spain LOPDGDD Art 88).",
                ),
            ]),
            "Assessments, consultation, review.",
        ),
        f(
            "waivers",
            list(Ty::Map(vec![
                req("rule", Ty::RuleRef, "The rule waived."),
                f("measure", Ty::MeasureRef, "Only this measure; absent = the whole policy."),
                req("reason", Ty::NonEmptyStr, "Why the risk is accepted."),
                req("approved_by", Ty::NonEmptyStr, "Who accepted it."),
                req("expires", Ty::Date, "After this day the waiver no longer applies."),
                f(
                    "agreement",
                    Ty::Map(vec![
                        req("body", Ty::Enum(AGREEMENT_BODIES), "The body that agreed to the waiver."),
                        f("reference", Ty::Str, "The agreement, ruling or authorisation (its title or number)."),
                        f("date", Ty::Date, "When it was given."),
                    ]),
                    "The agreement of a body other than the employer, for rules only such a body can set aside.",
                ),
            ])),
            "Accepted risks, reviewed with the policy.",
        ),
        f(
            "actions",
            list(Ty::Map(vec![
                req("id", Ty::MeasureId, "Name of the action: lowercase letters, digits and `-`."),
                req("rule", Ty::RuleRef, "The rule whose finding the action answers."),
                f("measure", Ty::MeasureRef, "Only this measure's finding; absent = the policy-wide one or all."),
                req("change", Ty::NonEmptyStr, "What will be changed, in words."),
                req("owner", Ty::NonEmptyStr, "Who is responsible for it."),
                req("due", Ty::Date, "When it must be done."),
                req("status", Ty::Enum(ACTION_STATUSES), "planned, in_progress or done."),
                f("evidence", Ty::Str, "Where the change is recorded (a document, a ticket, a works agreement)."),
            ])),
            "The action plan: who changes what, by when.",
        ),
        f(
            "review",
            Ty::Map(vec![
                req("author", Ty::NonEmptyStr, "Who wrote the policy and the assessment."),
                f(
                    "dpo",
                    Ty::Map(vec![
                        req("name", Ty::NonEmptyStr, "The data protection officer."),
                        f("date", Ty::Date, "When the opinion was given."),
                        req("opinion", Ty::NonEmptyStr, "The opinion, or where it is recorded."),
                    ]),
                    "The data protection officer's opinion.",
                ),
                f(
                    "representatives",
                    Ty::Map(vec![
                        f("body", Ty::Enum(AGREEMENT_BODIES), "Which body gave the opinion."),
                        f("name", Ty::Str, "Its name (e.g. the works council of the Hamburg site)."),
                        f("date", Ty::Date, "When it gave its opinion."),
                        f("opinion", Ty::NonEmptyStr, "The opinion, or where it is recorded."),
                        f("not_sought", Ty::NonEmptyStr, "Why the workers' representatives were not asked."),
                    ]),
                    "The workers' representatives' opinion, or why it was not sought.",
                ),
                f(
                    "decision",
                    Ty::Map(vec![
                        req("outcome", Ty::Enum(DECISIONS), "approved, approved_with_changes or rejected."),
                        req("by", Ty::NonEmptyStr, "Who decided."),
                        req("date", Ty::Date, "When."),
                    ]),
                    "The decision on the policy.",
                ),
                f(
                    "fingerprint",
                    Ty::NonEmptyStr,
                    "`watchwise fingerprint` of the policy when it was signed off; a later change shows as a stale sign-off.",
                ),
            ]),
            "Who reviewed the policy, who decided, and on which version.",
        ),
    ])
}

fn measure_fields() -> Ty {
    Ty::Map(vec![
        req("id", Ty::MeasureId, "Name of the measure; findings point at it."),
        req("kind", Ty::Enum(KINDS), "What is collected."),
        f("description", Ty::Str, "Free text (required when kind is `other`)."),
        f(
            "scope",
            Ty::Map(vec![
                f("locations", list(Ty::Enum(LOCATIONS)), "Where it applies."),
                f("devices", Ty::Enum(DEVICES), "Whose devices (personal = BYOD)."),
                f("subjects", Ty::Enum(SUBJECTS), "Who is monitored."),
            ]),
            "Where and whom.",
        ),
        f(
            "timing",
            Ty::Map(vec![
                f("mode", Ty::Enum(TIMING_MODES), "When."),
                f("includes_breaks", Ty::Bool, "Runs during breaks."),
                f("outside_working_hours", Ty::Bool, "Runs outside working hours."),
            ]),
            "When.",
        ),
        f("covert", Ty::Bool, "Workers are not told about this measure (default false)."),
        f(
            "covert_justification",
            Ty::Map(vec![
                f("case_reference", Ty::Str, "Investigation it serves."),
                f("authorized_by", Ty::Str, "Who authorized it."),
                f("ends_on", Ty::Date, "When it stops."),
            ]),
            "Why a covert measure is justified.",
        ),
        f("captures_content", Ty::Bool, "Records content, not only metadata."),
        f("live_viewing", Ty::Bool, "Someone watches or reads in real time."),
        f("retention_days", Ty::Int { min: 0 }, "How long data is kept, in days (0 = not stored)."),
        f(
            "access",
            Ty::Map(vec![
                f("roles", list(Ty::Enum(ROLES)), "Who can see the data."),
                f("logged", Ty::Bool, "Access to the data is logged."),
            ]),
            "Who sees the data.",
        ),
        f("processor", Ty::Str, "Outside vendor that processes the data."),
        f("transfers_abroad", Ty::Bool, "Data leaves the jurisdiction."),
        f(
            "shared_with_third_parties",
            Ty::Bool,
            "Data is sold or disclosed to third parties other than a processor acting on the employer's instructions.",
        ),
        f("special_categories", list(Ty::Enum(SPECIAL_CATEGORIES)), "Sensitive data involved."),
        f("used_for", list(Ty::Enum(USES)), "What the results feed."),
        f("automated_decisions", Ty::Bool, "A system decides about a worker without a person deciding."),
        f("human_review", Ty::Bool, "A person reviews before any adverse action."),
        f("workers_can_contest", Ty::Bool, "A worker can see and dispute what the data says about them."),
        f("workers_can_view_own_data", Ty::Bool, "Access to one's own data."),
        f("results_visible_to_peers", Ty::Bool, "Scores or rankings are shown to colleagues."),
        f("worker_can_pause", Ty::Bool, "A privacy or break mode exists."),
    ])
}

/// Resolves a dotted path (`purpose.statement`) against a map type: the key of
/// each step. An unknown step gives its index and the names known there.
pub(crate) fn lookup(mut ty: &'static Ty, path: &[&str]) -> Result<Vec<Key>, (usize, Vec<&'static str>)> {
    let mut keys = Vec::with_capacity(path.len());
    for (i, seg) in path.iter().enumerate() {
        let fields = ty.fields().ok_or((i, Vec::new()))?;
        match fields.iter().find(|f| f.name == *seg) {
            Some(field) => {
                keys.push(field.key());
                ty = &field.ty;
            }
            None => return Err((i, fields.iter().map(|f| f.name).collect())),
        }
    }
    Ok(keys)
}
