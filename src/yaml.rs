//! A YAML tree that remembers where every node came from.
//!
//! Built from saphyr-parser's event stream rather than a generic deserializer, so that
//! every later check (unknown key, wrong type, vocabulary) can point at a line and
//! column, and so that hostile input is bounded here, once: nesting depth, total node
//! count and alias expansion all have limits, and duplicate keys are refused.

use crate::diag::{Code, Help, Hint, Message, Span, Term};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as PSpan};
use std::collections::HashMap;

/// Bounds on what one YAML document may cost to read.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
    /// Nodes created by expanding aliases (`*name`), counted separately so that an
    /// alias bomb is refused long before it costs memory.
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_depth: 64, max_nodes: 1_000_000, max_alias_nodes: 10_000 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Yaml,
    pub span: Span,
    /// The scalar as written (for a plain `2026-02-30` or `yes`), empty for collections.
    pub raw: String,
    /// Whether the scalar was quoted or a block scalar (so `"1"` is text, `1` a number).
    pub quoted: bool,
}

impl Node {
    /// What the value is, as messages name it.
    pub fn kind(&self) -> Term {
        match &self.value {
            Yaml::Null => Term::Null,
            Yaml::Bool(_) => Term::Boolean,
            Yaml::Int(_) => Term::Integer,
            Yaml::Float(_) => Term::Number,
            Yaml::Str(_) => Term::Text,
            Yaml::Seq(_) => Term::List,
            Yaml::Map(_) => Term::Map,
        }
    }

    /// Text of a scalar key or value, as written.
    pub fn as_scalar_text(&self) -> Option<&str> {
        match &self.value {
            Yaml::Seq(_) | Yaml::Map(_) => None,
            _ => Some(&self.raw),
        }
    }

