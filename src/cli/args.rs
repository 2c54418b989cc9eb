//! The command line's arguments, as clap reads them.

use crate::Lang;
use crate::render;
use crate::rules::{Category, Severity};
use crate::source::DEFAULT_MAX_FILE_SIZE;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "watchwise",
    version,
    about = "Check a proposed workplace-monitoring policy for risk before anyone is watched."
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug, Clone)]
pub(super) struct Common {
    /// Add rule packs from a folder (a pack, or a folder of packs); repeatable.
    #[arg(long = "rules", value_name = "DIR", global = true)]
    pub rules: Vec<PathBuf>,
    /// Do not load the rule packs built into watchwise.
    #[arg(long, global = true)]
    pub no_default_rules: bool,
    /// Activate this jurisdiction's pack besides those the policy names; repeatable.
    #[arg(long = "jurisdiction", value_name = "ID", global = true, value_parser = jurisdiction(), hide_possible_values = true)]
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
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Check policy files (folders are searched for *.yaml and *.yml; `-` reads stdin).
    Check(CheckArgs),
    /// Render the HR review report of one policy (HTML by default).
    Report(ReportArgs),
    /// Compare two versions of a policy: findings added, removed and changed.
    Diff(DiffArgs),
    /// The changes that lower a policy's residual risk most, each computed by checking the changed policy.
    Plan(PlanArgs),
    /// Print the fingerprint of a policy's content, for `review.fingerprint`.
    Fingerprint {
        /// The policy files (`-` reads standard input).
        #[arg(value_name = "POLICY", required = true)]
        policies: Vec<PathBuf>,
    },
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
    /// Print a man page (roff): watchwise(1), or watchwise-COMMAND(1); `--dir` writes them all.
    Man {
        /// The command whose page to print: check, rules-list, ...
        #[arg(value_name = "COMMAND", value_parser = MAN_PAGES)]
        command: Option<String>,
        /// Write every page (watchwise.1, watchwise-check.1, ...) to this folder.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
}

/// The commands with a page of their own, as `watchwise-NAME(1)`; a test holds the
/// list to the commands there are.
pub(super) const MAN_PAGES: [&str; 15] = [
    "check",
    "report",
    "diff",
    "plan",
    "fingerprint",
    "rules",
    "rules-list",
    "rules-show",
    "rules-lint",
    "rules-doc",
    "rules-test",
    "schema",
    "init",
    "completions",
    "man",
];

#[derive(Args, Debug)]
pub(super) struct ReportArgs {
    /// The policy file (`-` reads standard input).
    #[arg(value_name = "POLICY")]
    pub policy: PathBuf,
    #[arg(long, value_enum, default_value_t = render::report::ReportFormat::Html)]
    pub format: render::report::ReportFormat,
    /// A Handlebars template that replaces the built-in main template.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Exit 1 when an active finding is at or above this severity (default: always 0).
    #[arg(long, value_name = "SEVERITY", value_parser = Completing { parse: parse_fail_on, values: &FAIL_ON })]
    pub fail_on: Option<FailOn>,
    /// Write the report to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(super) struct DiffArgs {
    /// The old version (`-` reads standard input, e.g. from `git show main:policy.yaml`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
    /// Exit 1 when NEW adds an active finding at or above this severity [default: high].
    #[arg(long, value_name = "SEVERITY", value_parser = Completing { parse: parse_fail_on, values: &FAIL_ON })]
    pub fail_on: Option<FailOn>,
    /// Write the output to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(super) struct PlanArgs {
    /// The policy file (`-` reads standard input).
    #[arg(value_name = "POLICY")]
    pub policy: PathBuf,
    /// Also give the shortest sequence of changes this search finds (greedy) that
    /// brings the rating to this level or below; exit 1 if none does.
    #[arg(long, value_name = "LEVEL", value_parser = Completing { parse: parse_target, values: &TARGETS })]
    pub target: Option<Target>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,
    /// Changes shown in the table and Markdown (0: all); JSON and SARIF have all.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Write to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A value parser that also names the values a shell completes, for arguments whose
/// values are more than a fixed list (`json=out.json`) or are read in a way of their
/// own; clap's completions take them from `possible_values`.
#[derive(Clone)]
struct Completing<T: Clone + Send + Sync + 'static> {
    parse: fn(&str) -> Result<T, String>,
    values: &'static [&'static str],
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Completing<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|v| clap::builder::PossibleValue::new(*v))))
    }
}

