//! The outputs of one `check`, fed as results arrive, so memory stays flat however
//! many policies a run checks. Table, JSON and CSV are written policy by policy.
//! SARIF, JUnit, Markdown and HTML open with what only the end of
//! the run knows (the rule list, totals): each policy's part is rendered as it comes
//! and set aside in an unnamed temporary file, and the document is put together from
//! it at the end. GitHub output keeps its log lines so, and its gravest annotations
//! for the end.

use super::spill::Spill;
use super::{Format, Report, table::Style};
use crate::Lang;
use crate::finding::PolicyResult;
use crate::output::{EmitError, Inputs, Stream};
use crate::rules::RuleSet;
use std::path::PathBuf;

pub(crate) struct Sink<'r> {
    format: Format,
    style: Style,
    stream: Stream,
    written: bool,
    json: super::json::Entries<'r>,
    /// The JSON of one result, kept to reuse its memory.
    buffer: Vec<u8>,
    /// For the formats put together at the end.
    held: Option<Held<'r>>,
}

/// A format put together at the end, with what it set aside so far.
pub(crate) enum Held<'r> {
    Sarif(super::sarif::Writer<'r>),
    Junit(super::junit::Writer<'r>),
    Markdown(super::markdown::Writer),
    Html(super::report::SummaryWriter),
    Github(super::github::Writer),
}

impl<'r> Held<'r> {
    /// `rules`: what the run checks with (JUnit names its test cases by rule title).
    pub(crate) fn new(
        format: Format,
        spill: Spill,
        rules: &'r RuleSet,
        lang: Lang,
    ) -> std::io::Result<Option<Held<'r>>> {
        Ok(Some(match format {
            Format::Sarif => Held::Sarif(super::sarif::Writer::new(spill)?),
            Format::Junit => Held::Junit(super::junit::Writer::new(spill, super::junit::titles(rules, lang))),
            Format::Markdown => Held::Markdown(super::markdown::Writer::new(spill)?),
            Format::Html => Held::Html(super::report::SummaryWriter::new(spill, lang)?),
            Format::Github => Held::Github(super::github::Writer::new(spill)),
            Format::Table | Format::Json | Format::Csv => return Ok(None),
        }))
    }

    /// Sets aside this format's part of `r`, the result after `report.totals.policies - 1` others.
    pub(crate) fn result(&mut self, r: &PolicyResult<'r>, report: &Report) -> std::io::Result<()> {
        match self {
            Held::Sarif(w) => w.result(r, report.baseline.as_deref()),
            Held::Junit(w) => w.result(r, report),
            Held::Markdown(w) => w.result(r, report.lang),
            Held::Html(w) => w.result(r, report.totals.policies - 1),
            Held::Github(w) => w.result(r),
        }
    }

    pub(crate) fn finish(self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self {
            Held::Sarif(w) => w.finish(report, out),
            Held::Junit(w) => w.finish(report, out),
            Held::Markdown(w) => w.finish(report, out),
            Held::Html(w) => w.finish(report, out),
            Held::Github(w) => w.finish(report, out),
        }
    }
}

/// A [`Stream`] as a writer, for the documents put together at the end.
struct Writer<'a>(&'a mut Stream);

impl std::io::Write for Writer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'r> Sink<'r> {
    pub(crate) fn open(
        format: Format,
        file: Option<PathBuf>,
        style: Style,
        inputs: &Inputs,
        rules: &'r RuleSet,
        lang: Lang,
    ) -> Result<Sink<'r>, EmitError> {
        let mut stream = Stream::open(file.as_deref(), inputs)?;
        let held = match format {
            Format::Sarif | Format::Junit | Format::Markdown | Format::Html | Format::Github => {
                Held::new(format, Spill::file()?, rules, lang)?
            }
            Format::Json => {
                stream.write(super::json::begin())?;
                None
            }
            Format::Csv => {
                stream.write(super::csv::header())?;
                None
            }
            Format::Table => None,
        };
        Ok(Sink { format, style, stream, written: false, json: Default::default(), buffer: Vec::new(), held })
    }

    /// Writes one result, or sets aside its part for [`Sink::finish`]. `report` has
    /// counted it in.
    pub(crate) fn result(&mut self, r: &PolicyResult<'r>, report: &Report) -> std::io::Result<()> {
        if let Some(held) = &mut self.held {
            return held.result(r, report);
        }
        if self.format == Format::Json {
            self.buffer.clear();
            self.json.write(r, !self.written, &mut self.buffer);
            self.written = true;
            return self.stream.write(&self.buffer);
        }
        let Some(text) = piece(self.format, r, report, self.style) else { return Ok(()) };
        // What separates a result from the one before it.
        if self.written && self.format == Format::Table {
            self.stream.write("\n")?;
        }
        self.written = true;
        self.stream.write(&text)
    }

    pub(crate) fn finish(mut self, report: &Report) -> Result<(), EmitError> {
        if let Some(held) = self.held {
            held.finish(report, &mut Writer(&mut self.stream))?;
            return self.stream.finish();
        }
        let tail = match self.format {
            Format::Table => super::table::finish(report, self.style),
            Format::Json => super::json::finish(report, self.written),
            _ => String::new(),
        };
        self.stream.write(&tail)?;
        self.stream.finish()
    }
}

/// One result in a streamed format, as the first of its run (the sink adds what
/// separates it from the previous one).
fn piece(format: Format, r: &PolicyResult, report: &Report, style: Style) -> Option<String> {
    Some(match format {
        Format::Table => super::table::result_block(r, report, style, true),
        Format::Csv => super::csv::rows(r),
        _ => return None,
    })
}
