//! Text from an input, made safe to show on a terminal or in a CI log.
//!
//! Policy and rule files, and the names of files, reach the table, the diagnostics on
//! standard error and the GitHub annotations. A terminal obeys control characters (an
//! escape sequence can clear the screen, set the window title or plant a hyperlink), a
//! bidi control reorders what is shown, so that one text displays as another, and the
//! GitHub Actions runner reads every log line, on either stream, that starts with `::`
//! (after white space) or holds `##[` as a workflow command. So [`escape`] shows each such
//! character as `\u{1b}`, and [`lines`] defuses what would still start a workflow
//! command once the text is laid out. A backslash in the input stays as it is: what is
//! shown is meant to be read, not parsed back.

use std::borrow::Cow;
use std::fmt::Write as _;

/// C0 controls, DEL and C1 controls.
pub(crate) fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}')
}

/// Bidi controls: the marks, embeddings, overrides and isolates that reorder text.
pub(crate) fn is_bidi(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Unicode's line and paragraph separators, which some viewers break lines at.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Noncharacters (U+FFFE, U+FFFF, U+FDD0 to U+FDEF and the last two of every plane):
/// XML 1.0 forbids the first two, and interchange formats advise against all of them.
pub(crate) fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// What [`escape`] shows escaped: controls, bidi controls, line separators and
/// noncharacters (which have no glyph to show).
pub(crate) fn is_unsafe(c: char) -> bool {
    is_control(c) || is_bidi(c) || is_separator(c) || is_noncharacter(c)
}

/// What documents (Markdown, HTML, XML, CSV, SARIF) show escaped: what [`is_unsafe`]
/// says save tabs and line breaks, which they lay out themselves.
pub(crate) fn is_unsafe_in_document(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r')
}

/// Appends `c` as `\u{1b}` (lowercase hex, as Rust writes it).
pub(crate) fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// `s` with every character for which `shown_escaped` holds written as `\u{..}`.
pub(crate) fn escape_where(s: &str, shown_escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = s.char_indices().find(|(_, c)| shown_escaped(*c)).map(|(i, _)| i) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        if shown_escaped(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text from an input, for a terminal or a CI log: every control character (line
/// breaks and tabs included), bidi control, line separator and noncharacter shown as
/// `\u{..}`.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    escape_where(s, is_unsafe)
}

/// Like [`escape`], but tabs and line breaks become a space first: for text that is
/// wrapped to the width anyway, as in the table.
pub(crate) fn escape_folded(s: &str) -> Cow<'_, str> {
    if !s.contains(['\t', '\n', '\r']) {
        return escape(s);
    }
    let folded = s.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ");
    Cow::Owned(escape(&folded).into_owned())
}

/// Characters that a log reader may skip or trim without showing them: white space and
/// the Unicode default-ignorable code points (zero-width spaces and joiners, soft
/// hyphens, variation selectors, tags). A culture-aware comparison, as the runner's
/// `StartsWith`, passes over the latter.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}')
}

/// The byte length of the colour codes (`ESC [ digits ; m`) at the start of `s`. The
/// renderers' own colours are the only escape sequences left once input is escaped.
fn colour_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while b.get(i) == Some(&0x1b) && b.get(i + 1) == Some(&b'[') {
        let mut j = i + 2;
        while b.get(j).is_some_and(|c| c.is_ascii_digit() || *c == b';') {
            j += 1;
        }
        if b.get(j) != Some(&b'm') {
            break;
        }
        i = j + 1;
    }
    i
}

/// The byte offsets of `pattern`'s characters in `s` from `at` on, skipping invisible
/// characters before and between them; `None` if `s` does not go on with `pattern`.
fn spelled_at(s: &str, at: usize, pattern: &str) -> Option<Vec<usize>> {
    let mut found = Vec::with_capacity(pattern.len());
    let mut want = pattern.chars().peekable();
    for (i, c) in s[at..].char_indices() {
        let Some(&w) = want.peek() else { break };
        if c == w {
            found.push(at + i);
            want.next();
        } else if !is_invisible(c) {
            return None;
        }
    }
    (want.peek().is_none()).then_some(found)
}

