//! The build cache: what one `warta build` leaves in `<site>/.warta-cache/` so that the next
//! one does not parse and check releases whose files did not change, nor analyse their text
//! again for the search index.
//!
//! Its files:
//! - `releases.bin`: a [`Snapshot`]: every release as the last load made it (parsed, merged,
//!   checked, with the datasets its shortcodes cite), the number of warnings each gave, a
//!   stamp (size, modification time, inode) of every file under `content/`, and where each
//!   release file's text is in `texts`;
//! - `texts`: the text of the release files one after the other, mapped into memory (not
//!   read) and shared by every body; a build appends the texts that changed;
//! - `search.bin`: the search index's analysis of every document ([`SearchWriter`]);
//! - `output-<hash>.bin`, one per output folder built into: its files and a stamp of each of
//!   its folders, written and read by `output::Writer` ([`output_listing`]).
//!
//! A load reuses the snapshot only when nothing but release files changed and no release
//! file was added or removed; then it parses and checks only the releases with a changed
//! file (`load::load_cached`). Anything else (site.toml, the directory, a dataset, a page, a
//! static file, a new release) loads everything, as a build without a cache does.
//!
//! The cache is an input cache: it depends on the site folder and the program, not on the
//! output or the options, so it lives beside `content/` (like `.jekyll-cache`) and a build
//! into another output folder shares it (only the output listings are per folder, and they
//! only spare listing the folder: what a build makes never depends on them). It changes
//! only after a build rendered (while its output is committed): its files are written to
//! temporary files while the pages render ([`prepare`], [`SearchWriter`]) and renamed into
//! place by [`write`] (new texts are appended to `texts` then, which leaves what the last
//! `releases.bin` points at as it was). A cache that cannot be read (another build of
//! Warta, a damaged file, a body whose text does not match its hash) is ignored.
//!
//! Written with `postcard` (serde, compact, no schema): at 10,000 releases `releases.bin` is
//! 5 MB (decoded in parts, on every core) and `texts` 51 MB (mapped, not read), together
//! read back in about a tenth of the time parsing the TOML and checking the bodies takes.

use crate::content::Release;
use crate::search;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The folder, below the site folder.
pub const DIR: &str = ".warta-cache";
const FILE: &str = "releases.bin";
/// The text of release files, one after the other (UTF-8, read in one piece). A build
/// appends the texts that changed and rewrites the file only when most of it is texts no
/// release uses any more; `releases.bin` says where each text is.
const TEXTS_FILE: &str = "texts";
const SEARCH_FILE: &str = "search.bin";
/// Bumped whenever the content model or this layout changes.
const FORMAT: u32 = 3;
/// A file modified this close to (or after) the moment its stamp was taken could change
/// again, after the load read it, without changing its stamp: file times tick in
/// milliseconds (seconds on some file systems), so an edit in the same tick leaves the same
/// size and time (git's "racily clean" files). Such a file's stamp also holds a hash of its
/// bytes, which the next build compares.
const RACY_NS: i128 = 2_000_000_000;

/// What a file looked like when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
    pub inode: u64,
    /// For a file modified within [`RACY_NS`] of the stamp: a hash of its bytes then.
    pub racy_hash: Option<u64>,
}

/// Everything under `content/` when a load began, and what the load found.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Files {
    /// When the stamps were taken (nanoseconds since the Unix epoch).
    pub taken_ns: i128,
    /// Every file under `content/`, by its path relative to the site folder (with `/`),
    /// sorted.
    pub stamps: Vec<(String, Stamp)>,
    /// Per release slug, how many warnings its files gave.
    pub warnings: BTreeMap<String, usize>,
}

/// The last build's releases, with the files they came from.
pub struct Snapshot {
    pub files: Files,
    pub releases: Vec<Release>,
    /// The texts file their bodies are parts of, for the next [`write`] to append to.
    pub texts: Texts,
}

/// A texts file as read: its first line names it, so that `releases.bin` is never read with
/// another one.
#[derive(Clone)]
pub struct Texts {
    name: String,
    buf: std::sync::Arc<memmap2::Mmap>,
}

