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
use std::collections::{BTreeMap, BTreeSet, HashSet};
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

/// What an output folder held when the last build into it ended, so that the next build
/// need not list 16,000 files in 15,000 folders to know it (issue 5): its files, and a stamp
/// of every folder below its top. A file added to or removed from a folder changes the
/// folder's modification time, so the next build stats the folders instead of listing
/// them; any folder whose stamp changed means the whole output is listed again. The top
/// folder is always listed. A folder modified in the same tick of the file clock as the
/// listing was made (git's "racily clean" case) may change again without its time changing:
/// those folders are listed too. The clock's tick is the [`MARKER`]'s: it is written again
/// (in place, same bytes) once the folders are stamped, and its time recorded.
///
/// The listing is kept outside the output (in the build cache), whose bytes it would
/// otherwise make differ from build to build.
///
/// Written from borrowed paths (`Listing<&str>`, same bytes), read into owned ones.
#[derive(serde::Serialize, serde::Deserialize)]
struct Listing<S = String> {
    /// The [`MARKER`]'s modification time once the folders were stamped.
    marker_ns: i128,
    /// Every file, with `/`, sorted.
    files: Vec<S>,
    /// Every folder below the top, with `/`, sorted.
    dirs: Vec<(S, DirStamp)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct DirStamp {
    modified_ns: i128,
    inode: u64,
}

/// The stamps of the folders `dirs` (relative to `out`, with `/`), in their order; on Unix
/// each looked up from its parent folder, opened once for many: most of the time of
/// stamping 15,000 folders by their whole paths went on walking the same first components
/// again (`fstatat` is not in std).
#[cfg(unix)]
fn dir_stamps(out: &Path, dirs: &[&str]) -> Vec<io::Result<DirStamp>> {
    use rayon::prelude::*;
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    let mut by_parent: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, dir) in dirs.iter().enumerate() {
        by_parent.entry(dir.rsplit_once('/').map_or("", |(parent, _)| parent)).or_default().push(i);
    }
    // Parts of at most 256 folders, so that the 10,000 folders below `releases/` are
    // stamped on every core.
    let parts: Vec<(&str, &[usize])> = by_parent.iter().flat_map(|(parent, all)| all.chunks(256).map(move |part| (*parent, part))).collect();
    let stamped: Vec<Vec<(usize, io::Result<DirStamp>)>> = parts
        .par_iter()
        .map(|(parent, part)| {
            let opened = rustix::fs::open(out.join(parent), OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty());
            part.iter()
                .map(|&i| {
                    let name = dirs[i].rsplit_once('/').map_or(dirs[i], |(_, name)| name);
                    let stat = match &opened {
                        Ok(fd) => rustix::fs::statat(fd, name, AtFlags::SYMLINK_NOFOLLOW).map_err(io::Error::from),
                        Err(e) => Err(io::Error::from(*e)),
                    };
                    let stamp = stat.and_then(|st| {
                        if FileType::from_raw_mode(st.st_mode) != FileType::Directory {
                            return Err(io::Error::other("not a folder"));
                        }
                        Ok(DirStamp { modified_ns: i128::from(st.st_mtime) * 1_000_000_000 + i128::from(st.st_mtime_nsec), inode: st.st_ino })
                    });
                    (i, stamp)
                })
                .collect()
        })
        .collect();
    let mut all: Vec<Option<io::Result<DirStamp>>> = (0..dirs.len()).map(|_| None).collect();
    for (i, stamp) in stamped.into_iter().flatten() {
        all[i] = Some(stamp);
    }
    all.into_iter().map(|s| s.unwrap_or_else(|| Err(io::Error::other("not stamped")))).collect()
}

