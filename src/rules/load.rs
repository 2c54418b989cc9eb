//! Loading rule packs: embedded defaults and folders on disk, every file checked,
//! every error collected, then the cross-pack checks (unique ids, `extends`,
//! `overrides`, `disable`).

use super::condition::{Parser, Scope};
use super::model::{Category, Override, Pack, Reference, Rule, Severity, Text};
use super::template::{self, Templates, Tpl};
use crate::diag::{self, Code, Diagnostic, Help, Hint, Message, Span};
use crate::source::{self, Source};
use crate::yaml::{Limits, Node, Yaml};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{COMPACT_RULE_FILES, RULE_IDS, TEMPLATE_FILES};

/// The files of one pack, before parsing.
#[derive(Clone, Debug)]
pub struct PackSource {
    pub origin: String,
    pub embedded: bool,
    pub manifest: Source,
    pub rules: Vec<Source>,
    pub tests: Vec<Source>,
}

/// The default packs compiled into the binary.
pub fn embedded_sources() -> Vec<PackSource> {
    let mut packs: BTreeMap<&str, PackSource> = BTreeMap::new();
    for (path, text) in embedded::RULE_FILES {
        let Some((pack, rest)) = path.split_once('/') else { continue };
        let entry = packs.entry(pack).or_insert_with(|| PackSource {
            origin: format!("rules/{pack}"),
            embedded: true,
            manifest: Source { name: String::new(), text: String::new() },
            rules: Vec::new(),
            tests: Vec::new(),
        });
        let src = Source { name: format!("rules/{path}"), text: (*text).to_string() };
        if rest == "pack.yaml" {
            entry.manifest = src;
        } else if rest.starts_with("tests/") {
            entry.tests.push(src);
        } else if !rest.contains('/') {
            entry.rules.push(src);
        }
    }
    packs.into_values().filter(|p| !p.manifest.name.is_empty()).collect()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")));
    files.sort();
    files
}

