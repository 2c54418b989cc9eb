//! Loading rule packs: embedded defaults and folders on disk, every file checked,
//! every error collected, then the cross-pack checks (unique ids, `extends`,
//! `overrides`, `disable`).

use super::condition::{Parser, Scope};
use super::mitigations;
use super::model::{Category, Mitigation, Override, Pack, Reference, Rule, Severity, Text};
use super::template::Tpl;
use crate::diag::{self, Capped, Code, Diagnostic, Help, Hint, Message, Span};
use crate::source::{self, Source};
use crate::yaml::{Limits, Node, Yaml};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub(crate) use embedded::TEMPLATE_FILES;

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
            manifest: Source::new(String::new(), String::new()),
            rules: Vec::new(),
            tests: Vec::new(),
        });
        let src = Source::new(format!("rules/{path}"), (*text).to_string());
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

/// Every loaded pack and its test files.
pub struct RuleSet {
    pub packs: Vec<Pack>,
    pub tests: BTreeMap<String, Vec<Source>>,
}

const PACK_KEYS: &[&str] = &["id", "name", "extends", "overrides", "disable", "description"];
const RULE_KEYS: &[&str] = &[
    "id",
    "title",
    "category",
    "severity",
    "for_each",
    "when",
    "message",
    "recommendation",
    "references",
    "tags",
    "mitigations",
    "floor",
    "mitigable",
    "waiver",
    "applies_in",
];
const RULE_REQUIRED: &[&str] = &["id", "title", "category", "severity", "when", "message", "recommendation"];

/// How thoroughly to load.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Also compile the built-in packs' regexes now, as those of packs on disk
    /// always are (`rules lint`, `rules test`); a check compiles a regex when a
    /// policy first needs it. Their syntax is checked either way.
    pub compile_regexes: bool,
}

/// Loads packs. A later source with the id of an earlier embedded one replaces it.
pub fn load(sources: Vec<PackSource>, options: LoadOptions) -> Result<RuleSet, Vec<Diagnostic>> {
    let limits = options.limits;
    let mut errors = Vec::new();
    let mut packs: Vec<(Pack, PackSource)> = Vec::new();
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
        tests.insert(pack.id.clone(), src.tests.clone());
        packs.push((pack, src));
    }
    let files: Vec<(usize, &Source)> =
        packs.iter().enumerate().flat_map(|(i, (_, src))| src.rules.iter().map(move |f| (i, f))).collect();
    // Rules counted as files are read, so that building them stops once the packs
    // hold more than a run may load; which file is over is decided after, in order.
    let counted = AtomicUsize::new(0);
    let parsed = parse_on_every_core(&files, |&(i, file)| {
        let (pack, src) = &packs[i];
        let thorough = !src.embedded || options.compile_regexes;
        let mut errors = Vec::new();
        let rules = parse_rule_file(file, &pack.id, limits, thorough, &counted, &mut errors);
        // Shown as for a policy: the first errors by position, then one counting the rest.
        let mut capped = Capped::new();
        errors.into_iter().for_each(|e| capped.push(e));
        (rules, capped.finish(|span, message| file.error(span, message)))
    });
    let mut total = 0;
    for ((file, _), (_, src)) in parsed.iter().zip(&files) {
        total += file.count;
        if total > MAX_RULES {
            return Err(vec![src.error(file.list, Message::new(Code::TooManyRules).arg("max", MAX_RULES))]);
        }
    }
    let owners: Vec<usize> = files.iter().map(|(i, _)| *i).collect();
    let mut declared: Vec<Vec<Declared>> = vec![Vec::new(); packs.len()];
    for (i, (file, errs)) in owners.into_iter().zip(parsed) {
        declared[i].extend(file.ids);
        packs[i].0.rules.extend(file.rules);
        packs[i].0.mitigations.extend(file.mitigations.into_iter().map(Arc::new));
        errors.extend(errs);
    }
    let mut packs: Vec<(Pack, Source)> = packs
        .into_iter()
        .map(|(mut pack, src)| {
            pack.rules.sort_by(|a, b| a.id.cmp(&b.id));
            pack.mitigations.sort_by(|a, b| a.id.cmp(&b.id));
            (pack, src.manifest)
        })
        .collect();
    cross_check(&packs, &declared, &mut errors);
    let graph: Vec<(String, Vec<String>)> =
        packs.iter().map(|(p, _)| (p.id.clone(), p.extends.iter().map(|(e, _)| e.clone()).collect())).collect();
    mitigations::resolve(&mut packs, &|a, b| extends_in(&graph, a, b), &mut errors);
    if !errors.is_empty() {
        // Within a file, report in reading order.
        errors.sort_by(|a, b| (&a.file, a.span).cmp(&(&b.file, b.span)));
        errors.dedup();
        return Err(errors);
    }
    let mut packs: Vec<Pack> = packs.into_iter().map(|(p, _)| p).collect();
    packs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(RuleSet { packs, tests })
}

