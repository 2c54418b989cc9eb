//! `--format json`: the document described in cli.md, written by serde_json's pretty
//! printer. It is streamed: [`begin`], one [`result_entry`] per policy as results
//! arrive, then [`finish`]; the pieces add up to the document serde_json writes whole.
//! Every JSON output goes through [`SafeFormatter`], so that none can drive a terminal
//! or a CI log it is printed in.

use super::Report;
use crate::diag::{Diagnostic, safe};
use crate::finding::{CategorySummary, Finding, PolicyResult, rating};
use crate::rules::{Category, Reference, Severity};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

pub const TOOL: Tool = Tool { name: "watchwise", version: env!("CARGO_PKG_VERSION") };

/// The document, with its results left out: they are written one by one between
/// what comes before them ([`begin`]) and after them ([`finish`]).
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    results: [Entry<'a, ()>; 0],
    errors: Vec<Location<'a>>,
    warnings: Vec<Location<'a>>,
    summary: Summary,
}

/// Where the results go in the document: serde_json writes line breaks only
/// between values (never inside a string), so this occurs once.
const RESULTS: &str = "\n  \"results\": []";

impl<'a> Document<'a> {
    fn new(report: &'a Report) -> Document<'a> {
        Document {
            version: 1,
            tool: TOOL,
            results: [],
            errors: report.errors.iter().map(Location::from).collect(),
            warnings: report.all_warnings().into_iter().map(Location::from).collect(),
            summary: Summary {
                policies: report.totals.policies,
                findings: report.active_findings(),
                waived: report.waived_findings(),
                baselined: report.baselined,
                errors: report.errors.len(),
                failed: report.failed(),
            },
        }
    }

    /// The text before the results and after them.
    fn around_results(&self) -> (String, String) {
        let text = pretty(self);
        let at = text.find(RESULTS).expect("the document has results");
        let (before, after) = text.split_at(at + RESULTS.len() - 1);
        (before.to_string(), after.to_string())
    }
}

/// A diagnostic as `{ file, line, column, message, help? }`.
#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for Location<'a> {
    fn from(d: &'a Diagnostic) -> Location<'a> {
        Location { file: &d.file, line: d.span.line, column: d.span.col, message: &d.message, help: d.help.as_deref() }
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

/// One entry of `results`, its findings as `F` serializes.
#[derive(Serialize)]
struct Entry<'a, F> {
    policy: &'a str,
    name: &'a str,
    jurisdictions: &'a [String],
    packs: &'a [String],
    #[serde(serialize_with = "rating")]
    rating: Option<Severity>,
    #[serde(serialize_with = "rating")]
    inherent: Option<Severity>,
    score: u32,
    categories: Categories<'a>,
    findings: F,
    /// Findings the baseline absorbed (left out of `findings`).
    baselined: usize,
    fingerprint: &'a str,
    actions: &'a [crate::review::ActionState],
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a crate::review::ReviewState>,
    dpia: &'a crate::dpia::Screening,
}

impl<'a, F> Entry<'a, F> {
    fn new(r: &'a PolicyResult, findings: F) -> Entry<'a, F> {
        Entry {
            policy: &r.file,
            name: &r.name,
            jurisdictions: &r.jurisdictions,
            packs: &r.packs,
            rating: r.rating,
            inherent: r.inherent,
            score: r.score,
            categories: Categories(&r.categories),
            findings,
            baselined: r.baselined.len(),
            fingerprint: &r.fingerprint,
            actions: &r.actions,
            review: r.review.as_ref(),
            dpia: &r.dpia,
        }
    }
}

/// A finding as [`Finding`] serializes, with the text every finding of a rule
/// shares written as JSON once per run.
#[derive(Serialize)]
struct FindingView<'a> {
    rule: &'a str,
    title: &'a str,
    category: Category,
    severity: Severity,
    inherent: Severity,
    mitigations: &'a [crate::finding::Applied<'a>],
    pack: &'a str,
    measure: &'a Option<String>,
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    recommendation: Shared<'a>,
    references: Shared<'a>,
    waived: &'a Option<crate::finding::WaiverInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_expired: &'a Option<crate::finding::WaiverInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver_invalid: &'a Option<crate::finding::InvalidWaiver>,
}

/// A value written by serde as usual, or taken as JSON already written.
#[derive(Serialize)]
#[serde(untagged)]
enum Shared<'a> {
    Text(&'a str),
    References(&'a [Reference]),
    Json(&'a RawValue),
}

/// Where a finding's values sit in the document: inside `results` and `findings`.
const FINDING_DEPTH: &str = "          ";

/// Writes the entries of `results`. A rule's references and a recommendation
/// without expressions are the same for every finding of the rule; this keeps
/// them written as JSON, by rule, for the run, and uses them when a finding's
/// text is the same. They are over half the bytes of a check's JSON; with every
/// pack active, writing them once per run takes the JSON of a policy from 1.73M
/// to 0.86M instructions (callgrind, 300 generated policies).
#[derive(Default)]
pub struct Entries<'r> {
    by_rule: HashMap<&'r str, Written<'r>>,
}

/// A rule's shared text, and that text as JSON.
struct Written<'r> {
    references: (&'r [Reference], Box<RawValue>),
    recommendation: Option<(&'r str, Box<RawValue>)>,
}

impl<'r> Entries<'r> {
    /// Appends one entry of `results` to `out`; `first` for the first one.
    pub fn write(&mut self, r: &PolicyResult<'r>, first: bool, out: &mut Vec<u8>) {
        for f in &r.findings {
            let written = self.by_rule.entry(f.rule).or_insert_with(|| Written {
                references: (f.references, at_depth(f.references)),
                recommendation: None,
            });
            if let (None, Cow::Borrowed(text)) = (&written.recommendation, &f.recommendation) {
                written.recommendation = Some((text, at_depth(text)));
            }
        }
        let findings: Vec<FindingView> = r.findings.iter().map(|f| self.view(f)).collect();
        let entry = Entry::new(r, findings);
        out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        // Written as inside `"results": [` of the document, so that serde_json
        // indents it at its depth.
        let mut formatter = SafeFormatter::default();
        let mut nowhere = std::io::sink();
        formatter.begin_object(&mut nowhere).and_then(|_| formatter.begin_array(&mut nowhere)).expect("no I/O");
        let mut ser = serde_json::Serializer::with_formatter(out, formatter);
        entry.serialize(&mut ser).expect("JSON is written to memory");
    }

    fn view<'a>(&'a self, f: &'a Finding<'r>) -> FindingView<'a> {
        let written = &self.by_rule[f.rule];
        let references = match &written.references {
            (same, json) if *same == f.references => Shared::Json(json),
            _ => Shared::References(f.references),
        };
        let recommendation = match &written.recommendation {
            Some((same, json)) if *same == f.recommendation => Shared::Json(json),
            _ => Shared::Text(&f.recommendation),
        };
        FindingView {
            rule: f.rule,
            title: f.title,
            category: f.category,
            severity: f.severity,
            inherent: f.inherent,
            mitigations: &f.mitigations,
            pack: f.pack,
            measure: &f.measure,
            path: &f.path,
            line: f.line,
            column: f.column,
            message: &f.message,
            recommendation,
            references,
            waived: &f.waived,
            waiver_expired: &f.waiver_expired,
            waiver_invalid: &f.waiver_invalid,
        }
    }
}

/// `value` as serde_json's pretty printer writes it at a finding's depth: it
/// writes line breaks only between values, never inside a string.
fn at_depth<T: Serialize + ?Sized>(value: &T) -> Box<RawValue> {
    let text = pretty(value).replace('\n', &format!("\n{FINDING_DEPTH}"));
    RawValue::from_string(text).expect("serde_json wrote it")
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

/// The document up to the opening of `results`.
pub fn begin() -> String {
    Document::new(&Report::default()).around_results().0
}

/// The rest of the document after the last result; `any` when results were written.
pub fn finish(report: &Report, any: bool) -> String {
    let after = Document::new(report).around_results().1;
    if any { format!("\n  {after}\n") } else { after + "\n" }
}

pub fn render(report: &Report) -> String {
    let mut out = begin().into_bytes();
    let mut entries = Entries::default();
    for (i, r) in report.results.iter().enumerate() {
        entries.write(r, i == 0, &mut out);
    }
    out.extend_from_slice(finish(report, !report.results.is_empty()).as_bytes());
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `value` as serde_json's pretty printer writes it, through [`SafeFormatter`].
pub(crate) fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter::default());
    value.serialize(&mut ser).expect("JSON is written to memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// serde_json's pretty printer, except that string characters a terminal or CI log
/// would obey are written as `\uXXXX` escapes: serde_json escapes C0 controls, this
/// also DEL, C1 controls (U+009B is a CSI), bidi controls, line separators and
/// noncharacters ([`safe::is_unsafe`]), and the `[` of a `##[` (a GitHub Actions
/// command anywhere in a log line). A program reading the JSON gets the same text.
#[derive(Default)]
pub(crate) struct SafeFormatter(PrettyFormatter<'static>);

/// The bytes that start what [`SafeFormatter`] escapes (in UTF-8: DEL, the lead bytes
/// of U+0080 to U+00BF, U+061C, U+2000 to U+2FFF, U+F000 to U+FFFF, the planes past the
/// first), and `#`.
const MAY_ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0xF0;
    while b <= 0xF4 {
        t[b] = true;
        b += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xD8] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t[b'#' as usize] = true;
    t
};

/// Whether `bytes` holds a byte of [`MAY_ESCAPE`]. Every string of the JSON goes
/// through here, and a check's JSON is mostly ASCII without `#`, so many bytes at a
/// time are first tested for `#`, DEL or a byte past ASCII (16 with vector
/// instructions, 4 to 15 by arithmetic on words); only where that finds one is the
/// table looked up.
#[inline(always)]
fn may_escape(bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n >= 16 {
        let mut at = 0;
        while at + 16 <= n {
            if block_may_escape(bytes, at) {
                return true;
            }
            at += 16;
        }
        // The last block overlaps the one before it.
        at != n && block_may_escape(bytes, n - 16)
    } else if n >= 8 {
        (word_hits(word(bytes, 0)) || word_hits(word(bytes, n - 8))) && exact_may_escape(bytes)
    } else if n >= 4 {
        word_hits(half(bytes, 0) | half(bytes, n - 4) << 32) && exact_may_escape(bytes)
    } else {
        exact_may_escape(bytes)
    }
}

#[inline(always)]
fn exact_may_escape(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| MAY_ESCAPE[*b as usize])
}

/// The 8 bytes at `at`, as a word.
#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The 4 bytes at `at`, as the low half of a word.
#[inline(always)]
fn half(bytes: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")))
}

/// [`may_escape`] for the 16 bytes at `at`.
#[inline(always)]
fn block_may_escape(bytes: &[u8], at: usize) -> bool {
    let block: &[u8; 16] = bytes[at..at + 16].try_into().expect("16 bytes");
    block_hits(block) && exact_may_escape(block)
}

/// Whether `block` holds a `#`, DEL or a byte past ASCII; written so that the compiler
/// tests all 16 at once.
#[inline(always)]
fn block_hits(block: &[u8; 16]) -> bool {
    block.iter().fold(0u8, |hit, &b| hit | u8::from((b == b'#') | (b >= 0x7F))) != 0
}

/// Whether one of the 8 bytes of `w` is a `#`, DEL or past ASCII. Where a byte of `x`
/// is zero (a `#` in `w`), subtracting 1 from it sets its top bit, as `!x` has it; an
/// ASCII byte gets its top bit from adding 1 only if it is DEL, without a carry; the
/// top bit of `w` itself is set past ASCII (where the other two may be wrong, but the
/// answer is yes already).
#[inline(always)]
fn word_hits(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = ONES * 0x80;
    let x = w ^ (ONES * u64::from(b'#'));
    (x.wrapping_sub(ONES) & !x | w.wrapping_add(ONES) | w) & TOPS != 0
}

impl SafeFormatter {
    /// The slow path of [`Formatter::write_string_fragment`]: it goes from one byte
    /// of [`MAY_ESCAPE`] (or `[` of a `##[`) to the next, and writes the character
    /// there escaped if [`safe::is_unsafe`] says so or it is such a `[`.
    #[cold]
    #[inline(never)]
    fn write_escaped<W: ?Sized + Write>(writer: &mut W, fragment: &str) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut brackets = safe::command_brackets(fragment).peekable();
        let (mut from, mut at) = (0, 0);
        loop {
            let start = bytes[at..].iter().position(|b| MAY_ESCAPE[*b as usize]).map(|i| at + i);
            let Some(i) = start.into_iter().chain(brackets.peek().copied()).min() else { break };
            let c = fragment[i..].chars().next().expect("a byte of MAY_ESCAPE starts a character");
            if brackets.next_if_eq(&i).is_some() || safe::is_unsafe(c) {
                writer.write_all(&bytes[from..i])?;
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                from = i + c.len_utf8();
            }
            at = i + c.len_utf8();
        }
        writer.write_all(&bytes[from..])
    }
}

/// Everything but strings is [`PrettyFormatter`]'s.
impl Formatter for SafeFormatter {
    #[inline]
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        if may_escape(fragment.as_bytes()) {
            SafeFormatter::write_escaped(writer, fragment)
        } else {
            writer.write_all(fragment.as_bytes())
        }
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::WaiverInfo;
    use crate::rules::Reference;

