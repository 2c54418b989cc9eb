//! `en.ftl` and `zh.ftl` are complete, agree with each other and with the codes.

use super::codes::{Code, Hint};
use super::ftl::{self, EN, ZH};
use super::{Help, Message, Term};
use crate::Lang;
use fluent_syntax::ast::{Entry, Pattern};
use std::collections::{BTreeMap, BTreeSet};

fn parse(source: &'static str) -> Vec<Entry<&'static str>> {
    match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource.body,
        Err((_, errors)) => panic!("an .ftl file does not parse: {errors:?}"),
    }
}

/// The messages of an `.ftl` file: id and text.
fn messages(source: &'static str) -> Vec<(&'static str, Option<Pattern<&'static str>>)> {
    let entries = parse(source).into_iter();
    entries
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some((m.id.name, m.value)),
            _ => None,
        })
        .collect()
}

fn ids(source: &'static str) -> BTreeSet<&'static str> {
    messages(source).into_iter().map(|(id, _)| id).collect()
}

/// The ids that `zh.ftl` lists in its `# untranslated:` comments (standing alone,
/// or above a message when one follows without a blank line).
fn untranslated() -> Vec<&'static str> {
    let comments = parse(ZH).into_iter().filter_map(|entry| match entry {
        Entry::Comment(c) => Some(c.content),
        Entry::Message(m) => m.comment.map(|c| c.content),
        _ => None,
    });
    let lines = comments.flatten().filter_map(|line| line.strip_prefix("untranslated:"));
    lines.flat_map(str::split_whitespace).collect()
}

/// One of each term; a list of integers has a text of its own.
fn every_term() -> Vec<Term> {
    vec![
        Term::ThePolicy,
        Term::PolicyDocument,
        Term::Null,
        Term::Boolean,
        Term::Integer,
        Term::Number,
        Term::Text,
        Term::List,
        Term::Map,
        Term::TrueOrFalse,
        Term::Date,
        Term::MeasureId,
        Term::RuleId,
        Term::JurisdictionId,
        Term::IntAtLeast(0),
        Term::Version,
        Term::Vocabulary,
        Term::VocabularyValues,
        Term::Maps,
        Term::ListOf(Box::new(Term::Text)),
        Term::ListOf(Box::new(Term::IntAtLeast(0))),
    ]
}

/// Every id the program asks the files for.
fn wanted() -> BTreeSet<&'static str> {
    let codes = Code::ALL.iter().map(|c| c.id());
    let hints = Hint::ALL.iter().map(|h| h.id());
    let terms = every_term().into_iter().map(|t| t.id_and_args().0);
    codes.chain(hints).chain(terms).collect()
}

#[test]
fn each_file_gives_each_id_once() {
    for source in [EN, ZH] {
        let all = messages(source);
        assert_eq!(ids(source).len(), all.len(), "an id is given twice");
        assert!(all.iter().all(|(_, text)| text.is_some()), "an id without text");
    }
}

#[test]
fn english_has_every_id_and_no_other() {
    let (wanted, english) = (wanted(), ids(EN));
    let missing: Vec<_> = wanted.difference(&english).collect();
    assert!(missing.is_empty(), "no English for {missing:?}");
    let stale: Vec<_> = english.difference(&wanted).collect();
    assert!(stale.is_empty(), "en.ftl has texts that nothing uses: {stale:?}");
}

#[test]
fn chinese_has_every_id_or_lists_it_as_untranslated() {
    let (wanted, chinese) = (wanted(), ids(ZH));
    let listed = untranslated();
    let listed_once: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(listed_once.len(), listed.len(), "an id is listed twice as untranslated");
    let both: Vec<_> = chinese.intersection(&listed_once).collect();
    assert!(both.is_empty(), "translated, yet listed as untranslated: {both:?}");
    let known: BTreeSet<&str> = chinese.union(&listed_once).copied().collect();
    let missing: Vec<_> = wanted.difference(&known).collect();
    assert!(missing.is_empty(), "neither translated nor listed as untranslated: {missing:?}");
    let stale: Vec<_> = known.difference(&wanted).collect();
    assert!(stale.is_empty(), "zh.ftl names ids that nothing uses: {stale:?}");
}

