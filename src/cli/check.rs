//! `watchwise check`: policies checked on every core, results written in input
//! order to each requested output as they arrive.

use super::args::{CheckArgs, CheckFormat, OutputSpec};
use super::{App, Failure, Outcome};
use crate::baseline;
use crate::diag::{Code, Diagnostic, Hint, Message, Span};
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
            baseline: args.baseline.as_ref().map(|p| p.display().to_string()),
            ..Report::default()
        };
        let mut baseline = match &args.baseline {
            Some(path) => Some(baseline::Baseline::read(path, self.common.max_file_size).map_err(|d| vec![d])?),
            None => None,
        };
        let mut recorder = args.write_baseline.as_ref().map(|_| baseline::Recorder::default());
        let outputs = outputs(args)?;
        let files = collect_files(&args.paths, &mut report.errors, &mut report.warnings);
        let inputs = self.inputs(files.iter().chain(&args.baseline));
        let targets: Vec<&Path> =
            outputs.iter().filter_map(|o| o.file.as_deref()).chain(args.write_baseline.as_deref()).collect();
        output::check_targets(&targets, &inputs).map_err(|d| vec![d])?;
        let mut sinks = Vec::new();
        for o in &outputs {
            let style = render::table::Style { verbose: args.verbose, ..self.style(o.file.is_none()) };
            sinks.push(render::stream::Sink::open(o.format, o.file.clone(), style, &inputs, &rules, self.lang)?);
        }
        // The table shows warnings itself; elsewhere they go to stderr.
        let table_on_stdout = outputs.iter().any(|o| o.format == CheckFormat::Table && o.file.is_none());
        let mut checked: std::collections::BTreeSet<String> = Default::default();
        self.report_diagnostics(&report.errors);
        if !self.common.quiet {
            self.report_diagnostics(&report.warnings);
        }
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
                        // Each output writes or sets aside its part now; none keeps the result.
                        for sink in &mut sinks {
                            sink.result(&r, &report)?;
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
            output::emit(Some(path), &rec.write(), &inputs)?;
        }
        for sink in sinks {
            sink.finish(&report)?;
        }
        // Writing a baseline accepts today's findings: the run succeeded once it is
        // written, whatever the findings (files that could not be checked still fail).
        let code = match (&args.write_baseline, report.exit_code()) {
            (Some(_), 1) => 0,
            (_, code) => code,
        };
        Ok(Outcome { code })
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
            Diagnostic::new("--format", Span::NONE, Code::FormatsShareStdout).hint(Hint::GiveFormatsFiles),
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

/// Expands folders into their policy files, sorted; records paths that do not
/// exist and folders that cannot be read.
fn collect_files(paths: &[PathBuf], errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
        } else if p.is_dir() {
            let (before, errors_before) = (out.len(), errors.len());
            walk(p, &mut out, errors, warnings);
            if out.len() == before && errors.len() == errors_before {
                errors.push(Diagnostic::new(&p.display().to_string(), Span::NONE, Code::NoPolicyFiles));
            }
        } else if std::fs::symlink_metadata(p).is_ok() {
            // A file, or something reading refuses with its reason (a FIFO, a
            // dangling link).
            out.push(p.clone());
        } else {
            errors.push(Diagnostic::new(&p.display().to_string(), Span::NONE, Code::ReadNotFound));
        }
    }
    out
}

fn is_policy_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

/// The `*.yaml` and `*.yml` files under `dir`, hidden names skipped. Symbolic
/// links are followed; each folder (by device and inode) is searched once, so a
/// link back up the tree, or a second way into a folder, is skipped with a warning.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) {
    let mut searched: std::collections::HashMap<output::FileId, PathBuf> = Default::default();
    // Filled both while filtering and from the walk's errors, in the walk's order.
    let found = std::cell::RefCell::new(Vec::new());
    let skipped = |link: &Path, first: &Path| {
        let message = Message::new(Code::FolderSeenBefore).arg("folder", first.display().to_string());
        Diagnostic::new(&link.display().to_string(), Span::NONE, message)
    };
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        let hidden = e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
        if hidden || !e.file_type().is_dir() {
            return !hidden;
        }
        let Some(id) = output::file_id(e.path()) else { return true };
        match searched.get(&id) {
            Some(first) => {
                found.borrow_mut().push(skipped(e.path(), first));
                false
            }
            None => {
                searched.insert(id, e.path().to_path_buf());
                true
            }
        }
    });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            // Whatever its type: reading refuses a FIFO or device by name.
            Ok(e) if is_policy_name(e.path()) => out.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let Some(path) = e.path().map(Path::to_path_buf) else { continue };
                if let Some(ancestor) = e.loop_ancestor() {
                    found.borrow_mut().push(skipped(&path, ancestor));
                } else if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                    // A dangling link: an error if it names a policy, else not ours.
                    if is_policy_name(&path) {
                        out.push(path);
                    }
                } else {
                    let error = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    let message = Message::new(Code::FolderUnreadable).arg("error", error);
                    errors.push(Diagnostic::new(&path.display().to_string(), Span::NONE, message));
                }
            }
        }
    }
    warnings.extend(found.into_inner());
}
