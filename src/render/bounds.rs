//! Bounds on report templates given with `report --template`: Handlebars has
//! partials, loops and nesting, and none of them is bounded by the crate. A user's
//! template is checked before it renders and held to budgets while it renders.
//!
//! - Before compiling: a textual scan of how deep blocks and the brackets of tags
//!   nest, since the Handlebars parser recurses on both and would overflow the stack.
//! - After compiling, on the syntax tree: no partial calls itself, directly or
//!   through others (a cycle renders until the stack overflows); every partial name is
//!   written out, so that the calls can be known; blocks, subexpressions and partial
//!   calls nest at most [`MAX_DEPTH`] deep, counted through the partials called.
//! - While rendering: every template body begins with a call of the helper
//!   [`STEP`], and so does every element that is not plain text, so that loops and
//!   partial calls are counted ([`MAX_STEPS`]); the text produced is counted where it is
//!   produced (plain text at the step before it, values where they are escaped or
//!   written unescaped) and where it is written ([`MAX_OUTPUT`]). Text is counted where
//!   it is produced because Handlebars renders the body of a partial block into a string
//!   of its own before the output sees it.

use crate::diag::{Code, Message};
use handlebars::template::{Parameter, Subexpression, Template, TemplateElement, TemplateMapping};
use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, JsonRender, Output, RenderContext};
use handlebars::{RenderError, RenderErrorReason, ScopedJson};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// How deep blocks, subexpressions (and the brackets of literals) and partial calls
/// may nest, counted through the partials called.
pub(crate) const MAX_DEPTH: usize = 64;
/// Template bodies and elements rendered for one report. A step of a loop takes
/// about half a microsecond in a release build, so a template that only loops is
/// refused within about a second; a report of the largest policies takes fewer.
pub(crate) const MAX_STEPS: u64 = 2_000_000;
/// Bytes of text produced for one report.
pub(crate) const MAX_OUTPUT: u64 = 64 * 1024 * 1024;
/// The sum of the byte offsets of a template's tags. Handlebars' compiler finds the
/// line and column of each piece of a tag by reading the text from its start, so its
/// time grows with the number of tags times their distance from the start; at this
/// sum it takes under a second.
pub(crate) const MAX_TAG_OFFSETS: u64 = 100_000_000;

/// The helper that counts steps; its one parameter is the bytes of plain text that
/// follow it up to the next step.
const STEP: &str = "__watchwise_step";
/// The helper that writes a value unescaped (`{{{x}}}` and `{{&x}}` become it), so
/// that the bytes it writes are counted.
const RAW: &str = "__watchwise_raw";

/// Why a template is refused, and where in its text (1-based line and column).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub line: usize,
    pub col: usize,
    pub message: Message,
}

impl Refusal {
    fn at_offset(text: &str, offset: usize, message: Message) -> Refusal {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Refusal { line: before.matches('\n').count() + 1, col: before[line_start..].chars().count() + 1, message }
    }

    fn too_deep(line: usize, col: usize) -> Refusal {
        Refusal { line, col, message: Message::new(Code::TemplateTooDeep).arg("limit", MAX_DEPTH.to_string()) }
    }
}

