//! Writing results: to standard output, or atomically to a file.

use crate::diag::{Diagnostic, Span};
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

pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), EmitError> {
    let name = path.display().to_string();
    let same = |a: &Path| match (a.canonicalize(), path.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if inputs.iter().any(|i| same(i)) {
        return Err(EmitError::Refused(Diagnostic::error(
            &name,
            Span::TOP,
            "refusing to write the output over an input file",
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(EmitError::Refused(Diagnostic::error(&name, Span::TOP, format!("cannot write the output: {e}"))));
    }
    Ok(())
}
