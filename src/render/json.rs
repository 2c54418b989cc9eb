//! `--format json`: the document described in cli.md.

use super::Report;
use crate::Lang;
use crate::diag::Diagnostic;
use crate::finding::{Finding, PolicyResult, WaiverInfo};
use crate::rules::{Category, Severity};
use serde::Serialize;
use std::borrow::Cow;

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool { name: "watchwise", version: env!("CARGO_PKG_VERSION") };

/// The document up to the opening of `results`.
pub fn begin() -> String {
    let mut w = Writer { out: String::with_capacity(128), level: 0, first: true };
    w.open('{');
    w.num_field("version", 1);
    w.key("tool");
    w.open('{');
    w.field("name", TOOL.name);
    w.field("version", TOOL.version);
    w.close('}');
    w.key("results");
    w.out.push('[');
    w.out
}

/// One entry of `results`; `first` for the first one.
///
/// Written by hand rather than through serde: a check with many packs writes a
/// hundred findings per policy, and serde's generic path (a call per key, a
/// byte-by-byte escape) cost more than reading the policy. The bytes are the ones
/// serde_json's pretty printer writes; tests hold them equal.
pub fn result_entry(r: &PolicyResult, first: bool) -> String {
    let mut w = Writer { out: String::with_capacity(2048 + 1536 * r.findings.len()), level: 2, first: true };
    w.out.push_str(if first { "\n    " } else { ",\n    " });
    w.open('{');
    w.field("policy", &r.file);
    w.field("name", &r.name);
    w.key("jurisdictions");
    w.strs(&r.jurisdictions);
    w.key("packs");
    w.strs(&r.packs);
    w.field("rating", r.rating.map_or("none", Severity::as_str));
    w.num_field("score", r.score);
    w.key("categories");
    w.open('{');
    for c in Category::ALL {
        let s = &r.categories[c as usize];
        w.key(c.as_str());
        w.open('{');
        w.field("rating", s.rating.map_or("none", Severity::as_str));
        w.num_field("score", s.score);
        w.num_field("findings", s.findings);
        w.close('}');
    }
    w.close('}');
    w.key("findings");
    w.open('[');
    for f in &r.findings {
        w.item();
        finding(&mut w, f);
    }
    w.close(']');
    w.close('}');
    w.out
}

/// The depth of a finding's keys: `results` (1), its entry (2), `findings` (3),
/// the finding (4); one level deeper than the finding's braces.
const FINDING_KEYS: usize = 5;

/// A key of a finding after its first one, with the comma and indent before it:
/// one copy of a literal instead of a push per piece, for the keys written a
/// hundred times per policy.
macro_rules! next_key {
    ($name:literal) => {
        concat!(",\n          \"", $name, "\": ")
    };
}

fn finding(w: &mut Writer, f: &Finding) {
    w.open('{');
    debug_assert_eq!(w.level, FINDING_KEYS, "next_key! and kept parts are for this depth");
    match Kept::head(f) {
        Some(json) => {
            w.out.push_str(json);
            w.first = false;
        }
        None => head(w, f),
    }
    w.out.push_str(next_key!("severity"));
    w.str(f.severity.as_str());
    w.out.push_str(next_key!("pack"));
    w.str(f.pack);
    w.out.push_str(next_key!("measure"));
    match &f.measure {
        Some(m) => w.str(m),
        None => w.out.push_str("null"),
    }
    w.out.push_str(next_key!("path"));
    w.str(&f.path);
    w.out.push_str(next_key!("line"));
    w.num(f.line);
    w.out.push_str(next_key!("column"));
    w.num(f.column);
    w.out.push_str(next_key!("message"));
    w.str(&f.message);
    match Kept::tail(f) {
        Some(json) => w.out.push_str(json),
        None => tail(w, f),
    }
    w.out.push_str(next_key!("waived"));
    waiver(w, f.waived.as_ref());
    if let Some(expired) = &f.waiver_expired {
        w.out.push_str(next_key!("waiver_expired"));
        waiver(w, Some(expired));
    }
    w.close('}');
}

