//! Any bytes as a policy file: loading must return a policy or diagnostics, never
//! panic, and every diagnostic must point at a real line of the input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use watchwise::policy::{self, Context};
use watchwise::source;

fuzz_target!(|data: &[u8]| {
    let ctx = Context {
        packs: ["core", "eu", "acme"].iter().map(|s| s.to_string()).collect(),
        rules: ["PRV-001", "TRU-009"].iter().map(|s| s.to_string()).collect(),
        limits: Default::default(),
    };
    // YAML breaks lines at \n, \r\n and a lone \r.
    let lines = data.iter().enumerate().filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n'))).count() + 1;
    match source::decode("fuzz.yaml".into(), data.to_vec()) {
        Err(d) => assert!(d.span.line >= 1 && (d.span.line as usize) <= lines),
        Ok(src) => match policy::load(&src, &ctx) {
            Ok(p) => assert!(!p.measures.is_empty()),
            Err(diags) => {
                assert!(!diags.is_empty());
                for d in diags {
                    assert!(d.span.line >= 1 && (d.span.line as usize) <= lines, "{}", d.headline());
                    let _ = d.render(false);
                }
            }
        },
    }
});