/// `parse` of every item, in order, on [`crate::batch::threads`] threads. Reading
/// the YAML of the built-in packs is most of the time of a cold check of one
/// policy (41 of 58 million instructions for `policies/loading-bay-safety-cameras.yaml`);
/// on two cores that check takes 0.88 of its time on one (1.30x against 1.47x the
/// binary that read a compact form, side by side).
fn parse_on_every_core<T: Sync, R: Send>(items: &[T], parse: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = crate::batch::threads().clamp(1, items.len().max(1));
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let parse = &parse;
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    items
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, item)| (i, parse(item)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for w in workers {
            for (i, r) in w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) {
                out[i] = Some(r);
            }
        }
    });
    out.into_iter().flatten().collect()
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
        rules: Vec::new(),
        mitigations: Vec::new(),
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
    // With an error elsewhere in the manifest, the pack's rule files are still read
    // (under its id) so that all their errors show in the same run; the load fails.
    (errors.len() == before || !pack.id.is_empty()).then_some(pack)
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

/// How many rules one run loads at most, built-in packs included: far beyond any
/// real set of packs (the built-in ones hold about 160), and it keeps the memory of
/// loading bounded.
pub const MAX_RULES: usize = 10_000;

/// The rules of one file, how many it lists, and where its list is.
#[derive(Default)]
struct RuleFile {
    rules: Vec<Rule>,
    /// The id of every rule in the file, also of those with errors, so that a
    /// duplicate id is reported in the same run and an override of a rule with an
    /// error is not called unknown.
    ids: Vec<Declared>,
    mitigations: Vec<Mitigation>,
    count: usize,
    list: Span,
}

#[derive(Clone, Debug, Default)]
struct Declared {
    id: String,
    file: String,
    span: Span,
}

fn parse_rule_file(
    src: &Source,
    pack: &str,
    limits: Limits,
    thorough: bool,
    counted: &AtomicUsize,
    errors: &mut Vec<Diagnostic>,
) -> RuleFile {
    let node = match src.yaml(limits, "a rule file starting with `rules:`") {
        Ok(n) => n,
        Err(e) => {
            errors.push(e);
            return RuleFile::default();
        }
    };
    // A file may hold only mitigations; otherwise it must hold rules.
    let has = |key: &str| matches!(&node.value, Yaml::Map(es) if es.iter().any(|(k, _)| k.raw == key));
    let required: &[&str] = if has("mitigations") { &[] } else { &["rules"] };
    let Some(entries) = src.check_map(&node, &["rules", "mitigations"], required, "a rule file", errors) else {
        return RuleFile::default();
    };
    let mitigations = entries
        .iter()
        .find(|(k, _)| k.raw == "mitigations")
        .map(|(_, list)| mitigations::parse_list(src, list, pack, thorough, errors))
        .unwrap_or_default();
    let Some((_, list)) = entries.iter().find(|(k, _)| k.raw == "rules") else {
        return RuleFile { mitigations, ..RuleFile::default() };
    };
    let Yaml::Seq(items) = &list.value else {
        errors.push(src.error(list.span, Message::new(Code::RulesNotList).arg("found", list.kind())));
        return RuleFile::default();
    };
    let count = items.len();
    if counted.fetch_add(count, Ordering::Relaxed) + count > MAX_RULES {
        return RuleFile { mitigations, count, list: list.span, ..RuleFile::default() };
    }
    let text: std::sync::Arc<str> = src.text.as_str().into();
    let rules = items.iter().filter_map(|item| parse_rule(src, &text, item, pack, thorough, errors)).collect();
    let ids = items
        .iter()
        .filter_map(|item| {
            let id = item.get("id")?;
            Some(Declared { id: id.as_scalar_text()?.to_string(), file: src.name.clone(), span: id.span })
        })
        .collect();
    RuleFile { rules, ids, mitigations, count, list: list.span }
}

