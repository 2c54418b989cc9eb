//! `watchwise diff`: findings added, removed and changed between two versions.

use super::{App, Failure, Outcome, args::DiffArgs, args::DiffFormat};
use crate::diag::{Code, Diagnostic, Span};
use crate::output;
use crate::render;

impl App<'_> {
    pub(super) fn diff(&self, args: &DiffArgs) -> Result<Outcome, Failure> {
        if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
            return Err(vec![Diagnostic::new("<stdin>", Span::NONE, Code::DiffBothStdin)].into());
        }
        let opts = self.options()?;
        let rules = self.load_rules(&[])?;
        let checker = self.checker(&rules, opts);
        let old = checker.check_file(&args.old);
        let new = checker.check_file(&args.new);
        let (old, new) = match (old, new) {
            (Ok(o), Ok(n)) => (o, n),
            (o, n) => {
                let mut errors = o.err().unwrap_or_default();
                errors.extend(n.err().unwrap_or_default());
                return Err(errors.into());
            }
        };
        let d = crate::diff::compare(&old, &new, self.fail_on(args.fail_on));
        let text = match args.format {
            DiffFormat::Table => render::diff::table(&d, self.style(true).width, self.lang),
            DiffFormat::Json => render::diff::json(&d),
            DiffFormat::Markdown => render::diff::markdown(&d, self.lang),
        };
        output::emit(args.output.as_deref(), &text, &self.inputs([&args.old, &args.new]))?;
        Ok(Outcome { code: if d.fails() { 1 } else { 0 } })
    }
}
