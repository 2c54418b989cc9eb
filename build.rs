//! Embeds the default rule packs and report templates into the binary.
//!
//! Each file becomes an `include_str!` so that cargo tracks it for rebuilds; the
//! folders themselves are watched so that a new file triggers a rebuild too.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
        writeln!(code, "pub(crate) static {name}: &[(&str, &str)] = &[").unwrap();
        for (rel, abs) in files {
            writeln!(code, "    ({rel:?}, include_str!({:?})),", abs.display().to_string()).unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
