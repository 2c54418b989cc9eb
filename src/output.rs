//! Writing results: to standard output, or atomically to a file.
//!
//! A file output is written to a temporary twin beside it and renamed over it only
//! when complete, so a reader never sees half of it; it never replaces a file the
//! run reads ([`Inputs`]), and two outputs of one run never share a path.

mod inputs;
mod temp;

pub(crate) use inputs::{FileId, Inputs, file_id};

use crate::diag::{Code, Diagnostic, Message, Span};
use std::io::Write;
use std::path::{Path, PathBuf};
use temp::TempFile;

/// Writes `text` to `path` (atomically) or, without a path, to standard output.
/// Refuses to overwrite an input.
pub(crate) fn emit(path: Option<&Path>, text: &str, inputs: &Inputs) -> Result<(), EmitError> {
    let mut stream = Stream::open(path, inputs)?;
    stream.write(text)?;
    stream.finish()
}

#[derive(Debug)]
pub(crate) enum EmitError {
    Io(std::io::Error),
    Refused(Diagnostic),
}

impl From<std::io::Error> for EmitError {
    fn from(e: std::io::Error) -> EmitError {
        EmitError::Io(e)
    }
}

fn cannot_write(path: &Path, e: &std::io::Error) -> EmitError {
    let message = Message::new(Code::CannotWrite).arg("error", e.to_string());
    EmitError::Refused(Diagnostic::new(&path.display().to_string(), Span::NONE, message))
}

/// Whether `path` exists and is not a regular file (a device, a pipe).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Refuses, before anything is written, a set of outputs of which one would replace
/// an input or two would go to the same file.
pub(crate) fn check_targets(targets: &[&Path], inputs: &Inputs) -> Result<(), Diagnostic> {
    let mut seen: Vec<(inputs::Target, &Path)> = Vec::new();
    for &path in targets {
        let name = path.display().to_string();
        if inputs.holds(path) {
            return Err(Diagnostic::new(&name, Span::NONE, Code::OutputOverInput));
        }
        let target = inputs::Target::of(path);
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == target) {
            let message = Message::new(Code::OutputsShareFile).arg("first", first.display().to_string());
            return Err(Diagnostic::new(&name, Span::NONE, message));
        }
        seen.push((target, path));
    }
    Ok(())
}

/// An output written a piece at a time: to standard output, or to a temporary file
/// that replaces `path` only when [`Stream::finish`] is called. Dropped unfinished
/// (or killed by SIGINT, SIGTERM or SIGHUP), it removes the temporary file, so a
/// failed run leaves no partial output.
pub(crate) struct Stream {
    target: Target,
}

enum Target {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO): written in place, since
    /// renaming a file over it would replace the device itself.
    Special(std::io::BufWriter<std::fs::File>),
    File {
        path: PathBuf,
        file: std::io::BufWriter<TempFile>,
    },
}

impl Stream {
    pub(crate) fn open(path: Option<&Path>, inputs: &Inputs) -> Result<Stream, EmitError> {
        let Some(path) = path else {
            return Ok(Stream { target: Target::Stdout(std::io::BufWriter::new(std::io::stdout().lock())) });
        };
        check_targets(&[path], inputs).map_err(EmitError::Refused)?;
        if is_special(path) {
            let file = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| cannot_write(path, &e))?;
            return Ok(Stream { target: Target::Special(std::io::BufWriter::new(file)) });
        }
        let file = TempFile::beside(path).map_err(|e| cannot_write(path, &e))?;
        Ok(Stream { target: Target::File { path: path.to_path_buf(), file: std::io::BufWriter::new(file) } })
    }

    pub(crate) fn write(&mut self, text: impl AsRef<[u8]>) -> std::io::Result<()> {
        let bytes = text.as_ref();
        match &mut self.target {
            Target::Stdout(w) => w.write_all(bytes),
            Target::Special(w) => w.write_all(bytes),
            Target::File { file, .. } => file.write_all(bytes),
        }
    }

    /// Flushes, and for a file moves it into place.
    pub(crate) fn finish(self) -> Result<(), EmitError> {
        match self.target {
            Target::Stdout(mut w) => w.flush().map_err(EmitError::Io),
            Target::Special(mut w) => w.flush().map_err(EmitError::Io),
            Target::File { path, file } => {
                let file = file.into_inner().map_err(|e| cannot_write(&path, e.error()))?;
                file.persist(&path).map_err(|e| cannot_write(&path, &e))
            }
        }
    }
}
