//! `warta serve`: builds the site in memory, serves it on loopback, watches `content/` and
//! the theme, rebuilds on every change and reloads open pages. A build error is shown in the
//! terminal and as an overlay in the browser while the last good site keeps being served.
//!
//! Files are served from the in-memory build, looked up by exact path: no request can reach
//! a file outside the output, whatever `..` or encoding it tries. Static files are read from
//! the paths `load` listed (inside `content/static/`, never symbolic links).

use crate::render::{self, FileData, Files};
use crate::{BuildArgs, Failure};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A line of the server's log on standard output. `println!` panics when the reader of a
/// piped output has gone (`warta serve | head`): the watcher thread died with it and the
/// server went on serving a site it no longer rebuilt. A line nobody reads is dropped instead.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// [`say!`] for standard error.
macro_rules! say_err {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// What the server shows: the last good build, and the error of the latest build if it failed.
struct State {
    files: Files,
    error: Option<String>,
    /// Bumped on every build, good or bad; open pages wait on it.
    generation: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// The script added to every served page: it reloads the page after a good build and shows
/// the error over the page after a bad one (in the page's `#warta-error` when it has one,
/// as the page served before any build succeeded does). Built with textContent, never
/// innerHTML.
const CLIENT: &str = r#"<script>(function(){var o=document.getElementById("warta-error");var es=new EventSource("/__warta/events");es.addEventListener("reload",function(){location.reload();});es.addEventListener("error-report",function(e){if(!o){o=document.createElement("pre");o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem;background:#2b0b0b;color:#fff;font:14px/1.4 monospace;z-index:2147483647;white-space:pre-wrap";document.body.appendChild(o);}o.textContent="The last build failed: fix this and save; the page reloads by itself.\n\n"+JSON.parse(e.data);});})();</script>"#;

/// Runs until the process is stopped. `port` 0 picks a free port.
pub fn serve(site: PathBuf, bind: IpAddr, port: u16) -> Result<(), String> {
    // Watch events name absolute paths; so do the loaded files, to find the edited release.
    let site = site.canonicalize().map_err(|e| format!("cannot open {}: {e}", site.display()))?;
    // Not a site at all is wrong usage (exit code 2), not an error to show while waiting
    // for a fix: the server used to start and serve nothing, for ever.
    if !site.join("content/site.toml").is_file() {
        return Err(format!("{} has no content/site.toml: is `--site` the folder of a Warta site?", site.display()));
    }
    let server = tiny_http::Server::http(SocketAddr::new(bind, port)).map_err(|e| format!("cannot listen on {bind}:{port}: {e}"))?;
    let addr = server.server_addr().to_ip().ok_or("the server has no IP address")?;
    let base_url = format!("http://{addr}");
    let shared = Arc::new(Shared { state: Mutex::new(State { files: Files::new(), error: None, generation: 0 }), changed: Condvar::new() });
    let events = start_watching(&site);
    let session = full_rebuild(&site, &base_url, &shared);
    say!("serving {base_url}/ (Ctrl+C to stop)");
    if !bind.is_loopback() {
        say_err!("warning: serving on {bind}, reachable from other machines; preview builds may hold embargoed releases");
    }

    let watcher_shared = Arc::clone(&shared);
    let watch_site = site.clone();
    std::thread::spawn(move || watch(&watch_site, &base_url, &watcher_shared, session, events));

    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(request, &shared));
    }
    Ok(())
}

/// The last good load, kept between rebuilds so that an edited release is reloaded and
/// re-rendered alone.
struct Session {
    loaded: crate::Loaded,
    opts: render::Options,
}

/// What a rebuild gives the server.
enum Update {
    /// A whole new site.
    Replace(Files),
    /// Files that changed; every other file stays as it is.
    Merge(Files),
    /// A new search index in place of the old one.
    Search(Files, Vec<String>),
    /// The build failed: this report is shown, the last good site stays.
    Error(String),
}

fn publish(shared: &Shared, update: Update, reload: bool) {
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    match update {
        Update::Replace(files) => {
            state.files = files;
            state.error = None;
        }
        Update::Merge(files) => {
            state.files.extend(files);
            state.error = None;
        }
        Update::Search(index, languages) => render::replace_search(&mut state.files, index, &languages),
        Update::Error(text) => state.error = Some(text),
    }
    if reload {
        state.generation += 1;
        shared.changed.notify_all();
    }
}

fn report(failure: Failure) -> String {
    match failure {
        Failure::Content(diags) => {
            let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
            let text = text.join("\n\n");
            say_err!("{text}\n\nthe build failed; still serving the last good site");
            text
        }
        Failure::Usage(msg) => {
            say_err!("error: {msg}");
            msg
        }
    }
}