    /// For a map found where text was expected: the likely cause is an unquoted
    /// `: ` inside the text, which YAML reads as a key.
    pub fn colon_hint(&self) -> Option<Help> {
        match &self.value {
            Yaml::Map(entries) if entries.len() == 1 && entries[0].1.as_scalar_text().is_some() => {
                Some(Help::new(Hint::ColonInText).arg("key", &entries[0].0.raw))
            }
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k.raw == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The tree as JSON (what a YAML 1.2 loader would give), for JSON tools.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Yaml::Null => J::Null,
            Yaml::Bool(b) => J::Bool(*b),
            Yaml::Int(n) => J::from(*n),
            Yaml::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Yaml::Str(s) => J::String(s.clone()),
            Yaml::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Yaml::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.raw.clone(), v.to_json())).collect()),
        }
    }

    fn count(&self) -> usize {
        1 + match &self.value {
            Yaml::Seq(items) => items.iter().map(Node::count).sum(),
            Yaml::Map(entries) => entries.iter().map(|(k, v)| k.count() + v.count()).sum(),
            _ => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub span: Span,
    pub message: Message,
    pub help: Option<Help>,
}

impl YamlError {
    fn new(span: Span, message: impl Into<Message>) -> YamlError {
        YamlError { span, message: message.into(), help: None }
    }
}

/// Parses one YAML document. `Ok(None)` is a stream with no document (empty file,
/// or only comments).
pub fn parse(src: &str, limits: Limits) -> Result<Option<Node>, YamlError> {
    let mut b =
        Builder { parser: Parser::new_from_str(src), anchors: HashMap::new(), nodes: 0, alias_nodes: 0, limits };
    let mut doc = None;
    loop {
        let (ev, span) = b.next()?;
        match ev {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => return Ok(doc),
            Event::DocumentStart(_) => {
                if doc.is_some() {
                    return Err(
                        YamlError::new(to_span(span), Code::YamlSecondDocument).with_help(Hint::RemoveDocumentMarker)
                    );
                }
                let (ev, span) = b.next()?;
                doc = Some(b.node(ev, span, 0)?);
            }
            other => return Err(unexpected(to_span(span), &other)),
        }
    }
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    alias_nodes: usize,
    limits: Limits,
}

fn to_span(span: PSpan) -> Span {
    let len = span.end.index().saturating_sub(span.start.index());
    // Multi-line scalars mark only their first line.
    let len = if span.end.line() != span.start.line() { 0 } else { len };
    Span::new(span.start.line(), span.start.col() + 1, len)
}

fn scan_error(e: ScanError) -> YamlError {
    let m = e.marker();
    let mut info = e.info().to_string();
    if info.contains("recursion limit exceeded") {
        return YamlError::new(Span::new(m.line(), m.col() + 1, 1), Code::YamlReaderDepth);
    }
    if info.contains("found character that cannot start any token") {
        info.push_str(" (is this a YAML file? tabs cannot indent YAML)");
    }
    YamlError::new(Span::new(m.line(), m.col() + 1, 1), Message::new(Code::YamlSyntax).arg("reason", info))
}

fn unexpected(at: Span, event: &Event) -> YamlError {
    YamlError::new(at, Message::new(Code::YamlUnexpectedEvent).arg("event", format!("{event:?}")))
}

fn too_many_nodes(at: Span, limit: usize) -> YamlError {
    YamlError::new(at, Message::new(Code::YamlTooManyNodes).arg("limit", limit))
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, PSpan), YamlError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(scan_error(e)),
            None => Err(YamlError::new(Span::TOP, Code::YamlEndOfInput)),
        }
    }

    fn count(&mut self, span: PSpan) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(too_many_nodes(to_span(span), self.limits.max_nodes));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn node(&mut self, ev: Event<'a>, span: PSpan, depth: usize) -> Result<Node, YamlError> {
        self.count(span)?;
        let at = to_span(span);
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(tag) = &tag
                    && !(tag.is_yaml_core_schema() && tag.suffix == "str")
                {
                    return Err(YamlError::new(at, Message::new(Code::YamlTag).arg("tag", tag.to_string()))
                        .with_help(Hint::RemoveTag));
                }
                let quoted = style != ScalarStyle::Plain || tag.is_some();
                let value = if quoted { Yaml::Str(text.to_string()) } else { resolve_plain(&text) };
                let node = Node { value, span: at, raw: text.into_owned(), quoted };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) if tag.is_some() => {
                let _ = anchor;
                let tag = tag.map(|t| t.to_string()).unwrap_or_default();
                Err(YamlError::new(at, Message::new(Code::YamlTag).arg("tag", tag)))
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(depth, at)?;
                let mut items = Vec::new();
                loop {
                    let (ev, span) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(ev, span, depth + 1)?);
                }
                let node = Node { value: Yaml::Seq(items), span: at, raw: String::new(), quoted: false };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(depth, at)?;
                let mut entries: Vec<(Node, Node)> = Vec::new();
                loop {
                    let (ev, span) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(ev, span, depth + 1)?;
                    if key.as_scalar_text().is_none() {
                        return Err(YamlError::new(key.span, Code::YamlKeyNotScalar));
                    }
                    if key.raw == "<<" && !key.quoted {
                        return Err(YamlError::new(key.span, Code::YamlMergeKey).with_help(Hint::WriteKeysOut));
                    }
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.raw == key.raw) {
                        let message =
                            Message::new(Code::YamlDuplicateKey).arg("key", &key.raw).arg("line", first.span.line);
                        return Err(YamlError::new(key.span, message).with_help(Hint::KeyOnce));
                    }
                    let (ev, span) = self.next()?;
                    let value = self.node(ev, span, depth + 1)?;
                    entries.push((key, value));
                }
                let node = Node { value: Yaml::Map(entries), span: at, raw: String::new(), quoted: false };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(YamlError::new(at, Code::YamlUnknownAnchor));
                };
                let cost = target.count();
                self.alias_nodes += cost;
                if self.alias_nodes > self.limits.max_alias_nodes {
                    let message = Message::new(Code::YamlAliasBomb).arg("limit", self.limits.max_alias_nodes);
                    return Err(YamlError::new(at, message));
                }
                self.nodes += cost;
                if self.nodes > self.limits.max_nodes {
                    return Err(too_many_nodes(at, self.limits.max_nodes));
                }
                let mut node = target.clone();
                node.span = at;
                Ok(node)
            }
            other => Err(unexpected(at, &other)),
        }
    }

    fn check_depth(&self, depth: usize, at: Span) -> Result<(), YamlError> {
        if depth >= self.limits.max_depth {
            return Err(YamlError::new(at, Message::new(Code::YamlTooDeep).arg("limit", self.limits.max_depth)));
        }
        Ok(())
    }
}

