//! A small static file server for the web app (`app/dist`), on 127.0.0.1 only.
//!
//! The app is a Vite build with relative asset paths and hash routing, so serving it takes
//! only files: `/` is `index.html`, every other path is a file under the root or a 404.
//! Files given in memory (the demo's `demo.json`) are served beside them. One thread
//! accepts, one short-lived thread answers each connection (`Connection: close`); GET and
//! HEAD only.
//!
//! Refused:
//! - paths that leave the root: `..` segments (also percent-encoded), backslashes, NUL
//!   bytes, and symlinks pointing outside it (the resolved path must lie under the
//!   canonical root); dot-files; directories;
//! - requests whose `Host` is not a loopback name (`127.0.0.1`, `localhost`, `[::1]`):
//!   a page on another site that rebinds its DNS name to 127.0.0.1 cannot read what is
//!   served here (`demo.json` holds the demo wallet's key).
use std::{
    collections::BTreeMap,
    io::{self, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    path::{Component, Path, PathBuf},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    thread::JoinHandle,
    time::Duration,
};

use crate::BIND_HOST;

/// The largest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The content type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("wasm") => "application/wasm",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request target names, relative to the root (`index.html` for `/`), or
/// `None` when the target is malformed or tries to leave the root. The query and fragment
/// are ignored; percent-escapes are decoded before the checks.
pub fn relative_path(target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            // `..` and every other dot-name (`.env`, `.git`)
            s if s.starts_with('.') => return None,
            s => relative.push(s),
        }
    }
    // Only plain names: nothing absolute or with a prefix slipped through.
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    if relative.as_os_str().is_empty() {
        relative.push("index.html");
    }
    Some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
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

/// Whether a `Host` header names this machine (any port).
pub fn loopback_host(host: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':')
            .map_or(host.as_str(), |(name, _)| name)
    };
    name == "127.0.0.1" || name == "localhost" || name == "::1"
}

/// A file served from memory at a fixed path (e.g. `demo.json`).
#[derive(Clone, Debug)]
pub struct MemoryFile {
    /// Path relative to the root, as [`relative_path`] gives it (`demo.json`).
    pub path: PathBuf,
    pub body: Vec<u8>,
}

impl MemoryFile {
    pub fn new(path: impl Into<PathBuf>, body: impl Into<Vec<u8>>) -> Self {
        MemoryFile {
            path: path.into(),
            body: body.into(),
        }
    }
}

/// What the server answers from.
struct Site {
    /// Canonical root folder.
    root: PathBuf,
    memory: BTreeMap<PathBuf, Vec<u8>>,
}

/// A response: status, its reason and headers, and a body.
struct Response {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    allow: bool,
}

impl Response {
    fn error(status: u16, reason: &'static str) -> Self {
        Response {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status} {reason}\n").into_bytes(),
            allow: status == 405,
        }
    }

    fn ok(content_type: &'static str, body: Vec<u8>) -> Self {
        Response {
            status: 200,
            reason: "OK",
            content_type,
            body,
            allow: false,
        }
    }

    fn write(&self, stream: &mut TcpStream, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Referrer-Policy: no-referrer\r\nConnection: close\r\n",
            self.status,
            self.reason,
            self.content_type,
            self.body.len()
        );
        if self.allow {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

impl Site {
    fn answer(&self, method: &str, target: &str, host: Option<&str>) -> Response {
        if host.is_some_and(|h| !loopback_host(h)) {
            return Response::error(403, "Forbidden");
        }
        if method != "GET" && method != "HEAD" {
            return Response::error(405, "Method Not Allowed");
        }
        let Some(relative) = relative_path(target) else {
            return Response::error(404, "Not Found");
        };
        if let Some(body) = self.memory.get(&relative) {
            return Response::ok(content_type(&relative), body.clone());
        }
        // Symlinks are followed, but what they resolve to must lie under the root.
        let file = match self.root.join(&relative).canonicalize() {
            Ok(file) if file.starts_with(&self.root) && file.is_file() => file,
            _ => return Response::error(404, "Not Found"),
        };
        match std::fs::read(&file) {
            Ok(body) => Response::ok(content_type(&file), body),
            Err(_) => Response::error(404, "Not Found"),
        }
    }

    fn handle(&self, mut stream: TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(READ_TIMEOUT))?;
        stream.set_write_timeout(Some(READ_TIMEOUT))?;
        let Some(head) = read_head(&mut stream)? else {
            return Ok(()); // closed without a request (a browser's spare connection)
        };
        let mut lines = head.split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let (method, target, version) = (parts.next(), parts.next(), parts.next());
        let (Some(method), Some(target), Some(version)) = (method, target, version) else {
            return Response::error(400, "Bad Request").write(&mut stream, false);
        };
        if !version.starts_with("HTTP/1.") || parts.next().is_some() {
            return Response::error(400, "Bad Request").write(&mut stream, false);
        }
        let host = lines.find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("host")
                .then_some(value.trim())
        });
        let response = self.answer(method, target, host);
        response.write(&mut stream, method == "HEAD")?;
        let _ = stream.shutdown(Shutdown::Write);
        Ok(())
    }
}

