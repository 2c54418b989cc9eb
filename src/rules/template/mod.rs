//! Rule messages and recommendations: templates in watchwise's message language
//! ([`message`]), read when their rule loads and rendered for each finding.
//!
//! Only rule text is ever read as a template; policy text reaches a message as
//! data, so a purpose of `{{...}}` prints as written. Output is plain text (no HTML
//! escaping here): each renderer escapes for its own format.

mod message;

use crate::Lang;
use crate::Text;
use crate::policy::Policy;
use crate::policy::vocab;
use message::Plan;
pub(crate) use message::{MAX_RENDERED, TooLong};
use serde_json::Value as Json;
use std::borrow::Cow;

/// A rule's message or recommendation: its text, and per language its plan.
#[derive(Clone, Debug)]
pub struct Tpl {
    pub text: Text,
    /// English, Chinese (the English plan again when there is no Chinese text).
    plans: [Plan; 2],
}

impl Tpl {
    /// Reads both languages of a template; the error says which language, where in
    /// the template and what is wrong. `measure` paths exist only in rules
    /// evaluated per measure.
    pub fn new(text: Text, for_each_measure: bool) -> Result<Tpl, String> {
        let parse = |body: &str, lang: &str| {
            Plan::parse(body, for_each_measure).map_err(|e| {
                format!(
                    "the {lang} text is not a valid template at line {}, column {} of the template: {}",
                    e.line, e.column, e.reason
                )
            })
        };
        let en = parse(&text.en, "en")?;
        let zh = match &text.zh {
            Some(zh) => parse(zh, "zh")?,
            None => en.clone(),
        };
        Ok(Tpl { text, plans: [en, zh] })
    }

    pub fn get(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }

    /// The text for one finding, white space folded. Text without an expression is
    /// borrowed, the same for every finding. A text past [`MAX_RENDERED`] bytes is
    /// refused.
    pub fn render(&self, lang: Lang, data: &Data) -> Result<Cow<'_, str>, TooLong> {
        self.plans[lang as usize].render(data, lang)
    }

    /// The text where there is no finding (`rules list`, `rules show`): every
    /// branch's text, each expression shown as `…`.
    pub fn sketch(&self, lang: Lang) -> String {
        self.plans[lang as usize].sketch()
    }
}

fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// Readable words for vocabulary values: a list becomes "a, b and c" (zh: "a、b和c").
pub(crate) fn human(value: &Json, lang: Lang) -> String {
    let word = |v: &Json| match v {
        Json::String(s) => human_word(s, lang).into_owned(),
        other => plain(other),
    };
    match value {
        Json::Array(items) => listing(items.iter().map(word).collect(), lang),
        other => word(other),
    }
}

/// A vocabulary value in words; other text as written.
pub(crate) fn human_word(s: &str, lang: Lang) -> Cow<'_, str> {
    if s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-') {
        vocab::human(s, lang)
    } else {
        Cow::Borrowed(s)
    }
}

/// "a, b and c" (zh: "a、b和c").
fn listing(words: Vec<String>, lang: Lang) -> String {
    let mut out = String::new();
    let n = words.len();
    write_listing(&mut out, words.into_iter(), n, lang);
    out
}

/// [`listing`] of `n` words, written at the end of `out`.
fn write_listing<S: AsRef<str>>(out: &mut String, words: impl Iterator<Item = S>, n: usize, lang: Lang) {
    let (sep, and) = match lang {
        Lang::En => (", ", " and "),
        Lang::Zh => ("、", "和"),
    };
    for (k, word) in words.enumerate() {
        if k > 0 {
            out.push_str(if k + 1 == n { and } else { sep });
        }
        out.push_str(word.as_ref());
    }
}

/// Templates written as folded YAML may leave doubled or trailing spaces, and
/// policy text put into a message may hold line breaks: white space is folded to
/// single spaces. Works on bytes: ASCII white space never occurs inside a UTF-8
/// multi-byte character.
pub(crate) fn fold_space(s: String) -> String {
    if !needs_fold(s.as_bytes()) {
        return s;
    }
    let mut out = Vec::with_capacity(s.len());
    let mut space = false;
    for &b in s.as_bytes() {
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            space = !out.is_empty();
        } else {
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether [`fold_space`] would change `b`: usually not, so this is one pass
/// without branches per byte, which the compiler vectorizes.
fn needs_fold(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return false };
    let other_space = |c: u8| (c == b'\n') | (c == b'\r') | (c == b'\t');
    first == b' '
        || last == b' '
        || other_space(last)
        || b.iter().zip(&b[1..]).fold(false, |any, (&x, &y)| any | other_space(x) | ((x == b' ') & (y == b' ')))
}

/// The data a message receives: the policy, the current measure, the rule, and
/// what made the rule fire.
pub struct Data<'a> {
    pub policy: &'a Policy,
    pub measure: Option<usize>,
    pub rule: RuleFacts<'a>,
    /// A JSON array.
    pub matched: &'a Json,
}

pub struct RuleFacts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: &'a str,
    pub severity: &'a str,
    pub pack: &'a str,
}

#[cfg(test)]
mod tests {
    use super::fold_space;

    #[test]
    fn folds_white_space_once() {
        assert_eq!(fold_space("plain text".into()), "plain text");
        assert_eq!(fold_space(" a  b\nc\t".into()), "a b c");
        assert_eq!(fold_space("中文\n内容".into()), "中文 内容");
        assert_eq!(fold_space("x\n".into()), "x");
        assert_eq!(fold_space("a\tb".into()), "a b");
        assert_eq!(fold_space("a \r\n b".into()), "a b");
        assert_eq!(fold_space("  ".into()), "");
        assert_eq!(fold_space(" ".into()), "");
        assert_eq!(fold_space(String::new()), "");
        // Long text, the fault near the end: the whole text is looked at.
        let long = "word ".repeat(100) + "end  stop";
        assert_eq!(fold_space(long.clone()), long.replace("  ", " "));
    }
}
