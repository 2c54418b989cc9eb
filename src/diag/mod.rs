//! Diagnostics: `file:line:column: message`, a source snippet and a hint.
//!
//! Every input error in watchwise (policy, rule, config, test case) is one of these,
//! so that the terminal, JSON and later formats all report the same thing. Each has a
//! stable [`Code`] and its arguments as data; `en.ftl` and `zh.ftl` say it in words,
//! and `docs/diagnostics.md` is written from them.

mod capped;
mod codes;
// The generated reference (docs/diagnostics.md), written and checked by its test.
#[cfg(test)]
mod docs;
mod ftl;
pub(crate) mod safe;
#[cfg(test)]
mod table_tests;
mod text;

pub(crate) use capped::Capped;
pub(crate) use codes::{Code, Hint};
pub(crate) use text::{Arg, Help, Message, Term};

use crate::Lang;
use std::fmt::Write as _;

/// A position in a source file: 1-based line and column (in characters), and the
/// length of the marked text in characters (0 = a point).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Span {
    pub const TOP: Span = Span { line: 1, col: 1, len: 0 };
    /// No place in a file: a command-line option, an environment variable, a folder
    /// or an output path. Shown as the name alone, never as `name:1:1`.
    pub const NONE: Span = Span { line: 0, col: 0, len: 0 };

    pub fn new(line: usize, col: usize, len: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span { line: clamp(line), col: clamp(col), len: clamp(len) }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

/// The source line of a diagnostic: of a long line, only a window around the column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// The column of the span within `text` (1-based, in characters).
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub file: String,
    pub span: Span,
    /// The stable code; `None` for a diagnostic built from plain English text.
    pub code: Option<Code>,
    /// The message as shown, in the language of the last [`Diagnostic::localized`].
    pub message: String,
    /// A hint: "did you mean ...", the accepted values, how to fix it.
    pub help: Option<String>,
    /// The source line the span points into, kept so the diagnostic can be shown
    /// after the source is gone.
    pub snippet: Option<Box<Snippet>>,
    /// What `message` and `help` are made from, to say them in another language.
    parts: Option<Box<(Message, Vec<Help>)>>,
}

impl Diagnostic {
    /// A diagnostic with a code; its level is the code's.
    pub fn new(file: &str, span: Span, message: impl Into<Message>) -> Diagnostic {
        let message = message.into();
        Diagnostic {
            level: message.key.level(),
            file: file.to_string(),
            span,
            code: Some(message.key),
            message: message.render(Lang::En),
            help: None,
            snippet: None,
            parts: Some(Box::new((message, Vec::new()))),
        }
    }

    /// Adds a line of help to a diagnostic with a code.
    pub fn hint(mut self, help: impl Into<Help>) -> Diagnostic {
        let help = help.into();
        let line = help.render(Lang::En);
        self.help = Some(match self.help.take() {
            Some(h) => format!("{h}\n{line}"),
            None => line,
        });
        if let Some(parts) = &mut self.parts {
            parts.1.push(help);
        }
        self
    }

    /// Adds a line of help if there is one.
    pub fn hint_opt(self, help: Option<Help>) -> Diagnostic {
        match help {
            Some(h) => self.hint(h),
            None => self,
        }
    }

    /// What the message is made from, if it has a code.
    fn parts(&self) -> Option<(&Message, &[Help])> {
        self.parts.as_deref().map(|(m, h)| (m, h.as_slice()))
    }

    /// The same problem, reported as the reason a rule test case is invalid.
    pub fn within_case(self, case: &str) -> Diagnostic {
        let Some(parts) = self.parts else {
            let message = format!("case '{case}': invalid policy: {}", self.message);
            return Diagnostic { message, ..self };
        };
        let (inner, helps) = *parts;
        let message = Message::new(Code::CaseInvalidPolicy).arg("case", case).arg("problem", inner);
        let mut out = Diagnostic::new(&self.file, self.span, message);
        out.level = self.level;
        out.snippet = self.snippet;
        helps.into_iter().fold(out, Diagnostic::hint)
    }

    /// The diagnostic said in `lang`. Without a code it stays as written.
    pub fn localized(&self, lang: Lang) -> Diagnostic {
        let mut out = self.clone();
        if let Some((message, helps)) = self.parts() {
            out.message = message.render(lang);
            out.help = if helps.is_empty() {
                None
            } else {
                Some(helps.iter().map(|h| h.render(lang)).collect::<Vec<_>>().join("\n"))
            };
        }
        out
    }

