//! A message or hint as data: which one it is, and its arguments. The words are
//! written out only when it is shown, in the language it is shown in.

use super::codes::{Code, Hint};
use super::ftl;
use crate::Lang;

/// A diagnostic's message: its code and the values it names.
pub(crate) type Message = Text<Code>;
/// One line of a diagnostic's help.
pub(crate) type Help = Text<Hint>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text<K> {
    pub key: K,
    args: Vec<(&'static str, Arg)>,
}

/// The value of one argument (`{ $name }` in the `.ftl` files).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is in every language: names, values, numbers.
    Str(String),
    /// A word the tables translate.
    Term(Term),
    /// Another diagnostic's message, quoted inside this one.
    Message(Box<Message>),
}

/// Words inside messages that are translated: what a value is, what was expected,
/// and which part of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    ThePolicy,
    /// What a policy file is, for an empty one.
    PolicyDocument,
    Null,
    Boolean,
    Integer,
    Number,
    Text,
    List,
    Map,
    TrueOrFalse,
    Date,
    MeasureId,
    RuleId,
    JurisdictionId,
    IntAtLeast(i64),
    /// The format version: only `1`.
    Version,
    Vocabulary,
    /// What a list of vocabulary values holds, in the plural.
    VocabularyValues,
    Maps,
    ListOf(Box<Term>),
}

impl Term {
    pub fn render(&self, lang: Lang) -> String {
        let (id, args) = self.id_and_args();
        ftl::say(lang, id, &args)
    }

    /// Its id in the `.ftl` files and the arguments that the text there takes.
    pub(super) fn id_and_args(&self) -> (&'static str, Vec<(&'static str, Arg)>) {
        let id = match self {
            Term::ThePolicy => "term-the-policy",
            Term::PolicyDocument => "term-policy-document",
            Term::Null => "term-null",
            Term::Boolean => "term-boolean",
            Term::Integer => "term-integer",
            Term::Number => "term-number",
            Term::Text => "term-text",
            Term::List => "term-list",
            Term::Map => "term-map",
            Term::TrueOrFalse => "term-true-or-false",
            Term::Date => "term-date",
            Term::MeasureId => "term-measure-id",
            Term::RuleId => "term-rule-id",
            Term::JurisdictionId => "term-jurisdiction-id",
            Term::IntAtLeast(min) => return ("term-int-at-least", vec![("min", Arg::from(*min))]),
            Term::Version => "term-version",
            Term::Vocabulary => "term-vocabulary",
            Term::VocabularyValues => "term-vocabulary-values",
            Term::Maps => "term-maps",
            Term::ListOf(item) => match **item {
                // Chinese words this one apart from a list of anything else.
                Term::IntAtLeast(min) => return ("term-list-of-int-at-least", vec![("min", Arg::from(min))]),
                _ => return ("term-list-of", vec![("item", Arg::Term((**item).clone()))]),
            },
        };
        (id, Vec::new())
    }
}

impl From<Term> for Arg {
    fn from(t: Term) -> Arg {
        Arg::Term(t)
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Str(n.to_string())
            }
        }
    )*};
}
number_args!(i64, u64, u32, usize, i8, i16);

impl<K: Copy> Text<K> {
    pub fn new(key: K) -> Text<K> {
        Text { key, args: Vec::new() }
    }

    /// Gives the argument `{ $name }` of the text.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text<K> {
        self.args.push((name, value.into()));
        self
    }
}

impl Arg {
    pub(super) fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Str(s) => s.clone(),
            Arg::Term(t) => t.render(lang),
            Arg::Message(m) => m.render(lang),
        }
    }
}

impl Message {
    /// The message in `lang`; a code with no translation is shown in English.
    pub fn render(&self, lang: Lang) -> String {
        ftl::say(lang, self.key.id(), &self.args)
    }
}

impl Help {
    pub fn render(&self, lang: Lang) -> String {
        ftl::say(lang, self.key.id(), &self.args)
    }
}

impl From<Code> for Message {
    fn from(code: Code) -> Message {
        Message::new(code)
    }
}

impl From<Hint> for Help {
    fn from(hint: Hint) -> Help {
        Help::new(hint)
    }
}
