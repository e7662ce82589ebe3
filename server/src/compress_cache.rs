//! Startup compression results kept under `<data-dir>/cache/compressed/`, so a restart
//! does not spend seconds redoing brotli 11 on bodies that have not changed.
//!
//! The cache is only an accelerator: an entry is used only if it decodes back to the
//! exact body, and any disk problem falls back to compressing afresh.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

pub struct CompressCache {
    dir: Option<PathBuf>,
    used: Mutex<HashSet<String>>,
}

impl CompressCache {
    pub fn open(dir: PathBuf) -> CompressCache {
        let dir = match std::fs::create_dir_all(&dir) {
            Ok(()) => Some(dir),
            Err(e) => {
                tracing::warn!(dir = %dir.display(), "compression cache disabled: {e}");
                None
            }
        };
        CompressCache {
            dir,
            used: Mutex::new(HashSet::new()),
        }
    }

    pub fn disabled() -> CompressCache {
        CompressCache {
            dir: None,
            used: Mutex::new(HashSet::new()),
        }
    }

    /// `name` must identify both the body and the compression settings.
    pub fn get_or_make(
        &self,
        name: String,
        identity: &[u8],
        decode: fn(&[u8]) -> io::Result<Vec<u8>>,
        make: impl FnOnce() -> io::Result<Vec<u8>>,
    ) -> io::Result<Vec<u8>> {
        let Some(dir) = &self.dir else { return make() };
        let path = dir.join(&name);
        self.used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name);
        if let Ok(cached) = std::fs::read(&path) {
            if decode(&cached).is_ok_and(|d| d == identity) {
                return Ok(cached);
            }
            tracing::warn!(path = %path.display(), "ignoring a damaged compression cache entry");
        }
        let made = make()?;
        if let Err(e) = write_atomically(&path, &made) {
            tracing::warn!(path = %path.display(), "cannot store compressed body: {e}");
        }
        Ok(made)
    }

    /// Removes entries this startup did not use: bodies of earlier builds.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !name.to_str().is_some_and(|n| used.contains(n)) {
                // Best effort: a leftover file costs only disk space.
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Readers never see a half-written entry, even if this process dies mid-write.
fn write_atomically(path: &Path, data: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, data)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

pub fn gunzip(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    io::Read::read_to_end(&mut flate2::read::GzDecoder::new(data), &mut out)?;
    Ok(out)
}

pub fn unbrotli(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &data[..], &mut out)?;
    Ok(out)
}
