//! What the integration test files share: running the real binary, copying a fixture site,
//! and a `warta serve` process with a raw HTTP GET to it. Each test file is its own crate and uses a part of
//! this module, hence the `allow`.
#![allow(dead_code)]

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository (where `tests/fixtures/` and the example `content/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the release or debug binary this test was built with.
pub fn warta(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_warta")).args(args).output().expect("warta runs")
}

/// Copies the folder `from` to `to`, files and folders.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of `tests/fixtures/base` in a new temporary folder: (the folder, the site in it).
pub fn base_fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&root().join("tests/fixtures/base"), &site);
    (tmp, site)
}

/// A raw HTTP/1.0 GET on loopback (no client library needed): the status line and the body.
pub fn http_get(addr: &str, path: &str) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.lines().next().unwrap_or_default().to_string(), body.to_string())
}

/// `warta serve --site SITE ARGS...`, running until dropped, with the address it printed.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Server {
    /// Starts it and waits for its address. With `keep_reading` false, nobody reads its log
    /// once it has printed the address, as with `warta serve | head`.
    pub fn start(site: &Path, args: &[&str], keep_reading: bool) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_warta"))
            .args(["serve", "--site", site.to_str().unwrap()])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            if let Some(rest) = line.strip_prefix("serving http://") {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        if keep_reading {
            std::thread::spawn(move || lines.for_each(drop));
        }
        Server { child, addr }
    }

    /// [`http_get`] of `path` on this server.
    pub fn get(&self, path: &str) -> (String, String) {
        http_get(&self.addr, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
