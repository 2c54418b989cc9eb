//! Generated policies for the benchmark and the property tests: realistic version-1
//! files (3 to 8 measures, varied kinds and places, English and Chinese text, some
//! waivers), the same text for the same seed, with no data files to commit.

use crate::policy::vocab::{GOALS, JURISDICTIONS, KINDS, LOCATIONS, ROLES, SUBJECTS, TIMING_MODES, USES};
use std::fmt::Write as _;

/// splitmix64: small, fast, and the same sequence everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Up to `max` distinct items, at least one.
    pub fn some<'a, T: PartialEq>(&mut self, items: &'a [T], max: usize) -> Vec<&'a T> {
        let n = 1 + self.below(max);
        let mut out: Vec<&T> = Vec::new();
        for _ in 0..n * 2 {
            let x = self.pick(items);
            if !out.contains(&x) && out.len() < n {
                out.push(x);
            }
        }
        out
    }
}

const PURPOSES_EN: &[&str] = &[
    "Protect stock and cash from theft at the {place}.",
    "Keep people safe where forklifts and pedestrians meet near the {place}.",
    "See whether employees are working at their desks and spot long breaks.",
    "Investigate a specific suspected fraud reported by the audit team.",
    "Measure productivity so that team leads can coach their people.",
    "Meet our legal obligation to record trades and customer calls.",
    "Prevent customer data from leaving the company by email.",
];

const PURPOSES_ZH: &[&str] = &[
    "防止{place}的货物和现金失窃。",
    "查看员工是否在工作，及时发现上班时间玩手机、摸鱼等行为。",
    "保障叉车作业区域的人员安全。",
    "用于考勤和门禁管理。",
    "防止客户数据通过邮件外泄。",
];

const ORGS: &[&str] =
    &["Northwind Logistics", "明远软件科技有限公司", "Harrow & Finch", "Rheinland Call GmbH", "Épicerie du Port"];

/// A valid policy, the same text for the same seed.
pub fn policy(seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut y = String::with_capacity(4096);
    let zh = r.chance(30);
    let place = r.pick(LOCATIONS).replace('_', " ");
    let _ = writeln!(y, "version: 1");
    let _ = writeln!(y, "policy:");
    let _ = writeln!(y, "  name: \"Monitoring policy {seed} ({})\"", if zh { "监控政策" } else { "draft" });
    let _ = writeln!(y, "  organization: \"{}\"", r.pick(ORGS));
    let _ = writeln!(y, "  revision: \"{}.{}\"", 1 + r.below(3), r.below(10));
    let _ = writeln!(y, "  effective_date: 2027-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28));
    let js: Vec<&&str> = r.some(JURISDICTIONS, 2);
    let _ = writeln!(y, "  jurisdictions: [{}]", js.iter().map(|j| j.to_string()).collect::<Vec<_>>().join(", "));
    let _ = writeln!(y, "  workforce: {{ headcount: {}, remote_workers: {} }}", 10 + r.below(5000), r.chance(40));
    let _ = writeln!(y, "purpose:");
    let text = if zh { r.pick(PURPOSES_ZH) } else { r.pick(PURPOSES_EN) };
    let _ = writeln!(y, "  statement: \"{}\"", text.replace("{place}", &place));
    let goals: Vec<&&str> = r.some(GOALS, 3);
    let _ = writeln!(y, "  goals: [{}]", goals.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(", "));
    if r.chance(70) {
        let _ = writeln!(
            y,
            "  legal_basis: {}",
            r.pick(&["legitimate_interest", "contract", "consent", "legal_obligation"])
        );
    }
    if r.chance(50) {
        let _ = writeln!(y, "  necessity_assessed: {}", r.chance(50));
        let _ = writeln!(y, "  alternatives_considered: [Better locks, \"Badge instead of fingerprint\"]");
    }
    let _ = writeln!(y, "measures:");
    let measures = 3 + r.below(6);
    let mut ids = Vec::new();
    for m in 0..measures {
        let kind = *r.pick(KINDS);
        let id = format!("{}-{m}", kind.replace('_', "-"));
        let _ = writeln!(y, "  - id: {id}");
        let _ = writeln!(y, "    kind: {kind}");
        let _ = writeln!(
            y,
            "    description: \"{}\"",
            if zh {
                "用于安全和合规的监控措施。"
            } else {
                "Collected on company devices and reviewed after incidents."
            }
        );
        let locs: Vec<&&str> = r.some(LOCATIONS, 3);
        let _ = writeln!(
            y,
            "    scope: {{ locations: [{}], subjects: {} }}",
            locs.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", "),
            r.pick(SUBJECTS)
        );
        let _ = writeln!(
            y,
            "    timing: {{ mode: {}, includes_breaks: {}, outside_working_hours: {} }}",
            r.pick(TIMING_MODES),
            r.chance(40),
            r.chance(20)
        );
        if r.chance(80) {
            let _ = writeln!(y, "    retention_days: {}", r.pick(&[0, 3, 7, 30, 31, 90, 180, 400, 1200]));
        }
        let roles: Vec<&&str> = r.some(ROLES, 3);
        let _ = writeln!(
            y,
            "    access: {{ roles: [{}], logged: {} }}",
            roles.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "),
            r.chance(50)
        );
        let uses: Vec<&&str> = r.some(USES, 3);
        let _ = writeln!(y, "    used_for: [{}]", uses.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "));
        for flag in ["live_viewing", "captures_content", "human_review", "workers_can_contest", "automated_decisions"] {
            if r.chance(60) {
                let _ = writeln!(y, "    {flag}: {}", r.chance(50));
            }
        }
        ids.push(id);
    }
    if r.chance(70) {
        let _ = writeln!(y, "transparency:");
        let _ = writeln!(y, "  notice: {}", r.pick(&["none", "verbal", "written", "written_acknowledged"]));
        let _ = writeln!(y, "  notice_days_before_start: {}", r.below(60));
        let _ = writeln!(y, "  signage: {}", r.chance(50));
        let _ = writeln!(y, "  notice_covers: [purpose, retention]");
    }
    if r.chance(70) {
        let _ = writeln!(y, "governance:");
        let _ = writeln!(y, "  impact_assessment: {}", r.pick(&["none", "in_progress", "completed"]));
        let _ = writeln!(y, "  representatives: {}", r.pick(&["not_involved", "informed", "consulted", "agreement"]));
        let _ = writeln!(y, "  review_interval_months: {}", 1 + r.below(24));
        let _ = writeln!(y, "  complaint_channel: {}", r.chance(50));
    }
    if r.chance(30) {
        let _ = writeln!(y, "waivers:");
        let _ = writeln!(y, "  - rule: {}", r.pick(&["PRV-012", "TRU-009", "MOR-010", "STR-002", "LEG-003"]));
        if r.chance(50) {
            let _ = writeln!(y, "    measure: {}", r.pick(&ids));
        }
        let _ = writeln!(y, "    reason: \"Accepted by the works council for the pilot (试点).\"");
        let _ = writeln!(y, "    approved_by: Chief Operating Officer");
        let _ = writeln!(y, "    expires: 202{}-{:02}-15", 6 + r.below(3), 1 + r.below(12));
    }
    y
}