fn head(w: &mut Writer, f: &Finding) {
    w.field("rule", f.rule);
    w.field("title", f.title);
    w.field("category", f.category.as_str());
}

fn tail(w: &mut Writer, f: &Finding) {
    w.field("recommendation", &f.recommendation);
    w.key("references");
    w.open('[');
    for r in f.references.iter() {
        w.item();
        w.open('{');
        w.field("title", &r.title);
        if let Some(url) = &r.url {
            w.field("url", url);
        }
        w.close('}');
    }
    w.close(']');
}

/// The JSON of what every finding of a rule shares (id, title and category; a
/// fixed recommendation and the references), written once and kept with the rule
/// ([`crate::rules::model::Rendered`]): a check with many packs writes the same
/// titles, recommendations and references thousands of times. Used only for a
/// finding whose texts are the rule's own, the very strings (compared by
/// address, for one language), which cannot change while the finding borrows them.
struct Kept;

impl Kept {
    fn head<'r>(f: &Finding<'r>) -> Option<&'r str> {
        let rule = f.origin.0?;
        if !(std::ptr::eq(f.rule, rule.id.as_str()) && f.category == rule.category) {
            return None;
        }
        let lang = Lang::ALL.into_iter().find(|&l| std::ptr::eq(f.title, rule.title.get(l)))?;
        Some(rule.rendered.json_head[lang as usize].get_or_init(|| Self::part(head, f, true)))
    }

    fn tail<'r>(f: &Finding<'r>) -> Option<&'r str> {
        let rule = f.origin.0?;
        let Cow::Borrowed(rec) = f.recommendation else { return None };
        if !std::ptr::eq(f.references, rule.references.as_slice()) {
            return None;
        }
        let lang =
            Lang::ALL.into_iter().find(|&l| rule.recommendation.fixed_text(l).is_some_and(|t| std::ptr::eq(rec, t)))?;
        Some(rule.rendered.json_tail[lang as usize].get_or_init(|| Self::part(tail, f, false)))
    }

    /// What `write` writes for `f` at a finding's depth, as the first entry or not.
    fn part(write: fn(&mut Writer, &Finding), f: &Finding, first: bool) -> String {
        let mut w = Writer { out: String::new(), level: FINDING_KEYS, first };
        write(&mut w, f);
        w.out
    }
}

fn waiver(w: &mut Writer, info: Option<&WaiverInfo>) {
    let Some(info) = info else {
        w.out.push_str("null");
        return;
    };
    w.open('{');
    w.field("reason", &info.reason);
    w.field("approved_by", &info.approved_by);
    w.field("expires", &info.expires);
    w.close('}');
}

/// Pretty JSON as serde_json writes it: two spaces a level, `[]` and `{}` when
/// empty, `": "` after a key.
struct Writer {
    out: String,
    level: usize,
    /// No value written yet in the innermost open container.
    first: bool,
}

impl Writer {
    fn open(&mut self, c: char) {
        self.out.push(c);
        self.level += 1;
        self.first = true;
    }