/// The byte offsets of the `[` of every `##[` in `s`, invisible characters before and
/// between them included: GitHub Actions reads one anywhere in a line as a command.
pub(crate) fn command_brackets(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.match_indices('#').filter_map(|(i, _)| spelled_at(s, i, "##[").map(|at| at[2]))
}

/// A finished block of terminal text with nothing in it that GitHub Actions would run:
/// a line that starts with `::` (after white space, invisible characters or colour
/// codes) gets its first colon escaped, and the `[` of every `##[` is escaped. Watchwise
/// itself never starts a line of the table or of a diagnostic so; only input can.
pub(crate) fn lines(text: &str) -> Cow<'_, str> {
    if !text.contains([':', '#']) {
        return Cow::Borrowed(text);
    }
    // Byte offsets of the characters to escape, in order.
    let mut marks: Vec<usize> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let skip = colour_prefix(line);
        let lead = line[skip..].char_indices().find(|(_, c)| !is_invisible(*c)).map_or(line.len(), |(i, _)| skip + i);
        if line[lead..].starts_with(':')
            && let Some(at) = spelled_at(line, lead, "::")
        {
            marks.push(start + at[0]);
        }
        for (i, _) in line.match_indices('#') {
            if let Some(at) = spelled_at(line, i, "##[") {
                marks.push(start + at[2]);
            }
        }
        start += line.len();
    }
    if marks.is_empty() {
        return Cow::Borrowed(text);
    }
    marks.sort_unstable();
    marks.dedup();
    let mut out = String::with_capacity(text.len() + 8 * marks.len());
    let mut from = 0;
    for m in marks {
        out.push_str(&text[from..m]);
        let c = text[m..].chars().next().expect("a mark is at a character");
        push_escaped(&mut out, c);
        from = m + c.len_utf8();
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// [`lines`] for an owned text, which is handed back when nothing needs escaping.
pub(crate) fn lines_owned(text: String) -> String {
    if let Cow::Owned(out) = lines(&text) { out } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_controls_and_bidi_escaped() {
        assert_eq!(escape("plain, ünïcode 中文"), "plain, ünïcode 中文");
        assert_eq!(escape("a\x1b[2Jb\x07"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(escape("\u{9b}31m\x7f"), "\\u{9b}31m\\u{7f}");
        assert_eq!(escape("Access\u{202e}lortnoc\u{202c} ok"), "Access\\u{202e}lortnoc\\u{202c} ok");
        assert_eq!(escape("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(escape_folded("a\r\nb\tc\n"), "a b c ");
        assert_eq!(escape_folded("a\r\n\x1b"), "a \\u{1b}");
    }

    #[test]
    fn tells_noncharacters() {
        for c in ['\u{fffe}', '\u{ffff}', '\u{fdd0}', '\u{1fffe}', '\u{10ffff}'] {
            assert!(is_noncharacter(c), "{c:?}");
        }
        for c in ['\u{fffd}', '\u{fdf0}', 'a', '\u{1fffd}'] {
            assert!(!is_noncharacter(c), "{c:?}");
        }
    }

    #[test]
    fn defuses_workflow_commands() {
        assert_eq!(lines("ok: fine\n"), "ok: fine\n");
        assert_eq!(lines("::error::x\n"), "\\u{3a}:error::x\n");
        assert_eq!(lines("a\n   ::stop-commands::t\n"), "a\n   \\u{3a}:stop-commands::t\n");
        assert_eq!(lines("\u{200b} :\u{feff}:warning::x"), "\u{200b} \\u{3a}\u{feff}:warning::x");
        assert_eq!(lines("\x1b[1m::error::x\x1b[0m"), "\x1b[1m\\u{3a}:error::x\x1b[0m");
        assert_eq!(
            lines("see ##[error]x and #\u{200b}#[warning]"),
            "see ##\\u{5b}error]x and #\u{200b}#\\u{5b}warning]"
        );
        let brackets = |s| command_brackets(s).collect::<Vec<_>>();
        assert_eq!(brackets("##[a ###[b #\u{200b}#[c # #[d #[e"), [2, 8, 16, 22]);
        // A colon inside a line, or one alone at its start, is left alone.
        assert_eq!(lines("a::b\n: x"), "a::b\n: x");
    }
}