/// Loads and renders everything in memory (drafts and embargoed releases included, as a
/// preview) and publishes the result or the error.
fn full_rebuild(site: &Path, base_url: &str, shared: &Shared) -> Option<Session> {
    let started = Instant::now();
    let args = BuildArgs {
        site: site.to_path_buf(),
        output: PathBuf::new(),
        now: chrono::Local::now().fixed_offset(),
        preview: true,
        base_url: Some(base_url.to_string()),
        cache: false,
    };
    let opts = render::Options { now: args.now, preview: args.preview };
    let rendered = crate::load_site(&args, Some(0), true).and_then(|loaded| match render::render(&loaded.content, &loaded.theme, &opts) {
        Ok(files) => Ok((loaded, files)),
        Err(d) => Err(Failure::Content(d.into_sorted())),
    });
    match rendered {
        Ok((loaded, files)) => {
            say!("rebuilt {} files in {} ms", files.len(), started.elapsed().as_millis());
            publish(shared, Update::Replace(files), true);
            Some(Session { loaded, opts })
        }
        Err(failure) => {
            publish(shared, Update::Error(report(failure)), true);
            None
        }
    }
}

/// What a quick rebuild did.
enum Quick {
    /// The change may reach beyond the edited releases: only a full rebuild is right.
    NotApplicable,
    /// Published; the session is up to date.
    Done,
    /// Published, but the search index still has the old text.
    SearchStale,
    /// The edit has errors, published; the session no longer matches the files.
    Failed,
}

/// Rebuilds after edits to release files that existed before ([`crate::apply_edit`]); the
/// search index follows when the writer pauses (see [`watch`]).
fn quick_rebuild(session: &mut Session, paths: &[PathBuf], shared: &Shared) -> Quick {
    let started = Instant::now();
    match crate::apply_edit(&mut session.loaded, &session.opts, paths) {
        crate::Edit::NotApplicable => Quick::NotApplicable,
        crate::Edit::Failed(failure) => {
            publish(shared, Update::Error(report(failure)), true);
            Quick::Failed
        }
        crate::Edit::Bodies(files) => {
            let n = files.len();
            publish(shared, Update::Merge(files), true);
            say!("rebuilt {n} files in {} ms (the edited release's pages and feeds)", started.elapsed().as_millis());
            Quick::SearchStale
        }
        crate::Edit::Site(files) => {
            say!("rebuilt {} files in {} ms", files.len(), started.elapsed().as_millis());
            publish(shared, Update::Replace(files), true);
            Quick::Done
        }
    }
}

/// A watcher of the site's `content/` and `themes/` and the channel its events arrive on.
type Events = (Option<notify::RecommendedWatcher>, std::sync::mpsc::Receiver<notify::Result<notify::Event>>);

/// Starts watching before the address is printed: an edit made as soon as the server is
/// up must not be missed (a test on a busy machine once missed it).
fn start_watching(site: &Path) -> Events {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            say_err!("error: cannot watch files: {e}; pages will not reload");
            return (None, rx);
        }
    };
    for dir in ["content", "themes"] {
        let path = site.join(dir);
        if path.is_dir() {
            if let Err(e) = watcher.watch(&path, RecursiveMode::Recursive) {
                say_err!("error: cannot watch {}: {e}", path.display());
            }
        }
    }
    (Some(watcher), rx)
}

/// Watches `content/` and `themes/`, rebuilding once per burst of changes.
fn watch(site: &Path, base_url: &str, shared: &Shared, mut session: Option<Session>, events: Events) {
    let (_watcher, rx) = events;
    let releases = site.join("content/releases");
    // The search index of the whole site takes longer to make than an edited page: it is
    // remade once the writer pauses, so that saving again never waits for it.
    let mut search_stale = false;
    loop {
        let first = if search_stale {
            match rx.recv_timeout(SEARCH_AFTER) {
                Ok(e) => e,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    search_stale = false;
                    if let Some(s) = &session {
                        let started = Instant::now();
                        // Only the search page fetches the index: nothing to reload.
                        match render::render_search(&s.loaded.content, &s.loaded.theme, &s.opts, &Default::default()) {
                            Ok(files) => publish(shared, Update::Search(files, s.loaded.content.config.languages.clone()), false),
                            Err(d) => publish(shared, Update::Error(report(Failure::Content(d.into_sorted()))), true),
                        }
                        say!("updated the search index in {} ms", started.elapsed().as_millis());
                    }
                    continue;
                }
                Err(_) => return,
            }
        } else {
            match rx.recv() {
                Ok(e) => e,
                Err(_) => return,
            }
        };
        let mut events = vec![first];
        // Editors save in several steps; wait for the burst to end.
        while let Ok(e) = rx.recv_timeout(Duration::from_millis(5)) {
            events.push(e);
        }
        let mut paths = std::collections::BTreeSet::new();
        let mut unknown = false;
        for event in events {
            match event {
                Ok(e) if e.kind.is_access() => {}
                Ok(e) => paths.extend(e.paths),
                Err(_) => unknown = true,
            }
        }
        // Files beside releases that are not Markdown (editor swap files) are not content.
        paths.retain(|p| !(p.starts_with(&releases) && p.extension().is_none_or(|x| x != "md")));
        if paths.is_empty() && !unknown {
            continue;
        }
        let only_releases = !unknown && paths.iter().all(|p| p.starts_with(&releases) && p.is_file());
        if let (true, Some(s)) = (only_releases, session.as_mut()) {
            let paths: Vec<PathBuf> = paths.into_iter().collect();
            match quick_rebuild(s, &paths, shared) {
                Quick::Done => continue,
                Quick::SearchStale => {
                    search_stale = true;
                    continue;
                }
                Quick::Failed => {
                    session = None;
                    continue;
                }
                Quick::NotApplicable => {}
            }
        }
        session = full_rebuild(site, base_url, shared);
        search_stale = false;
    }
}

