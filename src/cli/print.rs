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

pub(super) fn man() -> Result<Outcome, Failure> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut buf)?;
    output::emit(None, &String::from_utf8_lossy(&buf), &output::Inputs::default())?;
    Ok(Outcome { code: 0 })
}
