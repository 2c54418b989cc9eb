//! The command line: parse arguments, load rules, run a command, map the outcome to
//! an exit status (0 clean, 1 findings at or above the threshold, 2 could not check).

use crate::Lang;
use crate::baseline;
use crate::config::Config;
use crate::diag::{Diagnostic, Span};
use crate::engine::Options;
use crate::output;
use crate::policy;
use crate::render::{self, Report, RuleInfo, table::Style};
use crate::rules::load::{self as rules_load, PackSource};
use crate::rules::{Category, RuleSet, Severity};
use crate::source::{self, DEFAULT_MAX_FILE_SIZE};
use crate::yaml::Limits;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "watchwise",
    version,
    about = "Check a proposed workplace-monitoring policy for risk before anyone is watched."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Add rule packs from a folder (a pack, or a folder of packs); repeatable.
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rules: Vec<PathBuf>,
    /// Do not load the rule packs built into watchwise.
    #[arg(long, global = true)]
    pub no_default_rules: bool,
    /// Activate this jurisdiction's pack besides those the policy names; repeatable.
    #[arg(long = "jurisdiction", value_name = "ID", global = true)]
    pub jurisdictions: Vec<String>,
    /// Language of rule text, tables and reports [default: en, or `lang` in the config].
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,
    /// Project configuration [default: .watchwise.yaml in the current folder, if any].
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// When to use colour (NO_COLOR turns it off under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print nothing but the requested output (no diagnostics on stderr).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Largest input file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE, global = true)]
    pub max_file_size: u64,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check policy files (folders are searched for *.yaml and *.yml; `-` reads stdin).
    Check(CheckArgs),
    /// Render the HR review report of one policy (HTML by default).
    Report(ReportArgs),
    /// Compare two versions of a policy: findings added, removed and changed.
    Diff(DiffArgs),
    /// List, show, lint and test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Print the JSON Schema (2020-12) of the policy format.
    Schema {
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a commented starter policy.
    Init {
        /// Write to this file instead of standard output (never over an existing file).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The policy file (`-` reads standard input).
    #[arg(value_name = "POLICY")]
    pub policy: PathBuf,
    #[arg(long, value_enum, default_value_t = render::report::ReportFormat::Html)]
    pub format: render::report::ReportFormat,
    /// A Handlebars template that replaces the built-in main template.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Exit 1 when an active finding is at or above this severity (default: always 0).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Write the report to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version (`-` reads standard input, e.g. from `git show main:policy.yaml`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Exit 1 when NEW adds an active finding at or above this severity [default: high].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Write the output to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Policy files or folders; `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format, repeatable; `FORMAT=FILE` writes that format to a file:
    /// table, json, markdown, sarif, junit, github, csv [default: table].
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = parse_output)]
    pub format: Vec<OutputSpec>,
    /// Only findings not in this baseline count (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as the baseline in FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Exit 1 when an active finding is at or above this severity (`never`: always 0)
    /// [default: high, or `fail_on` in the config].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    pub fail_on: Option<FailOn>,
    /// Write the output to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub use crate::render::Format as CheckFormat;

/// One `--format` value: a format and, optionally, the file it goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: CheckFormat,
    pub file: Option<PathBuf>,
}

