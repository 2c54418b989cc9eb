//! The temporary twin of an output file: created exclusively, under an unpredictable
//! name, in the target's folder (so the final rename is atomic and a planted symlink
//! is never followed), with the permissions of the file it replaces. Every twin is
//! listed while it exists; SIGINT, SIGTERM or SIGHUP removes them all before the
//! process dies of the signal, so an interrupted run leaves no partial file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The twins that exist now. Held while a twin is created and while one is renamed
/// into place, so the signal handler sees each either before or after, never between.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding the lock leaves the list itself intact.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) struct TempFile {
    file: Option<tempfile::NamedTempFile>,
}

impl TempFile {
    /// A new, empty twin of `target`.
    pub(super) fn beside(target: &Path) -> std::io::Result<TempFile> {
        signals::watch();
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy());
        let replaced = std::fs::metadata(target).ok().filter(|m| m.is_file());
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        if replaced.is_none() {
            // What a plain create gives: 0666 less the umask.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut list = pending();
        let file = builder.tempfile_in(dir)?;
        if let Some(meta) = replaced {
            keep_owner_and_mode(file.as_file(), &meta)?;
        }
        list.push(file.path().to_path_buf());
        Ok(TempFile { file: Some(file) })
    }

    /// Syncs the twin and renames it over `target`.
    pub(super) fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let file = self.file.take().expect("a twin is persisted once");
        file.as_file().sync_all()?;
        let mut list = pending();
        list.retain(|p| p != file.path());
        // On failure the twin comes back and is removed when dropped here.
        file.persist(target).map(drop).map_err(|e| e.error)
    }
}

/// The replaced file's mode (and, where allowed, owner and group), so `-o` onto a
/// 0600 file keeps it private. The twin starts at 0600, never wider than the result.
#[cfg(unix)]
fn keep_owner_and_mode(file: &std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // Only root may give a file away; for others this fails and the file is theirs.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o777))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<()> {
    file.set_permissions(meta.permissions())
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("open until persisted").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("open until persisted").flush()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut list = pending();
            list.retain(|p| p != file.path());
            drop(file);
        }
    }
}

#[cfg(unix)]
mod signals {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

    /// From the first temporary file on: a thread that, on SIGINT, SIGTERM or
    /// SIGHUP, removes the temporary files and then dies of the signal as it would
    /// have. A signal the process was started ignoring (`nohup`, a background job)
    /// stays ignored.
    pub(super) fn watch() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|&s| !ignored(s)).collect();
            let Ok(mut signals) = signal_hook::iterator::Signals::new(&wanted) else { return };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Kept locked: no twin is created or renamed from here on.
                    let list = super::pending();
                    for path in list.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }

    fn ignored(signal: i32) -> bool {
        // SAFETY: a query only (no new action); `old` is a valid, zeroed sigaction.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
        }
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn watch() {}
}