/// The head of [`FILE`], borrowed, for writing (postcard writes fields in order and nothing
/// else, so [`HeadRef`] and [`Head`] read and write the same bytes). The releases follow it
/// in [`RELEASES_PER_PART`] parts, each a postcard `Vec<Release>` of `part_lens[i]` bytes:
/// parts are written and read on every core.
#[derive(Serialize)]
struct HeadRef<'a> {
    format: u32,
    program: &'a str,
    files: &'a Files,
    texts: &'a str,
    text_ranges: &'a [(usize, usize)],
    part_lens: &'a [usize],
}

#[derive(Deserialize)]
struct Head {
    format: u32,
    program: String,
    files: Files,
    /// The first line of the [`TEXTS_FILE`] the ranges are in.
    texts: String,
    /// Where every entry's file is in [`TEXTS_FILE`], in the order of the releases and their
    /// entries (a body's `source` is not serialized with it).
    text_ranges: Vec<(usize, usize)>,
    part_lens: Vec<usize>,
}

/// How many releases one part of [`FILE`] holds: decoding 10,000 releases took a single
/// thread 50 ms, most of a rebuild's wait for its cache.
const RELEASES_PER_PART: usize = 500;

/// The program that wrote a cache: another build of Warta may load differently.
fn program() -> String {
    let exe = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok());
    let stamp = exe.map(|m| (m.len(), m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_nanos())));
    format!("{} {FORMAT} {stamp:?}", env!("CARGO_PKG_VERSION"))
}

/// Reads the cache of the site in `root`, if there is one this program wrote.
pub fn read(root: &Path) -> Option<Snapshot> {
    let (snapshot, texts) = rayon::join(|| read_releases(&root.join(DIR).join(FILE)), || map(&root.join(DIR).join(TEXTS_FILE)).ok());
    let ((head, mut releases), buf) = (snapshot?, std::sync::Arc::new(texts?));
    // The two files belong together (a build stopped between writing them leaves the last
    // ones, or a texts file with more at its end).
    if buf.split(|&b| b == b'\n').next() != Some(head.texts.as_bytes()) {
        return None;
    }
    let Head { files, texts: name, text_ranges, .. } = head;
    let mut entries: Vec<&mut crate::content::Entry> = releases.iter_mut().flat_map(|r| r.entries.values_mut().map(|e| &mut **e)).collect();
    if entries.len() != text_ranges.len() {
        return None;
    }
    // What the file system kept is what was written (after a crash, say): every body is
    // UTF-8 (`Source::part_of` checks) and has the hash it had.
    use rayon::prelude::*;
    let whole = entries.par_iter_mut().zip(text_ranges).all(|(e, (start, end))| match crate::content::Source::part_of(&buf, start..end) {
        Some(source) => {
            e.body.source = source;
            xxhash_rust::xxh3::xxh3_64(e.body.text().as_bytes()) == e.body.hash
        }
        None => false,
    });
    drop(entries);
    whole.then_some(Snapshot { files, releases, texts: Texts { name, buf } })
}

/// The head and the releases of [`FILE`], if this program wrote it.
fn read_releases(path: &Path) -> Option<(Head, Vec<Release>)> {
    use rayon::prelude::*;
    let bytes = std::fs::read(path).ok()?;
    let (head, mut rest): (Head, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    if head.format != FORMAT || head.program != program() {
        return None;
    }
    let mut parts = Vec::with_capacity(head.part_lens.len());
    for &len in &head.part_lens {
        let (part, more) = rest.split_at_checked(len)?;
        parts.push(part);
        rest = more;
    }
    let parts: Option<Vec<Vec<Release>>> = parts.into_par_iter().map(|part| postcard::from_bytes(part).ok()).collect();
    Some((head, parts?.into_iter().flatten().collect()))
}

/// Where the listing of the output folder `out` is kept (see `output::Writer`): one file per
/// output folder a site is built into, named by a hash of the folder's absolute path.
pub fn output_listing(root: &Path, out: &Path) -> std::path::PathBuf {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(out.to_string_lossy().as_bytes());
    root.join(DIR).join(format!("output-{key:016x}.bin"))
}

/// How many output listings ([`output_listing`]) a cache keeps: a site built into many
/// folders (previews into temporary ones, say) would otherwise gather one per folder.
const OUTPUT_LISTINGS_KEPT: usize = 8;

/// Removes all but the [`OUTPUT_LISTINGS_KEPT`] newest output listings of the cache in `dir`.
fn prune_output_listings(dir: &Path) -> std::io::Result<()> {
    let mut listings: Vec<(std::time::SystemTime, std::path::PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("output-") && name.ends_with(".bin") {
            listings.push((entry.metadata()?.modified()?, entry.path()));
        }
    }
    listings.sort_by(|a, b| b.cmp(a));
    for (_, path) in listings.into_iter().skip(OUTPUT_LISTINGS_KEPT) {
        std::fs::remove_file(path)?;
    }
    Ok(())
}

/// Maps a file into memory, read-only. (Reading in every page at once, `populate`, was
/// slower: the kernel's read-ahead on first touch costs less than mapping 12,000 pages.)
fn map(path: &Path) -> std::io::Result<memmap2::Mmap> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the mapping is read-only and private. The build cache never changes a texts
    // file in place (it appends, or writes a new file and renames it over the old one), so
    // the mapped bytes stay as they were for as long as the map lives; what another program
    // could do to the file meanwhile is the caveat of every mapped file (see
    // `content::Source`).
    unsafe { memmap2::MmapOptions::new().map(&file) }
}

