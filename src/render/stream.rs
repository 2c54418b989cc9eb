//! The outputs of one `check`, fed as results arrive. Table, JSON, CSV and GitHub
//! annotations are written policy by policy, so memory stays flat however many
//! policies a run checks; SARIF, JUnit, Markdown and HTML need the whole run (rule
//! lists, totals up front) and are rendered at the end.

use super::{Format, Report, table::Style};
use crate::finding::PolicyResult;
use crate::output::{EmitError, Inputs, Stream};
use std::path::PathBuf;

pub(crate) struct Sink<'r> {
    format: Format,
    style: Style,
    file: Option<PathBuf>,
    /// Open for the streamed formats.
    stream: Option<Stream>,
    written: bool,
    json: super::json::Entries<'r>,
    /// The JSON of one result, kept to reuse its memory.
    buffer: Vec<u8>,
}

impl<'r> Sink<'r> {
    pub(crate) fn streams(format: Format) -> bool {
        matches!(format, Format::Table | Format::Json | Format::Csv | Format::Github)
    }

    pub(crate) fn open(
        format: Format,
        file: Option<PathBuf>,
        style: Style,
        inputs: &Inputs,
    ) -> Result<Sink<'r>, EmitError> {
        let mut sink =
            Sink { format, style, file, stream: None, written: false, json: Default::default(), buffer: Vec::new() };
        if Self::streams(format) {
            let mut stream = Stream::open(sink.file.as_deref(), inputs)?;
            match format {
                Format::Json => stream.write(super::json::begin())?,
                Format::Csv => stream.write(super::csv::header())?,
                _ => {}
            }
            sink.stream = Some(stream);
        }
        Ok(sink)
    }

    /// Whether this output needs every result kept until the end.
    pub(crate) fn buffers(&self) -> bool {
        self.stream.is_none()
    }

    /// Writes one result in a streamed format; the others wait for [`Sink::finish`].
    pub(crate) fn result(&mut self, r: &PolicyResult<'r>, report: &Report) -> std::io::Result<()> {
        let Some(stream) = &mut self.stream else { return Ok(()) };
        if self.format == Format::Json {
            self.buffer.clear();
            self.json.write(r, !self.written, &mut self.buffer);
            self.written = true;
            return stream.write(&self.buffer);
        }
        let Some(text) = piece(self.format, r, report, self.style) else { return Ok(()) };
        // What separates a result from the one before it.
        if self.written && self.format == Format::Table {
            stream.write("\n")?;
        }
        self.written = true;
        stream.write(&text)
    }

    pub(crate) fn finish(self, report: &Report, inputs: &Inputs) -> Result<(), EmitError> {
        match self.stream {
            Some(mut stream) => {
                let tail = match self.format {
                    Format::Table => super::table::finish(report, self.style),
                    Format::Json => super::json::finish(report, self.written),
                    Format::Github => super::github::finish(report),
                    _ => String::new(),
                };
                stream.write(&tail)?;
                stream.finish()
            }
            None => crate::output::emit(self.file.as_deref(), &super::render(self.format, report, self.style), inputs),
        }
    }
}

/// One result in a streamed format, as the first of its run (the sink adds what
/// separates it from the previous one).
fn piece(format: Format, r: &PolicyResult, report: &Report, style: Style) -> Option<String> {
    Some(match format {
        Format::Table => super::table::result_block(r, report, style, true),
        Format::Csv => super::csv::rows(r),
        Format::Github => super::github::result_lines(r),
        _ => return None,
    })
}
