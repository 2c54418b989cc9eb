//! The calibration set: real regulator decisions and court judgments on monitoring
//! workers (`tests/cases/*.yaml`, described in `tests/cases/README.md`), each a policy
//! as the decision describes it and the ratings the decision implies. The test runs
//! every case with the built-in packs and prints a tally; a case marked `known_miss`
//! must still miss (so that a fixed one loses its mark), every other case must pass.

use crate::Lang;
use crate::engine::{self, Options};
use crate::policy::{self, Context};
use crate::rules::Adjust;
use crate::rules::load::{self, LoadOptions};
use crate::source::Source;
use crate::yaml::{Limits, Node, Yaml};
use std::path::Path;

const LEVELS: [&str; 6] = ["none", "info", "low", "medium", "high", "critical"];

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Yaml::Map(entries) => entries.iter().find(|(k, _)| k.raw == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    get(node, key).and_then(Node::as_scalar_text)
}

fn level(name: &str) -> usize {
    LEVELS.iter().position(|l| *l == name).unwrap_or_else(|| panic!("`{name}` is not a level"))
}

/// What is wrong with `got` against a `{min, max}` range, if anything.
fn out_of(what: &str, got: &str, range: &Node) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = text(range, "min")
        && level(got) < level(min)
    {
        out.push(format!("{what} is {got}, the decision implies at least {min}"));
    }
    if let Some(max) = text(range, "max")
        && level(got) > level(max)
    {
        out.push(format!("{what} is {got}, the decision implies at most {max}"));
    }
    out
}

struct Outcome {
    name: String,
    lawful: bool,
    verified: bool,
    problems: Vec<String>,
    known_miss: Option<String>,
}

fn run_case(path: &Path, rules: &crate::rules::RuleSet, ctx: &Context, opts: &Options) -> Outcome {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let source = Source::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
    let root = source.yaml(Limits::default(), "a calibration case").unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let decision = get(&root, "decision").unwrap_or_else(|| panic!("{name}: no `decision`"));
    for key in ["authority", "reference", "date", "url", "outcome", "summary", "verified", "verification"] {
        assert!(text(decision, key).is_some_and(|t| !t.trim().is_empty()), "{name}: `decision.{key}` is missing");
    }
    let url = text(decision, "url").unwrap();
    assert!(url.starts_with("https://") || url.starts_with("http://"), "{name}: `decision.url` is not an address");
    assert!(policy::load::parse_date(text(decision, "date").unwrap()).is_ok(), "{name}: `decision.date` is not a date");
    let lawful = match text(decision, "outcome") {
        Some("lawful") => true,
        Some("unlawful") => false,
        other => panic!("{name}: `decision.outcome` is {other:?}, not lawful or unlawful"),
    };
    let verified = text(decision, "verified") == Some("true");
    let expect = get(&root, "expect").unwrap_or_else(|| panic!("{name}: no `expect`"));
    let policy_node = get(&root, "policy").unwrap_or_else(|| panic!("{name}: no `policy`"));
    let policy = policy::load::from_node(&source, policy_node, ctx)
        .unwrap_or_else(|d| panic!("{name}: the policy is not valid: {}", d[0].headline()));
    let active = rules.activate(&policy.jurisdictions, &Adjust::default());
    let result = engine::check(&policy, &active, opts).unwrap_or_else(|d| panic!("{name}: {}", d.headline()));
    let rating = |r: Option<crate::rules::Severity>| r.map_or("none", |s| s.as_str());
    let mut problems = Vec::new();
    if let Some(range) = get(expect, "rating") {
        problems.extend(out_of("the overall rating", rating(result.rating), range));
    }
    if let Some(Yaml::Map(categories)) = get(expect, "categories").map(|n| &n.value) {
        for (k, range) in categories {
            let c = crate::rules::Category::parse(&k.raw).unwrap_or_else(|| panic!("{name}: no category {}", k.raw));
            problems.extend(out_of(&format!("{} rating", k.raw), rating(result.category(c).rating), range));
        }
    }
    let ids = |key: &str| -> Vec<String> {
        match get(expect, key).map(|n| &n.value) {
            Some(Yaml::Seq(items)) => items.iter().filter_map(|i| i.as_scalar_text().map(str::to_string)).collect(),
            _ => Vec::new(),
        }
    };
    for id in ids("fires") {
        if !result.findings.iter().any(|f| f.rule == id) {
            problems.push(format!("{id} does not fire"));
        }
    }
    for id in ids("silent") {
        if result.findings.iter().any(|f| f.rule == id) {
            problems.push(format!("{id} fires"));
        }
    }
    let known_miss = text(&root, "known_miss").map(str::to_string);
    Outcome { name, lawful, verified, problems, known_miss }
}

#[test]
fn calibration_set() {
    let rules = load::load(load::embedded_sources(), LoadOptions::default()).unwrap();
    let ctx = Context { packs: rules.pack_ids(), rules: rules.rule_ids(), limits: Limits::default() };
    let opts = Options { lang: Lang::En, today: jiff::civil::date(2026, 12, 1) };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let outcomes: Vec<Outcome> = paths.iter().map(|p| run_case(p, &rules, &ctx, &opts)).collect();
    let mut tally = String::new();
    let mut wrong = Vec::new();
    for o in &outcomes {
        let mark = match (&o.known_miss, o.problems.is_empty()) {
            (None, true) => "pass",
            (Some(_), false) => "known miss",
            (None, false) => "FAIL",
            (Some(_), true) => "PASSES (remove known_miss)",
        };
        let outcome = if o.lawful { "lawful" } else { "unlawful" };
        let unverified = if o.verified { "" } else { ", unverified" };
        tally.push_str(&format!("{mark:>10}  {} ({outcome}{unverified})\n", o.name));
        for p in &o.problems {
            tally.push_str(&format!("            {p}\n"));
        }
        if let Some(why) = &o.known_miss {
            tally.push_str(&format!(
                "            known miss: {}\n",
                why.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
        if o.known_miss.is_some() == o.problems.is_empty() {
            wrong.push(o.name.clone());
        }
    }
    let passed = outcomes.iter().filter(|o| o.problems.is_empty()).count();
    let lawful = outcomes.iter().filter(|o| o.lawful).count();
    tally.push_str(&format!(
        "calibration: {} cases ({lawful} upheld as lawful): {passed} pass, {} do not\n",
        outcomes.len(),
        outcomes.len() - passed
    ));
    println!("{tally}");
    assert!(outcomes.len() >= 30, "the calibration set has {} cases, fewer than 30", outcomes.len());
    assert!(lawful >= 8, "only {lawful} cases where the monitoring was upheld");
    assert!(wrong.is_empty(), "cases whose result does not match their known_miss mark: {wrong:?}\n{tally}");
    assert!(passed >= 27, "only {passed} cases pass, fewer than 27\n{tally}");
}