    fn close(&mut self, c: char) {
        self.level -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    fn newline(&mut self) {
        const SPACES: &str = "                                ";
        self.out.push('\n');
        let n = 2 * self.level;
        match SPACES.get(..n) {
            Some(s) => self.out.push_str(s),
            None => self.out.extend(std::iter::repeat_n(' ', n)),
        }
    }

    fn item(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.newline();
        self.first = false;
    }

    /// Keys are this file's own literals: nothing in them needs escaping.
    fn key(&mut self, k: &str) {
        self.item();
        self.out.push('"');
        self.out.push_str(k);
        self.out.push_str("\": ");
    }

    fn str(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    fn field(&mut self, k: &str, s: &str) {
        self.key(k);
        self.str(s);
    }

    fn num_field(&mut self, k: &str, n: impl itoa::Integer) {
        self.key(k);
        self.num(n);
    }

    fn strs(&mut self, items: &[String]) {
        self.open('[');
        for s in items {
            self.item();
            self.str(s);
        }
        self.close(']');
    }

    fn num(&mut self, n: impl itoa::Integer) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }
}

/// A JSON string literal. Most text needs no escape; that is checked sixteen
/// bytes at a time (a loop the compiler turns into vector compares) and the text
/// copied whole. Text that does need one goes through serde_json.
fn escape_into(out: &mut String, s: &str) {
    if needs_escape(s.as_bytes()) {
        out.push_str(&serde_json::to_string(s).expect("a string serializes"));
    } else {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

fn needs_escape(bytes: &[u8]) -> bool {
    let special = |chunk: &[u8; 16]| chunk.iter().fold(false, |any, &b| any | (b < 0x20) | (b == b'"') | (b == b'\\'));
    let (chunks, rest) = bytes.as_chunks::<16>();
    if chunks.iter().any(special) {
        return true;
    }
    // The last few bytes as one more chunk: overlapping the previous one, or, for
    // short text, padded with a letter that needs no escape.
    match bytes.last_chunk::<16>() {
        Some(tail) if !rest.is_empty() => special(tail),
        Some(_) => false,
        None => {
            let mut padded = [b'a'; 16];
            padded[..rest.len()].copy_from_slice(rest);
            special(&padded)
        }
    }
}

/// The rest of the document after the last result; `any` when results were written.
pub fn finish(report: &Report, any: bool) -> String {
    let mut w = Writer { out: String::with_capacity(1024), level: 1, first: false };
    w.out.push_str(if any { "\n  ]" } else { "]" });
    w.key("errors");
    locations(&mut w, report.errors.iter());
    w.key("warnings");
    locations(&mut w, report.all_warnings().into_iter());
    w.key("summary");
    w.open('{');
    w.num_field("policies", report.totals.policies);
    w.num_field("findings", report.active_findings());
    w.num_field("waived", report.waived_findings());
    w.num_field("baselined", report.baselined);
    w.num_field("errors", report.errors.len());
    w.key("failed");
    w.out.push_str(if report.failed() { "true" } else { "false" });
    w.close('}');
    w.close('}');
    w.out.push('\n');
    w.out
}

/// Diagnostics as `{ file, line, column, message, help? }` objects.
fn locations<'d>(w: &mut Writer, diags: impl Iterator<Item = &'d Diagnostic>) {
    w.open('[');
    for d in diags {
        w.item();
        w.open('{');
        w.field("file", &d.file);
        w.num_field("line", d.span.line);
        w.num_field("column", d.span.col);
        w.field("message", &d.message);
        if let Some(help) = &d.help {
            w.field("help", help);
        }
        w.close('}');
    }
    w.close(']');
}

pub fn render(report: &Report) -> String {
    let mut out = begin();
    for (i, r) in report.results.iter().enumerate() {
        out.push_str(&result_entry(r, i == 0));
    }
    out.push_str(&finish(report, !report.results.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{CategorySummary, rating};
    use crate::rules::Reference;
    use serde::Serialize;
    use serde::ser::SerializeMap;

    #[derive(Serialize)]
    struct Location {
        file: String,
        line: u32,
        column: u32,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<String>,
    }

    impl From<&Diagnostic> for Location {
        fn from(d: &Diagnostic) -> Location {
            Location {
                file: d.file.clone(),
                line: d.span.line,
                column: d.span.col,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        }
    }

    #[derive(Serialize)]
    struct Summary {
        policies: usize,
        findings: usize,
        waived: usize,
        baselined: usize,
        errors: usize,
        failed: bool,
    }

    fn summary(report: &Report) -> Summary {
        Summary {
            policies: report.totals.policies,
            findings: report.active_findings(),
            waived: report.waived_findings(),
            baselined: report.baselined,
            errors: report.errors.len(),
            failed: report.failed(),
        }
    }

    /// The whole document as serde_json writes it: what the pieces must add up to.
    fn whole(report: &Report) -> String {
        let doc = Doc {
            version: 1,
            tool: TOOL,
            results: report.results.iter().map(result).collect(),
            errors: report.errors.iter().map(Location::from).collect(),
            warnings: report.all_warnings().into_iter().map(Location::from).collect(),
            summary: summary(report),
        };
        serde_json::to_string_pretty(&doc).unwrap() + "\n"
    }

    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        tool: Tool,
        results: Vec<ResultJson<'a>>,
        errors: Vec<Location>,
        warnings: Vec<Location>,
        summary: Summary,
    }

    /// The serde form of a result: what [`result_entry`] writes by hand, kept for the
    /// tests that hold the two equal.
    #[derive(Serialize)]
    struct ResultJson<'a> {
        policy: &'a str,
        name: &'a str,
        jurisdictions: &'a [String],
        packs: &'a [String],
        #[serde(serialize_with = "rating")]
        rating: Option<Severity>,
        score: u32,
        categories: Categories<'a>,
        findings: &'a [Finding<'a>],
    }

    /// All six categories, always, in their fixed order.
    struct Categories<'a>(&'a [CategorySummary; 6]);

    impl Serialize for Categories<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(6))?;
            for c in Category::ALL {
                map.serialize_entry(c.as_str(), &self.0[c as usize])?;
            }
            map.end()
        }
    }

    fn result<'a>(r: &'a PolicyResult<'a>) -> ResultJson<'a> {
        ResultJson {
            policy: &r.file,
            name: &r.name,
            jurisdictions: &r.jurisdictions,
            packs: &r.packs,
            rating: r.rating,
            score: r.score,
            categories: Categories(&r.categories),
            findings: &r.findings,
        }
    }

    /// The pieces, written one at a time, are the document serde_json would write.
    #[test]
    fn pieces_make_the_whole_document() {
        let mut report = Report::default();
        assert_eq!(render(&report), whole(&report));
        let r = PolicyResult {
            file: "p.yaml".into(),
            name: "P \"quoted\"\nname".into(),
            organization: None,
            revision: None,
            jurisdictions: vec!["eu".into()],
            packs: vec!["core".into()],
            rules: Default::default(),
            rating: None,
            score: 0,
            categories: Default::default(),
            findings: vec![],
            warnings: vec![Diagnostic::warning("p.yaml", crate::diag::Span::TOP, "w")],
        };
        report.add(r.clone(), true);
        report.add(r.clone(), true);
        report.errors.push(Diagnostic::error("q.yaml", crate::diag::Span::TOP, "bad"));
        report
            .errors
            .push(Diagnostic::error("r.yaml", crate::diag::Span::TOP, "worse \"quoted\"").with_help("try `x`"));
        assert_eq!(render(&report), whole(&report));

        // Findings with every optional part, and text that needs escaping.
        let waiver = |reason: &str| WaiverInfo {
            reason: reason.into(),
            approved_by: "DPO \\ works council".into(),
            expires: "2027-01-31".into(),
        };
        let reference = |url: Option<&str>| Reference { title: "GDPR Art. 5".into(), url: url.map(str::to_string) };
        let two = [reference(Some("https://eur-lex.europa.eu/?a=1&b=\"2\"")), reference(None)];
        let finding = |measure: Option<&str>, references| Finding {
            rule: "PRV-001",
            title: "Monitoring in \"private\" spaces",
            category: Category::Privacy,
            severity: Severity::Critical,
            pack: "core",
            measure: measure.map(str::to_string),
            measure_index: measure.map(|_| 0),
            path: "measures[0].scope.locations".into(),
            line: 14,
            column: 7,
            message: "Tab\there, a bell \u{7}, a line\nbreak, 中文, \u{1f600} and \u{7f}".into(),
            recommendation: String::new().into(),
            references,
            waived: None,
            waiver_expired: None,
            origin: Default::default(),
        };
        let mut r = r;
        r.rating = Some(Severity::Critical);
        r.score = 100;
        r.categories[0] = CategorySummary { rating: Some(Severity::High), score: 21, findings: 3 };
        r.findings = vec![
            finding(Some("cams"), &two[..]),
            Finding { waived: Some(waiver("approved\nbelow")), ..finding(None, &[]) },
            Finding { waiver_expired: Some(waiver("old")), ..finding(Some("x"), &two[1..]) },
        ];
        r.jurisdictions.clear();
        report.add(r, true);
        assert_eq!(render(&report), whole(&report));
    }

    /// The hand-written document is serde_json's for real results: generated
    /// policies checked with every built-in pack, in both languages.
    #[test]
    fn entries_match_serde_for_checked_policies() {
        use crate::rules::load::{self, LoadOptions};
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        for lang in [crate::Lang::En, crate::Lang::Zh] {
            let opts = crate::engine::Options { lang, today: jiff::civil::date(2026, 11, 29) };
            let mut checker = crate::batch::Checker::new(&rules, opts, Default::default());
            checker.jurisdictions = rules.packs.iter().map(|p| p.id.clone()).collect();
            let mut report = Report { lang, ..Report::default() };
            for seed in 0..25 {
                let src =
                    crate::source::Source { name: format!("gen/{seed}.yaml"), text: crate::testgen::policy(seed) };
                let r = checker.check_source(&src).unwrap();
                assert!(!r.findings.is_empty());
                report.add(r, true);
            }
            assert_eq!(render(&report), whole(&report));
        }
    }

    /// Parts kept with a rule are used only for findings whose texts are the
    /// rule's own strings: a finding that names its rule but carries other text,
    /// or equal text held elsewhere, is written from its own text.
    #[test]
    fn kept_parts_only_for_the_rules_own_text() {
        use crate::rules::load::{self, LoadOptions};
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let opts = crate::engine::Options { lang: crate::Lang::En, today: jiff::civil::date(2026, 11, 29) };
        let checker = crate::batch::Checker::new(&rules, opts, Default::default());
        let src = crate::source::Source { name: "gen/0.yaml".into(), text: crate::testgen::policy(0) };
        let result = checker.check_source(&src).unwrap();
        let own = result.findings.iter().find(|f| matches!(f.recommendation, Cow::Borrowed(_))).unwrap().clone();
        let doc = |f: Finding| {
            let mut r = result.clone();
            r.findings = vec![f];
            let mut report = Report::default();
            report.add(r, true);
            let ours = render(&report);
            assert_eq!(ours, whole(&report));
            ours
        };
        let first = doc(own.clone());
        let rule = own.origin.0.unwrap();
        assert!(rule.rendered.json_head[0].get().is_some() && rule.rendered.json_tail[0].get().is_some(), "kept");
        assert_eq!(doc(own.clone()), first);
        let title = format!("{} (changed)", own.title);
        let rec = String::from("Other advice");
        let refs = vec![Reference { title: "Other reference".into(), url: None }];
        let other =
            doc(Finding { title: &title, recommendation: Cow::Borrowed(&rec), references: &refs, ..own.clone() });
        assert!(other.contains("(changed)") && other.contains("Other advice") && other.contains("Other reference"));
        let (same_title, same_rec) = (own.title.to_string(), own.recommendation.to_string());
        let copies = Finding { title: &same_title, recommendation: Cow::Borrowed(&same_rec), ..own.clone() };
        assert_eq!(doc(copies), first);
    }

    /// A character that needs escaping is seen wherever it stands, in text of any length.
    #[test]
    fn escapes_are_found_at_every_position() {
        for len in 0..50 {
            assert!(!needs_escape("x".repeat(len).as_bytes()));
            for at in 0..len {
                for special in [b'"', b'\\', b'\n', 0u8, 0x1f] {
                    let mut text = vec![b'x'; len];
                    text[at] = special;
                    assert!(needs_escape(&text), "{len} {at} {special}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Any text is escaped as serde_json escapes it.
        #[test]
        fn strings_escape_as_serde_does(s in "(?s).{0,80}", t in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let mut out = String::new();
            escape_into(&mut out, &s);
            proptest::prop_assert_eq!(&out, &serde_json::to_string(&s).unwrap());
            // Bytes from the whole range, as text: control characters, quotes, backslashes.
            let t: String = t.into_iter().map(|b| b as char).collect();
            let mut out = String::new();
            escape_into(&mut out, &t);
            proptest::prop_assert_eq!(&out, &serde_json::to_string(&t).unwrap());
        }
    }
}
