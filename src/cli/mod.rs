//! The command line: parse arguments, load rules, run a command, map the outcome to
//! an exit status (0 clean, 1 findings at or above the threshold, 2 could not check).
//! Each command is in a file of its own; what they share is here.

mod args;
mod check;
mod diff;
mod fingerprint;
mod plan;
mod print;
mod report;
mod rules;

use crate::Lang;
use crate::config::Config;
use crate::diag::{Code, Diagnostic, Help, Hint, Message, Span};
use crate::engine::Options;
use crate::output;
use crate::policy;
use crate::render::table::Style;
use crate::rules::load::{self as rules_load, PackSource};
use crate::rules::{RuleSet, Severity};
use crate::yaml::Limits;
use args::{Cli, ColorChoice, Command, Common, FailOn, RulesCommand};
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What a command hands back: its output and its exit status.
struct Outcome {
    code: i32,
}

/// Runs watchwise with these arguments; returns the exit status.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            to_stderr(&usage_error(&e));
            return 2;
        }
    };
    let app = match App::new(&cli.common) {
        Ok(app) => app,
        Err(diags) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            if !cli.common.quiet {
                diags.iter().for_each(|d| to_stderr(&d.render(color && cli.common.color != ColorChoice::Never)));
            }
            return 2;
        }
    };
    match app.dispatch(&cli.command) {
        Ok(outcome) => outcome.code,
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(Failure::Io(e)) => {
            to_stderr(&format!("watchwise: {e}\n"));
            2
        }
        Err(Failure::Diagnostics(diags)) => {
            app.report_diagnostics(&diags);
            2
        }
    }
}

/// A command-line error as clap words it, without its colours, and with the values it
/// quotes from the command line shown escaped as in a diagnostic: clap writes them as
/// they are, and a shell script may pass on anyone's text.
fn usage_error(e: &clap::Error) -> String {
    use clap::CommandFactory;
    let command = Cli::command();
    let styles = command.get_styles();
    // The only escape sequences clap writes itself: its styles, and their resets.
    let mut own: Vec<String> = [
        styles.get_header(),
        styles.get_error(),
        styles.get_usage(),
        styles.get_literal(),
        styles.get_placeholder(),
        styles.get_valid(),
        styles.get_invalid(),
        styles.get_context(),
        styles.get_context_value(),
    ]
    .iter()
    .flat_map(|s| [s.render().to_string(), s.render_reset().to_string()])
    .filter(|s| !s.is_empty())
    .collect();
    // Longest first, so that a style is never taken for its first part.
    own.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let styled = e.render().ansi().to_string();
    let mut text = String::with_capacity(styled.len());
    let mut rest = styled.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some(style) = own.iter().find(|s| rest.starts_with(s.as_str())) {
            rest = &rest[style.len()..];
            continue;
        }
        if c != '\n' && crate::diag::safe::is_unsafe(c) {
            crate::diag::safe::push_escaped(&mut text, c);
        } else {
            text.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    crate::diag::safe::lines_owned(text)
}

/// Writes diagnostics to stderr. A closed stderr (`2>&1 | head -1`) loses them but
/// must not end the run: the exit status still tells what happened.
fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
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
    /// The configuration and rule files read so far; each command adds its own.
    read: std::cell::RefCell<Vec<PathBuf>>,
}