/// The arguments each text uses; a text using more of Fluent than text and
/// arguments fails the test, as the reference could not show it.
fn arguments(source: &'static str) -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (id, text) in messages(source) {
        let mut names = BTreeSet::new();
        let plain = text.and_then(|p| {
            ftl::plain(&p, |name| {
                names.insert(name.to_string());
                String::new()
            })
        });
        assert!(plain.is_some(), "`{id}` uses more than text and `{{ $name }}`");
        out.insert(id, names);
    }
    out
}

#[test]
fn translations_use_the_same_arguments() {
    let english = arguments(EN);
    for (id, names) in arguments(ZH) {
        let Some(wanted) = english.get(id) else { continue };
        if id == Code::WaiverUnusedForMeasure.id() {
            // The Chinese of an unused waiver does not repeat the measure.
            assert!(names.is_subset(wanted), "{id}");
        } else {
            assert_eq!(&names, wanted, "{id}");
        }
    }
}

#[test]
fn codes_are_unique_and_grouped_by_area() {
    let ids: BTreeSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    assert_eq!(ids.len(), Code::ALL.len(), "a code is used twice");
    for code in Code::ALL {
        let id = code.id();
        assert!(id.len() == 6 && id.starts_with("WW") && id[2..].chars().all(|c| c.is_ascii_digit()), "{id}");
        assert!(matches!(&id[2..4], "01" | "02" | "03" | "04" | "05" | "06"), "{id} is in no area");
    }
    let mut sorted: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    sorted.sort();
    assert_eq!(sorted, Code::ALL.iter().map(|c| c.id()).collect::<Vec<_>>(), "codes are listed in order");
}

#[test]
fn renders_arguments_and_braces() {
    let m = Message::new(Code::UnknownKey).arg("key", "retension_days").arg("place", Term::ThePolicy);
    assert_eq!(m.render(Lang::En), "unknown key `retension_days` in the policy");
    assert_eq!(m.render(Lang::Zh), "政策文件 中有未知的键 `retension_days`");
    assert_eq!(Message::new(Code::BadReference).render(Lang::En), "a reference must be text or `{title, url}`");
    let m = Message::new(Code::NotAPolicy).arg("found", Term::List);
    assert_eq!(m.render(Lang::Zh), "应为一份政策（以 `version: 1` 开头的映射），实际为列表");
    let h = Help::new(Hint::BelongsUnder).arg("key", "days").arg("parent", "retention");
    assert_eq!(h.render(Lang::Zh), "`days` 应放在 `retention` 之下：`retention: { days: ... }`");
}

#[test]
fn keeps_spaces_and_the_first_value_of_an_argument() {
    assert_eq!(Help::new(Hint::NoMeasuresHere).render(Lang::En), "measures in this policy: ");
    let m = Message::new(Code::DuplicateRuleId).arg("id", "PRV-001").arg("id", "PRV-002");
    assert_eq!(m.render(Lang::En), "duplicate rule id `PRV-001`");
}

#[test]
fn terms_fall_back_to_english_one_by_one() {
    let list_of = |t: Term| Term::ListOf(Box::new(t));
    assert_eq!(list_of(Term::Text).render(Lang::Zh), "a list of 文本");
    assert_eq!(list_of(Term::RuleId).render(Lang::Zh), "a list of a rule id");
    assert_eq!(Term::IntAtLeast(3).render(Lang::Zh), "an integer >= 3");
    assert_eq!(list_of(Term::IntAtLeast(3)).render(Lang::Zh), "a list of 整数 >= 3");
    assert_eq!(list_of(Term::IntAtLeast(3)).render(Lang::En), "a list of an integer >= 3");
    // Untranslated, so its words are English too.
    let h = Help::new(Hint::Takes).arg("place", "`goals`").arg("expected", list_of(Term::Text));
    assert_eq!(h.render(Lang::Zh), "`goals` takes a list of text");
}

/// Call sites are checked where tests run them: a text naming an argument that its
/// caller did not give stops a debug build.
#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "WW0203")]
fn a_missing_argument_stops_a_debug_build() {
    Message::new(Code::NoValue).render(Lang::En);
}
