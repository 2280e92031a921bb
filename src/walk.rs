//! Lists the files under a folder on every core: a rebuild lists the 10,000 release files of
//! the content and the 16,000 files of the output, and one thread spends most of its time
//! waiting on the file system for each folder in turn. (`walkdir` is single-threaded; this is
//! the few lines of it a build needs, with rayon.)

use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// Every file (and symbolic link) under `root`, as `f(path relative to root, its metadata
/// when `with_metadata`)`, sorted by relative path. Does not follow symbolic links.
pub fn files<T: Send>(root: &Path, with_metadata: bool, f: &(dyn Fn(&Path, Option<&std::fs::Metadata>) -> io::Result<T> + Sync)) -> io::Result<Vec<T>> {
    let mut found = Vec::new();
    walk(root, PathBuf::new(), with_metadata, f, &mut found)?;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.into_iter().map(|(_, t)| t).collect())
}

fn walk<T: Send>(
    dir: &Path,
    rel: PathBuf,
    with_metadata: bool,
    f: &(dyn Fn(&Path, Option<&std::fs::Metadata>) -> io::Result<T> + Sync),
    found: &mut Vec<(PathBuf, T)>,
) -> io::Result<()> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let rel = rel.join(entry.file_name());
        if kind.is_dir() {
            dirs.push((entry.path(), rel));
        } else {
            let meta = if with_metadata { Some(entry.metadata()?) } else { None };
            let t = f(&rel, meta.as_ref())?;
            found.push((rel, t));
        }
    }
    let below: Vec<io::Result<Vec<(PathBuf, T)>>> = dirs
        .into_par_iter()
        .map(|(path, rel)| {
            let mut found = Vec::new();
            walk(&path, rel, with_metadata, f, &mut found).map(|()| found)
        })
        .collect();
    for b in below {
        found.extend(b?);
    }
    Ok(())
}