/// Refuses text whose blocks, or brackets inside one tag, nest deeper than
/// [`MAX_DEPTH`], before the parser sees it. Each `{{else …}}` of a chain counts as a
/// level, since the chain is a nest of blocks once compiled. The scan follows the
/// grammar only as far as nesting goes: it never counts less than the parser nests.
pub(crate) fn prescan(text: &str) -> Result<(), Refusal> {
    let b = text.as_bytes();
    // For each open block, 1 + the `{{else …}}` links of its chain.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut offsets = 0u64;
    while let Some(found) = find(b, i, b"{{") {
        let start = found;
        offsets = offsets.saturating_add(start as u64);
        if offsets > MAX_TAG_OFFSETS {
            let message = Message::new(Code::TemplateTooLarge)
                .arg("tags", count_tags(b).to_string())
                .arg("bytes", b.len().to_string())
                .arg("limit", MAX_TAG_OFFSETS.to_string());
            return Err(Refusal::at_offset(text, start, message));
        }
        // `\{{` is text; `\\{{` is a backslash, then a tag.
        if start >= 1 && b[start - 1] == b'\\' && (start < 2 || b[start - 2] != b'\\') {
            i = start + 2;
            continue;
        }
        let rest = &b[start..];
        if rest.starts_with(b"{{!--") {
            i = find(b, start + 5, b"--}}").map_or(b.len(), |e| e + 4);
            continue;
        }
        if rest.starts_with(b"{{!") {
            i = find(b, start + 3, b"}}").map_or(b.len(), |e| e + 2);
            continue;
        }
        if rest.starts_with(b"{{{{") {
            // A raw block: its text is not parsed, up to the next `{{{{`.
            if depth + 1 > MAX_DEPTH {
                return Err(Refusal::at_offset(text, start, too_deep_message()));
            }
            let end = find(b, start + 4, b"}}}}").map_or(b.len(), |e| e + 4);
            i = if rest.starts_with(b"{{{{/") { end } else { find(b, end, b"{{{{").unwrap_or(b.len()) };
            continue;
        }
        let mut j = start + 2;
        while j < b.len() && matches!(b[j], b'~' | b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        let kind = b.get(j).copied();
        let is_else = b[j..].starts_with(b"else") && b.get(j + 4).is_none_or(|c| !is_symbol(*c));
        // The brackets of the tag, and where it ends.
        let mut brackets = 0usize;
        let mut quote: Option<u8> = None;
        let mut end = b.len();
        let mut k = j;
        let mut words_after_else = false;
        while k < b.len() {
            let c = b[k];
            match quote {
                Some(q) => {
                    if c == b'\\' {
                        k += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    b'"' | b'\'' => quote = Some(c),
                    b'(' | b'[' => {
                        brackets += 1;
                        if depth + brackets > MAX_DEPTH {
                            return Err(Refusal::at_offset(text, k, too_deep_message()));
                        }
                    }
                    b')' | b']' => brackets = brackets.saturating_sub(1),
                    b'}' if b.get(k + 1) == Some(&b'}') && brackets == 0 => {
                        end = k + 2;
                        break;
                    }
                    b'{' if k > j + 1 => {
                        brackets += 1;
                        if depth + brackets > MAX_DEPTH {
                            return Err(Refusal::at_offset(text, k, too_deep_message()));
                        }
                    }
                    b'}' if brackets > 0 => brackets -= 1,
                    _ => {}
                },
            }
            if is_else && k > j + 4 && !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'~' | b'}') {
                words_after_else = true;
            }
            k += 1;
        }
        // `{{^x}}` opens a chain link like `{{else x}}`; `{{^}}` and `{{else}}` do not.
        let caret_words =
            kind == Some(b'^') && b[j + 1..end.saturating_sub(2).max(j + 1)].iter().any(|c| is_symbol(*c));
        if kind == Some(b'#') {
            open.push(1);
            depth += 1;
        } else if kind == Some(b'/') {
            depth -= open.pop().unwrap_or(0);
        } else if ((is_else && words_after_else) || caret_words)
            && let Some(links) = open.last_mut()
        {
            *links += 1;
            depth += 1;
        }
        if depth > MAX_DEPTH {
            return Err(Refusal::at_offset(text, start, too_deep_message()));
        }
        i = end;
    }
    Ok(())
}

/// The `{{` in `b`, for the message of a template with too many.
fn count_tags(b: &[u8]) -> usize {
    b.windows(2).filter(|w| w == b"{{").count()
}

fn too_deep_message() -> Message {
    Message::new(Code::TemplateTooDeep).arg("limit", MAX_DEPTH.to_string())
}

fn is_symbol(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'$' | b':' | b'@' | b'.' | b'/') || c >= 0x80
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// One template, or one inline partial, that a partial call may reach.
struct Def {
    name: String,
    /// Whether it is in the user's template (positions are shown only there).
    custom: bool,
    calls: Vec<Call>,
    /// How deep its own blocks and subexpressions nest, and where the deepest starts.
    depth: usize,
    deepest: (usize, usize),
}

/// A partial call: the name, how deep it sits in its template, and where.
struct Call {
    name: String,
    depth: usize,
    at: (usize, usize),
}

/// Checks the partial calls and nesting of `custom` (the user's template, compiled,
/// registered as `name`) together with the embedded `others` it may call.
pub(crate) fn check(name: &str, custom: &Template, others: &[(&str, &Template)]) -> Result<(), Refusal> {
    let mut defs: Vec<Def> = Vec::new();
    collect(&mut defs, name, custom, true)?;
    for (name, t) in others {
        collect(&mut defs, name, t, false)?;
    }
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in defs.iter().enumerate() {
        by_name.entry(d.name.as_str()).or_default().push(i);
    }
    // Depth-first over the calls, without recursion (a chain of partials may be long):
    // a call back to a partial still open is a cycle; a partial's total depth is known
    // once all it calls are done.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; defs.len()];
    let mut total: Vec<(usize, (usize, usize))> = vec![(0, (1, 1)); defs.len()];
    for root in 0..defs.len() {
        if state[root] != State::New {
            continue;
        }
        // (definition, next call, next target of that call)
        let mut stack: Vec<(usize, usize, usize)> = vec![(root, 0, 0)];
        state[root] = State::Open;
        while let Some(&mut (d, ref mut call, ref mut target)) = stack.last_mut() {
            let targets = defs[d]
                .calls
                .get(*call)
                .map_or(&[][..], |c| by_name.get(c.name.as_str()).map_or(&[][..], |v| v.as_slice()));
            if *call < defs[d].calls.len() && *target < targets.len() {
                let t = targets[*target];
                *target += 1;
                match state[t] {
                    State::Open => return Err(cycle(&defs, &stack, t)),
                    State::New => {
                        state[t] = State::Open;
                        stack.push((t, 0, 0));
                    }
                    State::Done => {}
                }
                continue;
            }
            if *call < defs[d].calls.len() {
                *call += 1;
                *target = 0;
                continue;
            }
            // Every call done: the deepest of its own nesting and of each call.
            let def = &defs[d];
            let mut best = (def.depth, def.deepest);
            for c in &def.calls {
                for &t in by_name.get(c.name.as_str()).map_or(&[][..], |v| v.as_slice()) {
                    let through = c.depth + 1 + total[t].0;
                    if through > best.0 {
                        best = (through, if def.custom { c.at } else { total[t].1 });
                    }
                }
            }
            total[d] = best;
            state[d] = State::Done;
            stack.pop();
        }
    }
    let (depth, (line, col)) = total[0];
    if depth > MAX_DEPTH {
        return Err(Refusal::too_deep(line, col));
    }
    Ok(())
}

/// The refusal of the cycle closed by a call from the top of `stack` to `back`,
/// named as `a -> b -> a`, at a call in the user's template that is part of it.
fn cycle(defs: &[Def], stack: &[(usize, usize, usize)], back: usize) -> Refusal {
    let from = stack.iter().position(|(d, ..)| *d == back).unwrap_or(0);
    let path = &stack[from..];
    let mut names: Vec<&str> = path.iter().map(|(d, ..)| defs[*d].name.as_str()).collect();
    names.push(defs[back].name.as_str());
    // The call of each step is the one just taken (its index was advanced past it
    // only when its targets ran out, so it is `call`).
    let at = path
        .iter()
        .find(|(d, ..)| defs[*d].custom)
        .and_then(|(d, call, _)| defs[*d].calls.get(*call))
        .map_or((1, 1), |c| c.at);
    Refusal {
        line: at.0,
        col: at.1,
        message: Message::new(Code::TemplatePartialCycle).arg("cycle", names.join(" -> ")),
    }
}

/// Adds `t` as a definition named `name`, and each inline partial inside it as one
/// of its own.
fn collect(defs: &mut Vec<Def>, name: &str, t: &Template, custom: bool) -> Result<(), Refusal> {
    let index = defs.len();
    defs.push(Def { name: name.to_string(), custom, calls: Vec::new(), depth: 0, deepest: (1, 1) });
    walk(defs, index, t, 0, (1, 1))
}

/// Records the calls and nesting of the elements of `t`, which sits `depth` levels
/// deep in definition `def`; `at` is where `t` starts.
fn walk(defs: &mut Vec<Def>, def: usize, t: &Template, depth: usize, at: (usize, usize)) -> Result<(), Refusal> {
    for (i, e) in t.elements.iter().enumerate() {
        let pos = t.mapping.get(i).map_or(at, |m| (m.0, m.1));
        let deeper = |defs: &mut Vec<Def>, d: usize| -> Result<(), Refusal> {
            if d > MAX_DEPTH {
                return Err(Refusal::too_deep(pos.0, pos.1));
            }
            if d > defs[def].depth {
                defs[def].depth = d;
                defs[def].deepest = pos;
            }
            Ok(())
        };
        match e {
            TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) | TemplateElement::HelperBlock(h) => {
                let params = h.params.iter().chain(h.hash.values()).chain(std::iter::once(&h.name));
                deeper(defs, params_depth(params, depth))?;
                for body in [&h.template, &h.inverse].into_iter().flatten() {
                    deeper(defs, depth + 1)?;
                    walk(defs, def, body, depth + 1, pos)?;
                }
            }
            TemplateElement::DecoratorExpression(d) | TemplateElement::DecoratorBlock(d) => {
                let inline = d.name.as_name() == Some("inline");
                let name = match d.params.first() {
                    Some(Parameter::Literal(Json::String(s))) => Some(s.clone()),
                    _ if !inline => None,
                    _ => {
                        return Err(Refusal {
                            line: pos.0,
                            col: pos.1,
                            message: Message::new(Code::TemplatePartialName).arg("tag", "{{#*inline …}}"),
                        });
                    }
                };
                deeper(defs, params_depth(d.params.iter().chain(d.hash.values()), depth))?;
                if let Some(body) = &d.template {
                    match name.filter(|_| inline) {
                        Some(name) => {
                            let index = defs.len();
                            let custom = defs[def].custom;
                            defs.push(Def { name, custom, calls: Vec::new(), depth: 0, deepest: pos });
                            walk(defs, index, body, 0, pos)?;
                        }
                        None => {
                            deeper(defs, depth + 1)?;
                            walk(defs, def, body, depth + 1, pos)?;
                        }
                    }
                }
            }
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                let name = match &d.name {
                    Parameter::Name(_) | Parameter::Path(_) => d.name.as_name().unwrap_or_default().to_string(),
                    Parameter::Literal(Json::String(s)) => s.clone(),
                    _ => {
                        return Err(Refusal {
                            line: pos.0,
                            col: pos.1,
                            message: Message::new(Code::TemplatePartialName).arg("tag", "{{> (…)}}"),
                        });
                    }
                };
                if name == "@partial-block" {
                    return Err(Refusal { line: pos.0, col: pos.1, message: Message::new(Code::TemplatePartialBlock) });
                }
                deeper(defs, params_depth(d.params.iter().chain(d.hash.values()), depth))?;
                deeper(defs, depth + 1)?;
                defs[def].calls.push(Call { name, depth, at: pos });
                if let Some(body) = &d.template {
                    walk(defs, def, body, depth + 1, pos)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// How deep the subexpressions of `params` reach, for an element `depth` deep;
/// past [`MAX_DEPTH`] when they go past it.
fn params_depth<'p>(params: impl Iterator<Item = &'p Parameter>, depth: usize) -> usize {
    params.map(|p| param_depth(p, depth).unwrap_or(MAX_DEPTH + 1)).max().unwrap_or(depth)
}

/// How deep a parameter of an element `depth` deep reaches: a subexpression is a
/// level, and its own parameters may go deeper. `None` past the limit.
fn param_depth(p: &Parameter, depth: usize) -> Option<usize> {
    let Parameter::Subexpression(s) = p else { return Some(depth) };
    let inner = depth + 1;
    if inner > MAX_DEPTH {
        return None;
    }
    let mut best = inner;
    if let TemplateElement::Expression(h) = s.as_element() {
        for q in h.params.iter().chain(h.hash.values()).chain(std::iter::once(&h.name)) {
            best = best.max(param_depth(q, inner)?);
        }
    }
    Some(best)
}

/// What one report may still spend, shared by the helpers and the escape function
/// of one registry.
#[derive(Debug)]
pub(crate) struct Budget {
    max_steps: u64,
    max_output: u64,
    steps: AtomicU64,
    produced: AtomicU64,
    /// Which limit was passed: 0 none, 1 steps, 2 output.
    passed: AtomicU8,
}

/// A limit a report passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Passed {
    Steps,
    Output,
}

impl Budget {
    pub(crate) fn new() -> Arc<Budget> {
        Budget::with_limits(MAX_STEPS, MAX_OUTPUT)
    }

    pub(crate) fn with_limits(max_steps: u64, max_output: u64) -> Arc<Budget> {
        let zero = || AtomicU64::new(0);
        Arc::new(Budget { max_steps, max_output, steps: zero(), produced: zero(), passed: AtomicU8::new(0) })
    }

    /// What the report is refused with, once a limit is passed.
    pub(crate) fn refusal(&self) -> Option<Message> {
        Some(match self.passed()? {
            Passed::Steps => Message::new(Code::TemplateTooManySteps).arg("limit", self.max_steps.to_string()),
            Passed::Output => Message::new(Code::TemplateOutputTooLarge).arg("limit", self.max_output.to_string()),
        })
    }

    pub(crate) fn passed(&self) -> Option<Passed> {
        match self.passed.load(Ordering::Relaxed) {
            1 => Some(Passed::Steps),
            2 => Some(Passed::Output),
            _ => None,
        }
    }

    fn pass(&self, what: Passed) -> RenderError {
        let code = if what == Passed::Steps { 1 } else { 2 };
        let _ = self.passed.compare_exchange(0, code, Ordering::Relaxed, Ordering::Relaxed);
        RenderErrorReason::Other("a limit of the report is passed".into()).into()
    }

    /// Counts `bytes` of text produced; false once past the output limit.
    pub(crate) fn produce(&self, bytes: usize) -> bool {
        let before = self.produced.fetch_add(bytes as u64, Ordering::Relaxed);
        let within = before.saturating_add(bytes as u64) <= self.max_output;
        if !within {
            let _ = self.passed.compare_exchange(0, 2, Ordering::Relaxed, Ordering::Relaxed);
        }
        within
    }

    fn step(&self, text: u64) -> Result<(), RenderError> {
        if let Some(p) = self.passed() {
            return Err(self.pass(p));
        }
        if self.steps.fetch_add(1, Ordering::Relaxed) >= self.max_steps {
            return Err(self.pass(Passed::Steps));
        }
        if !self.produce(usize::try_from(text).unwrap_or(usize::MAX)) {
            return Err(self.pass(Passed::Output));
        }
        Ok(())
    }
}

struct StepHelper(Arc<Budget>);

impl HelperDef for StepHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        let text = h.param(0).and_then(|p| p.value().as_u64()).unwrap_or(0);
        self.0.step(text)
    }
}

