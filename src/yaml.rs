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
    /// Nodes in the tree, copies made by aliases included. A node costs about 200
    /// bytes at the peak of reading (the node, its text, the growth of its list), so
    /// this bounds memory too.
    pub max_nodes: usize,
    /// Nodes created by expanding aliases (`*name`), counted separately so that an
    /// alias bomb is refused long before it costs memory.
    pub max_alias_nodes: usize,
    /// Bytes of scalar text copied by aliases: one long text aliased many times costs
    /// memory in proportion to its length, not its one node.
    pub max_alias_text: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_depth: 64, max_nodes: 500_000, max_alias_nodes: 10_000, max_alias_text: 1_000_000 }
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
    let mut b = Builder {
        src,
        parser: Parser::new_from_str(src),
        stack: Vec::new(),
        table: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        text: 0,
        alias_nodes: 0,
        alias_text: 0,
        limits,
    };
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
                doc = Some(b.document()?);
            }
            other => return Err(unexpected(to_span(span), &other)),
        }
    }
}

/// Marks "no parent" in [`Entry::parent`].
const NO_PARENT: u32 = u32::MAX;

/// What the builder keeps of a collection or an anchored scalar so that an alias can
/// find it in the tree under construction and knows what a copy costs before making
/// one. Anchors thus cost nothing until an alias copies them, and a copy is charged
/// by what it really holds.
struct Entry {
    /// The entry of the enclosing collection.
    parent: u32,
    /// Position among the parent's children (in a map, key `2i`, value `2i + 1`).
    index: u32,
    /// Open collections above it when it was read.
    depth: u32,
    /// Nodes in the subtree, itself included.
    size: u32,
    /// Levels of collections in the subtree (0 for a scalar).
    height: u32,
    /// Bytes of scalar text in the subtree.
    text: usize,
}

/// A collection being read: its children so far.
enum Open {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// Key -> entry number, built once the map is large enough for a scan of its
        /// keys to cost more than hashing.
        index: Option<HashMap<String, usize>>,
    },
}

struct Frame {
    open: Open,
    span: Span,
    anchor: usize,
    id: u32,
    /// Counters when the collection started, to size it when it ends.
    nodes_before: usize,
    text_before: usize,
    height: u32,
}

/// Maps with fewer keys are checked for duplicates by comparing each key.
const SCAN_KEYS: usize = 16;

impl Open {
    /// Where the next child goes, as [`Entry::index`] counts.
    fn position(&self) -> usize {
        match self {
            Open::Seq(items) => items.len(),
            Open::Map { entries, key, .. } => 2 * entries.len() + usize::from(key.is_some()),
        }
    }

    fn child(&self, index: usize) -> Option<&Node> {
        match self {
            Open::Seq(items) => items.get(index),
            Open::Map { entries, key, .. } => match entries.get(index / 2) {
                Some((k, v)) => Some(if index.is_multiple_of(2) { k } else { v }),
                None if index == 2 * entries.len() => key.as_ref(),
                None => None,
            },
        }
    }
}

impl Node {
    fn child(&self, index: usize) -> Option<&Node> {
        match &self.value {
            Yaml::Seq(items) => items.get(index),
            Yaml::Map(entries) => entries.get(index / 2).map(|(k, v)| if index.is_multiple_of(2) { k } else { v }),
            _ => None,
        }
    }
}

struct Builder<'a> {
    src: &'a str,
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    /// The collections enclosing the next event, outermost first.
    stack: Vec<Frame>,
    table: Vec<Entry>,
    /// Anchor id -> its entry in `table`.
    anchors: HashMap<usize, u32>,
    /// Nodes and scalar bytes in the tree so far, copies made by aliases included.
    nodes: usize,
    text: usize,
    alias_nodes: usize,
    alias_text: usize,
    limits: Limits,
}

fn to_span(span: PSpan) -> Span {
    let len = span.end.index().saturating_sub(span.start.index());
    // Multi-line scalars mark only their first line.
    let len = if span.end.line() != span.start.line() { 0 } else { len };
    Span::new(span.start.line(), span.start.col() + 1, len)
}

