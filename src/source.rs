//! Reading input files: size limit, UTF-8, binary junk, then YAML.
//!
//! Policies, rule files, test cases and config all come through here, so every kind
//! of input gets the same limits and the same `file:line:column` errors.

use crate::diag::{Arg, Code, Diagnostic, Help, Hint, Message, Span};
use crate::yaml::{self, Limits, Node};
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// Default largest input file: 10 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1000 * 1000;

#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Where each line starts and ends, made at the first diagnostic: a file can
    /// draw many, and a valid one none.
    lines: OnceLock<Vec<(usize, usize)>>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source { name: name.into(), text: text.into(), lines: OnceLock::new() }
    }

    /// A diagnostic at `span` of this file, with the source line.
    pub fn error(&self, span: Span, message: impl Into<Message>) -> Diagnostic {
        if span.line == 0 {
            return Diagnostic::new(&self.name, span, message);
        }
        match self.line(span.line) {
            Some(line) => Diagnostic::new(&self.name, span, message).with_line(line),
            None => self.past_the_end(message),
        }
    }

    fn line(&self, number: u32) -> Option<&str> {
        let lines = self.lines.get_or_init(|| line_bounds(&self.text));
        let (start, end) = *lines.get(number.checked_sub(1)? as usize)?;
        self.text.get(start..end)
    }

    /// At the end of input the YAML parser may place a node (or an error) one line
    /// past the last; point at the end of the last line instead.
    fn past_the_end(&self, message: impl Into<Message>) -> Diagnostic {
        let (count, last) = crate::diag::yaml_lines(&self.text).fold((0, ""), |(n, _), l| (n + 1, l));
        let span = Span::new(count.max(1), last.chars().count() + 1, 1);
        Diagnostic::new(&self.name, span, message).with_line(last)
    }

    /// Parses the text as one YAML document; an empty file is an error.
    pub fn yaml(&self, limits: Limits, what: impl Into<Arg>) -> Result<Node, Diagnostic> {
        match yaml::parse(&self.text, limits) {
            Ok(Some(node)) => Ok(node),
            Ok(None) => Err(self.error(Span::TOP, Message::new(Code::FileEmpty).arg("expected", what))),
            Err(e) => Err(self.error(e.span, e.message).hint_opt(e.help)),
        }
    }
}

/// The byte range of each line of `text` (without its break), lines broken as YAML
/// counts them ([`crate::diag::yaml_lines`]).
fn line_bounds(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, bytes.len()));
    lines
}

fn size_error(name: &str, size: u64, max: u64, help: Hint) -> Diagnostic {
    Diagnostic::new(name, Span::NONE, Message::new(Code::FileTooLarge).arg("size", size).arg("max", max)).hint(help)
}

/// Reads a file from disk (`-` is standard input), refusing it before reading when
/// it is larger than `max` bytes or is not a regular file: a FIFO or a device could
/// block forever or never end.
pub fn read(path: &Path, max: u64) -> Result<Source, Diagnostic> {
    let name = display_name(path);
    // One byte past the limit tells it was exceeded without reading it all.
    let past_limit = max.saturating_add(1);
    if name == "<stdin>" {
        let mut bytes = Vec::new();
        std::io::stdin().take(past_limit).read_to_end(&mut bytes).map_err(|e| {
            Diagnostic::new(&name, Span::NONE, Message::new(Code::StdinUnreadable).arg("error", e.to_string()))
        })?;
        if bytes.len() as u64 > max {
            return Err(size_error(&name, bytes.len() as u64, max, Hint::StdinTooLarge));
        }
        return decode(name, bytes);
    }
    let meta = std::fs::metadata(path).map_err(|e| io_error(&name, &e))?;
    not_regular(&name, &meta)?;
    let file = open_without_blocking(path).map_err(|e| io_error(&name, &e))?;
    // Checked again on what was opened: the path may have changed in between.
    let meta = file.metadata().map_err(|e| io_error(&name, &e))?;
    not_regular(&name, &meta)?;
    if meta.len() > max {
        return Err(size_error(&name, meta.len(), max, Hint::SplitOrRaiseLimit));
    }
    let mut bytes = Vec::new();
    file.take(past_limit).read_to_end(&mut bytes).map_err(|e| io_error(&name, &e))?;
    if bytes.len() as u64 > max {
        return Err(size_error(&name, bytes.len() as u64, max, Hint::SplitOrRaiseLimit));
    }
    decode(name, bytes)
}

fn not_regular(name: &str, meta: &std::fs::Metadata) -> Result<(), Diagnostic> {
    if meta.is_file() || is_null_device(meta) {
        Ok(())
    } else if meta.is_dir() {
        Err(Diagnostic::new(name, Span::NONE, Code::ReadFolder))
    } else {
        Err(Diagnostic::new(name, Span::NONE, Code::NotRegularFile).hint(Hint::PipeToStdin))
    }
}