/// The request head (up to the blank line), or `None` if the peer closed first.
fn read_head(stream: &mut TcpStream) -> io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => return Ok(None),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(end);
            return Ok(Some(String::from_utf8_lossy(&head).into_owned()));
        }
        if head.len() > MAX_HEAD {
            return Ok(None);
        }
    }
}

/// A running static server. Dropping it stops it.
pub struct AppServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl AppServer {
    /// Serves `root` (which must hold `index.html`) and `memory` on 127.0.0.1:`port` (0
    /// picks a free port), from a thread of its own.
    pub fn start(root: &Path, port: u16, memory: Vec<MemoryFile>) -> io::Result<Self> {
        let root = root.canonicalize()?;
        if !root.join("index.html").is_file() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no index.html in {}", root.display()),
            ));
        }
        let site = Arc::new(Site {
            root,
            memory: memory.into_iter().map(|f| (f.path, f.body)).collect(),
        });
        let listener = TcpListener::bind((BIND_HOST, port))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("app-server".into())
                .spawn(move || accept(listener, site, stop))?
        };
        Ok(AppServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops accepting and waits for the accept thread (answers in flight finish alone).
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.stop.store(true, Ordering::SeqCst);
            // wake the blocked accept
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
            let _ = thread.join();
        }
    }
}

impl Drop for AppServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept(listener: TcpListener, site: Arc<Site>, stop: Arc<AtomicBool>) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        // Bound to 127.0.0.1, so every peer is local; checked anyway.
        if !stream.peer_addr().is_ok_and(|a| a.ip().is_loopback()) {
            continue;
        }
        let site = site.clone();
        let spawned = std::thread::Builder::new()
            .name("app-request".into())
            .spawn(move || {
                let _ = site.handle(stream);
            });
        if let Err(e) = spawned {
            eprintln!("app server: cannot answer a request: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_root_resolve_and_index_is_the_default() {
        let p = |t: &str| relative_path(t).map(|p| p.display().to_string());
        assert_eq!(p("/").as_deref(), Some("index.html"));
        assert_eq!(
            p("/?rpc=http://127.0.0.1:8899").as_deref(),
            Some("index.html")
        );
        assert_eq!(p("/#/deposit").as_deref(), Some("index.html"));
        assert_eq!(
            p("/assets/index-abc.js").as_deref(),
            Some("assets/index-abc.js")
        );
        assert_eq!(p("/./assets//a%20b.css").as_deref(), Some("assets/a b.css"));
        assert_eq!(p("/demo.json").as_deref(), Some("demo.json"));
    }

    #[test]
    fn paths_leaving_the_root_are_refused() {
        for target in [
            "/../secret",
            "/assets/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/assets/%2e%2e/%2e%2e/etc/passwd",
            "/..%5c..%5csecret",
            "/a\\..\\b",
            "/.env",
            "/.git/config",
            "/a%00b",
            "/%zz",
            "/%e2%28",
            "relative",
            "http://127.0.0.1/index.html",
            "*",
        ] {
            assert_eq!(relative_path(target), None, "{target}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.MJS", "text/javascript; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("demo.json", "application/json"),
            ("a.png", "image/png"),
            ("a.woff2", "font/woff2"),
            ("a.bin", "application/octet-stream"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[test]
    fn only_loopback_hosts_are_answered() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost:5",
            "LOCALHOST",
            "[::1]:8080",
            "[::1]",
        ] {
            assert!(loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "192.168.1.2:8080",
            "",
        ] {
            assert!(!loopback_host(host), "{host}");
        }
    }
}