/// The search analyses of the last build (see `search::Carry`), if this program wrote them.
pub fn read_search(root: &Path) -> Option<search::Analyses> {
    let bytes = std::fs::read(root.join(DIR).join(SEARCH_FILE)).ok()?;
    let (program_read, mut rest): (String, &[u8]) = postcard::take_from_bytes(&bytes).ok()?;
    if program_read != program() {
        return None;
    }
    let mut analyses = search::Analyses::default();
    while !rest.is_empty() {
        let ((lang, one), more): ((String, search::LangAnalyses), &[u8]) = postcard::take_from_bytes(rest).ok()?;
        analyses.insert(lang, one);
        rest = more;
    }
    Some(analyses)
}

/// One language's analyses, as the index hands them over: the index keeps them for the next
/// language of the build (see `search::Carry`), so they are shared, not moved.
type Handed = (String, std::sync::Arc<search::LangAnalyses>);

/// Writes the search analyses of a build to the cache as the index hands them over, one
/// language at a time ([`SearchWriter::keep`]), on a thread of its own: encoding and then
/// freeing them took a quick rebuild 30 ms that nothing needs to wait for. [`write`] puts
/// the file in place.
pub struct SearchWriter {
    tmp: std::path::PathBuf,
    send: std::sync::Mutex<Option<std::sync::mpsc::Sender<Handed>>>,
    /// Gives back the file once every language is written (`None` after a write error).
    writing: std::sync::Mutex<Option<std::thread::JoinHandle<Option<std::io::BufWriter<std::fs::File>>>>>,
}

impl SearchWriter {
    /// A writer into the cache of the site in `root`; `None` if the cache cannot be written.
    pub fn create(root: &Path) -> Option<SearchWriter> {
        let dir = root.join(DIR);
        std::fs::create_dir_all(&dir).ok()?;
        let tmp = dir.join(format!("{SEARCH_FILE}.{}.tmp", std::process::id()));
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp).ok()?);
        postcard::to_io(&program(), &mut out).ok()?;
        let (send, receive) = std::sync::mpsc::channel::<Handed>();
        let writing = std::thread::spawn(move || {
            let mut out = Some(out);
            for (lang, analyses) in receive {
                if let Some(w) = out.as_mut() {
                    if postcard::to_io(&(lang, &*analyses), w).is_err() {
                        out = None;
                    }
                }
            }
            out
        });
        Some(SearchWriter { tmp, send: std::sync::Mutex::new(Some(send)), writing: std::sync::Mutex::new(Some(writing)) })
    }

    /// Adds one language's analyses (a write error only leaves the cache out).
    pub fn keep(&self, lang: &str, analyses: std::sync::Arc<search::LangAnalyses>) {
        if let Some(send) = self.send.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            let _ = send.send((lang.to_string(), analyses));
        }
    }

    /// Waits for every language to be written; the file, if all of it was.
    fn written(&self) -> Option<std::io::BufWriter<std::fs::File>> {
        drop(self.send.lock().unwrap_or_else(|e| e.into_inner()).take());
        let writing = self.writing.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        writing.join().ok().flatten()
    }

    fn finish(&self, to: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let mut out = self.written().ok_or_else(|| std::io::Error::other("the search analyses could not be written"))?;
        out.flush()?;
        std::fs::rename(&self.tmp, to)
    }
}

