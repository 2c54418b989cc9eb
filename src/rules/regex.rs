//! The regexes of `matches` and `not_matches`: checked when their rule loads,
//! compiled when first used.

use regex_automata::meta;
use regex_syntax::hir::{Capture, Hir, HirKind, LookSet, Repetition};
use std::sync::OnceLock;

pub(crate) type Regex = meta::Regex;

/// Largest compiled regex accepted, in bytes.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A regex checked when its rule loads and compiled when first used: the built-in
/// packs hold large multilingual patterns that most checks never reach. The texts it
/// runs on are short (a purpose statement), so it is built without the literal
/// prefilter and one-pass engine, which cost more to build than they save here.
#[derive(Clone, Debug)]
pub struct LazyRegex {
    pub pattern: String,
    compiled: OnceLock<Option<Regex>>,
    /// The pattern without its Unicode word boundaries (see [`LazyRegex::is_match`]);
    /// `None` inside when it has none.
    relaxed: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    pub fn new(pattern: String) -> LazyRegex {
        LazyRegex { pattern, compiled: OnceLock::new(), relaxed: OnceLock::new() }
    }

    /// A regex that was already compiled (to validate it).
    pub fn with(pattern: String, regex: Regex) -> LazyRegex {
        LazyRegex { pattern, compiled: OnceLock::from(Some(regex)), relaxed: OnceLock::new() }
    }

    fn config() -> meta::Config {
        Regex::config()
            .auto_prefilter(false)
            .onepass(false)
            .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
            .hybrid_cache_capacity(1 << 20)
    }

    pub fn build(pattern: &str) -> Result<Regex, String> {
        Regex::builder().configure(Self::config()).build(pattern).map_err(|e| {
            // The syntax error's own text ends with the one line that says what.
            match e.syntax_error() {
                Some(s) => s.to_string(),
                None => e.to_string(),
            }
        })
    }

    /// The compiled regex; `None` only if a pattern that parsed fails to build,
    /// which the size limit at load time rules out for packs on disk.
    pub fn get(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| Self::build(&self.pattern).ok()).as_ref()
    }

    /// The first match in `text`.
    pub fn find<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.cannot_match(text) {
            return None;
        }
        self.get()?.find(text).map(|m| &text[m.range()])
    }

    pub fn is_match(&self, text: &str) -> bool {
        !self.cannot_match(text) && self.get().is_some_and(|r| r.is_match(text))
    }

    /// A quick "no" for text the full pattern is slow on. A Unicode `\b` stops the
    /// lazy DFA at the first non-ASCII byte, and a slower engine then reads the
    /// whole text: about 25,000 instructions for a Chinese purpose statement. The
    /// same pattern without its word boundaries matches wherever the pattern does
    /// (dropping an assertion only admits more), and the DFA runs it on any text,
    /// so its miss settles the question; its hit leaves it to the full pattern.
    fn cannot_match(&self, text: &str) -> bool {
        if text.is_ascii() {
            return false;
        }
        let relaxed = self.relaxed.get_or_init(|| relax(&self.pattern));
        relaxed.as_ref().is_some_and(|r| !r.is_match(text))
    }
}

/// `pattern` without its Unicode word boundaries, when it has any.
fn relax(pattern: &str) -> Option<Regex> {
    // Parsed as the regex itself was (the same default syntax), so that only the
    // assertions differ.
    let hir = regex_automata::util::syntax::parse(pattern).ok()?;
    if !hir.properties().look_set().contains_word_unicode() {
        return None;
    }
    Regex::builder().configure(LazyRegex::config()).build_from_hir(&without_word_unicode(hir)).ok()
}

