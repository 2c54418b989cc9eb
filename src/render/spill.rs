//! Text a renderer sets aside while results arrive, for a format whose document puts
//! something known only at the end of the run (totals, the rule list) before it. In a
//! `check` it goes to an unnamed temporary file, so memory stays flat however many
//! policies the run checks; a renderer asked for one string keeps it in memory.

use std::io::{self, BufRead, Seek, Write};

pub(crate) struct Spill {
    to: To,
    empty: bool,
}

enum To {
    Memory(Vec<u8>),
    /// Unlinked as soon as it is created: nothing is left behind however the run ends.
    File(io::BufWriter<std::fs::File>),
}

impl Spill {
    pub(crate) fn file() -> io::Result<Spill> {
        Ok(Spill { to: To::File(io::BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?)), empty: true })
    }

    pub(crate) fn memory() -> Spill {
        Spill { to: To::Memory(Vec::new()), empty: true }
    }

    /// A spill like `self`: in a file when `self` is one, else in memory.
    pub(crate) fn like(&self) -> io::Result<Spill> {
        match self.to {
            To::Memory(_) => Ok(Spill::memory()),
            To::File(_) => Spill::file(),
        }
    }

    pub(crate) fn write(&mut self, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        let bytes = bytes.as_ref();
        self.empty &= bytes.is_empty();
        match &mut self.to {
            To::Memory(v) => {
                v.extend_from_slice(bytes);
                Ok(())
            }
            To::File(f) => f.write_all(bytes),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.empty
    }

    /// Everything written, from the start.
    pub(crate) fn reader(self) -> io::Result<Box<dyn BufRead>> {
        Ok(match self.to {
            To::Memory(v) => Box::new(io::Cursor::new(v)),
            To::File(f) => {
                let mut file = f.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.rewind()?;
                Box::new(io::BufReader::with_capacity(64 * 1024, file))
            }
        })
    }

    /// Writes everything written to `out`.
    pub(crate) fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        io::copy(&mut self.reader()?, out).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::Spill;

    #[test]
    fn gives_back_what_was_written() {
        for mut spill in [Spill::memory(), Spill::file().unwrap()] {
            assert!(spill.is_empty());
            spill.write("").unwrap();
            assert!(spill.is_empty());
            let big = "x".repeat(200_000);
            spill.write("a\0b").unwrap();
            spill.write(&big).unwrap();
            assert!(!spill.is_empty());
            let mut out = Vec::new();
            spill.copy_to(&mut out).unwrap();
            assert_eq!(out, format!("a\0b{big}").into_bytes());
        }
    }
}