/// `/dev/null` reads as an empty file at once (`--config /dev/null`: no configuration).
#[cfg(unix)]
fn is_null_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    meta.file_type().is_char_device()
        && std::fs::metadata("/dev/null")
            .is_ok_and(|null| null.file_type().is_char_device() && null.rdev() == meta.rdev())
}

#[cfg(not(unix))]
fn is_null_device(_: &std::fs::Metadata) -> bool {
    false
}

/// Opening a FIFO for reading waits for a writer; without blocking it returns at
/// once, and the type check that follows refuses it.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() }
}

fn io_error(name: &str, e: &std::io::Error) -> Diagnostic {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => Message::new(Code::ReadNotFound),
        std::io::ErrorKind::PermissionDenied => Message::new(Code::ReadPermissionDenied),
        _ => Message::new(Code::ReadFailed).arg("error", e.to_string()),
    };
    Diagnostic::new(name, Span::NONE, message)
}

/// Checks that the bytes are text: UTF-8 without NUL bytes. A leading BOM is dropped.
pub fn decode(name: String, mut bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let span = position(prefix);
            let byte = bytes[valid];
            let message = Message::new(Code::NotUtf8).arg("byte", format!("0x{byte:02X}"));
            return Err(Diagnostic::new(&name, span, message).hint(Hint::SaveAsUtf8));
        }
    };
    if let Some(at) = text.find('\0') {
        let span = position(&text[..at]);
        return Err(Diagnostic::new(&name, span, Code::NulByte));
    }
    Ok(Source::new(name, text))
}

/// The position just after `prefix`, as a span of one character.
fn position(prefix: &str) -> Span {
    let line = prefix.matches('\n').count() + 1;
    let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Span::new(line, col, 1)
}

impl Source {
    /// Checks a map's keys against what is allowed and required, reporting unknown
    /// keys (with a suggestion) and missing ones. Returns the entries if `node` is a map.
    pub fn check_map<'n>(
        &self,
        node: &'n Node,
        allowed: &[&str],
        required: &[&str],
        what: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<&'n [(Node, Node)]> {
        let crate::yaml::Yaml::Map(entries) = &node.value else {
            errors.push(
                self.error(node.span, Message::new(Code::MustBeMap).arg("place", what).arg("found", node.kind())),
            );
            return None;
        };
        for (key, _) in entries {
            if !allowed.contains(&key.raw.as_str()) {
                let help = match crate::diag::did_you_mean(&key.raw, allowed.iter().copied()) {
                    Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                    None => Help::new(Hint::AcceptedKeys).arg("keys", allowed.join(", ")),
                };
                let message = Message::new(Code::UnknownKey).arg("key", &key.raw).arg("place", what);
                errors.push(self.error(key.span, message).hint(help));
            }
        }
        let given: HashSet<&str> = entries.iter().map(|(k, _)| k.raw.as_str()).collect();
        for req in required {
            if !given.contains(req) {
                errors.push(self.error(node.span, Message::new(Code::MissingKey).arg("place", what).arg("key", *req)));
            }
        }
        Some(entries)
    }

    /// A scalar as text, or an error naming what was expected.
    pub fn text(&self, node: &Node, what: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
        match (&node.value, node.as_scalar_text()) {
            (crate::yaml::Yaml::Null, _) => {
                errors.push(self.error(node.span, Message::new(Code::NoValue).arg("place", what)));
                None
            }
            (_, Some(t)) => Some(t.to_string()),
            (_, None) => {
                let message = Message::new(Code::MustBeText).arg("place", what).arg("found", node.kind());
                errors.push(self.error(node.span, message).hint_opt(node.colon_hint()));
                None
            }
        }
    }

    /// A list of text values, each with its position.
    pub fn text_list(&self, node: &Node, what: &str, errors: &mut Vec<Diagnostic>) -> Vec<(String, Span)> {
        match &node.value {
            crate::yaml::Yaml::Seq(items) => items
                .iter()
                .filter_map(|n| match (&n.value, n.as_scalar_text()) {
                    (crate::yaml::Yaml::Null, _) | (_, None) => {
                        // The place is written out only for an entry that is wrong.
                        self.text(n, &format!("an entry of {what}"), errors);
                        None
                    }
                    (_, Some(t)) => Some((t.to_string(), n.span)),
                })
                .collect(),
            _ => {
                let message = Message::new(Code::MustBeList).arg("place", what).arg("found", node.kind());
                errors.push(self.error(node.span, message));
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode("x.yaml".into(), b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert_eq!((err.span.line, err.span.col), (2, 4));
        assert_eq!(err.code, Some(Code::NotUtf8));
    }

    #[test]
    fn nul_byte_is_refused() {
        let err = decode("x.yaml".into(), b"a: 1\0".to_vec()).unwrap_err();
        assert_eq!(err.code, Some(Code::NulByte));
    }
}
