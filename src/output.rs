//! The only module that writes to disk.
//!
//! A build's files are first written into a staging folder beside the output folder; only
//! when every file was written are they moved into place with renames. So a failed build (or
//! a full disk) leaves an existing `output/` exactly as it was.
//!
//! A rebuild writes only the files whose bytes changed and removes the files no longer
//! produced: on real disks creating files and folders dominates a build, and a one-release
//! edit should touch a handful of files, not all of them (issue 5).

use crate::render::FileData;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// A file in every output folder that marks it as Warta's to replace.
pub const MARKER: &str = ".warta-output";

/// Where a build leaves what the next build compares with (`render::Manifest`).
pub const MANIFEST: &str = ".warta-manifest.json";

/// Files of Warta's own in an output folder, not of the site: not counted as written.
fn is_bookkeeping(rel: &str) -> bool {
    rel == MARKER || rel == MANIFEST
}

const MARKER_TEXT: &[u8] = b"This folder is written by `warta build`, which replaces all of it.\n";

/// An output folder being rewritten. Files are handed to [`Writer::put`] as they are
/// rendered, from any thread, so a build never holds the whole site in memory: each goes
/// into a staging folder beside the output unless the output already holds those bytes.
/// [`Writer::commit`] then moves them into place and removes the files no longer produced.
/// Dropped without a commit, the writer removes its staging folder and the output is as it
/// was.
pub struct Writer {
    out: PathBuf,
    staging: PathBuf,
    /// The files the output holds now; `None` when it does not exist yet.
    existing: Option<BTreeSet<String>>,
    /// Files put into staging, and folders made there.
    changed: Mutex<BTreeSet<String>>,
    dirs: Mutex<BTreeSet<PathBuf>>,
    unchanged: AtomicUsize,
    committed: bool,
}

impl Writer {
    /// Checks that `out` may be replaced and prepares the staging folder.
    pub fn open(out: &Path) -> io::Result<Writer> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let existing = if out.exists() {
            if !out.is_dir() {
                return Err(io::Error::other(format!("{} exists and is not a folder", out.display())));
            }
            // A rebuild removes every file it did not produce. Only do that in a folder a build
            // made: `--output .` or `--output content` must never empty someone's site.
            if !out.join(MARKER).is_file() && std::fs::read_dir(out)?.next().is_some() {
                return Err(io::Error::other(format!(
                    "{} is not empty and was not made by `warta build`; choose another --output folder (a build replaces everything in it)",
                    out.display()
                )));
            }
            Some(list_files(out)?)
        } else {
            None
        };
        std::fs::create_dir_all(&staging)?;
        let writer = Writer {
            out: out.to_path_buf(),
            staging,
            existing,
            changed: Mutex::default(),
            dirs: Mutex::default(),
            unchanged: AtomicUsize::new(0),
            committed: false,
        };
        writer.put(MARKER, &FileData::Bytes(MARKER_TEXT.to_vec()))?;
        Ok(writer)
    }

    /// The files the output holds now (bookkeeping included); empty for a new output.
    pub fn existing(&self) -> impl Iterator<Item = &String> {
        self.existing.iter().flatten()
    }

    /// A file of the output as it is now.
    pub fn read_existing(&self, rel: &str) -> Option<Vec<u8>> {
        self.existing.as_ref().filter(|e| e.contains(rel)).and_then(|_| std::fs::read(self.out.join(rel)).ok())
    }

    /// Stages one file (relative path with `/`) unless the output already holds its bytes.
    pub fn put(&self, rel: &str, data: &FileData) -> io::Result<()> {
        let exists = self.existing.as_ref().is_some_and(|e| e.contains(rel));
        if exists && same_bytes(&self.out.join(rel), data)? {
            if !is_bookkeeping(rel) {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
            }
            return Ok(());
        }
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            // Marked as made only once it is: another thread may be writing into it next.
            let made = self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(dir);
            if !made {
                std::fs::create_dir_all(dir)?;
                self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
            }
        }
        match data {
            FileData::Bytes(bytes) => std::fs::write(&path, bytes)?,
            FileData::Copy(src) => {
                std::fs::copy(src, &path)?;
            }
        }
        self.changed.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
        Ok(())
    }

    /// Everything is staged: moves the changed files into place and removes every file of
    /// the output that is not in `all` (the paths of this build).
    pub fn commit(mut self, all: &BTreeSet<String>) -> io::Result<Written> {
        self.committed = true;
        let changed = std::mem::take(&mut *self.changed.lock().unwrap_or_else(|e| e.into_inner()));
        let written = changed.iter().filter(|p| !is_bookkeeping(p)).count();
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let Some(existing) = self.existing.take() else {
            // A first build: one rename.
            let result = std::fs::rename(&self.staging, &self.out);
            if result.is_err() {
                let _ = std::fs::remove_dir_all(&self.staging);
            }
            result?;
            return Ok(Written { written, unchanged, removed: 0 });
        };
        let out = &self.out;
        let result = (|| {
            for rel in &changed {
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
                std::fs::rename(self.staging.join(rel), &target)?;
            }
            let stale: Vec<&String> = existing.iter().filter(|p| !all.contains(*p) && p.as_str() != MARKER).collect();
            for rel in &stale {
                std::fs::remove_file(out.join(rel))?;
            }
            remove_emptied_dirs(out, &stale)?;
            Ok(Written { written, unchanged, removed: stale.len() })
        })();
        let _ = std::fs::remove_dir_all(&self.staging);
        result
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
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
    let files = crate::walk::files(root, false, &|rel, _| Ok(rel.to_string_lossy().replace('\\', "/")))?;
    Ok(files.into_iter().collect())
}

/// Removes the folders that removing the `removed` files left empty, deepest first. Only
/// their folders are looked at: walking the whole output again took a tenth of a second of
/// a quick rebuild of 16,000 files (issue 5).
fn remove_emptied_dirs(root: &Path, removed: &[&String]) -> io::Result<()> {
    let mut dirs = BTreeSet::new();
    for rel in removed {
        let mut dir = Path::new(rel.as_str()).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(d.to_path_buf());
            dir = d.parent();
        }
    }
    let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let full = root.join(d);
        if std::fs::read_dir(&full).is_ok_and(|mut entries| entries.next().is_none()) {
            std::fs::remove_dir(&full)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Files;

    /// Makes `out` hold exactly `files` (and the [`MARKER`]): a [`Writer`] used in one go, for
    /// the tests of this module (builds stream through a `Writer` as they render).
    fn write(out: &Path, files: &Files) -> io::Result<Written> {
        let writer = Writer::open(out)?;
        for (rel, data) in files {
            writer.put(rel, data)?;
        }
        writer.commit(&files.keys().cloned().collect())
    }

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
    fn a_writer_dropped_without_commit_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write(&out, &files(&[("a/index.html", "A")])).unwrap();
        let writer = Writer::open(&out).unwrap();
        writer.put("a/index.html", &FileData::Bytes(b"A2".to_vec())).unwrap();
        writer.put("b/index.html", &FileData::Bytes(b"B".to_vec())).unwrap();
        drop(writer);
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
        assert!(!out.join("b").exists());
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