pub(crate) fn parse_text(src: &Source, v: &Node, what: &str, errors: &mut Vec<Diagnostic>) -> Option<Text> {
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
    thorough: bool,
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
    let eager = thorough;
    let when = get("when").and_then(|v| Parser { source: src, errors, eager }.parse(v, Scope { measure: for_each }));
    let message = get("message").and_then(|v| parse_text(src, v, "`message`", errors));
    let recommendation = get("recommendation").and_then(|v| parse_text(src, v, "`recommendation`", errors));
    let references = get("references").map(|v| parse_references(src, v, errors)).unwrap_or_default();
    let tags = get("tags")
        .map(|v| src.text_list(v, "`tags`", errors).into_iter().map(|(t, _)| t).collect())
        .unwrap_or_default();
    let keys = mitigations::parse_rule_keys(
        src,
        entries,
        id.as_deref().unwrap_or_default(),
        &|v, errors| parse_severity(src, v, errors),
        errors,
    );
    if errors.len() != before {
        return None;
    }
    let (id, title, category, severity, when, message, recommendation) =
        (id?, title?, category?, severity?, when?, message?, recommendation?);
    let mut template = |key: &str, text: Text| {
        Tpl::new(text, for_each).map_err(|e| {
            let span = get(key).map_or(node.span, |n| n.span);
            let message = Message::new(Code::BadRuleTemplate).arg("rule", &id).arg("key", key).arg("error", e);
            errors.push(src.error(span, message));
        })
    };
    let (message, recommendation) = (template("message", message), template("recommendation", recommendation));
    let (message, recommendation) = (message.ok()?, recommendation.ok()?);
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
        mitigation_ids: keys.ids,
        mitigations: Vec::new(),
        floor: keys.floor,
        mitigable: keys.mitigable,
        waiver: keys.waiver,
        applies_in: get("applies_in").map(|v| src.text_list(v, "`applies_in`", errors)).unwrap_or_default(),
        pack: pack.to_string(),
        file: src.name.clone(),
        span: get("id").map_or(node.span, |n| n.span),
        when_span,
        file_text: text.clone(),
    })
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

/// Checks what refers across files and packs. `declared` holds the rule ids of each
/// pack, in the order of `packs`.
fn cross_check(packs: &[(Pack, Source)], declared: &[Vec<Declared>], errors: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &Declared> = BTreeMap::new();
    for rule in declared.iter().flatten() {
        if let Some(first) = seen.get(rule.id.as_str()) {
            errors.push(
                Diagnostic::new(&rule.file, rule.span, Message::new(Code::DuplicateRuleId).arg("id", &rule.id)).hint(
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
        for rule in pack.rules() {
            for (id, span) in &rule.applies_in {
                if !ids.contains(id.as_str()) {
                    let help = match diag::did_you_mean(id, ids.iter().copied()) {
                        Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                        None => {
                            Help::new(Hint::LoadedPacks).arg("ids", ids.iter().copied().collect::<Vec<_>>().join(", "))
                        }
                    };
                    let message = Message::new(Code::AppliesInUnknownPack).arg("rule", &rule.id).arg("pack", id);
                    errors.push(Diagnostic::new(&rule.file, *span, message).hint(help));
                }
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

/// Whether pack `a` extends pack `b`, directly or through others, in a graph of
/// pack ids and what each extends (before the packs form a [`RuleSet`]).
fn extends_in(graph: &[(String, Vec<String>)], a: &str, b: &str) -> bool {
    let mut stack = vec![a];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for e in graph.iter().filter(|(p, _)| p == id).flat_map(|(_, es)| es) {
            if e == b {
                return true;
            }
            stack.push(e);
        }
    }
    false
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

fn rule_hint(id: &str, seen: &BTreeMap<&str, &Declared>) -> Help {
    match diag::did_you_mean(id, seen.keys().copied()) {
        Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
        None => Hint::LoadedRulesList.into(),
    }
}
