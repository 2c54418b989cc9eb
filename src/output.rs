//! Writing results: to standard output, or atomically to a file.

use crate::diag::{Code, Diagnostic, Message, Span};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `text` to `path` (atomically: a temporary file in the same folder, then a
/// rename) or, without a path, to standard output. Refuses to overwrite an input.
pub fn emit(path: Option<&Path>, text: &str, inputs: &[PathBuf]) -> Result<(), EmitError> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
        Some(path) => write_atomic(path, text.as_bytes(), inputs),
    }
}

#[derive(Debug)]
pub enum EmitError {
    Io(std::io::Error),
    Refused(Diagnostic),
}

impl From<std::io::Error> for EmitError {
    fn from(e: std::io::Error) -> EmitError {
        EmitError::Io(e)
    }
}

fn cannot_write(name: &str, e: &std::io::Error) -> EmitError {
    EmitError::Refused(Diagnostic::new(name, Span::TOP, Message::new(Code::CannotWrite).arg("error", e.to_string())))
}

/// Whether `path` exists and is not a regular file (a device, a pipe).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), EmitError> {
    let name = path.display().to_string();
    if is_special(path) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| cannot_write(&name, &e));
    }
    let (tmp, _) = temp_path(path, inputs)?;
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(cannot_write(&name, &e));
    }
    Ok(())
}

/// An output written a piece at a time: to standard output, or to a temporary file
/// that replaces `path` only when [`Stream::finish`] is called. Dropped unfinished,
/// it removes the temporary file, so a failed run leaves no partial output.
pub struct Stream {
    target: Target,
}

enum Target {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO): written in place, since
    /// renaming a file over it would replace the device itself.
    Special(std::io::BufWriter<std::fs::File>),
    File {
        tmp: PathBuf,
        path: PathBuf,
        file: Option<std::io::BufWriter<std::fs::File>>,
    },
}

impl Stream {
    pub fn open(path: Option<&Path>, inputs: &[PathBuf]) -> Result<Stream, EmitError> {
        let Some(path) = path else {
            return Ok(Stream { target: Target::Stdout(std::io::BufWriter::new(std::io::stdout().lock())) });
        };
        let name = path.display().to_string();
        if is_special(path) {
            let file = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| cannot_write(&name, &e))?;
            return Ok(Stream { target: Target::Special(std::io::BufWriter::new(file)) });
        }
        let (tmp, _) = temp_path(path, inputs)?;
        let file = std::fs::File::create(&tmp).map_err(|e| cannot_write(&name, &e))?;
        Ok(Stream { target: Target::File { tmp, path: path.to_path_buf(), file: Some(std::io::BufWriter::new(file)) } })
    }

    pub fn write(&mut self, text: impl AsRef<[u8]>) -> std::io::Result<()> {
        let bytes = text.as_ref();
        match &mut self.target {
            Target::Stdout(w) => w.write_all(bytes),
            Target::Special(w) => w.write_all(bytes),
            Target::File { file, .. } => file.as_mut().expect("open until finished").write_all(bytes),
        }
    }

    /// Flushes, and for a file moves it into place.
    pub fn finish(mut self) -> Result<(), EmitError> {
        match &mut self.target {
            Target::Stdout(w) => w.flush().map_err(EmitError::Io),
            Target::Special(w) => w.flush().map_err(EmitError::Io),
            Target::File { tmp, path, file } => {
                let name = path.display().to_string();
                let refused = |e: std::io::Error| cannot_write(&name, &e);
                let f = file.take().expect("open until finished");
                let f = f.into_inner().map_err(|e| refused(e.into_error()))?;
                f.sync_all().map_err(refused)?;
                std::fs::rename(&*tmp, &*path).map_err(refused)
            }
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if let Target::File { tmp, file: Some(_), .. } = &self.target {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Where a file's temporary twin goes (same folder, so the rename is atomic), after
/// refusing to write over an input.
fn temp_path(path: &Path, inputs: &[PathBuf]) -> Result<(PathBuf, PathBuf), EmitError> {
    let name = path.display().to_string();
    let same = |a: &Path| match (a.canonicalize(), path.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if inputs.iter().any(|i| same(i)) {
        return Err(EmitError::Refused(Diagnostic::new(&name, Span::TOP, Code::OutputOverInput)));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    Ok((dir.join(format!(".{file_name}.{}.tmp", std::process::id())), dir))
}
