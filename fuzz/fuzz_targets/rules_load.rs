//! Any bytes as a rule file of a pack on disk: loading (with every check a pack on
//! disk gets: conditions, regexes, templates) must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use watchwise::rules::load::{self, LoadOptions, PackSource};
use watchwise::source::{self, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(rules) = source::decode("fuzz/rules.yaml".into(), data.to_vec()) else { return };
    let pack = PackSource {
        origin: "fuzz".into(),
        embedded: false,
        manifest: Source::new("fuzz/pack.yaml", "id: fuzz\nname: Fuzz\n"),
        rules: vec![rules],
        tests: vec![],
    };
    match load::load(vec![pack], LoadOptions::default()) {
        Ok(set) => {
            for r in set.rules() {
                let _ = r.when_source();
            }
            let _ = watchwise::rules::lint::lint(&set);
        }
        Err(diags) => {
            for d in diags {
                let _ = d.render(false);
            }
        }
    }
});