    /// The whole document as serde_json writes it in one go from the model: what
    /// the pieces must add up to. `plain`: with serde_json's own pretty printer.
    fn whole(report: &Report, plain: bool) -> String {
        #[derive(Serialize)]
        struct Whole<'a> {
            version: u32,
            tool: Tool,
            results: Vec<Entry<'a, &'a [Finding<'a>]>>,
            errors: Vec<Location<'a>>,
            warnings: Vec<Location<'a>>,
            summary: Summary,
        }
        let d = Document::new(report);
        let doc = Whole {
            version: d.version,
            tool: d.tool,
            results: report.results.iter().map(|r| Entry::new(r, &r.findings[..])).collect(),
            errors: d.errors,
            warnings: d.warnings,
            summary: d.summary,
        };
        if plain { serde_json::to_string_pretty(&doc).unwrap() + "\n" } else { pretty(&doc) + "\n" }
    }

    /// The pieces, written one at a time, are the document serde_json would write.
    #[test]
    fn pieces_make_the_whole_document() {
        let mut report = Report::default();
        assert_eq!(render(&report), whole(&report, false));
        let r = PolicyResult {
            file: "p.yaml".into(),
            name: "P \"quoted\"\nname".into(),
            organization: None,
            revision: None,
            jurisdictions: vec!["eu".into()],
            packs: vec!["core".into()],
            rules: Default::default(),
            rating: None,
            inherent: None,
            score: 0,
            categories: Default::default(),
            findings: vec![],
            baselined: vec![],
            warnings: vec![Diagnostic::warning("p.yaml", crate::diag::Span::TOP, "w")],
            fingerprint: "sha256:0".into(),
            actions: vec![],
            review: None,
            dpia: Default::default(),
        };
        report.add(r.clone(), true);
        report.add(r.clone(), true);
        report.errors.push(Diagnostic::error("q.yaml", crate::diag::Span::TOP, "bad"));
        report
            .errors
            .push(Diagnostic::error("r.yaml", crate::diag::Span::TOP, "worse \"quoted\"").with_help("try `x`"));
        assert_eq!(render(&report), whole(&report, false));

        // Findings with every optional part, and text that needs escaping.
        let waiver = |reason: &str| WaiverInfo {
            reason: reason.into(),
            approved_by: "DPO \\ works council".into(),
            expires: "2027-01-31".into(),
            agreement: None,
        };
        let reference = |url: Option<&str>| Reference { title: "GDPR Art. 5".into(), url: url.map(str::to_string) };
        let two = [reference(Some("https://eur-lex.europa.eu/?a=1&b=\"2\"")), reference(None)];
        let finding = |measure: Option<&str>, references| Finding {
            rule: "PRV-001",
            title: "Monitoring in \"private\" spaces",
            category: Category::Privacy,
            severity: Severity::Critical,
            inherent: Severity::Critical,
            mitigations: Vec::new(),
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
            waiver_invalid: None,
            waiver_rule: &crate::rules::model::WaiverRule::Employer,
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
        assert_eq!(render(&report), whole(&report, false));
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
                let src = crate::source::Source::new(format!("gen/{seed}.yaml"), crate::testgen::policy(seed));
                let r = checker.check_source(&src).unwrap();
                assert!(!r.findings.is_empty());
                report.add(r, true);
            }
            assert_eq!(render(&report), whole(&report, true));
        }
    }

