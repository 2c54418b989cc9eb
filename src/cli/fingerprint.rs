//! `watchwise fingerprint`: the fingerprint a sign-off records (`review.fingerprint`).

use super::{App, Failure, Outcome};
use crate::policy;
use crate::source;
use std::io::Write;
use std::path::PathBuf;

impl App<'_> {
    pub(super) fn fingerprint(&self, files: &[PathBuf]) -> Result<Outcome, Failure> {
        let rules = self.load_rules(&[])?;
        let checker = self.checker(&rules, self.options()?);
        let mut text = String::new();
        let mut errors = Vec::new();
        for file in files {
            let loaded = source::read(file, self.common.max_file_size)
                .map_err(|d| vec![d])
                .and_then(|src| policy::load(&src, &checker.ctx));
            match loaded {
                // One file: the fingerprint alone, to paste into the review; more:
                // one line each, as `sha256sum` prints them.
                Ok(p) if files.len() == 1 => text.push_str(&format!("{}\n", policy::fingerprint(&p.root))),
                Ok(p) => text.push_str(&format!("{}  {}\n", policy::fingerprint(&p.root), p.file)),
                Err(e) => errors.extend(e),
            }
        }
        let text = crate::diag::safe::lines_owned(text);
        std::io::stdout().lock().write_all(text.as_bytes())?;
        if errors.is_empty() { Ok(Outcome { code: 0 }) } else { Err(errors.into()) }
    }
}
