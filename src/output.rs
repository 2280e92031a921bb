//! The only module that writes to disk.
//!
//! A build's files are written into a staging folder beside the output folder and swapped
//! in with renames only when every file was written, so a failed build (or a full disk)
//! leaves an existing `output/` exactly as it was.

use crate::render::{FileData, Files};
use std::io;
use std::path::{Path, PathBuf};

/// Replaces `out` with exactly `files`.
pub fn write(out: &Path, files: &Files) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);

    if let Err(e) = write_all(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staging, out)?;
    }
    Ok(())
}

fn write_all(root: &Path, files: &Files) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    for (rel, data) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        match data {
            FileData::Bytes(bytes) => std::fs::write(&path, bytes)?,
            FileData::Copy(src) => {
                std::fs::copy(src, &path)?;
            }
        }
    }
    Ok(())
}
