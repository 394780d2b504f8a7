//! Replacing a file all at once: a reader, or a crash, sees the old file or the new one,
//! never half of one. Models ([`io::save`](crate::io::save())), `metrics.csv` and MNIST's
//! downloaded files are written so; the public path is [`dldw::io::write_atomically`](crate::io::write_atomically).
//!
//! The new content goes to a temporary file in the same directory (a rename is atomic only
//! within one file system), is flushed to disk (`fsync`), and is then renamed over the target.
//! On any failure the temporary file is removed and the previous file is left as it was.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, and a failed
/// write leaves the old file as it was (used for `metrics.csv` as for models).
///
/// ```
/// let dir = std::env::temp_dir().join(format!("dldw-doc-atomic-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("metrics.csv");
/// dldw::io::write_atomically(&path, b"epoch\n0\n").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"epoch\n0\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
///
/// # Errors
/// [`WriteError`], naming the step the operating system refused and the file.
pub fn write_atomically(path: impl AsRef<Path>, bytes: &[u8]) -> Result<(), WriteError> {
    replace_file(path.as_ref(), |f| io::Write::write_all(f, bytes))
}

/// A step of an atomic write that the operating system refused; the previous file, if any, is
/// left as it was and no temporary file remains.
///
/// ```
/// let err = dldw::io::write_atomically("no/such/dir/metrics.csv", b"epoch\n").unwrap_err();
/// assert_eq!(err.action, "create the temporary file");
/// assert!(err.to_string().starts_with("cannot create the temporary file no/such/dir/"));
/// ```
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct WriteError {
    /// What was being done: `"choose a temporary file for"`, `"create the temporary file"`,
    /// `"write"` or `"replace"`.
    pub action: &'static str,
    /// The file concerned (the temporary file while it is written).
    pub path: PathBuf,
    /// The operating system's error.
    #[source]
    pub source: io::Error,
}

/// Writes `path` through `write`, atomically as the module describes.
pub(crate) fn replace_file(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), WriteError> {
    let tmp = temporary_sibling(path).map_err(io_err("choose a temporary file for", path))?;
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io_err("create the temporary file", &tmp))?;
    let written = write(&mut file).and_then(|()| file.sync_all()).map_err(io_err("write", &tmp));
    drop(file);
    let result = written.and_then(|()| fs::rename(&tmp, path).map_err(io_err("replace", path)));
    match result {
        Ok(()) => {
            sync_parent(path);
            Ok(())
        }
        Err(e) => {
            // The error being reported is the useful one; a failed clean-up adds nothing to it.
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Wraps an I/O error with what was being done to which file.
fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError { action, path, source }
}

/// `dir/.name.PID.N.tmp` next to `dir/name`: hidden, and unique within this process (N) and
/// among processes (PID); `create_new` refuses it should it exist all the same.
fn temporary_sibling(path: &Path) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().ok_or_else(|| io::Error::other("the path does not end in a file name"))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.{n}.tmp", std::process::id()));
    Ok(path.with_file_name(tmp_name))
}

/// Makes the rename itself durable where the platform allows (a directory can be synced on
/// Unix). Best effort: the new file is complete whether or not this succeeds.
fn sync_parent(path: &Path) {
    if cfg!(unix) {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::testing::{file_names, scratch_dir};
    use std::io::Write;

    #[test]
    fn the_new_content_replaces_the_old() {
        let dir = scratch_dir("atomic-replace");
        let path = dir.join("model.safetensors");
        fs::write(&path, b"old").unwrap();
        replace_file(&path, |f| f.write_all(b"new content")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new content");
        assert_eq!(file_names(&dir), ["model.safetensors"]);
    }

    #[test]
    fn a_write_failing_half_way_leaves_the_old_file_and_no_temporary() {
        // The injected writer does what a full disk does: some bytes reach the temporary file,
        // then the write fails.
        let dir = scratch_dir("atomic-fail");
        let path = dir.join("model.safetensors");
        fs::write(&path, b"the previous good model").unwrap();
        let err = replace_file(&path, |f| {
            f.write_all(b"half of a new mo")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "no space left on device (simulated)"))
        })
        .unwrap_err();
        assert_eq!((err.action, err.source.kind()), ("write", io::ErrorKind::StorageFull));
        assert_eq!(err.path.parent(), Some(&*dir));
        assert_eq!(fs::read(&path).unwrap(), b"the previous good model");
        assert_eq!(file_names(&dir), ["model.safetensors"]);
    }

    #[test]
    fn a_failed_rename_removes_the_temporary() {
        // A non-empty directory cannot be replaced by a file: the write succeeds, the rename fails.
        let dir = scratch_dir("atomic-rename");
        let target = dir.join("model.safetensors");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep"), b"x").unwrap();
        let err = replace_file(&target, |f| f.write_all(b"data")).unwrap_err();
        assert_eq!(err.action, "replace", "{err:?}");
        assert_eq!(file_names(&dir), ["model.safetensors"]);
        assert_eq!(fs::read(target.join("keep")).unwrap(), b"x");
    }

    #[test]
    fn a_missing_directory_is_an_io_error_naming_the_temporary_file() {
        let dir = scratch_dir("atomic-nodir");
        let err = replace_file(&dir.join("absent").join("m.safetensors"), |_| Ok(())).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("cannot create the temporary file ") && msg.contains("absent"), "{msg}");
    }
}