    /// A diagnostic from plain English text, with no code and no translation.
    pub fn error(file: &str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level: Level::Error,
            file: file.to_string(),
            span,
            code: None,
            message: message.into(),
            help: None,
            snippet: None,
            parts: None,
        }
    }

    /// A warning from plain English text, with no code and no translation.
    pub fn warning(file: &str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { level: Level::Warning, ..Diagnostic::error(file, span, message) }
    }

    /// Sets the help of a diagnostic built from plain text (one with a code takes
    /// [`Diagnostic::hint`], which can be translated).
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        debug_assert!(self.parts.is_none(), "a diagnostic with a code takes `hint`");
        self.help = Some(help.into());
        self
    }

    /// Attaches the source line that the span points at.
    pub fn with_source(self, source: &str) -> Diagnostic {
        match self.span.line.checked_sub(1).and_then(|i| yaml_lines(source).nth(i as usize)) {
            Some(line) => self.with_line(line),
            None => self,
        }
    }

    /// Attaches `line` as the source line of the span, or a window of it around the
    /// column: a diagnostic never holds a whole long line, so that ten thousand errors
    /// on one long line cost ten thousand short snippets.
    pub fn with_line(mut self, line: &str) -> Diagnostic {
        let (text, col) = window(line, self.span.col as usize);
        self.snippet = Some(Box::new(Snippet { text, col: u32::try_from(col).unwrap_or(u32::MAX) }));
        self
    }

    /// `file:line:column: message` and nothing else: the first line of [`render`].
    pub fn headline(&self) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        format!("{}: {level}: {}", self.place(), self.message)
    }

    /// `file:line:column`, or the name alone for a problem with no place in a file.
    pub fn place(&self) -> String {
        if self.span.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.span.line, self.span.col)
        }
    }

    /// The full text for a terminal: headline, snippet with a caret, and the hint.
    /// Input in it (file name, message, source line) is shown as [`safe`] says, so a
    /// diagnostic cannot drive the terminal nor start a CI workflow command.
    pub fn render(&self, color: bool) -> String {
        let (level_colour, blue, bold, reset) = if color {
            let level_colour = if self.level == Level::Error { "\x1b[1;31m" } else { "\x1b[1;35m" };
            (level_colour, "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let mut out = String::new();
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{bold}{}:{reset} {level_colour}{level}:{reset} {bold}{}{reset}",
            safe::escape(&self.place()),
            safe::escape(&self.message)
        );
        if let Some(snippet) = &self.snippet {
            let line = &snippet.text;
            let number = self.span.line.to_string();
            let pad = " ".repeat(number.len());
            // Each character as shown, and how many columns it takes. Tabs would
            // misalign the caret; they show as single spaces.
            let mut shown: Vec<(std::borrow::Cow<str>, usize)> = line
                .chars()
                .take(200)
                .map(|c| match c {
                    '\t' => (" ".into(), 1),
                    c if safe::is_unsafe(c) => {
                        let mut s = String::new();
                        safe::push_escaped(&mut s, c);
                        let n = s.len();
                        (s.into(), n)
                    }
                    c => (c.to_string().into(), if is_wide(c) { 2 } else { 1 }),
                })
                .collect();
            if line.chars().nth(200).is_some() {
                shown.push(("…".into(), 1));
            }
            let start = (snippet.col as usize).saturating_sub(1);
            let avail = shown.len().saturating_sub(start).max(1);
            let len = (self.span.len as usize).clamp(1, avail);
            let lead: String = shown.iter().take(start).map(|(_, w)| " ".repeat(*w)).collect();
            let marked: String = shown.iter().skip(start).take(len).map(|(_, w)| "^".repeat(*w)).collect();
            let marked = if marked.is_empty() { "^".to_string() } else { marked };
            let text: String = shown.iter().map(|(s, _)| s.as_ref()).collect();
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{number} |{reset} {text}");
            let _ = writeln!(out, "{blue}{pad} |{reset} {lead}{level_colour}{marked}{reset}");
        }
        if let Some(help) = &self.help {
            let pad = " ".repeat(self.span.line.to_string().len());
            for (i, line) in help.lines().enumerate() {
                let line = safe::escape(line);
                if i == 0 {
                    let _ = writeln!(out, "{pad} {blue}={reset} {bold}help:{reset} {line}");
                } else {
                    let _ = writeln!(out, "{pad}         {line}");
                }
            }
        }
        safe::lines_owned(out)
    }
}