fn scan_error(e: ScanError, src: &str) -> YamlError {
    let m = e.marker();
    let info = e.info().to_string();
    if info.contains("recursion limit exceeded") {
        return YamlError::new(Span::new(m.line(), m.col() + 1, 1), Code::YamlReaderDepth);
    }
    // The reader blames a tab where it gives up, often the line before (a plain
    // scalar is read on until the tab ends it); the writer needs the tab itself.
    if (info.contains("tab") || info.contains("cannot start any token"))
        && let Some(at) = indenting_tab(src, m.line())
    {
        return YamlError::new(at, Code::YamlTabIndent).with_help(Hint::IndentWithSpaces);
    }
    YamlError::new(Span::new(m.line(), m.col() + 1, 1), Message::new(Code::YamlSyntax).arg("reason", info))
}

/// The first tab in the indentation of a line at or after `from` (1-based), on a
/// line with something after its indentation.
fn indenting_tab(src: &str, from: usize) -> Option<Span> {
    crate::diag::yaml_lines(src).enumerate().skip(from.saturating_sub(1)).find_map(|(i, line)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let tab = line[..indent].find('\t')?;
        (indent < line.trim_end().len()).then(|| Span::new(i + 1, tab + 1, 1))
    })
}

fn unexpected(at: Span, event: &Event) -> YamlError {
    YamlError::new(at, Message::new(Code::YamlUnexpectedEvent).arg("event", format!("{event:?}")))
}

fn too_many_nodes(at: Span, limit: usize) -> YamlError {
    YamlError::new(at, Message::new(Code::YamlTooManyNodes).arg("limit", limit))
}