/// Writes its parameter unescaped, as `{{{x}}}` does, counting the bytes.
struct RawHelper(Arc<Budget>);

/// The value part of [`RawHelper`]: Handlebars writes a helper's value with the
/// indentation of the partial it is in, as it writes `{{{x}}}`.
struct RawValue(Arc<Budget>);

impl HelperDef for RawValue {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let text = h.param(0).map(|p| p.value().render()).unwrap_or_default();
        if !self.0.produce(text.len()) {
            return Err(self.0.pass(Passed::Output));
        }
        Ok(ScopedJson::Derived(Json::String(text)))
    }
}

impl HelperDef for RawHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let escape = rc.is_disable_escape();
        rc.set_disable_escape(true);
        let result = RawValue(Arc::clone(&self.0)).call(h, r, ctx, rc, out);
        rc.set_disable_escape(escape);
        result
    }
}

/// Registers the helpers that count for `budget`.
pub(crate) fn register_helpers(r: &mut Handlebars<'static>, budget: &Arc<Budget>) {
    r.register_helper(STEP, Box::new(StepHelper(Arc::clone(budget))));
    r.register_helper(RAW, Box::new(RawHelper(Arc::clone(budget))));
}

/// The elements [`instrument`] inserts, compiled once.
pub(crate) struct Probes {
    step: TemplateElement,
    raw: TemplateElement,
    /// Line 1, column 1.
    start: TemplateMapping,
}