/// `hir` with each Unicode word-boundary assertion replaced by the empty match,
/// and groups unwrapped (a yes/no question needs no captures).
fn without_word_unicode(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(look) if LookSet::singleton(look).contains_word_unicode() => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Repetition(rep) => {
            Hir::repetition(Repetition { sub: Box::new(without_word_unicode(*rep.sub)), ..rep })
        }
        HirKind::Capture(Capture { sub, .. }) => without_word_unicode(*sub),
        HirKind::Concat(items) => Hir::concat(items.into_iter().map(without_word_unicode).collect()),
        HirKind::Alternation(items) => Hir::alternation(items.into_iter().map(without_word_unicode).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PATTERNS: &[&str] = &[
        r"(?i)\bidle\b|摸鱼",
        r"(?i)\b(whether|if)\b.{0,40}\b(working|idle)\b|是否在工作",
        r"\Bing\b",
        r"(?i)\bslack(?:ers?|\s+off)\b|\bwast(?:e|es|ing)\s+(?:company|work|paid)\s+time\b",
        r"\b\w+\b$",
        r"(a)(?:\b(b))?",
        r"\b{start}word\b{end}",
        r"(?-u:\b)ascii(?-u:\b)",
        r"^\s*[^\w\s]",
    ];

    /// The gate never says "no" where the pattern matches: the gated answers are
    /// the plain regex's, for patterns of every kind of word boundary.
    #[test]
    fn gate_changes_no_answer() {
        let texts = [
            "we check whether staff are idle",
            "监控员工是否在工作 idle",
            "监控员工是否在工作",
            "摸鱼",
            "is idle？",
            "idleness",
            "ÉTÉ idle été",
            "singing bé",
            "a b",
            "ab é",
            "word 字",
            "字word字",
            "ascii é",
            "é ascii",
            "  ！",
            "",
        ];
        for p in PATTERNS {
            let lazy = LazyRegex::new(p.to_string());
            let plain = LazyRegex::build(p).unwrap();
            for t in texts {
                assert_eq!(lazy.is_match(t), plain.is_match(t), "{p:?} on {t:?}");
                assert_eq!(lazy.find(t), plain.find(t).map(|m| &t[m.range()]), "{p:?} on {t:?}");
            }
        }
        // It does say "no" where it can: that is its point.
        let lazy = LazyRegex::new(PATTERNS[0].into());
        assert!(lazy.cannot_match("员工的工作时间"));
        assert!(!lazy.cannot_match("员工 idle"));
    }

    /// Every regex of the built-in packs gives the same answers gated as plain, on
    /// every text of the generated policies (English, Chinese, names with accents)
    /// and on each text with a word glued to either side of it.
    #[test]
    fn gate_changes_no_answer_for_built_in_patterns() {
        use crate::policy::{self, Context, PNode, Value};
        use crate::rules::load::{self, LoadOptions};
        use crate::rules::model::{Cond, Op};
        fn regexes<'a>(c: &'a Cond, out: &mut Vec<&'a LazyRegex>) {
            match c {
                Cond::Leaf { op: Op::Matches(re) | Op::NotMatches(re), .. } => out.push(re),
                Cond::Leaf { .. } => {}
                Cond::All(items) | Cond::Any(items) => items.iter().for_each(|c| regexes(c, out)),
                Cond::Not(c) | Cond::AnyMeasure(c) | Cond::AllMeasures(c) => regexes(c, out),
            }
        }
        fn texts(n: &PNode, out: &mut Vec<String>) {
            match &n.value {
                Value::Str(s) => out.push(s.clone()),
                Value::List(items) => items.iter().for_each(|i| texts(i, out)),
                Value::Map(entries) => entries.iter().for_each(|(_, v)| texts(v, out)),
                _ => {}
            }
        }
        let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
        let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Default::default() };
        let mut res = Vec::new();
        rules.rules().for_each(|r| regexes(&r.when, &mut res));
        assert!(res.len() >= 8, "{}", res.len());
        let mut all = Vec::new();
        for seed in 0..80 {
            let src = crate::source::Source::new("gen.yaml", crate::testgen::policy(seed));
            texts(&policy::load(&src, &ctx).unwrap().root, &mut all);
        }
        all.sort();
        all.dedup();
        let glued: Vec<String> =
            all.iter().flat_map(|t| [format!("é{t}"), format!("{t}字"), format!("x{t}")]).collect();
        let (mut gated, mut hits) = (0, 0);
        for re in res {
            let plain = LazyRegex::build(&re.pattern).unwrap();
            for t in all.iter().chain(&glued) {
                let m = plain.is_match(t);
                assert_eq!(re.is_match(t), m, "{:?} on {t:?}", re.pattern);
                hits += m as usize;
                gated += re.cannot_match(t) as usize;
            }
        }
        assert!(hits > 50 && gated > 500, "hits {hits}, gated {gated}: the texts exercise both sides");
    }

    /// Patterns without a Unicode word boundary get no gate.
    #[test]
    fn only_word_boundaries_are_gated() {
        assert!(relax(r"摸鱼|偷懒").is_none());
        assert!(relax(r"(?-u:\b)idle(?-u:\b)").is_none());
        assert!(relax(r"\bidle\b").is_some());
    }

    proptest! {
        #[test]
        fn gate_agrees_on_any_text(
            p in 0..PATTERNS.len(),
            t in "[a-z 摸鱼是否在工作ÉéíÍ\\-_！。 ]{0,40}"
        ) {
            let lazy = LazyRegex::new(PATTERNS[p].to_string());
            let plain = LazyRegex::build(PATTERNS[p]).unwrap();
            prop_assert_eq!(lazy.is_match(&t), plain.is_match(&t));
        }
    }
}