fn too_deep(at: Span, limit: usize) -> YamlError {
    YamlError::new(at, Message::new(Code::YamlTooDeep).arg("limit", limit))
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, PSpan), YamlError> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(scan_error(e, self.src)),
            None => Err(YamlError::new(Span::TOP, Code::YamlEndOfInput)),
        }
    }

    /// Reads the events of one document into its tree. A loop over an explicit stack
    /// rather than recursion, so that an alias can reach nodes of collections that are
    /// still open.
    fn document(&mut self) -> Result<Node, YamlError> {
        loop {
            let (ev, span) = self.next()?;
            let at = to_span(span);
            let (node, height) = match ev {
                Event::Scalar(text, style, anchor, tag) => {
                    if let Some(tag) = &tag
                        && !(tag.is_yaml_core_schema() && tag.suffix == "str")
                    {
                        return Err(YamlError::new(at, Message::new(Code::YamlTag).arg("tag", tag.to_string()))
                            .with_help(Hint::RemoveTag));
                    }
                    self.count(at, text.len())?;
                    let quoted = style != ScalarStyle::Plain || tag.is_some();
                    let value = if quoted { Yaml::Str(text.to_string()) } else { resolve_plain(&text) };
                    if anchor > 0 {
                        let id = self.enter(0);
                        self.table[id as usize].text = text.len();
                        self.anchors.insert(anchor, id);
                    }
                    (Node { value, span: at, raw: text.into_owned(), quoted }, 0)
                }
                Event::SequenceStart(_, Some(tag)) | Event::MappingStart(_, Some(tag)) => {
                    return Err(YamlError::new(at, Message::new(Code::YamlTag).arg("tag", tag.to_string())));
                }
                Event::SequenceStart(anchor, None) => {
                    self.open(at, anchor, Open::Seq(Vec::new()))?;
                    continue;
                }
                Event::MappingStart(anchor, None) => {
                    self.open(at, anchor, Open::Map { entries: Vec::new(), key: None, index: None })?;
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(&ev, at)?,
                Event::Alias(id) => self.alias(id, at)?,
                other => return Err(unexpected(at, &other)),
            };
            if let Some(root) = self.attach(node, height)? {
                return Ok(root);
            }
        }
    }

    fn count(&mut self, at: Span, text: usize) -> Result<(), YamlError> {
        self.nodes += 1;
        self.text += text;
        if self.nodes > self.limits.max_nodes {
            return Err(too_many_nodes(at, self.limits.max_nodes));
        }
        Ok(())
    }

    /// Adds an entry for a node about to be read at the current place; returns its id.
    fn enter(&mut self, size: u32) -> u32 {
        let (parent, index) = match self.stack.last() {
            Some(top) => (top.id, narrow(top.open.position())),
            None => (NO_PARENT, 0),
        };
        let depth = narrow(self.stack.len());
        self.table.push(Entry { parent, index, depth, size: size.max(1), height: 0, text: 0 });
        narrow(self.table.len() - 1)
    }

    fn open(&mut self, at: Span, anchor: usize, open: Open) -> Result<(), YamlError> {
        let nodes_before = self.nodes;
        self.count(at, 0)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(too_deep(at, self.limits.max_depth));
        }
        let id = self.enter(1);
        self.stack.push(Frame { open, span: at, anchor, id, nodes_before, text_before: self.text, height: 0 });
        Ok(())
    }

    fn close(&mut self, ev: &Event<'a>, at: Span) -> Result<(Node, u32), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Err(unexpected(at, ev));
        };
        let value = match (frame.open, ev) {
            (Open::Seq(items), Event::SequenceEnd) => Yaml::Seq(items),
            (Open::Map { entries, key: None, .. }, Event::MappingEnd) => Yaml::Map(entries),
            _ => return Err(unexpected(at, ev)),
        };
        let height = frame.height + 1;
        let entry = &mut self.table[frame.id as usize];
        entry.size = narrow(self.nodes - frame.nodes_before);
        entry.height = height;
        entry.text = self.text - frame.text_before;
        if frame.anchor > 0 {
            self.anchors.insert(frame.anchor, frame.id);
        }
        Ok((Node { value, span: frame.span, raw: String::new(), quoted: false }, height))
    }

    /// Copies the anchored node, charged by the nodes and text the copy holds.
    fn alias(&mut self, anchor: usize, at: Span) -> Result<(Node, u32), YamlError> {
        let Some(&id) = self.anchors.get(&anchor) else {
            return Err(YamlError::new(at, Code::YamlUnknownAnchor));
        };
        let entry = &self.table[id as usize];
        let (size, height, text) = (entry.size as usize, entry.height, entry.text);
        self.alias_nodes += size;
        if self.alias_nodes > self.limits.max_alias_nodes {
            let message = Message::new(Code::YamlAliasBomb).arg("limit", self.limits.max_alias_nodes);
            return Err(YamlError::new(at, message));
        }
        self.alias_text += text;
        if self.alias_text > self.limits.max_alias_text {
            let message = Message::new(Code::YamlAliasText).arg("limit", self.limits.max_alias_text);
            return Err(YamlError::new(at, message));
        }
        self.nodes += size;
        self.text += text;
        if self.nodes > self.limits.max_nodes {
            return Err(too_many_nodes(at, self.limits.max_nodes));
        }
        if self.stack.len() + height as usize > self.limits.max_depth {
            return Err(too_deep(at, self.limits.max_depth));
        }
        let mut node = self.find(id).ok_or_else(|| YamlError::new(at, Code::YamlUnknownAnchor))?.clone();
        node.span = at;
        Ok((node, height))
    }

    /// The node of a finished entry: up its parents to a collection still open, then
    /// down the tree. At most `max_depth` steps each way.
    fn find(&self, id: u32) -> Option<&Node> {
        let mut path = Vec::new();
        let mut at = id;
        let frame = loop {
            let entry = self.table.get(at as usize)?;
            path.push(entry.index as usize);
            let parent = self.table.get(entry.parent as usize)?;
            match self.stack.get(parent.depth as usize) {
                Some(frame) if frame.id == entry.parent => break frame,
                _ => at = entry.parent,
            }
        };
        let mut node = frame.open.child(path.pop()?)?;
        while let Some(index) = path.pop() {
            node = node.child(index)?;
        }
        Some(node)
    }

    /// Puts a finished node in the collection being read; returns it when it is the
    /// whole document.
    fn attach(&mut self, node: Node, height: u32) -> Result<Option<Node>, YamlError> {
        let Some(top) = self.stack.last_mut() else {
            return Ok(Some(node));
        };
        top.height = top.height.max(height);
        match &mut top.open {
            Open::Seq(items) => items.push(node),
            Open::Map { entries, key, index } => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    check_key(&node, entries, index)?;
                    *key = Some(node);
                }
            },
        }
        Ok(None)
    }
}

