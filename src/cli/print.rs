//! The commands that write a fixed document: the policy schema, the starter
//! policy, shell completions and the man page.

use super::{Failure, Outcome, args::Cli};
use crate::diag::{Code, Diagnostic, Hint, Span};
use crate::output;
use std::path::Path;

pub(super) fn schema(out: Option<&Path>, inputs: &output::Inputs) -> Result<Outcome, Failure> {
    let text = crate::policy::json_schema::render();
    output::emit(out, &text, inputs)?;
    Ok(Outcome { code: 0 })
}

pub(super) fn init(out: Option<&Path>) -> Result<Outcome, Failure> {
    if let Some(path) = out
        && path.exists()
    {
        let name = path.display().to_string();
        return Err(vec![Diagnostic::new(&name, Span::NONE, Code::InitFileExists).hint(Hint::ChooseAnotherName)].into());
    }
    output::emit(out, crate::policy::STARTER, &output::Inputs::default())?;
    Ok(Outcome { code: 0 })
}

pub(super) fn completions(shell: clap_complete::Shell) -> Result<Outcome, Failure> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "watchwise", &mut buf);
    output::emit(None, &String::from_utf8_lossy(&buf), &output::Inputs::default())?;
    Ok(Outcome { code: 0 })
}

/// `watchwise man [COMMAND]`, or every page into `dir`.
pub(super) fn man(command: Option<&str>, dir: Option<&Path>) -> Result<Outcome, Failure> {
    let pages = man_pages();
    if let Some(dir) = dir {
        if !dir.is_dir() {
            let name = dir.display().to_string();
            return Err(vec![Diagnostic::new(&name, Span::NONE, Code::ReadNotFound)].into());
        }
        for (name, cmd) in &pages {
            output::emit(Some(&dir.join(format!("{name}.1"))), &man_page(cmd)?, &output::Inputs::default())?;
        }
        return Ok(Outcome { code: 0 });
    }
    let wanted = command.map_or("watchwise".to_string(), |c| format!("watchwise-{c}"));
    let (_, cmd) = pages.iter().find(|(name, _)| *name == wanted).expect("MAN_PAGES names the pages there are");
    output::emit(None, &man_page(cmd)?, &output::Inputs::default())?;
    Ok(Outcome { code: 0 })
}

/// Every page: `watchwise` and one per command, named as the SUBCOMMANDS sections
/// refer to them (`watchwise-rules-list`).
pub(super) fn man_pages() -> Vec<(String, clap::Command)> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        out.push((cmd.get_display_name().unwrap_or(cmd.get_name()).to_string(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out);
        }
    }
    // No `help` command: its page would be the help of the others.
    let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true).propagate_version(true);
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, &mut out);
    out
}

/// One page: clap's, with EXIT STATUS and ENVIRONMENT from docs/cli.md before its
/// VERSION, so that the page and the documentation say the same.
fn man_page(cmd: &clap::Command) -> std::io::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    let page = String::from_utf8(buf).expect("roff is UTF-8");
    let mut ours = roff_section("EXIT STATUS", "## Exit status");
    ours.push_str(&roff_section("ENVIRONMENT", "## Environment"));
    if cmd.get_name() != "watchwise" {
        ours.push_str(".SH \"SEE ALSO\"\n\\fBwatchwise\\fR(1)\n");
    }
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    Ok(format!("{}{ours}{}", &page[..at], &page[at..]))
}

const CLI_DOC: &str = include_str!("../../docs/cli.md");

/// The table of the section of docs/cli.md headed `heading`, and the paragraph after
/// it, as a roff section of tagged paragraphs.
fn roff_section(title: &str, heading: &str) -> String {
    let body = CLI_DOC.split_once(&format!("\n{heading}\n")).expect("docs/cli.md has the section").1;
    let body = body.split("\n## ").next().unwrap_or_default();
    let mut out = format!(".SH \"{title}\"\n");
    let mut lines = body.lines().skip_while(|l| !l.starts_with('|'));
    for line in lines.by_ref().take_while(|l| l.starts_with('|')).skip(2) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(&cells[0].replace('`', "")), roff_inline(cells[1])));
    }
    let paragraph: Vec<&str> = lines.skip_while(|l| l.is_empty()).take_while(|l| !l.is_empty()).collect();
    if !paragraph.is_empty() && !paragraph[0].starts_with("```") {
        out.push_str(&format!(".PP\n{}\n", roff_inline(&paragraph.join(" "))));
    }
    out
}

/// Text for roff: backslashes and hyphens escaped, nothing read as a request.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with(['.', '\'']) { format!("\\&{s}") } else { s }
}

/// Markdown code spans in bold, the rest as text.
fn roff_inline(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { format!("\\fB{}\\fR", roff(part)) } else { roff(part) })
        .collect()
}

#[cfg(test)]
mod tests {
    /// `watchwise man COMMAND` offers the pages there are, and only those.
    #[test]
    fn the_man_page_names_are_the_commands() {
        let pages: Vec<String> = super::man_pages().into_iter().map(|(name, _)| name).collect();
        let mut listed: Vec<String> = super::super::args::MAN_PAGES.iter().map(|p| format!("watchwise-{p}")).collect();
        listed.insert(0, "watchwise".to_string());
        let (mut a, mut b) = (pages.clone(), listed);
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