/// Lines as YAML counts them: broken at `\n`, `\r\n` or a lone `\r`.
pub(crate) fn yaml_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l.split('\r')
    })
}

/// How much of a long line a snippet shows: characters in all (as many as
/// [`Diagnostic::render`] shows of a line), and before the column.
const SNIPPET_CHARS: usize = 200;
const BEFORE_COLUMN: usize = 80;

/// The part of `line` shown for a span at column `col`: the whole line if short,
/// else [`SNIPPET_CHARS`] characters from a little before the column, with `…` where
/// text is cut. Returns the text and the column within it.
fn window(line: &str, col: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SNIPPET_CHARS {
        return (line.to_string(), col);
    }
    // Near the end of the line the window ends with it; a leading `…` takes one
    // character of the window.
    let wanted = col.saturating_sub(1 + BEFORE_COLUMN);
    let (start, body) =
        if wanted == 0 { (0, SNIPPET_CHARS) } else { (wanted.min(count - (SNIPPET_CHARS - 1)), SNIPPET_CHARS - 1) };
    let lead = if start > 0 { "…" } else { "" };
    let trail = if start + body < count { "…" } else { "" };
    let text: String = line.chars().skip(start).take(body).collect();
    (format!("{lead}{text}{trail}"), col - start + usize::from(start > 0))
}

/// East Asian wide characters take two terminal columns; the caret must follow.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The closest candidate to `word`, if one is close enough to suggest.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace(['-', ' '], "_");
    let w = norm(word);
    let mut best: Option<(&str, f64)> = None;
    for cand in candidates {
        let c = norm(cand);
        if c == w {
            return Some(cand);
        }
        let score = strsim::jaro_winkler(&w, &c);
        let dist = strsim::damerau_levenshtein(&w, &c);
        let close = score >= 0.85 || (dist <= 2 && w.len() > 3) || (w.len() > 4 && c.starts_with(&w));
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((cand, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `a`, `b` or `c`: a list of accepted values for a help line.
pub(crate) fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["retention_days", "retention_schedule_published", "kind"];
        assert_eq!(did_you_mean("retension_days", keys), Some("retention_days"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("Kind", keys), Some("kind"));
    }

    #[test]
    fn lone_carriage_returns_break_lines_as_in_yaml() {
        // Found by fuzzing: the parser counts a lone \r as a line break.
        let src = "a: 1\rb: 2\r\nc: [\n";
        let d = Diagnostic::error("p.yaml", Span::new(3, 1, 1), "x").with_source(src);
        assert_eq!(d.snippet.as_deref().map(|s| s.text.as_str()), Some("c: ["));
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let line = format!("k: [{}]", vec!["bad"; 20_000].join(", "));
        let col = 4 + 5 * 10_000 + 1;
        let d = Diagnostic::error("p.yaml", Span::new(1, col, 3), "x").with_line(&line);
        let snippet = d.snippet.as_deref().unwrap();
        assert_eq!(snippet.text.chars().count(), 201);
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        let marked: String = snippet.text.chars().skip(snippet.col as usize - 1).take(3).collect();
        assert_eq!(marked, "bad");
        let text = d.render(false);
        let caret = text.lines().nth(3).unwrap();
        let body = text.lines().nth(2).unwrap();
        let at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(body.chars().skip(at).take(3).collect::<String>(), "bad", "{text}");
        // Near the end, the window ends with the line.
        let d = Diagnostic::error("p.yaml", Span::new(1, line.len(), 1), "x").with_line(&line);
        let snippet = d.snippet.as_deref().unwrap();
        assert!(snippet.text.ends_with(']') && snippet.text.chars().count() == 200);
        assert_eq!(snippet.text.chars().nth(snippet.col as usize - 1), Some(']'));
        // A short line stays whole.
        let d = Diagnostic::error("p.yaml", Span::new(1, 3, 1), "x").with_line("a: b");
        assert_eq!(d.snippet.as_deref().map(|s| (s.text.as_str(), s.col)), Some(("a: b", 3)));
    }

    #[test]
    fn renders_caret_under_span() {
        let d = Diagnostic::error("p.yaml", Span::new(2, 3, 5), "unknown key `kinds`")
            .with_source("a:\n  kinds: x\n")
            .with_help("did you mean `kind`?");
        let text = d.render(false);
        assert!(text.starts_with("p.yaml:2:3: error: unknown key `kinds`\n"), "{text}");
        assert!(text.contains("2 |   kinds: x\n  |   ^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `kind`?"), "{text}");
    }
}