impl Probes {
    pub(crate) fn new() -> Probes {
        let compile = |text: &str| Template::compile(text).expect("the probe compiles");
        let one = |text: &str| compile(text).elements.into_iter().next().expect("the probe is one element");
        let start = compile("{{x}}").mapping.into_iter().next().expect("an element has a place");
        Probes { step: one(&format!("{{{{{STEP} 0}}}}")), raw: one(&format!("{{{{{RAW} x}}}}")), start }
    }

    fn step(&self, text: usize) -> TemplateElement {
        let mut e = self.step.clone();
        if let TemplateElement::Expression(h) = &mut e {
            h.params = vec![Parameter::Literal(Json::from(text as u64))];
        }
        e
    }

    /// `{{{x}}}` as a call of [`RAW`]; `None` to keep it (a helper called by name
    /// alone, which writes nothing large).
    fn raw(&self, h: &handlebars::template::HelperTemplate, helpers: &dyn Fn(&str) -> bool) -> Option<TemplateElement> {
        let param = if h.params.is_empty() && h.hash.is_empty() {
            match &h.name {
                Parameter::Path(_) if !h.name.as_name().is_some_and(helpers) => h.name.clone(),
                Parameter::Subexpression(_) => h.name.clone(),
                _ => return None,
            }
        } else {
            Parameter::Subexpression(Subexpression::new(h.name.clone(), h.params.clone(), h.hash.clone()))
        };
        let mut e = self.raw.clone();
        if let TemplateElement::Expression(r) = &mut e {
            r.params = vec![param];
        }
        Some(e)
    }
}

