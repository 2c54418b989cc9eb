//! The files a run reads, which no output may replace.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Which file a path leads to, symbolic links followed: device and inode where
/// there are such, else the canonical path. Two names of one file (a link, `./`,
/// `..`) give the same id.
#[cfg(unix)]
pub(crate) type FileId = (u64, u64);
#[cfg(not(unix))]
pub type FileId = PathBuf;

#[cfg(unix)]
pub(crate) fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub fn file_id(path: &Path) -> Option<FileId> {
    path.canonicalize().ok()
}

/// The paths of every file a run reads: policies (also those found in folders),
/// rule files, the configuration, a template, a baseline.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    paths: Vec<PathBuf>,
    /// Looked up only when an output file already exists (a new file cannot be an
    /// input), then kept: one `stat` per input however many outputs there are.
    ids: OnceCell<HashSet<FileId>>,
}

impl Inputs {
    pub(crate) fn add(&mut self, path: &Path) {
        // Standard input is no file an output could replace.
        if path.as_os_str() != "-" {
            self.paths.push(path.to_path_buf());
            self.ids = OnceCell::new();
        }
    }

    pub(crate) fn extend<'p>(&mut self, paths: impl IntoIterator<Item = &'p PathBuf>) {
        for p in paths {
            self.add(p);
        }
    }

    /// Whether writing `path` would replace one of the inputs.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        let Some(id) = file_id(path) else { return false };
        self.ids.get_or_init(|| self.paths.iter().filter_map(|p| file_id(p)).collect()).contains(&id)
    }
}

/// Where an output goes: the file it would replace, or for a new file its folder
/// and name, so that `x`, `./x` and `d/../x` are one target.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    Existing(FileId),
    New(PathBuf, std::ffi::OsString),
    /// A path with no file name (`/`, `..`); the write itself will fail.
    Unnamed(PathBuf),
}

impl Target {
    pub(super) fn of(path: &Path) -> Target {
        if let Some(id) = file_id(path) {
            return Target::Existing(id);
        }
        let Some(name) = path.file_name() else { return Target::Unnamed(path.to_path_buf()) };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Target::New(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()), name.to_os_string())
    }
}