fn parse_output(s: &str) -> Result<OutputSpec, String> {
    let (name, file) = match s.split_once('=') {
        Some((n, "")) => return Err(format!("`{n}=` needs a file name after `=`")),
        Some((n, f)) => (n, Some(PathBuf::from(f))),
        None => (s, None),
    };
    let format = CheckFormat::from_str(name, false).map_err(|_| {
        let names: Vec<String> = CheckFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| p.get_name().to_string())
            .collect();
        format!("unknown format `{name}`; use {}", names.join(", "))
    })?;
    Ok(OutputSpec { format, file })
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct FailOn(pub Option<Severity>);

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s == "never" {
        return Ok(FailOn(None));
    }
    Severity::parse(s)
        .map(|s| FailOn(Some(s)))
        .ok_or_else(|| format!("expected one of {}, never", Severity::NAMES.join(", ")))
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List the loaded rules.
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Only rules in this category.
        #[arg(long, value_name = "CATEGORY", value_parser = Category::NAMES)]
        category: Option<String>,
    },
    /// Show one rule: text, condition, references and pack.
    Show {
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Validate rule packs without checking a policy.
    Lint {
        /// Pack folders (default: the built-in packs).
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
    /// Write the Markdown reference of the rules (rules/README.md).
    Doc {
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Run the packs' test cases.
    Test {
        /// Pack folders (default: the built-in packs).
        #[arg(value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// What a command hands back: its output and its exit status.
struct Outcome {
    code: i32,
}

/// Runs watchwise with these arguments; returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let app = match App::new(&cli.common) {
        Ok(app) => app,
        Err(diags) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            if !cli.common.quiet {
                diags.iter().for_each(|d| eprint!("{}", d.render(color && cli.common.color != ColorChoice::Never)));
            }
            return 2;
        }
    };
    match app.dispatch(&cli.command) {
        Ok(outcome) => outcome.code,
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(Failure::Io(e)) => {
            eprintln!("watchwise: {e}");
            2
        }
        Err(Failure::Diagnostics(diags)) => {
            app.report_diagnostics(&diags);
            2
        }
    }
}

enum Failure {
    Io(std::io::Error),
    Diagnostics(Vec<Diagnostic>),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<output::EmitError> for Failure {
    fn from(e: output::EmitError) -> Failure {
        match e {
            output::EmitError::Io(e) => Failure::Io(e),
            output::EmitError::Refused(d) => Failure::Diagnostics(vec![d]),
        }
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(d: Vec<Diagnostic>) -> Failure {
        Failure::Diagnostics(d)
    }
}

struct App<'a> {
    common: &'a Common,
    config: Config,
    lang: Lang,
    color_out: bool,
    color_err: bool,
    limits: Limits,
}

impl<'a> App<'a> {
    fn new(common: &'a Common) -> Result<App<'a>, Vec<Diagnostic>> {
        let config = Config::discover(common.config.as_deref(), common.max_file_size)?;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match common.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Ok(App {
            common,
            lang: common.lang.or(config.lang).unwrap_or_default(),
            config,
            color_out: decide(std::io::stdout().is_terminal()),
            color_err: decide(std::io::stderr().is_terminal()),
            limits: Limits::default(),
        })
    }

    fn report_diagnostics(&self, diags: &[Diagnostic]) {
        if self.common.quiet {
            return;
        }
        let mut text = String::new();
        for d in diags {
            text.push_str(&crate::i18n::localize(d, self.lang).render(self.color_err));
        }
        eprint!("{text}");
    }

    fn options(&self) -> Result<Options, Failure> {
        let today = match std::env::var("WATCHWISE_TODAY") {
            Ok(s) => policy::load::parse_date(&s).map_err(|why| {
                vec![Diagnostic::error("WATCHWISE_TODAY", Span::TOP, format!("`{s}` is not a valid date: {why}"))]
            })?,
            // UTC: the same day on every CI runner, and no time-zone database to read.
            Err(_) => jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date(),
        };
        crate::batch::threads_setting().map_err(|why| vec![Diagnostic::error("WATCHWISE_THREADS", Span::TOP, why)])?;
        Ok(Options { lang: self.lang, today })
    }

    /// The built-in packs (unless switched off) plus `--rules` folders and `extra`.
    fn load_rules(&self, extra: &[PathBuf]) -> Result<RuleSet, Failure> {
        self.load_rules_with(extra, false)
    }

    /// `thorough` also checks the built-in packs' templates (lint and test do).
    fn load_rules_with(&self, extra: &[PathBuf], thorough: bool) -> Result<RuleSet, Failure> {
        let mut sources: Vec<PackSource> = Vec::new();
        if !self.common.no_default_rules {
            sources.extend(rules_load::embedded_sources());
        }
        let mut errors = Vec::new();
        let mut dirs: Vec<&PathBuf> = Vec::new();
        for dir in self.config.rules.iter().chain(&self.common.rules).chain(extra) {
            let key = |d: &PathBuf| d.canonicalize().unwrap_or_else(|_| d.clone());
            if !dirs.iter().any(|d| key(d) == key(dir)) {
                dirs.push(dir);
            }
        }
        for dir in dirs {
            match rules_load::disk_sources(dir, self.common.max_file_size) {
                Ok(s) => sources.extend(s),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let options =
            rules_load::LoadOptions { limits: self.limits, check_embedded_templates: thorough, lazy: !thorough };
        let rules = rules_load::load(sources, options)?;
        let errors = self.config.check_rules(&rules);
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(rules)
    }

    fn dispatch(&self, command: &Command) -> Result<Outcome, Failure> {
        match command {
            Command::Check(args) => self.check(args),
            Command::Diff(args) => self.diff(args),
            Command::Report(args) => self.report(args),
            Command::Schema { output: out } => {
                let text = crate::policy::json_schema::render();
                output::emit(out.as_deref(), &text, &[])?;
                Ok(Outcome { code: 0 })
            }
            Command::Init { output: out } => {
                if let Some(path) = out
                    && path.exists()
                {
                    let name = path.display().to_string();
                    return Err(vec![
                        Diagnostic::error(&name, Span::TOP, "the file exists; `init` never overwrites")
                            .with_help("choose another name, or remove the file first"),
                    ]
                    .into());
                }
                output::emit(out.as_deref(), crate::policy::STARTER, &[])?;
                Ok(Outcome { code: 0 })
            }
            Command::Completions { shell } => {
                let mut buf = Vec::new();
                clap_complete::generate(*shell, &mut <Cli as clap::CommandFactory>::command(), "watchwise", &mut buf);
                output::emit(None, &String::from_utf8_lossy(&buf), &[])?;
                Ok(Outcome { code: 0 })
            }
            Command::Man => {
                let mut buf = Vec::new();
                clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut buf)?;
                output::emit(None, &String::from_utf8_lossy(&buf), &[])?;
                Ok(Outcome { code: 0 })
            }
            Command::Rules(RulesCommand::List { format, category }) => self.rules_list(*format, category.as_deref()),
            Command::Rules(RulesCommand::Show { id }) => self.rules_show(id),
            Command::Rules(RulesCommand::Lint { dirs }) => {
                let rules = self.load_rules_with(dirs, true)?;
                let warnings = crate::rules::lint::lint(&rules);
                self.report_diagnostics(&warnings);
                let count: usize = rules.packs.iter().map(|p| p.rules().len()).sum();
                let packs = rules.packs.len();
                let text = format!(
                    "{packs} {}, {count} {}: no errors, {} {}\n",
                    if packs == 1 { "pack" } else { "packs" },
                    if count == 1 { "rule" } else { "rules" },
                    warnings.len(),
                    if warnings.len() == 1 { "warning" } else { "warnings" },
                );
                output::emit(None, &text, &[])?;
                Ok(Outcome { code: 0 })
            }
            Command::Rules(RulesCommand::Doc { output: out }) => {
                let rules = self.load_rules(&[])?;
                let text = crate::rules::doc::markdown(&rules, self.lang);
                output::emit(out.as_deref(), &text, &[])?;
                Ok(Outcome { code: 0 })
            }
            Command::Rules(RulesCommand::Test { dirs }) => self.rules_test(dirs),
        }
    }

    fn fail_on(&self, flag: Option<FailOn>) -> Option<Severity> {
        match flag {
            Some(FailOn(f)) => f,
            None => self.config.fail_on.unwrap_or(Some(Severity::High)),
        }
    }

    /// The checker every command shares: rules, options, configuration and flags.
    fn checker<'r>(&self, rules: &'r RuleSet, opts: Options) -> crate::batch::Checker<'r> {
        let mut checker = crate::batch::Checker::new(rules, opts, self.config.adjust());
        checker.ctx.limits = self.limits;
        checker.jurisdictions = self.common.jurisdictions.clone();
        checker.max_file_size = self.common.max_file_size;
        checker
    }

    fn report(&self, args: &ReportArgs) -> Result<Outcome, Failure> {
        let opts = self.options()?;
        let rules = self.load_rules(&[])?;
        // Read the template first: a broken template should not cost a check.
        let template = match &args.template {
            Some(path) => Some(source::read(path, self.common.max_file_size).map_err(|d| vec![d])?),
            None => None,
        };
        let checker = self.checker(&rules, opts);
        let src = source::read(&args.policy, self.common.max_file_size).map_err(|d| vec![d])?;
        let policy = policy::load(&src, &checker.ctx)?;
        let result = checker.check_policy(&policy);
        let today = opts.today.to_string();
        let data = render::report::data(&policy, &result, result.rules.len(), self.lang, &today);
        let custom = template.as_ref().map(|t| (t.name.as_str(), t.text.as_str()));
        let text = render::report::render(args.format, &data, custom).map_err(|d| vec![d])?;
        output::emit(args.output.as_deref(), &text, std::slice::from_ref(&args.policy))?;
        let threshold = args.fail_on.and_then(|f| f.0);
        Ok(Outcome { code: if args.fail_on.is_some() && result.fails(threshold) { 1 } else { 0 } })
    }

    fn diff(&self, args: &DiffArgs) -> Result<Outcome, Failure> {
        if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
            return Err(
                vec![Diagnostic::error("<stdin>", Span::TOP, "OLD and NEW cannot both be standard input")].into()
            );
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
        output::emit(args.output.as_deref(), &text, &[args.old.clone(), args.new.clone()])?;
        Ok(Outcome { code: if d.fails() { 1 } else { 0 } })
    }

    fn check(&self, args: &CheckArgs) -> Result<Outcome, Failure> {
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
        let mut evaluated: std::collections::BTreeSet<String> = Default::default();
        let mut checked: std::collections::BTreeSet<String> = Default::default();
        // The rule lists already added to `evaluated`: one per set of packs the
        // checker keeps. Lists past those are new each time and are simply added again.
        let mut lists_seen: Vec<std::sync::Arc<[String]>> = Vec::new();
        let files = collect_files(&args.paths, &mut report.errors);
        self.report_diagnostics(&report.errors);
        // Workers render the streamed formats too, unless a baseline will still
        // change the findings; only writing stays on this thread.
        let view = Report { lang: report.lang, fail_on: report.fail_on, ..Report::default() };
        let formats: Vec<(CheckFormat, Style)> =
            if baseline.is_none() { sinks.iter().map(|s| (s.format(), s.style())).collect() } else { Vec::new() };
        let lang = self.lang;
        crate::batch::in_order(
            &files,
            |f| {
                checker.check_file(f).map(|mut r| {
                    r.warnings = r.warnings.iter().map(|d| crate::i18n::localize(d, lang)).collect();
                    let pieces: Vec<Option<String>> =
                        formats.iter().map(|(fmt, style)| render::stream::piece(*fmt, &r, &view, *style)).collect();
                    (r, pieces)
                })
            },
            |result| -> Result<(), Failure> {
                match result {
                    Ok((mut r, pieces)) => {
                        if let Some(rec) = &mut recorder {
                            rec.add(&r);
                        }
                        if let Some(b) = &mut baseline {
                            report.baselined += b.filter(&mut r);
                        }
                        checked.insert(r.file.clone());
                        // Policies checked with the same packs share one list: add it once,
                        // however the policies with other packs interleave with them.
                        if !lists_seen.iter().any(|l| std::sync::Arc::ptr_eq(l, &r.rules)) {
                            evaluated.extend(r.rules.iter().cloned());
                            if lists_seen.len() < crate::batch::RULE_LISTS_KEPT {
                                lists_seen.push(r.rules.clone());
                            }
                        }
                        if !self.common.quiet && !table_on_stdout {
                            self.report_diagnostics(&r.warnings);
                        }
                        // Counted in first, so streamed outputs see the running totals.
                        report.count(&r);
                        for (i, sink) in sinks.iter_mut().enumerate() {
                            match pieces.get(i) {
                                Some(Some(text)) => sink.write_piece(text)?,
                                Some(None) => {}
                                None => sink.result(&r, &report)?,
                            }
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
            evaluated.iter().filter_map(|id| rules.rule(id)).map(|r| RuleInfo::new(r, self.lang)).collect();
        if let (Some(rec), Some(path)) = (recorder, &args.write_baseline) {
            output::emit(Some(path), &rec.write(), &args.paths)?;
        }
        for sink in sinks {
            sink.finish(&report, &args.paths)?;
        }
        Ok(Outcome { code: report.exit_code() })
    }

    fn style(&self, to_terminal: bool) -> Style {
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(80);
        Style { color: to_terminal && self.color_out, width }
    }

    fn rules_list(&self, format: ListFormat, category: Option<&str>) -> Result<Outcome, Failure> {
        let rules = self.load_rules(&[])?;
        let lang = self.lang;
        let category = category.and_then(Category::parse);
        let wanted_packs: Vec<String> = if self.common.jurisdictions.is_empty() {
            Vec::new()
        } else {
            rules
                .activate(&self.common.jurisdictions, &self.config.adjust())
                .packs
                .iter()
                .map(|p| p.to_string())
                .collect()
        };
        let selected: Vec<&crate::rules::Rule> = rules
            .rules()
            .filter(|r| category.is_none_or(|c| r.category == c))
            .filter(|r| wanted_packs.is_empty() || wanted_packs.contains(&r.pack))
            .collect();
        let text = match format {
            ListFormat::Json => {
                let items: Vec<serde_json::Value> = selected
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.id,
                            "title": r.title.get(lang),
                            "category": r.category,
                            "severity": r.severity,
                            "pack": r.pack,
                            "for_each": if r.for_each_measure { Some("measure") } else { None },
                            "references": r.references,
                            "tags": r.tags,
                        })
                    })
                    .collect();
                let doc = serde_json::json!({ "version": 1, "tool": render::json::TOOL, "rules": items });
                serde_json::to_string_pretty(&doc).expect("serializes") + "\n"
            }
            ListFormat::Table => {
                let mut table = comfy_table::Table::new();
                table
                    .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
                    .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                    .set_width(self.style(true).width as u16);
                table.force_no_tty();
                let zh = lang == Lang::Zh;
                let header = if zh {
                    ["规则", "类别", "严重程度", "规则包", "标题"]
                } else {
                    ["Rule", "Category", "Severity", "Pack", "Title"]
                };
                table.set_header(header);
                for r in &selected {
                    table.add_row([
                        r.id.as_str(),
                        r.category.label(lang),
                        r.severity.label(lang),
                        r.pack.as_str(),
                        r.title.get(lang),
                    ]);
                }
                if zh {
                    format!("{table}\n共 {} 条规则\n", selected.len())
                } else {
                    format!("{table}\n{} rules\n", selected.len())
                }
            }
        };
        output::emit(None, &text, &[])?;
        Ok(Outcome { code: 0 })
    }

    fn rules_show(&self, id: &str) -> Result<Outcome, Failure> {
        let rules = self.load_rules(&[])?;
        let lang = self.lang;
        let Some(rule) = rules.rule(id) else {
            let ids = rules.rule_ids();
            use crate::diag::{Code, Help, Hint, Message};
            let help = match crate::diag::did_you_mean(id, ids.iter().map(String::as_str)) {
                Some(s) => Help::new(Hint::DidYouMean).arg("suggestion", s),
                None => Hint::RulesListShowsAll.into(),
            };
            let message = Message::new(Code::NoSuchRule).arg("id", id);
            return Err(vec![Diagnostic::new("watchwise", Span::TOP, message).hint(help)].into());
        };
        let zh = lang == Lang::Zh;
        let l = |en: &'static str, cn: &'static str| if zh { cn } else { en };
        let mut text = format!(
            "{} {}\n{}: {}\n{}: {}\n{}: {} ({}:{})\n{}\n\n{}:\n  {}\n\n{}:\n  {}\n",
            rule.id,
            rule.title.get(lang),
            l("category", "类别"),
            if zh { rule.category.label(lang).to_string() } else { rule.category.to_string() },
            l("severity", "严重程度"),
            rule.severity.label(lang),
            l("pack", "规则包"),
            rule.pack,
            rule.file,
            rule.span.line,
            if rule.for_each_measure {
                l("for_each: measure", "逐项措施评估 (for_each: measure)")
            } else {
                l("once per policy", "整份政策评估一次")
            },
            l("message", "问题描述"),
            rule.message.get(lang).trim(),
            l("recommendation", "建议"),
            rule.recommendation.get(lang).trim(),
        );
        text.push_str(if zh { "\n条件 (condition):\n" } else { "\ncondition:\n" });
        for line in rule.when_source().lines() {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
        if !rule.references.is_empty() {
            text.push_str(if zh { "\n依据 (references):\n" } else { "\nreferences:\n" });
            for r in &rule.references {
                match &r.url {
                    Some(u) => text.push_str(&format!("  - {} <{u}>\n", r.title)),
                    None => text.push_str(&format!("  - {}\n", r.title)),
                }
            }
        }
        output::emit(None, &text, &[])?;
        Ok(Outcome { code: 0 })
    }

    fn rules_test(&self, dirs: &[PathBuf]) -> Result<Outcome, Failure> {
        let opts = self.options()?;
        let rules = self.load_rules_with(dirs, true)?;
        // With folders, test the packs they hold; without, every loaded pack.
        let packs: Vec<String> = if dirs.is_empty() {
            rules.packs.iter().map(|p| p.id.clone()).collect()
        } else {
            let origins: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            rules
                .packs
                .iter()
                .filter(|p| !p.embedded && origins.iter().any(|o| p.origin.starts_with(o.as_str())))
                .map(|p| p.id.clone())
                .collect()
        };
        let report = crate::rules::test::run(&rules, &packs, &opts);
        self.report_diagnostics(&report.problems);
        let text = format!("rules: {} passed, {} failed\n", report.passed, report.failed);
        output::emit(None, &text, &[])?;
        Ok(Outcome { code: if report.failed > 0 { 1 } else { 0 } })
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
            Diagnostic::error("--format", Span::TOP, "more than one format would go to standard output")
                .with_help("give all but one of them a file: `--format sarif=watchwise.sarif`"),
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
                errors.push(Diagnostic::new(&p.display().to_string(), Span::TOP, crate::diag::Code::NoPolicyFiles));
            }
        } else {
            errors.push(Diagnostic::new(&p.display().to_string(), Span::TOP, crate::diag::Code::ReadNotFound));
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