impl Drop for SearchWriter {
    fn drop(&mut self) {
        drop(self.written());
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// The part of a snapshot a build knows once its content is loaded: the releases, the
/// stamps of what they were read from and their texts. [`prepare`] writes it to temporary
/// files while the pages render, which takes it off the end of the build (60-90 ms of a
/// 10,000-release build there; on two cores, which the render already keeps busy, the build
/// is no faster, but it is where more cores would idle); [`write`] moves it into place once
/// they rendered. Dropped without [`write`] (a build that failed), it removes its files, so
/// the last build's snapshot stays as it was.
pub struct Prepared {
    dir: std::path::PathBuf,
    /// The texts file, when written afresh rather than appended to.
    texts_tmp: Option<std::path::PathBuf>,
    /// The texts to append to the last texts file otherwise (those of the releases whose
    /// files changed: a few, usually), appended only by [`write`].
    texts_added: Vec<u8>,
    releases_tmp: Option<std::path::PathBuf>,
}

impl Drop for Prepared {
    fn drop(&mut self) {
        for tmp in [self.texts_tmp.take(), self.releases_tmp.take()].into_iter().flatten() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Writes the releases of a build and the stamps of what they were read from to temporary
/// files of the cache of the site in `root` (see [`Prepared`]). `last` is the texts file of
/// the snapshot the build started from: texts still there are not written again, and new
/// ones are appended to it by [`write`], which leaves what the last `releases.bin` points at
/// as it was.
/// A site folder that cannot be written to (a read-only checkout) only loses the speed-up:
/// the error is returned for the caller to ignore or show.
pub fn prepare(root: &Path, files: &Files, releases: &[Release], last: Option<&Texts>) -> std::io::Result<Prepared> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir)?;
    let mut prepared = Prepared { dir: dir.clone(), texts_tmp: None, texts_added: Vec::new(), releases_tmp: None };
    let program = program();
    let sources = || releases.iter().flat_map(|r| r.entries.values().map(|e| &e.body.source));
    let live: usize = sources().map(|s| s.len()).sum();
    // Append to the last file while it is that file, as long as it would stay under twice
    // what the releases use.
    let path = dir.join(TEXTS_FILE);
    let last = last.filter(|t| std::fs::metadata(&path).is_ok_and(|m| m.len() == t.buf.len() as u64));
    let added: usize = sources().filter(|s| last.is_none_or(|t| s.range_in(&t.buf).is_none())).map(|s| s.len()).sum();
    // A build that read everything again (site.toml changed, say) has no text in the last
    // file: appending all of it would only double the file the next build reads.
    let (name, ranges) = match last.filter(|t| 2 * added <= live && t.buf.len() + added <= 2 * live + (1 << 20)) {
        Some(t) => {
            let mut end = t.buf.len();
            let mut ranges = Vec::new();
            for s in sources() {
                ranges.push(match s.range_in(&t.buf) {
                    Some(r) => (r.start, r.end),
                    None => {
                        prepared.texts_added.extend_from_slice(s.as_bytes());
                        end += s.len();
                        (end - s.len(), end)
                    }
                });
            }
            (t.name.clone(), ranges)
        }
        None => {
            let name = format!("warta texts {}", files.taken_ns);
            let mut ranges = Vec::new();
            prepared.texts_tmp = Some(write_tmp(&dir, TEXTS_FILE, &mut |out| {
                out.write_all(name.as_bytes())?;
                out.write_all(b"\n")?;
                let mut end = name.len() + 1;
                for s in sources() {
                    out.write_all(s.as_bytes())?;
                    ranges.push((end, end + s.len()));
                    end += s.len();
                }
                Ok(())
            })?);
            (name, ranges)
        }
    };
    let parts: Result<Vec<Vec<u8>>, postcard::Error> = {
        use rayon::prelude::*;
        releases.par_chunks(RELEASES_PER_PART).map(postcard::to_allocvec).collect()
    };
    let parts = parts.map_err(std::io::Error::other)?;
    let part_lens: Vec<usize> = parts.iter().map(Vec::len).collect();
    let head = HeadRef { format: FORMAT, program: &program, files, texts: &name, text_ranges: &ranges, part_lens: &part_lens };
    prepared.releases_tmp = Some(write_tmp(&dir, FILE, &mut |out| {
        postcard::to_io(&head, &mut *out).map_err(std::io::Error::other)?;
        parts.iter().try_for_each(|part| out.write_all(part))
    })?);
    Ok(prepared)
}

/// Completes the cache a build [`prepare`]d, once the build rendered: moves the texts and
/// the releases into place, with the search analyses `search` took during the build.
pub fn write(mut prepared: Prepared, search: Option<SearchWriter>) -> std::io::Result<()> {
    let dir = prepared.dir.clone();
    let mut written = Ok(());
    if !prepared.texts_added.is_empty() {
        use std::io::Write;
        written = std::fs::OpenOptions::new().append(true).open(dir.join(TEXTS_FILE)).and_then(|mut f| f.write_all(&prepared.texts_added));
    }
    // The texts first: the last `releases.bin` names the texts it points into, so a new
    // texts file without the new releases is a snapshot the next build ignores.
    for (tmp, name) in [(prepared.texts_tmp.take(), TEXTS_FILE), (prepared.releases_tmp.take(), FILE)] {
        if let Some(tmp) = tmp {
            written = written.and_then(|()| std::fs::rename(&tmp, dir.join(name)));
            if written.is_err() {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
    // Without this build's analyses, the last build's would not match the releases.
    let written = written.and_then(|()| match &search {
        Some(s) => s.finish(&dir.join(SEARCH_FILE)),
        None => std::fs::remove_file(dir.join(SEARCH_FILE)).or_else(|e| if e.kind() == std::io::ErrorKind::NotFound { Ok(()) } else { Err(e) }),
    });
    let _ = prune_output_listings(&dir);
    // Tell tools that walk the site (git, editors) what this folder is.
    let ignore = dir.join(".gitignore");
    if written.is_ok() && !ignore.exists() {
        let _ = std::fs::write(ignore, "# Warta's build cache: safe to delete, never needed in git.\n*\n");
    }
    written
}

/// Writes `dir/name`'s content with `write` to a temporary file beside it, for a rename
/// into place, so that a reader never sees half of it; the temporary file is removed if
/// writing fails.
fn write_tmp(dir: &Path, name: &str, write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>) -> std::io::Result<std::path::PathBuf> {
    use std::io::Write;
    let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        write(&mut out)?;
        out.flush()
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Stamps every file under `<root>/content`, by path relative to `root`.
pub fn stamp_content(root: &Path) -> std::io::Result<Files> {
    let taken_ns = now_ns();
    let content = root.join("content");
    let stamps = crate::walk::files(&content, true, &|rel, _, meta| {
        let mut stamp = meta.map(stamp).unwrap_or(Stamp { len: 0, modified_ns: 0, inode: 0, racy_hash: None });
        if stamp.modified_ns >= taken_ns - RACY_NS {
            stamp.racy_hash = Some(hash_file(&content.join(rel))?);
        }
        Ok((format!("content/{}", rel.to_string_lossy().replace('\\', "/")), stamp))
    })?;
    Ok(Files { taken_ns, stamps, warnings: BTreeMap::new() })
}

#[cfg(unix)]
fn stamp(meta: &std::fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    Stamp { len: meta.len(), modified_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()), inode: meta.ino(), racy_hash: None }
}

#[cfg(not(unix))]
fn stamp(meta: &std::fs::Metadata) -> Stamp {
    let modified_ns = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i128);
    Stamp { len: meta.len(), modified_ns, inode: 0, racy_hash: None }
}

fn hash_file(path: &Path) -> std::io::Result<u64> {
    Ok(xxhash_rust::xxh3::xxh3_64(&std::fs::read(path)?))
}

fn now_ns() -> i128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}

/// Whether a path (relative to the site, with `/`) is a release file: the only files a
/// snapshot can be reused across. A hidden one (`._name.md` that macOS leaves beside a copied
/// file) is not: `load` skips it (`walk::visible_files`).
pub fn is_release_file(path: &str) -> bool {
    path.starts_with("content/releases/") && path.ends_with(".md") && !path.split('/').any(|part| part.starts_with('.'))
}

/// Whether a path is under `content/releases/` but hidden: no build reads it, so its change
/// changes nothing.
fn is_hidden_in_releases(path: &str) -> bool {
    path.strip_prefix("content/releases/").is_some_and(|rest| rest.split('/').any(|part| part.starts_with('.')))
}

/// The release files that changed between the snapshot and `now` (stamps of the site in
/// `root`), if nothing else did and no release file was added or removed; `None` when the
/// snapshot cannot be reused.
pub fn changed_release_files<'a>(root: &Path, last: &Files, now: &'a Files) -> Option<Vec<&'a str>> {
    if last.stamps.len() != now.stamps.len() {
        return None;
    }
    let mut changed = Vec::new();
    for ((path, old), (new_path, new)) in last.stamps.iter().zip(&now.stamps) {
        if path != new_path {
            return None;
        }
        let same = Stamp { racy_hash: None, ..*old } == Stamp { racy_hash: None, ..*new }
            && old.racy_hash.is_none_or(|h| hash_file(&root.join(path)).is_ok_and(|now| now == h));
        if !same && !is_hidden_in_releases(path) {
            if !is_release_file(path) {
                return None;
            }
            changed.push(new_path.as_str());
        }
    }
    Some(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, u64, i128)]) -> Files {
        let stamps = entries.iter().map(|(p, len, t)| (p.to_string(), Stamp { len: *len, modified_ns: *t, inode: 1, racy_hash: None })).collect();
        Files { taken_ns: 100 * RACY_NS, stamps, warnings: BTreeMap::new() }
    }

    #[test]
    fn only_the_newest_output_listings_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for i in 0..OUTPUT_LISTINGS_KEPT + 3 {
            let path = dir.path().join(format!("output-{i:02}.bin"));
            std::fs::write(&path, "x").unwrap();
            std::fs::File::options().write(true).open(&path).unwrap().set_modified(t0 + std::time::Duration::from_secs(i as u64)).unwrap();
        }
        std::fs::write(dir.path().join("releases.bin"), "x").unwrap();
        prune_output_listings(dir.path()).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        assert_eq!(left.len(), OUTPUT_LISTINGS_KEPT + 1, "{left:?}");
        assert_eq!(left[0], "output-03.bin", "the oldest went: {left:?}");
        assert!(left.contains(&"releases.bin".to_string()));
    }

    #[test]
    fn only_changed_release_files_allow_reuse() {
        let root = Path::new("/nonexistent");
        let last = files(&[("content/site.toml", 1, 0), ("content/releases/a.md", 1, 0), ("content/releases/b.md", 1, 0)]);
        let same = files(&[("content/site.toml", 1, 0), ("content/releases/a.md", 1, 0), ("content/releases/b.md", 1, 0)]);
        assert_eq!(changed_release_files(root, &last, &same), Some(vec![]));
        let edited = files(&[("content/site.toml", 1, 0), ("content/releases/a.md", 2, 5), ("content/releases/b.md", 1, 0)]);
        assert_eq!(changed_release_files(root, &last, &edited), Some(vec!["content/releases/a.md"]));
        let site = files(&[("content/site.toml", 1, 7), ("content/releases/a.md", 1, 0), ("content/releases/b.md", 1, 0)]);
        assert_eq!(changed_release_files(root, &last, &site), None, "site.toml changed");
        let added = files(&[("content/site.toml", 1, 0), ("content/releases/a.md", 1, 0), ("content/releases/c.md", 1, 0)]);
        assert_eq!(changed_release_files(root, &last, &added), None, "a release file replaced another");
        let fewer = files(&[("content/site.toml", 1, 0), ("content/releases/a.md", 1, 0)]);
        assert_eq!(changed_release_files(root, &last, &fewer), None);
    }

    #[test]
    fn a_file_stamped_right_after_an_edit_is_compared_by_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/releases")).unwrap();
        std::fs::write(root.join("content/site.toml"), "x").unwrap();
        std::fs::write(root.join("content/releases/a.md"), "one").unwrap();
        let last = stamp_content(root).unwrap();
        assert!(last.stamps.iter().all(|(_, s)| s.racy_hash.is_some()), "both files were just written");
        assert_eq!(changed_release_files(root, &last, &stamp_content(root).unwrap()), Some(vec![]));
        // The same size in the same tick of the file clock: the stamps are the same, only
        // the bytes tell.
        std::fs::write(root.join("content/releases/a.md"), "two").unwrap();
        let mut now = stamp_content(root).unwrap();
        for ((_, s), (_, old)) in now.stamps.iter_mut().zip(&last.stamps) {
            *s = Stamp { racy_hash: s.racy_hash, ..*old };
        }
        let a = "content/releases/a.md";
        assert_eq!(changed_release_files(root, &last, &now), Some(vec![a]));
        std::fs::write(root.join("content/site.toml"), "y").unwrap();
        assert_eq!(changed_release_files(root, &last, &now), None, "site.toml's bytes changed");
    }
}
