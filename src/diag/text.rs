//! A message or hint as data: which one it is, and its arguments. The words are
//! written out only when it is shown, in the language it is shown in.

use super::codes::{Code, Hint};
use super::{en, zh};
use crate::Lang;

/// A diagnostic's message: its code and the values it names.
pub type Message = Text<Code>;
/// One line of a diagnostic's help.
pub type Help = Text<Hint>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text<K> {
    pub key: K,
    args: Vec<(&'static str, Arg)>,
}

/// The value of one `{name}` in a template.
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
        match lang {
            Lang::En => self.en(),
            Lang::Zh => self.zh(),
        }
    }

    fn en(&self) -> String {
        match self {
            Term::ThePolicy => "the policy".into(),
            Term::PolicyDocument => "a policy starting with `version: 1`".into(),
            Term::Null => "nothing (null)".into(),
            Term::Boolean => "a boolean".into(),
            Term::Integer => "an integer".into(),
            Term::Number => "a number".into(),
            Term::Text => "text".into(),
            Term::List => "a list".into(),
            Term::Map => "a map".into(),
            Term::TrueOrFalse => "true or false".into(),
            Term::Date => "a date (YYYY-MM-DD)".into(),
            Term::MeasureId => "a measure id".into(),
            Term::RuleId => "a rule id".into(),
            Term::JurisdictionId => "a jurisdiction id".into(),
            Term::IntAtLeast(min) => format!("an integer >= {min}"),
            Term::Version => "the integer 1".into(),
            Term::Vocabulary => "one of a fixed vocabulary".into(),
            Term::VocabularyValues => "vocabulary values".into(),
            Term::Maps => "maps".into(),
            Term::ListOf(item) => format!("a list of {}", item.en()),
        }
    }

    fn zh(&self) -> String {
        match self {
            Term::ThePolicy => "政策文件".into(),
            Term::PolicyDocument => "以 `version: 1` 开头的政策".into(),
            Term::Null => "空值".into(),
            Term::Boolean => "布尔值".into(),
            Term::Integer => "整数".into(),
            Term::Number => "数字".into(),
            Term::Text => "文本".into(),
            Term::List => "列表".into(),
            Term::Map => "映射".into(),
            Term::TrueOrFalse => "true 或 false".into(),
            Term::Date => "日期（YYYY-MM-DD）".into(),
            Term::MeasureId => "措施 id".into(),
            Term::JurisdictionId => "法域 id".into(),
            Term::ListOf(item) => match &**item {
                Term::IntAtLeast(min) => format!("a list of 整数 >= {min}"),
                item => format!("a list of {}", item.zh()),
            },
            // Not translated yet: shown in English in both languages.
            Term::RuleId
            | Term::IntAtLeast(_)
            | Term::Version
            | Term::Vocabulary
            | Term::VocabularyValues
            | Term::Maps => self.en(),
        }
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

    /// Sets `{name}` in the template.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text<K> {
        self.args.push((name, value.into()));
        self
    }

    pub fn args(&self) -> impl Iterator<Item = (&'static str, &Arg)> {
        self.args.iter().map(|(n, a)| (*n, a))
    }

    fn fill(&self, template: &str, lang: Lang) -> String {
        fill(template, |name| {
            self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| match (a, lang) {
                (Arg::Str(s), _) => s.clone(),
                (Arg::Term(t), lang) => t.render(lang),
                (Arg::Message(m), lang) => m.render(lang),
            })
        })
    }
}

/// The template in `lang`, or in English where `lang` has none, and its language.
fn in_lang(lang: Lang, zh: Option<&'static str>, en: &'static str) -> (&'static str, Lang) {
    match (lang, zh) {
        (Lang::Zh, Some(t)) => (t, Lang::Zh),
        _ => (en, Lang::En),
    }
}

impl Message {
    /// The message in `lang`; a code with no translation is shown in English.
    pub fn render(&self, lang: Lang) -> String {
        let (template, lang) = in_lang(lang, zh::message(self.key), en::message(self.key));
        self.fill(template, lang)
    }
}

impl Help {
    pub fn render(&self, lang: Lang) -> String {
        let (template, lang) = in_lang(lang, zh::hint(self.key), en::hint(self.key));
        self.fill(template, lang)
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

/// Replaces each `{name}` in `template` by `value(name)`; `{{` and `}}` are braces.
/// A name without a value is left as written, so a missing argument shows.
pub fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let name_end = tail.find('}').filter(|_| tail.starts_with('{'));
        match name_end {
            Some(end) => {
                let name = &tail[1..end];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&tail[..=end]),
                }
                rest = &tail[end + 1..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}`s a template uses, in order.
#[cfg(test)]
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let _ = fill(template, |name| {
        names.push(name.to_string());
        Some(String::new())
    });
    names
}