impl<'a> App<'a> {
    fn new(common: &'a Common) -> Result<App<'a>, Vec<Diagnostic>> {
        let (config, errors) = Config::discover(common.config.as_deref(), common.max_file_size);
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match common.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let mut read = Vec::new();
        if config.source.is_some() {
            read.push(common.config.clone().unwrap_or_else(|| PathBuf::from(crate::config::FILE_NAME)));
        }
        let app = App {
            read: std::cell::RefCell::new(read),
            common,
            lang: common.lang.or(config.lang).unwrap_or_default(),
            config,
            color_out: decide(std::io::stdout().is_terminal()),
            color_err: decide(std::io::stderr().is_terminal()),
            limits: Limits::default(),
        };
        if errors.is_empty() { Ok(app) } else { Err(app.with_rule_id_errors(errors)) }
    }

    /// A configuration with errors fails the run, but the rule ids it names can only
    /// be checked against the loaded rules: check them too, so that fixing the first
    /// errors does not uncover more.
    fn with_rule_id_errors(&self, mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let Some(file) = self.config.source.as_ref().map(|s| s.name.clone()) else { return errors };
        if let Err(Failure::Diagnostics(more)) = self.load_rules(&[]) {
            errors.extend(more.into_iter().filter(|d| d.file == file));
        }
        errors.sort_by_key(|d| d.span);
        errors.dedup();
        errors
    }

    fn report_diagnostics(&self, diags: &[Diagnostic]) {
        if self.common.quiet {
            return;
        }
        let mut text = String::new();
        for d in diags {
            text.push_str(&crate::i18n::localize(d, self.lang).render(self.color_err));
        }
        to_stderr(&text);
    }

    fn options(&self) -> Result<Options, Failure> {
        let today = match std::env::var("WATCHWISE_TODAY") {
            Ok(s) => policy::load::parse_date(&s).map_err(|why| {
                let message = Message::new(Code::BadToday).arg("value", &s).arg("reason", why);
                vec![Diagnostic::new("WATCHWISE_TODAY", Span::NONE, message)]
            })?,
            // UTC: the same day on every CI runner, and no time-zone database to read.
            Err(_) => jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date(),
        };
        crate::batch::threads_setting().map_err(|value| {
            vec![Diagnostic::new("WATCHWISE_THREADS", Span::NONE, Message::new(Code::BadThreads).arg("value", value))]
        })?;
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
        let files = sources
            .iter()
            .filter(|s| !s.embedded)
            .flat_map(|s| std::iter::once(&s.manifest).chain(&s.rules).chain(&s.tests).map(|f| PathBuf::from(&f.name)));
        self.read.borrow_mut().extend(files);
        let options = rules_load::LoadOptions { limits: self.limits, compile_regexes: thorough };
        let rules = rules_load::load(sources, options)?;
        let mut errors = self.config.check_rules(&rules);
        errors.extend(self.check_jurisdictions(&rules));
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Ok(rules)
    }

    /// Every file read so far (configuration, rule files) plus `more`: what an
    /// output must not replace.
    fn inputs<'p>(&self, more: impl IntoIterator<Item = &'p PathBuf>) -> output::Inputs {
        let mut inputs = output::Inputs::default();
        inputs.extend(self.read.borrow().iter());
        inputs.extend(more);
        inputs
    }

    /// `--jurisdiction` must name a jurisdiction, as `policy.jurisdictions` must: a
    /// typo would otherwise leave a pack off with only a warning.
    fn check_jurisdictions(&self, rules: &RuleSet) -> Vec<Diagnostic> {
        use crate::policy::vocab::JURISDICTIONS;
        let mut known: Vec<&str> =
            JURISDICTIONS.iter().copied().chain(["core"]).chain(rules.packs.iter().map(|p| p.id.as_str())).collect();
        known.sort();
        known.dedup();
        let mut errors = Vec::new();
        for j in &self.common.jurisdictions {
            if known.contains(&j.as_str()) {
                continue;
            }
            let list = crate::diag::one_of(&known);
            let help = match crate::policy::vocab::suggest_jurisdiction(j, &known) {
                Some(s) => Help::new(Hint::DidYouMeanJurisdiction).arg("suggestion", s).arg("known", list),
                None => Help::new(Hint::KnownJurisdictions).arg("known", list),
            };
            let message = Message::new(Code::UnknownJurisdiction).arg("text", j);
            errors.push(Diagnostic::new("--jurisdiction", Span::NONE, message).hint(help));
        }
        errors
    }

    fn dispatch(&self, command: &Command) -> Result<Outcome, Failure> {
        match command {
            Command::Check(args) => self.check(args),
            Command::Diff(args) => self.diff(args),
            Command::Report(args) => self.report(args),
            Command::Plan(args) => self.plan(args),
            Command::Fingerprint { policies } => self.fingerprint(policies),
            Command::Schema { output } => print::schema(output.as_deref(), &self.inputs([])),
            Command::Init { output } => print::init(output.as_deref()),
            Command::Completions { shell } => print::completions(*shell),
            Command::Man { command, dir } => print::man(command.as_deref(), dir.as_deref()),
            Command::Rules(RulesCommand::List { format, category }) => self.rules_list(*format, category.as_deref()),
            Command::Rules(RulesCommand::Show { id }) => self.rules_show(id),
            Command::Rules(RulesCommand::Lint { dirs }) => self.rules_lint(dirs),
            Command::Rules(RulesCommand::Doc { output }) => self.rules_doc(output.as_deref()),
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

    fn style(&self, to_terminal: bool) -> Style {
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|w| *w >= 40).unwrap_or(80);
        Style { color: to_terminal && self.color_out, width, verbose: false }
    }
}