/// Packs in a folder on disk: the folder itself is a pack (it has `pack.yaml`), or it
/// holds packs, one per subfolder.
pub fn disk_sources(dir: &Path, max_size: u64) -> Result<Vec<PackSource>, Vec<Diagnostic>> {
    let name = dir.display().to_string();
    if !dir.is_dir() {
        return Err(vec![Diagnostic::new(&name, Span::TOP, Code::RulesFolderMissing)]);
    }
    let mut pack_dirs = Vec::new();
    if dir.join("pack.yaml").is_file() {
        pack_dirs.push(dir.to_path_buf());
    } else {
        let mut subs: Vec<PathBuf> =
            std::fs::read_dir(dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
        subs.sort();
        pack_dirs.extend(subs.into_iter().filter(|p| p.join("pack.yaml").is_file()));
    }
    if pack_dirs.is_empty() {
        return Err(vec![Diagnostic::new(&name, Span::TOP, Code::NoPackHere).hint(Hint::PackLayout)]);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut read = |p: PathBuf| match source::read(&p, max_size) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    for pd in pack_dirs {
        let Some(manifest) = read(pd.join("pack.yaml")) else { continue };
        let rules = yaml_files(&pd)
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n != "pack.yaml"))
            .filter_map(&mut read)
            .collect();
        let tests = yaml_files(&pd.join("tests")).into_iter().filter_map(&mut read).collect();
        out.push(PackSource { origin: pd.display().to_string(), embedded: false, manifest, rules, tests });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Every loaded pack, its compiled templates, and its test files.
pub struct RuleSet {
    pub packs: Vec<Pack>,
    pub templates: Templates,
    pub tests: BTreeMap<String, Vec<Source>>,
    /// The numbers given to distinct leaf tests so far, by their text
    /// ([`super::condition::number_leaves`]).
    pub leaf_ids: std::sync::Mutex<super::condition::LeafIds>,
}

const PACK_KEYS: &[&str] = &["id", "name", "extends", "overrides", "disable", "description"];
const RULE_KEYS: &[&str] =
    &["id", "title", "category", "severity", "for_each", "when", "message", "recommendation", "references", "tags"];
const RULE_REQUIRED: &[&str] = &["id", "title", "category", "severity", "when", "message", "recommendation"];

/// How thoroughly to load.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Also render the built-in packs' templates against the sample policy. Packs
    /// on disk are always checked; the built-in ones are checked by `rules lint`,
    /// `rules test` and the test suite, and a check skips it to start fast.
    pub check_embedded_templates: bool,
    /// Parse a built-in pack's rules only when it is activated. Used when only
    /// built-in packs are loaded (no cross-pack checks are then needed: the test
    /// suite makes them) and nothing asks for a thorough check.
    pub lazy: bool,
}

/// Loads packs. A later source with the id of an earlier embedded one replaces it.
pub fn load(sources: Vec<PackSource>, options: LoadOptions) -> Result<RuleSet, Vec<Diagnostic>> {
    let limits = options.limits;
    let mut errors = Vec::new();
    let templates = Templates::new();
    let lazy = options.lazy && !options.check_embedded_templates && sources.iter().all(|s| s.embedded);
    let mut packs: Vec<(Pack, Source)> = Vec::new();
    let mut tests = BTreeMap::new();
    for src in sources {
        let Some(mut pack) = parse_manifest(&src.manifest, limits, &mut errors) else { continue };
        pack.origin = src.origin.clone();
        pack.embedded = src.embedded;
        if let Some(pos) = packs.iter().position(|(p, _)| p.id == pack.id) {
            if packs[pos].0.embedded && !pack.embedded {
                packs.remove(pos);
                tests.remove(&pack.id);
            } else {
                let message = Message::new(Code::PackIdTaken).arg("id", &pack.id).arg("origin", &packs[pos].0.origin);
                errors.push(src.manifest.error(Span::TOP, message));
                continue;
            }
        }
        if lazy {
            let ids = RULE_IDS.iter().find(|(p, _)| *p == pack.id).map_or(&[][..], |(_, ids)| *ids);
            pack.deferred = Some(super::model::Deferred { files: src.rules.clone(), limits, ids });
        } else {
            let check_templates = !src.embedded || options.check_embedded_templates;
            let mut rules = Vec::new();
            for file in &src.rules {
                let checker = check_templates.then_some(&templates);
                rules.extend(parse_rule_file(file, &pack.id, limits, checker, &mut errors));
            }
            rules.sort_by(|a, b| a.id.cmp(&b.id));
            let _ = pack.loaded.set(rules);
        }
        tests.insert(pack.id.clone(), src.tests.clone());
        packs.push((pack, src.manifest));
    }
    if !lazy {
        cross_check(&packs, &mut errors);
    }
    if !errors.is_empty() {
        // Within a file, report in reading order.
        errors.sort_by(|a, b| (&a.file, a.span).cmp(&(&b.file, b.span)));
        errors.dedup();
        return Err(errors);
    }
    let mut packs: Vec<Pack> = packs.into_iter().map(|(p, _)| p).collect();
    packs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(RuleSet { packs, templates, tests, leaf_ids: Default::default() })
}

fn is_pack_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `[A-Z][A-Z0-9]*(-[A-Z0-9]+)+`
pub fn is_rule_id(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    first.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && first.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !rest.is_empty()
        && rest.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

fn parse_manifest(src: &Source, limits: Limits, errors: &mut Vec<Diagnostic>) -> Option<Pack> {
    let node = match src.yaml(limits, "a pack manifest with `id:` and `name:`") {
        Ok(n) => n,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let before = errors.len();
    let entries = src.check_map(&node, PACK_KEYS, &["id", "name"], "pack.yaml", errors)?;
    let mut pack = Pack {
        id: String::new(),
        name: String::new(),
        description: None,
        extends: Vec::new(),
        overrides: Vec::new(),
        disable: Vec::new(),
        loaded: std::sync::OnceLock::new(),
        deferred: None,
        origin: String::new(),
        embedded: false,
    };
    for (k, v) in entries {
        match k.raw.as_str() {
            "id" => {
                if let Some(id) = src.text(v, "`id`", errors) {
                    if !is_pack_id(&id) {
                        errors.push(
                            src.error(v.span, Message::new(Code::BadPackId).arg("id", &id))
                                .hint(Help::new(Hint::IdCharsExample).arg("example", "us-ca")),
                        );
                    }
                    pack.id = id;
                }
            }
            "name" => pack.name = src.text(v, "`name`", errors).unwrap_or_default(),
            "description" => pack.description = src.text(v, "`description`", errors),
            "extends" => pack.extends = src.text_list(v, "`extends`", errors),
            "disable" => pack.disable = src.text_list(v, "`disable`", errors),
            "overrides" => pack.overrides = parse_overrides(src, v, errors),
            _ => {}
        }
    }
    (errors.len() == before).then_some(pack)
}

pub fn parse_overrides(src: &Source, node: &Node, errors: &mut Vec<Diagnostic>) -> Vec<Override> {
    let Yaml::Seq(items) = &node.value else {
        errors.push(src.error(node.span, Code::OverridesNotList));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(entries) = src.check_map(item, &["rule", "severity"], &["rule", "severity"], "an override", errors)
        else {
            continue;
        };
        let mut rule = None;
        let mut severity = None;
        for (k, v) in entries {
            match k.raw.as_str() {
                "rule" => rule = src.text(v, "`rule`", errors).map(|t| (t, v.span)),
                "severity" => severity = parse_severity(src, v, errors),
                _ => {}
            }
        }
        if let (Some((rule, span)), Some(severity)) = (rule, severity) {
            out.push(Override { rule, severity, span });
        }
    }
    out
}

fn parse_severity(src: &Source, v: &Node, errors: &mut Vec<Diagnostic>) -> Option<Severity> {
    let text = src.text(v, "`severity`", errors)?;
    Severity::parse(&text).or_else(|| {
        let help = match diag::did_you_mean(&text, Severity::NAMES) {
            Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
            None => Help::new(Hint::UseOneOf).arg("names", diag::one_of(&Severity::NAMES)),
        };
        errors.push(src.error(v.span, Message::new(Code::NotASeverity).arg("text", &text)).hint(help));
        None
    })
}

pub(crate) fn parse_rule_file(
    src: &Source,
    pack: &str,
    limits: Limits,
    templates: Option<&Templates>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Rule> {
    // A built-in file is read from its compact JSON form (see build.rs): same tree,
    // a fraction of the time.
    let compact = src.name.strip_prefix("rules/").and_then(|rel| COMPACT_RULE_FILES.iter().find(|(n, _)| *n == rel));
    let parsed = match compact.and_then(|(_, json)| crate::yaml::from_compact(json)) {
        Some(node) if templates.is_none() => Ok(node),
        _ => src.yaml(limits, "a rule file starting with `rules:`"),
    };
    let node = match parsed {
        Ok(n) => n,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    let Some(entries) = src.check_map(&node, &["rules"], &["rules"], "a rule file", errors) else { return Vec::new() };
    let Some((_, list)) = entries.iter().find(|(k, _)| k.raw == "rules") else { return Vec::new() };
    let Yaml::Seq(items) = &list.value else {
        errors.push(src.error(list.span, Message::new(Code::RulesNotList).arg("found", list.kind())));
        return Vec::new();
    };
    let text: std::sync::Arc<str> = src.text.as_str().into();
    items.iter().filter_map(|item| parse_rule(src, &text, item, pack, templates, errors)).collect()
}

fn parse_text(src: &Source, v: &Node, what: &str, errors: &mut Vec<Diagnostic>) -> Option<Text> {
    if let Yaml::Map(_) = v.value {
        let entries = src.check_map(v, &["en", "zh"], &["en"], what, errors)?;
        let get = |lang: &str, errors: &mut Vec<Diagnostic>| {
            entries
                .iter()
                .find(|(k, _)| k.raw == lang)
                .and_then(|(_, n)| src.text(n, &format!("{what}.{lang}"), errors))
        };
        let en = get("en", errors)?;
        let zh = get("zh", errors);
        return Some(Text { en, zh });
    }
    let en = src.text(v, what, errors)?;
    if en.trim().is_empty() {
        errors.push(src.error(v.span, Message::new(Code::MustNotBeEmpty).arg("place", what)));
        return None;
    }
    Some(Text { en, zh: None })
}

fn parse_rule(
    src: &Source,
    text: &std::sync::Arc<str>,
    node: &Node,
    pack: &str,
    templates: Option<&Templates>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Rule> {
    let before = errors.len();
    let entries = src.check_map(node, RULE_KEYS, RULE_REQUIRED, "a rule", errors)?;
    let get = |k: &str| entries.iter().find(|(key, _)| key.raw == k).map(|(_, v)| v);
    let id = get("id").and_then(|v| src.text(v, "`id`", errors));
    if let (Some(id), Some(v)) = (&id, get("id"))
        && !is_rule_id(id)
    {
        errors.push(src.error(v.span, Message::new(Code::BadRuleId).arg("id", id)).hint(Hint::RuleIdForm));
    }
    let title = get("title").and_then(|v| parse_text(src, v, "`title`", errors));
    let category = get("category").and_then(|v| {
        let text = src.text(v, "`category`", errors)?;
        Category::parse(&text).or_else(|| {
            let help = match diag::did_you_mean(&text, Category::NAMES) {
                Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                None => Help::new(Hint::UseOneOf).arg("names", diag::one_of(&Category::NAMES)),
            };
            errors.push(src.error(v.span, Message::new(Code::NotACategory).arg("text", &text)).hint(help));
            None
        })
    });
    let severity = get("severity").and_then(|v| parse_severity(src, v, errors));
    let for_each = match get("for_each") {
        None => false,
        Some(v) if v.raw == "measure" && v.as_scalar_text().is_some() => true,
        Some(v) => {
            errors.push(src.error(v.span, Message::new(Code::BadForEach).arg("raw", &v.raw)).hint(Hint::RemoveForEach));
            false
        }
    };
    let eager = templates.is_some();
    let when = get("when").and_then(|v| Parser { source: src, errors, eager }.parse(v, Scope { measure: for_each }));
    let message = get("message").and_then(|v| parse_text(src, v, "`message`", errors));
    let recommendation = get("recommendation").and_then(|v| parse_text(src, v, "`recommendation`", errors));
    let references = get("references").map(|v| parse_references(src, v, errors)).unwrap_or_default();
    let tags = get("tags")
        .map(|v| src.text_list(v, "`tags`", errors).into_iter().map(|(t, _)| t).collect())
        .unwrap_or_default();
    if errors.len() != before {
        return None;
    }
    let (id, title, category, severity, when, message, recommendation) =
        (id?, title?, category?, severity?, when?, message?, recommendation?);
    let (message, recommendation) = (Tpl::new(message), Tpl::new(recommendation));
    if let Some(templates) = templates {
        let sample = template::sample(for_each);
        for (key, tpl) in [("message", &message), ("recommendation", &recommendation)] {
            if let Err(e) = templates.check(tpl, &sample) {
                let span = get(key).map_or(node.span, |n| n.span);
                let message =
                    Message::new(Code::BadRuleTemplate).arg("rule", &id).arg("key", key).arg("error", e.to_string());
                errors.push(src.error(span, message));
            }
        }
    }
    let when_span = get("when").map_or(node.span, |v| v.span);
    Some(Rule {
        id,
        title,
        category,
        severity,
        for_each_measure: for_each,
        when,
        message,
        recommendation,
        references,
        tags,
        pack: pack.to_string(),
        file: src.name.clone(),
        span: get("id").map_or(node.span, |n| n.span),
        when_span,
        file_text: text.clone(),
        rendered: Default::default(),
    })
}

/// The source lines of a block starting at `span`, for showing a condition as written.
pub fn excerpt(text: &str, span: Span) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = span.line as usize - 1;
    let Some(first) = lines.get(start) else { return String::new() };
    let indent = first.len() - first.trim_start().len();
    let mut out = vec![first.to_string()];
    for line in &lines[start + 1..] {
        let ind = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && ind < indent.max(span.col as usize - 1) {
            break;
        }
        out.push(line.to_string());
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let cut = (span.col as usize - 1).min(indent);
    out.iter().map(|l| l.get(cut..).unwrap_or("").to_string()).collect::<Vec<_>>().join("\n")
}

fn parse_references(src: &Source, v: &Node, errors: &mut Vec<Diagnostic>) -> Vec<Reference> {
    let Yaml::Seq(items) = &v.value else {
        errors.push(src.error(v.span, Code::ReferencesNotList));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if let Yaml::Map(entries) = &item.value
            && !entries.iter().any(|(k, _)| k.raw == "title" || k.raw == "url")
        {
            errors.push(src.error(item.span, Code::BadReference).hint_opt(item.colon_hint()));
        } else if let Yaml::Map(_) = item.value {
            let Some(entries) = src.check_map(item, &["title", "url"], &["title"], "a reference", errors) else {
                continue;
            };
            let title =
                entries.iter().find(|(k, _)| k.raw == "title").and_then(|(_, n)| src.text(n, "`title`", errors));
            let url = entries.iter().find(|(k, _)| k.raw == "url").and_then(|(_, n)| {
                let url = src.text(n, "`url`", errors)?;
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    errors.push(
                        src.error(n.span, Message::new(Code::NotAWebAddress).arg("url", &url)).hint(Hint::ReferenceUrl),
                    );
                }
                Some(url)
            });
            if let Some(title) = title {
                out.push(Reference { title, url });
            }
        } else if let Some(title) = src.text(item, "a reference", errors) {
            out.push(Reference { title, url: None });
        }
    }
    out
}

fn cross_check(packs: &[(Pack, Source)], errors: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &Rule> = BTreeMap::new();
    for (pack, _) in packs {
        for rule in pack.rules() {
            if let Some(first) = seen.get(rule.id.as_str()) {
                errors.push(
                    Diagnostic::new(&rule.file, rule.span, Message::new(Code::DuplicateRuleId).arg("id", &rule.id))
                        .hint(
                            Help::new(Hint::FirstDefinedAt)
                                .arg("file", &first.file)
                                .arg("line", first.span.line)
                                .arg("column", first.span.col),
                        ),
                );
            } else {
                seen.insert(&rule.id, rule);
            }
        }
    }
    let ids: BTreeSet<&str> = packs.iter().map(|(p, _)| p.id.as_str()).collect();
    for (pack, src) in packs {
        for (ext, span) in &pack.extends {
            if !ids.contains(ext.as_str()) {
                let help = match diag::did_you_mean(ext, ids.iter().copied()) {
                    Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                    None => Help::new(Hint::LoadedPacks).arg("ids", ids.iter().copied().collect::<Vec<_>>().join(", ")),
                };
                let message = Message::new(Code::UnknownPackExtended).arg("pack", &pack.id).arg("extended", ext);
                errors.push(src.error(*span, message).hint(help));
            }
        }
        for o in &pack.overrides {
            if !seen.contains_key(o.rule.as_str()) {
                errors.push(
                    src.error(o.span, Message::new(Code::OverrideUnknownRule).arg("rule", &o.rule))
                        .hint(rule_hint(&o.rule, &seen)),
                );
            }
        }
        for (d, span) in &pack.disable {
            if !seen.contains_key(d.as_str()) {
                errors.push(
                    src.error(*span, Message::new(Code::DisableUnknownRule).arg("rule", d)).hint(rule_hint(d, &seen)),
                );
            }
        }
    }
    // A cycle in `extends` would make activation loop; report each pack on one.
    for (pack, src) in packs {
        let mut stack = vec![pack.id.as_str()];
        if cycles_back(&pack.id, &pack.extends, packs, &mut stack) {
            let at = pack.extends.first().map_or(Span::TOP, |(_, span)| *span);
            errors.push(src.error(at, Message::new(Code::ExtendsCycle).arg("cycle", stack.join(" -> "))));
        }
    }
}

fn cycles_back<'a>(
    start: &str,
    extends: &'a [(String, Span)],
    packs: &'a [(Pack, Source)],
    stack: &mut Vec<&'a str>,
) -> bool {
    for (e, _) in extends {
        if e == start {
            stack.push(e);
            return true;
        }
        if stack.contains(&e.as_str()) {
            continue;
        }
        if let Some((p, _)) = packs.iter().find(|(p, _)| &p.id == e) {
            stack.push(&p.id);
            if cycles_back(start, &p.extends, packs, stack) {
                return true;
            }
            stack.pop();
        }
    }
    false
}

fn rule_hint(id: &str, seen: &BTreeMap<&str, &Rule>) -> Help {
    match diag::did_you_mean(id, seen.keys().copied()) {
        Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
        None => Hint::LoadedRulesList.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{self, Node, Yaml};

    /// Everything but the length of a span, which the compact form does not keep
    /// for scalars that fold over several lines.
    fn same(a: &Node, b: &Node, at: &str) {
        assert_eq!((a.span.line, a.span.col, &a.raw, a.quoted), (b.span.line, b.span.col, &b.raw, b.quoted), "{at}");
        match (&a.value, &b.value) {
            (Yaml::Seq(x), Yaml::Seq(y)) => {
                assert_eq!(x.len(), y.len(), "{at}");
                x.iter().zip(y).for_each(|(p, q)| same(p, q, at));
            }
            (Yaml::Map(x), Yaml::Map(y)) => {
                assert_eq!(x.len(), y.len(), "{at}");
                for ((k1, v1), (k2, v2)) in x.iter().zip(y) {
                    same(k1, k2, at);
                    same(v1, v2, &format!("{at}.{}", k1.raw));
                }
            }
            (x, y) => assert_eq!(x, y, "{at}"),
        }
    }

    #[test]
    fn compact_rule_files_read_as_their_yaml() {
        assert!(!COMPACT_RULE_FILES.is_empty());
        for (name, json) in COMPACT_RULE_FILES {
            let text = embedded::RULE_FILES.iter().find(|(n, _)| n == name).unwrap().1;
            let from_yaml = yaml::parse(text, Limits::default()).unwrap().unwrap();
            let from_json = yaml::from_compact(json).unwrap_or_else(|| panic!("{name}: compact form does not read"));
            same(&from_yaml, &from_json, name);
        }
    }

    #[test]
    fn rule_id_index_matches_the_packs() {
        let thorough =
            load(embedded_sources(), LoadOptions { check_embedded_templates: true, ..Default::default() }).unwrap();
        for pack in &thorough.packs {
            let mut index: Vec<&str> = RULE_IDS.iter().find(|(p, _)| *p == pack.id).unwrap().1.to_vec();
            index.sort_unstable();
            let ids: Vec<&str> = pack.rules().iter().map(|r| r.id.as_str()).collect();
            assert_eq!(index, ids, "pack {}", pack.id);
        }
        // A lazy load knows the same ids before it parses anything.
        let lazy = load(embedded_sources(), LoadOptions { lazy: true, ..Default::default() }).unwrap();
        assert_eq!(lazy.rule_ids(), thorough.rule_ids());
    }
}