/// Rewrites `t` so that it counts as it renders: a step at the start of every body
/// and before every element that is not plain text, each charged with the plain text
/// up to the next step; `{{{x}}}` through [`RAW`]. `helpers` says which names are
/// helpers. The output is the same as before.
pub(crate) fn instrument(t: &mut Template, probes: &Probes, helpers: &dyn Fn(&str) -> bool) {
    let at = t.mapping.first().cloned().unwrap_or_else(|| probes.start.clone());
    instrument_at(t, probes, helpers, at);
}

fn instrument_at(t: &mut Template, probes: &Probes, helpers: &dyn Fn(&str) -> bool, at: TemplateMapping) {
    let elements = std::mem::take(&mut t.elements);
    let mapping = std::mem::take(&mut t.mapping);
    let mut out: Vec<TemplateElement> = Vec::with_capacity(elements.len() * 2 + 1);
    let mut out_map: Vec<TemplateMapping> = Vec::with_capacity(elements.len() * 2 + 1);
    // The step that the plain text seen is charged to, and that text's bytes.
    let mut step_at = 0;
    let mut text = 0usize;
    out.push(probes.step(0));
    out_map.push(mapping.first().cloned().unwrap_or(at));
    for (i, mut e) in elements.into_iter().enumerate() {
        let pos = mapping.get(i).cloned().unwrap_or_else(|| out_map[out_map.len() - 1].clone());
        if let TemplateElement::RawString(s) = &e {
            text += s.len();
            out.push(e);
            out_map.push(pos);
            continue;
        }
        if i > 0 {
            out[step_at] = probes.step(text);
            text = 0;
            step_at = out.len();
            out.push(probes.step(0));
            out_map.push(pos.clone());
        }
        match &mut e {
            TemplateElement::HtmlExpression(h) => {
                if let Some(raw) = probes.raw(h, helpers) {
                    e = raw;
                }
            }
            TemplateElement::HelperBlock(h) => {
                for body in [&mut h.template, &mut h.inverse].into_iter().flatten() {
                    instrument_at(body, probes, helpers, pos.clone());
                }
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::PartialBlock(d) => {
                if let Some(body) = &mut d.template {
                    instrument_at(body, probes, helpers, pos.clone());
                }
            }
            _ => {}
        }
        out.push(e);
        out_map.push(pos);
    }
    out[step_at] = probes.step(text);
    t.elements = out;
    t.mapping = out_map;
}

/// The output of one report: fails once more than its budget's output limit is written.
pub(crate) struct Capped {
    pub text: Vec<u8>,
    budget: Arc<Budget>,
}

impl Capped {
    pub(crate) fn new(budget: &Arc<Budget>) -> Capped {
        Capped { text: Vec::new(), budget: Arc::clone(budget) }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.text.len() + buf.len()) as u64 > self.budget.max_output {
            let _ = self.budget.passed.compare_exchange(0, 2, Ordering::Relaxed, Ordering::Relaxed);
            return Err(std::io::Error::other("the report passes its output limit"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
