//! `watchwise check`: policies checked on every core, results written in input
//! order to each requested output as they arrive.

use super::args::{CheckArgs, CheckFormat, OutputSpec};
use super::{App, Failure, Outcome};
use crate::baseline;
use crate::diag::{Code, Diagnostic, Hint, Span};
use crate::output;
use crate::render::{self, Report, RuleInfo};
use std::path::{Path, PathBuf};

impl App<'_> {
    pub(super) fn check(&self, args: &CheckArgs) -> Result<Outcome, Failure> {
        let opts = self.options()?;
        let rules = self.load_rules(&[])?;
        let checker = self.checker(&rules, opts);
        let mut report = Report {
            fail_on: self.fail_on(args.fail_on),
            lang: self.lang,
            today: opts.today.to_string(),
            ..Report::default()
        };
        let mut baseline = match &args.baseline {
            Some(path) => Some(baseline::Baseline::read(path, self.common.max_file_size).map_err(|d| vec![d])?),
            None => None,
        };
        let mut recorder = args.write_baseline.as_ref().map(|_| baseline::Recorder::default());
        let outputs = outputs(args)?;
        let mut sinks = Vec::new();
        for o in &outputs {
            sinks.push(render::stream::Sink::open(
                o.format,
                o.file.clone(),
                self.style(o.file.is_none()),
                &args.paths,
            )?);
        }
        let keep = sinks.iter().any(|s| s.buffers());
        // The table shows warnings itself; elsewhere they go to stderr.
        let table_on_stdout = outputs.iter().any(|o| o.format == CheckFormat::Table && o.file.is_none());
        let mut checked: std::collections::BTreeSet<String> = Default::default();
        let files = collect_files(&args.paths, &mut report.errors);
        self.report_diagnostics(&report.errors);
        crate::batch::in_order(
            &files,
            |f| checker.check_file(f),
            |result| -> Result<(), Failure> {
                match result {
                    Ok(mut r) => {
                        r.warnings = r.warnings.iter().map(|d| crate::i18n::localize(d, self.lang)).collect();
                        if let Some(rec) = &mut recorder {
                            rec.add(&r);
                        }
                        if let Some(b) = &mut baseline {
                            report.baselined += b.filter(&mut r);
                        }
                        checked.insert(r.file.clone());
                        if !self.common.quiet && !table_on_stdout {
                            self.report_diagnostics(&r.warnings);
                        }
                        // Counted in first, so streamed outputs see the running totals.
                        report.count(&r);
                        for sink in &mut sinks {
                            sink.result(&r, &report)?;
                        }
                        if keep {
                            report.results.push(r);
                        }
                    }
                    Err(diags) => {
                        let diags: Vec<Diagnostic> =
                            diags.iter().map(|d| crate::i18n::localize(d, self.lang)).collect();
                        self.report_diagnostics(&diags);
                        report.errors.extend(diags);
                    }
                }
                Ok(())
            },
        )?;
        if let Some(b) = &baseline {
            let stale = b.stale(&checked);
            // The table shows each policy's warnings; these belong to no policy.
            if !self.common.quiet {
                self.report_diagnostics(&stale);
            }
            report.warnings.extend(stale);
        }
        report.catalog =
            checker.evaluated().iter().filter_map(|id| rules.rule(id)).map(|r| RuleInfo::new(r, self.lang)).collect();
        if let (Some(rec), Some(path)) = (recorder, &args.write_baseline) {
            output::emit(Some(path), &rec.write(), &args.paths)?;
        }
        for sink in sinks {
            sink.finish(&report, &args.paths)?;
        }
        Ok(Outcome { code: report.exit_code() })
    }
}

/// The outputs of one `check`: `--format` values, `-o` for the one on stdout.
fn outputs(args: &CheckArgs) -> Result<Vec<OutputSpec>, Failure> {
    let mut outputs = args.format.clone();
    if outputs.is_empty() {
        outputs.push(OutputSpec { format: CheckFormat::Table, file: None });
    }
    let to_stdout = outputs.iter().filter(|o| o.file.is_none()).count();
    if to_stdout > 1 {
        return Err(vec![
            Diagnostic::new("--format", Span::TOP, Code::FormatsShareStdout).hint(Hint::GiveFormatsFiles),
        ]
        .into());
    }
    if let Some(o) = &args.output {
        match outputs.iter_mut().find(|x| x.file.is_none()) {
            Some(x) => x.file = Some(o.clone()),
            None => outputs.push(OutputSpec { format: CheckFormat::Table, file: Some(o.clone()) }),
        }
    }
    Ok(outputs)
}

/// Expands folders into their policy files, sorted; records paths that do not exist.
fn collect_files(paths: &[PathBuf], errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(p.clone());
        } else if p.is_dir() {
            let before = out.len();
            walk(p, &mut out, 0);
            if out.len() == before {
                errors.push(Diagnostic::new(&p.display().to_string(), Span::TOP, Code::NoPolicyFiles));
            }
        } else {
            errors.push(Diagnostic::new(&p.display().to_string(), Span::TOP, Code::ReadNotFound));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Deep enough for any real tree; stops a symlink loop from recursing forever.
    if depth > 32 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let is_symlink = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() && !is_symlink {
            walk(&path, out, depth + 1);
        } else if path.is_file() && matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(path);
        }
    }
}