impl YamlError {
    fn with_help(mut self, help: Hint) -> YamlError {
        self.help = Some(help.into());
        self
    }
}

/// YAML 1.2 core schema resolution of an unquoted scalar.
fn resolve_plain(text: &str) -> Yaml {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Yaml::Null,
        "true" | "True" | "TRUE" => return Yaml::Bool(true),
        "false" | "False" | "FALSE" => return Yaml::Bool(false),
        _ => {}
    }
    let digits = |s: &str, radix| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits(unsigned, 10) {
        if let Ok(n) = text.parse::<i64>() {
            return Yaml::Int(n);
        }
        return Yaml::Float(text.parse().unwrap_or(f64::NAN));
    }
    if let Some(hex) = text.strip_prefix("0x")
        && digits(hex, 16)
    {
        return i64::from_str_radix(hex, 16).map(Yaml::Int).unwrap_or(Yaml::Str(text.into()));
    }
    if let Some(oct) = text.strip_prefix("0o")
        && digits(oct, 8)
    {
        return i64::from_str_radix(oct, 8).map(Yaml::Int).unwrap_or(Yaml::Str(text.into()));
    }
    let is_float = {
        let (mantissa, exp) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let mantissa_ok = match mantissa.split_once('.') {
            Some((a, b)) => {
                (a.is_empty() || digits(a, 10)) && (b.is_empty() || digits(b, 10)) && !(a.is_empty() && b.is_empty())
            }
            None => digits(mantissa, 10),
        };
        let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e), 10));
        mantissa_ok && exp_ok
    };
    if is_float {
        return text.parse().map(Yaml::Float).unwrap_or(Yaml::Str(text.into()));
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" => Yaml::Float(if text.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY }),
        ".nan" | ".NaN" | ".NAN" if unsigned == text => Yaml::Float(f64::NAN),
        _ => Yaml::Str(text.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Result<Option<Node>, YamlError> {
        parse(src, Limits::default())
    }

    #[test]
    fn resolves_core_schema_scalars() {
        let doc = p("a: 1\nb: true\nc: ~\nd: '1'\ne: 2026-02-30\nf: 1.5\ng: yes\n").unwrap().unwrap();
        assert_eq!(doc.get("a").unwrap().value, Yaml::Int(1));
        assert_eq!(doc.get("b").unwrap().value, Yaml::Bool(true));
        assert_eq!(doc.get("c").unwrap().value, Yaml::Null);
        assert_eq!(doc.get("d").unwrap().value, Yaml::Str("1".into()));
        assert_eq!(doc.get("e").unwrap().value, Yaml::Str("2026-02-30".into()));
        assert_eq!(doc.get("f").unwrap().value, Yaml::Float(1.5));
        assert_eq!(doc.get("g").unwrap().value, Yaml::Str("yes".into()));
        assert_eq!(doc.get("e").unwrap().span, Span::new(5, 4, 10));
    }

    #[test]
    fn refuses_duplicate_keys_with_both_lines() {
        let err = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.span.line, 3);
        assert_eq!(err.message.key, Code::YamlDuplicateKey);
        assert!(err.message.render(crate::Lang::En).contains("first given at line 1"));
    }

    #[test]
    fn refuses_alias_bomb_quickly() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let prev = i - 1;
            src.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let err = p(&src).unwrap_err();
        assert_eq!(err.message.key, Code::YamlAliasBomb);
    }

    #[test]
    fn refuses_deep_nesting() {
        let src = "[".repeat(100_000);
        let err = p(&src).unwrap_err();
        assert!(matches!(err.message.key, Code::YamlTooDeep | Code::YamlReaderDepth), "{:?}", err.message);
    }

    #[test]
    fn empty_stream_is_no_document() {
        assert_eq!(p("").unwrap(), None);
        assert_eq!(p("# only a comment\n").unwrap(), None);
    }

    #[test]
    fn second_document_is_an_error() {
        let err = p("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(err.span.line, 2);
    }
}