#[cfg(not(unix))]
fn dir_stamps(out: &Path, dirs: &[&str]) -> Vec<io::Result<DirStamp>> {
    use rayon::prelude::*;
    dirs.par_iter()
        .map(|dir| {
            let meta = std::fs::symlink_metadata(out.join(dir))?;
            if !meta.is_dir() {
                return Err(io::Error::other("not a folder"));
            }
            Ok(DirStamp { modified_ns: modified_ns(&meta), inode: 0 })
        })
        .collect()
}

fn modified_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified().ok().map_or(0, |t| match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    })
}

/// The files of `out` as its [`Listing`] says, if every folder is as the listing left it;
/// `None` when there is no listing or anything changed (the caller then lists the output).
fn recorded_files(out: &Path, listing: &Path) -> Option<(BTreeSet<String>, BTreeMap<String, DirStamp>)> {
    use rayon::prelude::*;
    let listing: Listing = postcard::from_bytes(&std::fs::read(listing).ok()?).ok()?;
    let written_ns = listing.marker_ns;
    if modified_ns(&std::fs::metadata(out.join(MARKER)).ok()?) != written_ns {
        return None;
    }
    let names: Vec<&str> = listing.dirs.iter().map(|(rel, _)| rel.as_str()).collect();
    let mut racy: Vec<&str> = Vec::new();
    for ((rel, stamp), now) in listing.dirs.iter().zip(dir_stamps(out, &names)) {
        if now.ok()? != *stamp {
            return None;
        }
        if stamp.modified_ns >= written_ns {
            racy.push(rel);
        }
    }
    let names_in = |dir: &Path| -> Option<BTreeSet<String>> {
        std::fs::read_dir(dir).ok()?.map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned())).collect()
    };
    let entries = || listing.files.iter().chain(listing.dirs.iter().map(|(d, _)| d));
    let top: BTreeSet<String> = entries().filter(|rel| !rel.contains('/')).cloned().collect();
    if names_in(out)? != top {
        return None;
    }
    if !racy.is_empty() {
        let mut children: BTreeMap<&str, BTreeSet<String>> = racy.iter().map(|d| (*d, BTreeSet::new())).collect();
        for rel in entries() {
            if let Some((dir, name)) = rel.rsplit_once('/') {
                if let Some(names) = children.get_mut(dir) {
                    names.insert(name.to_string());
                }
            }
        }
        if !children.par_iter().all(|(dir, names)| names_in(&out.join(dir)).is_some_and(|now| now == *names)) {
            return None;
        }
    }
    let Listing { files, dirs, .. } = listing;
    Some((files.into_iter().collect(), dirs.into_iter().collect()))
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
    /// Where the [`Listing`] of this output is kept, if anywhere.
    listing: Option<PathBuf>,
    /// The stamps of the output's folders as the [`Listing`] recorded and this build found
    /// them (empty when the output was listed).
    dir_stamps: BTreeMap<String, DirStamp>,
    /// Files put into staging (in the order they were put: sorted at the commit), and
    /// folders made there (relative, with `/`). Hashed and pushed, not kept in order: with
    /// 16,000 files of long shared prefixes, ordered sets spent 2% of a build comparing
    /// paths (issue 6).
    changed: Mutex<Vec<String>>,
    dirs: Mutex<HashSet<String>>,
    unchanged: AtomicUsize,
    committed: bool,
}