    /// What a terminal or CI log would obey is written as a JSON escape, and reads
    /// back as the text it was.
    #[test]
    fn escapes_what_a_terminal_would_obey() {
        let text = "a\x1b[2J \u{7f}\u{9b}31m \u{202e}x\u{202c} \u{61c}\u{2066}\u{2028} \u{fffe}\u{1fffe} \
                    ##[error]x #\u{200b}#[w] # ## [ ::error::x 中文 § – \u{1f600}";
        let json = pretty(&text);
        assert_eq!(
            json,
            "\"a\\u001b[2J \\u007f\\u009b31m \\u202ex\\u202c \\u061c\\u2066\\u2028 \\ufffe\\ud83f\\udffe \
             ##\\u005berror]x #\u{200b}#\\u005bw] # ## \\u005b ::error::x 中文 § – \u{1f600}\""
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        // Keys too, and text that needs nothing is serde_json's.
        let map = std::collections::BTreeMap::from([("k\u{9b}", "plain # text, ünïcode")]);
        assert_eq!(pretty(&map), "{\n  \"k\\u009b\": \"plain # text, ünïcode\"\n}");
    }

    /// The fast test agrees with the table on every length and position.
    #[test]
    fn may_escape_finds_every_start_byte() {
        for (n, filler) in (0..40).flat_map(|n| [b'a', b'A', b'~', b' '].map(|f| (n, f))) {
            assert!(!may_escape(&vec![filler; n]), "{n}");
            for at in 0..n {
                for b in 0..=255u8 {
                    let mut bytes = vec![filler; n];
                    bytes[at] = b;
                    assert_eq!(may_escape(&bytes), MAY_ESCAPE[b as usize], "byte {b:#x} at {at} of {n}");
                }
            }
        }
    }
}