/// A key must be a scalar, not a merge key, and new in its map.
fn check_key(
    key: &Node,
    entries: &[(Node, Node)],
    index: &mut Option<HashMap<String, usize>>,
) -> Result<(), YamlError> {
    if key.as_scalar_text().is_none() {
        return Err(YamlError::new(key.span, Code::YamlKeyNotScalar));
    }
    if key.raw == "<<" && !key.quoted {
        return Err(YamlError::new(key.span, Code::YamlMergeKey).with_help(Hint::WriteKeysOut));
    }
    if index.is_none() && entries.len() >= SCAN_KEYS {
        *index = Some(entries.iter().enumerate().map(|(i, (k, _))| (k.raw.clone(), i)).collect());
    }
    let first = match index {
        Some(index) => match index.get(&key.raw) {
            Some(&i) => Some(i),
            None => {
                index.insert(key.raw.clone(), entries.len());
                None
            }
        },
        None => entries.iter().position(|(k, _)| k.raw == key.raw),
    };
    if let Some(i) = first {
        let message = Message::new(Code::YamlDuplicateKey).arg("key", &key.raw).arg("line", entries[i].0.span.line);
        return Err(YamlError::new(key.span, message).with_help(Hint::KeyOnce));
    }
    Ok(())
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
    fn a_tab_in_the_indentation_is_found_where_it_is() {
        // Lines broken as YAML breaks them: \n, \r\n and a lone \r.
        for src in ["a:\n  b: 1\n\tc: 2\n", "a:\r\n  b: 1\r\n\tc: 2\r\n", "a:\r  b: 1\r\tc: 2\r"] {
            let err = p(src).unwrap_err();
            assert_eq!((err.message.key, err.span), (Code::YamlTabIndent, Span::new(3, 1, 1)), "{src:?}");
        }
        // A tab after the indentation, in text, is not the cause.
        assert_eq!(indenting_tab("a: |\n  x\ty\n  \t\n", 1), None);
        assert!(p("a: x\ty\n").is_ok());
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
    fn an_alias_copies_the_anchored_node_wherever_it_is() {
        // Anchors on a key, in an open map, in a finished list inside an open list.
        let doc = p("&k a: [&l [1, &s two], *s]\nb: *l\nc: {*k : *s}\n").unwrap().unwrap();
        assert_eq!(doc.get("a").unwrap().to_json(), serde_json::json!([[1, "two"], "two"]));
        assert_eq!(doc.get("b").unwrap().to_json(), serde_json::json!([1, "two"]));
        assert_eq!(doc.get("c").unwrap().to_json(), serde_json::json!({"a": "two"}));
        assert_eq!(doc.get("b").unwrap().span, Span::new(2, 4, 2));
    }

    #[test]
    fn anchors_are_free_and_aliases_charged_by_what_they_copy() {
        let mut list = format!("[{}]", vec!["x"; 100_000].join(","));
        for i in 0..60 {
            list = format!("&a{i} [{list}]");
        }
        let start = std::time::Instant::now();
        assert!(p(&format!("a: {list}\n")).unwrap().is_some());
        let err = p(&format!("a: {list}\nb: *a0\n")).unwrap_err();
        assert_eq!(err.message.key, Code::YamlAliasBomb);
        assert_eq!(err.span.line, 2);
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
    }

    #[test]
    fn an_alias_of_long_text_is_charged_by_its_bytes() {
        let src = format!("a: &t {}\nb: [{}]\n", "x".repeat(100_000), vec!["*t"; 20].join(", "));
        let err = p(&src).unwrap_err();
        assert_eq!(err.message.key, Code::YamlAliasText);
    }

    #[test]
    fn an_alias_may_not_nest_deeper_than_the_limit() {
        let limits = Limits { max_depth: 4, ..Limits::default() };
        assert!(parse("a: &x [[1]]\nb: [*x]\n", limits).is_ok());
        let err = parse("a: &x [[1]]\nb: [[*x]]\n", limits).unwrap_err();
        assert_eq!(err.message.key, Code::YamlTooDeep);
        assert_eq!((err.span.line, err.span.col), (2, 6));
    }

    #[test]
    fn finds_a_duplicate_among_many_keys() {
        let mut src: String = (0..1000).map(|i| format!("k{i}: {i}\n")).collect();
        src.push_str("k500: again\n");
        let err = p(&src).unwrap_err();
        assert_eq!(err.message.key, Code::YamlDuplicateKey);
        assert_eq!(err.span.line, 1001);
        assert!(err.message.render(crate::Lang::En).contains("first given at line 501"));
        // Keys under the hashing threshold are compared one by one.
        let err = p("a: 1\nb: 2\nc: 3\nb: 4\n").unwrap_err();
        assert!(err.message.render(crate::Lang::En).contains("first given at line 2"));
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