/// How long the writer must pause before the search index is remade after a quick rebuild.
const SEARCH_AFTER: Duration = Duration::from_millis(500);

fn handle(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == "/__warta/events" {
        return events(request, shared);
    }
    // Only the one file is copied out, under the lock; rebuilds replace files under it.
    let (status, path, data) = {
        let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        // No build has succeeded yet: every address shows the error, and reloads once fixed
        // (a bare "not found" used to hide it).
        if let (true, Some(error)) = (state.files.is_empty(), &state.error) {
            let page = error_page(error);
            drop(state);
            return respond(request, 500, "text/html; charset=utf-8", page);
        }
        let (status, path) = match lookup(&state.files, &url) {
            Some(path) => (200, path),
            None => (404, "404.html".to_string()),
        };
        let data = state.files.get(&path).cloned();
        (status, path, data)
    };
    let body = match data {
        Some(FileData::Bytes(b)) => b.clone(),
        Some(FileData::Copy(src)) => {
            let mut buf = Vec::new();
            match std::fs::File::open(src).and_then(|mut f| f.read_to_end(&mut buf)) {
                Ok(_) => buf,
                Err(_) => return respond(request, 404, "text/plain; charset=utf-8", b"not found".to_vec()),
            }
        }
        None => return respond(request, 404, "text/plain; charset=utf-8", b"not found".to_vec()),
    };
    let mime = mime_type(&path);
    let body = if mime.starts_with("text/html") { inject(body) } else { body };
    respond(request, status, mime, body);
}

/// The output file for a URL path, if the build made one. Only exact keys of the build are
/// served, so `..`, encoded slashes or absolute paths find nothing.
fn lookup(files: &Files, url: &str) -> Option<String> {
    crate::render::file_for_url(files, &percent_decode(url)?)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The page served while the site has never built: the error, escaped, and the script that
/// keeps it current and reloads the page when a build succeeds.
fn error_page(error: &str) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site has errors</title></head><body><h1>The site has errors</h1><p>Nothing could be built yet. Fix the errors below and save: this page reloads by itself.</p><pre id=\"warta-error\" role=\"alert\" style=\"white-space:pre-wrap\">{}</pre>{CLIENT}</body></html>\n",
        html_escape::encode_text(error)
    )
    .into_bytes()
}

fn inject(body: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&body);
    match text.rfind("</body>") {
        Some(i) => format!("{}{CLIENT}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{CLIENT}").into_bytes(),
    }
}

fn respond(request: tiny_http::Request, status: u16, mime: &str, body: Vec<u8>) {
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", mime) {
        response.add_header(h);
    }
    if let Ok(h) = tiny_http::Header::from_bytes("Cache-Control", "no-store") {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

/// Server-sent events: `reload` after a good build, `error-report` with the text after a bad one.
fn events(request: tiny_http::Request, shared: &Shared) {
    let mut writer = request.into_writer();
    if writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n").is_err() {
        return;
    }
    let _ = writer.flush();
    let mut seen = shared.state.lock().unwrap_or_else(|e| e.into_inner()).generation;
    // A page opened while the build is broken shows the error at once.
    let first_error = shared.state.lock().unwrap_or_else(|e| e.into_inner()).error.clone();
    if let Some(err) = first_error {
        let _ = write!(writer, "event: error-report\ndata: {}\n\n", serde_json::to_string(&err).unwrap_or_default());
        let _ = writer.flush();
    }
    loop {
        let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, timeout) = shared.changed.wait_timeout_while(state, Duration::from_secs(15), |s| s.generation == seen).unwrap_or_else(|e| e.into_inner());
        let message = if timeout.timed_out() {
            ": keep-alive\n\n".to_string()
        } else {
            seen = state.generation;
            match &state.error {
                Some(err) => format!("event: error-report\ndata: {}\n\n", serde_json::to_string(err).unwrap_or_default()),
                None => "event: reload\ndata: {}\n\n".to_string(),
            }
        };
        drop(state);
        if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

fn mime_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_the_build_are_found() {
        let mut files = Files::new();
        files.insert("index.html".into(), FileData::Bytes(b"home".to_vec()));
        files.insert("releases/a/index.html".into(), FileData::Bytes(b"a".to_vec()));
        files.insert("css/warta.css".into(), FileData::Bytes(b"css".to_vec()));
        assert_eq!(lookup(&files, "/").as_deref(), Some("index.html"));
        assert_eq!(lookup(&files, "/releases/a").as_deref(), Some("releases/a/index.html"));
        assert_eq!(lookup(&files, "/css/warta.css").as_deref(), Some("css/warta.css"));
        for evil in ["/../Cargo.toml", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/releases/../../secret", "/%ff"] {
            assert_eq!(lookup(&files, evil), None, "{evil}");
        }
    }
}
