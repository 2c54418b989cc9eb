//! Embeds the default rule packs and report templates into the binary.
//!
//! Each file becomes an `include_str!` so that cargo tracks it for rebuilds; the
//! folders themselves are watched so that a new file triggers a rebuild too.
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The YAML of a built-in rule file as compact JSON that keeps each node's line and
/// column: a scalar is `[line, col, "raw", quoted]`, a list `[line, col, [nodes], 0]`,
/// a map `[line, col, [[key, value], ...], 1]`. Reading JSON at run time is several times
/// faster than reading YAML, and the built-in packs are read at every start.
/// `yaml::from_compact` reads it back; a test checks that both give the same tree.
fn compact(yaml: &str, file: &str) -> String {
    enum Frame {
        Seq { first: bool },
        Map { count: usize },
    }
    fn begin(out: &mut String, stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Seq { first }) => {
                if !*first {
                    out.push(',');
                }
                *first = false;
            }
            Some(Frame::Map { count }) if *count % 2 == 0 => out.push_str(if *count == 0 { "[" } else { ",[" }),
            Some(Frame::Map { .. }) => out.push(','),
            None => {}
        }
    }
    fn done(out: &mut String, stack: &mut [Frame]) {
        if let Some(Frame::Map { count }) = stack.last_mut() {
            *count += 1;
            if *count % 2 == 0 {
                out.push(']');
            }
        }
    }
    let mut out = String::with_capacity(yaml.len() * 2);
    let mut stack: Vec<Frame> = Vec::new();
    let mut docs = 0;
    for ev in Parser::new_from_str(yaml) {
        let (ev, span) = ev.unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let (line, col) = (span.start.line(), span.start.col() + 1);
        match ev {
            Event::DocumentStart(_) => {
                docs += 1;
                assert!(docs == 1, "{file}: more than one document");
            }
            Event::Scalar(text, style, _, tag) => {
                begin(&mut out, &mut stack);
                let quoted = style != ScalarStyle::Plain || tag.is_some();
                write!(out, "[{line},{col},{},{}]", json_string(&text), u8::from(quoted)).unwrap();
                done(&mut out, &mut stack);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                begin(&mut out, &mut stack);
                write!(out, "[{line},{col},[").unwrap();
                stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { count: 0 }
                } else {
                    Frame::Seq { first: true }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let kind = match stack.pop() {
                    Some(Frame::Map { .. }) => 1,
                    _ => 0,
                };
                write!(out, "],{kind}]").unwrap();
                done(&mut out, &mut stack);
            }
            Event::Alias(_) => panic!("{file}: aliases are not used in built-in rule files"),
            _ => {}
        }
    }
    out
}

fn json_string(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => write!(o, "\\u{:04x}", c as u32).unwrap(),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, base, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "hbs" | "css")) {
            let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, path.canonicalize().unwrap()));
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    for (name, dir) in [("RULE_FILES", "rules"), ("TEMPLATE_FILES", "templates")] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files = Vec::new();
        collect(&root.join(dir), &root.join(dir), &mut files);
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for (rel, abs) in files {
            writeln!(code, "    ({rel:?}, include_str!({:?})),", abs.display().to_string()).unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    // The built-in rule files, read once more as compact JSON (see `compact`).
    writeln!(code, "pub static COMPACT_RULE_FILES: &[(&str, &str)] = &[").unwrap();
    let mut files = Vec::new();
    collect(&root.join("rules"), &root.join("rules"), &mut files);
    for (rel, abs) in files {
        if rel.contains("/tests/") || rel.ends_with("pack.yaml") || !rel.ends_with(".yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&abs).unwrap();
        writeln!(code, "    ({rel:?}, {:?}),", compact(&text, &rel)).unwrap();
    }
    writeln!(code, "];").unwrap();

    // The ids of the built-in rules, per pack, so that a check can validate waivers
    // without parsing packs it does not use. A test compares it with the packs.
    writeln!(code, "pub static RULE_IDS: &[(&str, &[&str])] = &[").unwrap();
    let mut packs: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    packs.sort();
    for pack in packs {
        let mut ids = Vec::new();
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&pack).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if f.is_file()
                && f.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && f.file_name().unwrap() != "pack.yaml"
            {
                for line in std::fs::read_to_string(&f).unwrap_or_default().lines() {
                    if let Some(id) = line.trim_start().strip_prefix("- id:") {
                        ids.push(id.trim().trim_matches(['"', '\'']).to_string());
                    }
                }
            }
        }
        let name = pack.file_name().unwrap().to_string_lossy().to_string();
        writeln!(code, "    ({name:?}, &{ids:?}),").unwrap();
    }
    writeln!(code, "];").unwrap();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
