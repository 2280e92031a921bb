//! Lists the files under a folder on every core: a rebuild lists the 10,000 release files of
//! the content and the 16,000 files of the output, and one thread spends most of its time
//! waiting on the file system for each folder in turn. (`walkdir` is single-threaded; this is
//! the few lines of it a build needs, with rayon.)

use rayon::prelude::*;
use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};

/// What [`files`] calls for each file: with its path relative to the root, its type (a
/// symbolic link is one, not what it points to) and its metadata when asked for.
pub type Visit<'f, T> = dyn Fn(&Path, FileType, Option<&std::fs::Metadata>) -> io::Result<T> + Sync + 'f;

/// Every file (and symbolic link) under `root`, as `f(path relative to root, its type, its
/// metadata when `with_metadata`)`, sorted by relative path (component by component, as
/// `Path`s compare). Does not follow symbolic links.
pub fn files<T: Send>(root: &Path, with_metadata: bool, f: &Visit<T>) -> io::Result<Vec<T>> {
    let mut found = Vec::new();
    walk(root, PathBuf::new(), with_metadata, false, f)?.flatten_into(&mut found);
    Ok(found)
}

/// [`files`] without hidden ones: a file or folder whose name starts with `.` is left out,
/// with everything below it. Content folders hold such files that no one wrote as content:
/// macOS leaves `._name.md` (AppleDouble) and `.DS_Store` beside files copied from its
/// disks, editors leave `.name.md.swp`; Hugo and Zola skip them too. (`content/static/` is
/// listed whole: it publishes `.well-known/`.)
pub fn visible_files<T: Send>(root: &Path, f: &Visit<T>) -> io::Result<Vec<T>> {
    let mut found = Vec::new();
    walk(root, PathBuf::new(), false, true, f)?.flatten_into(&mut found);
    Ok(found)
}

/// Whether a file or folder name is hidden (starts with `.`), as [`visible_files`] skips.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// What one entry of a folder gave: a file, or everything below a folder.
enum Found<T> {
    File(T),
    Below(Vec<Found<T>>),
}

impl<T> Found<T> {
    fn flatten_into(self, out: &mut Vec<T>) {
        match self {
            Found::File(t) => out.push(t),
            Found::Below(all) => all.into_iter().for_each(|found| found.flatten_into(out)),
        }
    }
}

/// A folder's entries in the order of their names, each folder among them walked in turn
/// where its name sorts: that is the order of the whole paths, with no sort of them.
fn walk<T: Send>(dir: &Path, rel: PathBuf, with_metadata: bool, skip_hidden: bool, f: &Visit<T>) -> io::Result<Found<T>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if skip_hidden && is_hidden(&entry.file_name()) {
            continue;
        }
        let kind = entry.file_type()?;
        entries.push((entry.file_name(), kind, entry));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let found: io::Result<Vec<Found<T>>> = entries
        .into_par_iter()
        .map(|(name, kind, entry)| {
            let rel = rel.join(name);
            if kind.is_dir() {
                walk(&entry.path(), rel, with_metadata, skip_hidden, f)
            } else {
                let meta = if with_metadata { Some(entry.metadata()?) } else { None };
                f(&rel, kind, meta.as_ref()).map(Found::File)
            }
        })
        .collect();
    found.map(Found::Below)
}

#[cfg(test)]
mod tests {
    #[test]
    fn files_come_in_the_order_of_their_paths() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["a/x", "a-b", "a/c/z", "b", "a/c-d", "A"] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let found = super::files(dir.path(), false, &|rel, _, _| Ok(rel.to_path_buf())).unwrap();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted);
        assert_eq!(found.len(), 6);
    }

    #[test]
    fn visible_files_leave_out_hidden_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["a.md", "._a.md", ".DS_Store", ".hidden/b.md", "x/.c.md.swp", "x/c.md"] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let list = |found: Vec<std::path::PathBuf>| found.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect::<Vec<_>>();
        let visible = super::visible_files(dir.path(), &|rel, _, _| Ok(rel.to_path_buf())).unwrap();
        assert_eq!(list(visible), ["a.md", "x/c.md"]);
        // `files` lists them all (the output's `.well-known/`, the build cache's stamps).
        assert_eq!(super::files(dir.path(), false, &|rel, _, _| Ok(rel.to_path_buf())).unwrap().len(), 6);
    }
}