const FORMATS: [&str; 8] = ["table", "json", "sarif", "junit", "github", "csv", "markdown", "html"];
const FAIL_ON: [&str; 6] = ["info", "low", "medium", "high", "critical", "never"];
const TARGETS: [&str; 6] = ["none", "info", "low", "medium", "high", "critical"];

/// `--jurisdiction`: any text (packs of an organization add their own; the run checks
/// it against the loaded packs), the built-in ids completed.
fn jurisdiction() -> Completing<String> {
    Completing { parse: |s| Ok(s.to_string()), values: crate::policy::vocab::JURISDICTIONS }
}

/// A rating to reach: a severity, or `none` (no active finding).
#[derive(Clone, Copy, Debug)]
pub(super) struct Target(pub Option<Severity>);

fn parse_target(s: &str) -> Result<Target, String> {
    if s == "none" {
        return Ok(Target(None));
    }
    Severity::parse(s)
        .map(|s| Target(Some(s)))
        .ok_or_else(|| format!("expected one of none, {}", Severity::NAMES.join(", ")))
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum PlanFormat {
    Table,
    Json,
    Markdown,
    Sarif,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum DiffFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Args, Debug)]
pub(super) struct CheckArgs {
    /// Policy files or folders; `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format, repeatable; `FORMAT=FILE` writes that format to a file:
    /// table, json, sarif, junit, github, csv, markdown, html [default: table].
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = Completing { parse: parse_output, values: &FORMATS }, hide_possible_values = true)]
    pub format: Vec<OutputSpec>,
    /// Only findings not in this baseline count (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings as the baseline in FILE.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Exit 1 when an active finding is at or above this severity (`never`: always 0)
    /// [default: high, or `fail_on` in the config].
    #[arg(long, value_name = "SEVERITY", value_parser = Completing { parse: parse_fail_on, values: &FAIL_ON })]
    pub fail_on: Option<FailOn>,
    /// Write the output to this file instead of standard output (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The table also shows each finding's recommendation and the references
    /// that apply to the policy.
    #[arg(short, long)]
    pub verbose: bool,
}

pub(super) use crate::render::Format as CheckFormat;

/// One `--format` value: a format and, optionally, the file it goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct OutputSpec {
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
pub(super) struct FailOn(pub Option<Severity>);

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s == "never" {
        return Ok(FailOn(None));
    }
    Severity::parse(s)
        .map(|s| FailOn(Some(s)))
        .ok_or_else(|| format!("expected one of {}, never", Severity::NAMES.join(", ")))
}

#[derive(Subcommand, Debug)]
pub(super) enum RulesCommand {
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
pub(super) enum ListFormat {
    Table,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The completed values are the values each option reads.
    #[test]
    fn completed_values_are_the_accepted_ones() {
        let formats: Vec<String> = CheckFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| p.get_name().to_string())
            .collect();
        let mut completed: Vec<String> = FORMATS.iter().map(|s| s.to_string()).collect();
        completed.sort();
        let mut formats_sorted = formats.clone();
        formats_sorted.sort();
        assert_eq!(completed, formats_sorted);
        for v in FORMATS {
            assert!(parse_output(v).is_ok(), "{v}");
        }
        for v in FAIL_ON {
            assert!(parse_fail_on(v).is_ok(), "{v}");
        }
        for v in TARGETS {
            assert!(parse_target(v).is_ok(), "{v}");
        }
        assert_eq!(FAIL_ON.len(), Severity::NAMES.len() + 1);
        assert_eq!(TARGETS.len(), Severity::NAMES.len() + 1);
    }
}
