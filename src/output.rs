//! The only module that writes to disk.
//!
//! A build's files are first written into a staging folder beside the output folder; only
//! when every file was written are they moved into place with renames. So a failed build (or
//! a full disk) leaves an existing `output/` exactly as it was.
//!
//! A rebuild writes only the files whose bytes changed and removes the files no longer
//! produced: on real disks creating files and folders dominates a build, and a one-release
//! edit should touch a handful of files, not all of them (issue 5).

use crate::render::{FileData, Files};
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// A file in every output folder that marks it as Warta's to replace.
pub const MARKER: &str = ".warta-output";

/// Makes `out` hold exactly `files` (and the [`MARKER`]).
pub fn write(out: &Path, files: &Files) -> io::Result<Written> {
    let mut with_marker = files.clone();
    with_marker.insert(MARKER.to_string(), FileData::Bytes(b"This folder is written by `warta build`, which replaces all of it.\n".to_vec()));
    let files = &with_marker;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);

    if !out.exists() {
        // A first build: write everything aside, then one rename.
        if let Err(e) = write_files(&staging, files.iter()) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        std::fs::rename(&staging, out)?;
        return Ok(Written { written: files.len() - 1, ..Written::default() });
    }
    if !out.is_dir() {
        return Err(io::Error::other(format!("{} exists and is not a folder", out.display())));
    }
    // A rebuild removes every file it did not produce. Only do that in a folder a build made:
    // `--output .` or `--output content` must never empty someone's site.
    if !out.join(MARKER).is_file() && std::fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} is not empty and was not made by `warta build`; choose another --output folder (a build replaces everything in it)",
            out.display()
        )));
    }

    let existing = list_files(out)?;
    let mut changed = Vec::new();
    for (rel, data) in files {
        if !existing.contains(rel) || !same_bytes(&out.join(rel), data)? {
            changed.push((rel, data));
        }
    }
    if let Err(e) = write_files(&staging, changed.iter().copied()) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    // Everything is on disk: move the changed files into place and drop the stale ones.
    for (rel, _) in &changed {
        let target = out.join(rel);
        if let Some(dir) = target.parent() {
            if dir.is_file() {
                std::fs::remove_file(dir)?;
            }
            std::fs::create_dir_all(dir)?;
        }
        if target.is_dir() {
            std::fs::remove_dir_all(&target)?;
        }
        std::fs::rename(staging.join(rel), &target)?;
    }
    let stale: Vec<&String> = existing.iter().filter(|p| !files.contains_key(*p)).collect();
    for rel in &stale {
        std::fs::remove_file(out.join(rel))?;
    }
    remove_empty_dirs(out)?;
    let _ = std::fs::remove_dir_all(&staging);
    // The marker is not a file of the site: it is not counted.
    let marker_written = usize::from(changed.iter().any(|(rel, _)| rel.as_str() == MARKER));
    Ok(Written { written: changed.len() - marker_written, unchanged: files.len() - changed.len() - (1 - marker_written), removed: stale.len() })
}

fn write_files<'a>(root: &Path, files: impl Iterator<Item = (&'a String, &'a FileData)>) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    for (rel, data) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            if made.insert(dir.to_path_buf()) {
                std::fs::create_dir_all(dir)?;
            }
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

/// Whether the file at `path` already holds `data` (sizes first, so most differences cost
/// no read).
fn same_bytes(path: &Path, data: &FileData) -> io::Result<bool> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(false) };
    match data {
        FileData::Bytes(bytes) => Ok(meta.len() == bytes.len() as u64 && std::fs::read(path)? == *bytes),
        FileData::Copy(src) => {
            let src_len = std::fs::metadata(src)?.len();
            Ok(meta.len() == src_len && std::fs::read(path)? == std::fs::read(src)?)
        }
    }
}

/// Every file under `root`, as `/`-separated relative paths.
fn list_files(root: &Path) -> io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            out.insert(entry.path().strip_prefix(root).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(out)
}

fn remove_empty_dirs(root: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(root).contents_first(true).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() && std::fs::read_dir(entry.path())?.next().is_none() {
            std::fs::remove_dir(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter().map(|(p, c)| (p.to_string(), FileData::Bytes(c.as_bytes().to_vec()))).collect()
    }

    #[test]
    fn rewrites_only_what_changed_and_removes_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let w = write(&out, &files(&[("a/index.html", "A"), ("b/index.html", "B"), ("c.css", "C")])).unwrap();
        assert_eq!(w.written, 3);
        let w = write(&out, &files(&[("a/index.html", "A"), ("b/index.html", "B2"), ("d/e/index.html", "E")])).unwrap();
        assert_eq!(w, Written { written: 2, unchanged: 1, removed: 1 });
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "B2");
        assert!(!out.join("c.css").exists());
        assert_eq!(std::fs::read_to_string(out.join("d/e/index.html")).unwrap(), "E");
        let w = write(&out, &files(&[("a/index.html", "A")])).unwrap();
        assert_eq!(w.removed, 2);
        assert!(!out.join("d").exists(), "empty folders go too");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left: {leftovers:?}");
    }

    #[test]
    fn never_empties_a_folder_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("precious.md"), "mine").unwrap();
        let err = write(tmp.path(), &files(&[("index.html", "A")])).unwrap_err();
        assert!(err.to_string().contains("was not made by `warta build`"), "{err}");
        assert_eq!(std::fs::read_to_string(tmp.path().join("precious.md")).unwrap(), "mine");
        // An empty folder is fine, and is then Warta's.
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write(&empty, &files(&[("index.html", "A")])).unwrap();
        write(&empty, &files(&[("index.html", "B")])).unwrap();
        assert_eq!(std::fs::read_to_string(empty.join("index.html")).unwrap(), "B");
    }
}
