//! The floor under a build: what the work no static site generator can skip costs on this
//! machine, measured with nothing else around it. Issue 6 names a "Markdown-only floor"
//! (read, render with pulldown-cmark, write); this program measures it on a corpus, and, given
//! the output of a Warta build, what writing that output alone costs the kernel.
//!
//! Run: `cargo bench --bench floor -- SITE SCRATCH [OUTPUT]`, for example
//! `cargo bench --bench floor -- /dev/shm/warta-bench/corpus-10000/warta /dev/shm/floor /dev/shm/o10k`.
//!
//! - `markdown`: every release file under `SITE/content/releases` read, its `+++` front matter
//!   cut off (`frontmatter::split`), its body rendered by pulldown-cmark and written to
//!   `SCRATCH/releases/<file stem>/index.html`, on every core (rayon);
//! - `read`: the same files read, nothing else;
//! - `write output` (with `OUTPUT`): every file of `OUTPUT` (a Warta build's output, read into
//!   memory first, not timed) written again under `SCRATCH`, its folders made, on every core.
//!
//! Each is run 5 times, `SCRATCH` removed before each run (not timed); the median wall time
//! and the process's CPU time (user + system, from `/proc/self/stat`) are printed.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let [site, scratch, rest @ ..] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench floor -- SITE SCRATCH [OUTPUT]");
        std::process::exit(2);
    };
    let (site, scratch) = (Path::new(site), Path::new(scratch));
    let releases = files_under(&site.join("content/releases"), |p| p.extension().is_some_and(|e| e == "md"));
    println!("floor: {} release files under {}, {} cores", releases.len(), site.display(), rayon::current_num_threads());

    measure("read", scratch, || {
        releases.par_iter().for_each(|path| {
            std::hint::black_box(std::fs::read(path).expect("readable release file"));
        });
    });
    measure("markdown (read, render, write)", scratch, || {
        releases.par_iter().for_each(|path| {
            let text = std::fs::read_to_string(path).expect("a UTF-8 release file");
            let body = warta::frontmatter::split(&text).map_or(text.as_str(), |s| s.body);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all()));
            let stem = path.file_stem().expect("a file name").to_string_lossy();
            let dir = scratch.join("releases").join(&*stem);
            std::fs::create_dir_all(&dir).expect("a writable scratch folder");
            std::fs::write(dir.join("index.html"), html).expect("a writable scratch folder");
        });
    });
    if let Some(output) = rest.first() {
        let output = Path::new(output);
        let files: Vec<(PathBuf, Vec<u8>)> = files_under(output, |_| true)
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(&p).expect("a readable output file");
                (p.strip_prefix(output).expect("under the output").to_path_buf(), bytes)
            })
            .collect();
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        println!("floor: {} files, {:.1} MB in {}", files.len(), bytes as f64 / 1e6, output.display());
        measure("write output (folders and files)", scratch, || {
            files.par_iter().for_each(|(rel, bytes)| {
                let path = scratch.join(rel);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).expect("a writable scratch folder");
                }
                std::fs::write(path, bytes).expect("a writable scratch folder");
            });
        });
    }
    let _ = std::fs::remove_dir_all(scratch);
}

/// The files under `root` that `keep` keeps, in path order.
fn files_under(root: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("a readable folder"))
        .filter(|e| e.file_type().is_file() && keep(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Runs `work` RUNS times, `scratch` removed before each, and prints the medians.
fn measure(name: &str, scratch: &Path, work: impl Fn()) {
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_dir_all(scratch);
        std::fs::create_dir_all(scratch).expect("a writable scratch folder");
        let (cpu0, start) = (cpu_seconds(), Instant::now());
        work();
        walls.push(start.elapsed().as_secs_f64());
        cpus.push(cpu_seconds() - cpu0);
    }
    walls.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    println!("floor: {name:34} wall {:.3} s (min {:.3}, max {:.3}), CPU {:.2} s", walls[RUNS / 2], walls[0], walls[RUNS - 1], cpus[RUNS / 2]);
}

/// User and system time of this process so far (all threads), from `/proc/self/stat`: Linux
/// only, 0 elsewhere. Clock ticks are 1/100 s on Linux.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which may hold spaces) start at its closing parenthesis.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}