impl Writer {
    /// Checks that `out` may be replaced and prepares the staging folder.
    /// `listing`: where the [`Listing`] of `out` is kept between builds (none: `out` is
    /// listed).
    pub fn open(out: &Path, listing: Option<&Path>) -> io::Result<Writer> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let mut dir_stamps = BTreeMap::new();
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
            match listing.and_then(|l| recorded_files(out, l)) {
                Some((files, stamps)) => {
                    dir_stamps = stamps;
                    Some(files)
                }
                None => Some(list_files(out)?),
            }
        } else {
            None
        };
        std::fs::create_dir_all(&staging)?;
        let writer = Writer {
            out: out.to_path_buf(),
            staging,
            existing,
            listing: listing.map(Path::to_path_buf),
            dir_stamps,
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
        if let Some((dir, _)) = rel.rsplit_once('/') {
            // Marked as made only once it is: another thread may be writing into it next.
            let made = self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(dir);
            if !made {
                std::fs::create_dir_all(self.staging.join(dir))?;
                self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_string());
            }
        }
        match data {
            FileData::Bytes(bytes) => std::fs::write(&path, bytes)?,
            FileData::Copy(src) => {
                std::fs::copy(src, &path)?;
            }
        }
        self.changed.lock().unwrap_or_else(|e| e.into_inner()).push(rel.to_string());
        Ok(())
    }

    /// Everything is staged: moves the changed files into place and removes every file of
    /// the output that is not in `all` (the paths of this build).
    pub fn commit(mut self, all: &BTreeSet<String>) -> io::Result<Written> {
        self.committed = true;
        // The last listing goes first: if this commit stops half-way, the next build lists.
        if let Some(listing) = &self.listing {
            match std::fs::remove_file(listing) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        let mut changed = std::mem::take(&mut *self.changed.lock().unwrap_or_else(|e| e.into_inner()));
        let first = self.existing.is_none();
        if !first {
            // An update moves the files one by one, each once, in path order.
            changed.sort_unstable();
            changed.dedup();
        }
        let moved = self.move_into_place(&changed, all)?;
        // Only a speed-up for the next build: an output without it is listed.
        if let Some(listing) = &self.listing {
            let _ = self.record(listing, all, &changed, &moved.removed_paths);
        }
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        // A first build staged every file of `all` (the output held none to keep) and moved
        // the staging folder whole: `all` counts them, which spares sorting (or hashing) every
        // staged path, 160,000 of them and 60 ms at 100,000 releases.
        let written = if first { all.iter().filter(|p| !is_bookkeeping(p)).count() } else { changed.iter().filter(|p| !is_bookkeeping(p)).count() };
        // Nothing waits for the paths to be freed.
        let dirs = std::mem::take(&mut *self.dirs.lock().unwrap_or_else(|e| e.into_inner()));
        crate::free_later((changed, dirs));
        Ok(Written { written, unchanged, removed: moved.removed_paths.len() })
    }

    /// Writes the [`Listing`] of the output as this build leaves it: the files of `all`,
    /// and a stamp of every folder below the top (those this build did not touch keep the
    /// stamp it found).
    fn record(&self, to: &Path, all: &BTreeSet<String>, changed: &[String], removed: &[String]) -> io::Result<()> {
        // Every folder, with the stamp it had when the build began if it has one still.
        let dirs: Vec<(&str, Option<DirStamp>)> = if self.dir_stamps.is_empty() {
            // Every file this build staged is one of `all` (or the marker, in no folder).
            debug_assert!(changed.iter().all(|rel| rel == MARKER || all.contains(rel)), "a staged file the build does not name");
            // `all` and `removed` are sorted, which [`folders`] takes each folder once from:
            // an ordered map of the 35,000 folders of a first build's 16,000 files, one
            // insert per file and folder, took 20-25 ms at the end of the build (issue 6).
            let mut dirs = folders(all.iter().map(String::as_str));
            dirs.extend(folders(removed.iter().map(String::as_str)));
            dirs.sort_unstable();
            dirs.dedup();
            dirs.into_iter().map(|dir| (dir, None)).collect()
        } else {
            // The folders of the last listing and those of the files moved in; a folder
            // that removing files emptied is gone, which its stamp finds.
            let mut dirs: BTreeMap<&str, Option<DirStamp>> = self.dir_stamps.iter().map(|(dir, stamp)| (dir.as_str(), Some(*stamp))).collect();
            for rel in changed.iter().chain(removed) {
                for dir in ancestors(rel) {
                    dirs.insert(dir, None);
                }
            }
            dirs.into_iter().collect()
        };
        let unstamped: Vec<&str> = dirs.iter().filter(|(_, stamp)| stamp.is_none()).map(|(dir, _)| *dir).collect();
        let mut fresh = dir_stamps(&self.out, &unstamped).into_iter();
        let dirs: io::Result<Vec<Option<(&str, DirStamp)>>> = dirs
            .into_iter()
            .map(|(dir, stamp)| match stamp.map_or_else(|| fresh.next().unwrap_or_else(|| Err(io::Error::other("not stamped"))), Ok) {
                Ok(stamp) => Ok(Some((dir, stamp))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            })
            .collect();
        // The marker is in every output, whether or not the caller names it.
        let mut files: Vec<&str> = all.iter().map(String::as_str).collect();
        if let Err(at) = files.binary_search(&MARKER) {
            files.insert(at, MARKER);
        }
        let dirs = dirs?.into_iter().flatten().collect();
        // The tick of the file clock after the stamps: written in place, the marker changes
        // no folder.
        let marker = self.out.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT)?;
        let marker_ns = modified_ns(&std::fs::metadata(&marker)?);
        let listing = Listing { marker_ns, files, dirs };
        let bytes = postcard::to_allocvec(&listing).map_err(io::Error::other)?;
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut tmp = to.to_path_buf().into_os_string();
        tmp.push(format!(".{}.tmp", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, to)
    }

    /// Moves the staged files into place and removes the files of the output not in `all`.
    fn move_into_place(&mut self, changed: &[String], all: &BTreeSet<String>) -> io::Result<Moved> {
        let Some(existing) = self.existing.take() else {
            // A first build: one rename.
            let result = std::fs::rename(&self.staging, &self.out);
            if result.is_err() {
                let _ = std::fs::remove_dir_all(&self.staging);
            }
            result?;
            return Ok(Moved { removed_paths: Vec::new() });
        };
        let out = &self.out;
        let result = (|| {
            for rel in changed {
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
            Ok(Moved { removed_paths: stale.into_iter().cloned().collect() })
        })();
        let _ = std::fs::remove_dir_all(&self.staging);
        result
    }
}

/// The folders the paths of `sorted` are in, each once (in no particular order). The paths
/// in a folder are next to each other in sorted order, so each path's folders are taken
/// only up to the first that the path before it is in too: that one and those around it
/// are taken already.
fn folders<'a>(sorted: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut dirs = Vec::new();
    let mut before = "";
    for rel in sorted {
        for dir in ancestors(rel) {
            if before.len() > dir.len() && before.starts_with(dir) && before.as_bytes()[dir.len()] == b'/' {
                break;
            }
            dirs.push(dir);
        }
        before = rel;
    }
    dirs
}

/// The folders a relative path is in, innermost first (`a/b/c` → `a/b`, `a`).
fn ancestors(mut rel: &str) -> impl Iterator<Item = &str> {
    std::iter::from_fn(move || {
        let (dir, _) = rel.rsplit_once('/')?;
        rel = dir;
        Some(dir)
    })
}

/// What [`Writer::move_into_place`] removed.
struct Moved {
    removed_paths: Vec<String>,
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
    let files = crate::walk::files(root, false, &|rel, _, _| Ok(rel.to_string_lossy().replace('\\', "/")))?;
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
        let writer = Writer::open(out, None)?;
        for (rel, data) in files {
            writer.put(rel, data)?;
        }
        writer.commit(&files.keys().cloned().collect())
    }

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter().map(|(p, c)| (p.to_string(), FileData::Bytes(c.as_bytes().to_vec()))).collect()
    }

    #[test]
    fn the_folders_of_sorted_paths_are_every_ancestor_once() {
        // Neighbours that sort between a folder's files and its name (`-`, `.` sort before
        // `/`, `0` after it), files at every depth, and a folder with only folders in it.
        let paths: BTreeSet<&str> = [
            "a/b/x.html",
            "a/b/c/d/e.html",
            "a/b-c/y.html",
            "a/b.c",
            "a/b0/z.html",
            "a/bc/page/2/index.html",
            "a/bc/page/3/index.html",
            "index.html",
            "z/index.html",
            "z/z/z/z.html",
        ]
        .into();
        let every: BTreeSet<&str> = paths.iter().flat_map(|p| ancestors(p)).collect();
        let mut taken = folders(paths.iter().copied());
        let n = taken.len();
        taken.sort_unstable();
        taken.dedup();
        assert_eq!(taken.len(), n, "a folder taken twice: {taken:?}");
        assert_eq!(taken.into_iter().collect::<BTreeSet<_>>(), every);
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
        let writer = Writer::open(&out, None).unwrap();
        writer.put("a/index.html", &FileData::Bytes(b"A2".to_vec())).unwrap();
        writer.put("b/index.html", &FileData::Bytes(b"B".to_vec())).unwrap();
        drop(writer);
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
        assert!(!out.join("b").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left: {leftovers:?}");
    }

    /// [`write`] through a [`Listing`] kept at `listing`.
    fn write_listed(out: &Path, listing: &Path, files: &Files) -> Writer {
        let writer = Writer::open(out, Some(listing)).unwrap();
        for (rel, data) in files {
            writer.put(rel, data).unwrap();
        }
        writer.commit(&files.keys().cloned().collect()).unwrap();
        Writer::open(out, Some(listing)).unwrap()
    }

    fn set_modified(path: &Path, ns: i128) {
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(ns as u64);
        std::fs::File::open(path).unwrap().set_modified(time).unwrap();
    }

    #[test]
    fn a_listing_spares_listing_the_output_and_still_sees_files_changed_by_hand() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, listing) = (tmp.path().join("out"), tmp.path().join("cache/listing.bin"));
        let site = files(&[("index.html", "I"), ("a/index.html", "A"), ("b/c/index.html", "C")]);
        let has = |w: &Writer, rel: &str| w.existing().any(|p| p == rel);
        let w = write_listed(&out, &listing, &site);
        assert!(!w.dir_stamps.is_empty(), "the folders were stamped, not listed");
        assert_eq!(w.existing().count(), 4, "the three files and the marker");
        drop(w);
        // Removed by hand: its folder's time changed, and the output is listed.
        std::fs::remove_file(out.join("b/c/index.html")).unwrap();
        let w = Writer::open(&out, Some(&listing)).unwrap();
        assert!(w.dir_stamps.is_empty() && !has(&w, "b/c/index.html"));
        drop(w);
        // Added at the top, which is always listed.
        let w = write_listed(&out, &listing, &site);
        drop(w);
        std::fs::write(out.join("extra.html"), "X").unwrap();
        assert!(has(&Writer::open(&out, Some(&listing)).unwrap(), "extra.html"));
        std::fs::remove_file(out.join("extra.html")).unwrap();
        // Added in the same tick of the file clock as the listing was made: the folder's
        // time is the one recorded, and only listing it finds the file.
        drop(write_listed(&out, &listing, &site));
        let mut recorded: Listing = postcard::from_bytes(&std::fs::read(&listing).unwrap()).unwrap();
        let a = recorded.dirs.iter().find(|(d, _)| d == "a").unwrap().1;
        std::fs::write(out.join("a/extra.html"), "X").unwrap();
        set_modified(&out.join("a"), a.modified_ns);
        set_modified(&out.join(MARKER), a.modified_ns);
        recorded.marker_ns = a.modified_ns;
        std::fs::write(&listing, postcard::to_allocvec(&recorded).unwrap()).unwrap();
        let w = Writer::open(&out, Some(&listing)).unwrap();
        assert!(has(&w, "a/extra.html"), "a racy folder is listed");
        // A build through the listing leaves what a build without it does.
        drop(w);
        drop(write_listed(&out, &listing, &site));
        assert!(!out.join("a/extra.html").exists());
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
