//! The app's static server over real TCP: content types, `index.html` for `/`, files from
//! memory, 404s, every way out of the root refused (`..`, encoded, symlinks), other hosts
//! and methods refused, 127.0.0.1 only.
use std::{
    io::{Read, Write},
    net::{IpAddr, Ipv4Addr, TcpStream},
    path::{Path, PathBuf},
    time::Duration,
};

use lrt_localnet::serve::{AppServer, MemoryFile};

/// A fresh folder under the system's temp dir (removed by the test).
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrt-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An app folder as Vite builds it, a secret beside it and a symlink leading out.
fn site(name: &str) -> (PathBuf, PathBuf) {
    let base = temp_dir(name);
    let root = base.join("dist");
    std::fs::create_dir_all(root.join("assets")).unwrap();
    let files: [(&str, &[u8]); 8] = [
        ("index.html", b"<!doctype html><title>app</title>"),
        ("assets/index-abc.js", b"console.log('app')"),
        ("assets/index-abc.css", b"body{}"),
        ("assets/logo.svg", b"<svg/>"),
        ("assets/icon.png", b"\x89PNG"),
        ("assets/font.woff2", b"wOF2"),
        ("manifest.json", b"{}"),
        (".env", b"SECRET=1"),
    ];
    for (path, body) in files {
        std::fs::write(root.join(path), body).unwrap();
    }
    std::fs::write(base.join("secret.txt"), "outside the root").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(base.join("secret.txt"), root.join("leak.txt")).unwrap();
    (base, root)
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `request` as written (no normalisation: `..` reaches the server) and reads the
/// whole reply (the server closes the connection).
fn raw(server: &AppServer, request: &str) -> Reply {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a reply head");
    let head = String::from_utf8(bytes[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    Reply {
        status: status.parse().unwrap(),
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

fn get(server: &AppServer, target: &str) -> Reply {
    raw(
        server,
        &format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr()),
    )
}

#[test]
fn files_are_served_with_their_content_types_and_index_for_root() {
    let (base, root) = site("types");
    let demo = br#"{"demo_wallet":{}}"#.to_vec();
    let server = AppServer::start(&root, 0, vec![MemoryFile::new("demo.json", demo.clone())])
        .expect("the server starts");
    assert_eq!(server.addr().ip(), IpAddr::V4(Ipv4Addr::LOCALHOST));
    assert!(server.url().starts_with("http://127.0.0.1:"));

    for (target, file, content_type) in [
        ("/", "index.html", "text/html; charset=utf-8"),
        (
            "/?rpc=http://127.0.0.1:8899",
            "index.html",
            "text/html; charset=utf-8",
        ),
        ("/index.html", "index.html", "text/html; charset=utf-8"),
        (
            "/assets/index-abc.js",
            "assets/index-abc.js",
            "text/javascript; charset=utf-8",
        ),
        (
            "/assets/index-abc.css",
            "assets/index-abc.css",
            "text/css; charset=utf-8",
        ),
        ("/assets/logo.svg", "assets/logo.svg", "image/svg+xml"),
        ("/assets/icon.png", "assets/icon.png", "image/png"),
        ("/assets/font.woff2", "assets/font.woff2", "font/woff2"),
        ("/manifest.json", "manifest.json", "application/json"),
    ] {
        let reply = get(&server, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{target}");
        let expected = std::fs::read(root.join(file)).unwrap();
        assert_eq!(reply.body, expected, "{target}");
        assert_eq!(
            reply.header("content-length"),
            Some(expected.len().to_string().as_str())
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    // demo.json from memory, beside index.html
    let reply = get(&server, "/demo.json");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.body, demo);
    // HEAD: the headers without the body
    let reply = raw(
        &server,
        &format!("HEAD / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr()),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-length"), Some("33"));
    assert!(reply.body.is_empty());

    server.shutdown();
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn missing_files_and_directories_are_404() {
    let (base, root) = site("missing");
    let server = AppServer::start(&root, 0, vec![]).unwrap();
    for target in [
        "/nope.js",
        "/assets",
        "/assets/",
        "/assets/nope.css",
        "/demo.json",
    ] {
        let reply = get(&server, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_eq!(reply.body, b"404 Not Found\n", "{target}");
    }
    server.shutdown();
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn directory_traversal_is_refused() {
    let (base, root) = site("traversal");
    let server = AppServer::start(&root, 0, vec![]).unwrap();
    let secret = b"outside the root".as_slice();
    for target in [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/leak.txt",
        "/.env",
        "/%2eenv",
        "//etc/passwd",
        "/../../../../../../etc/passwd",
        "/index.html%00.js",
    ] {
        let reply = get(&server, target);
        assert_eq!(reply.status, 404, "{target}");
        assert_ne!(reply.body, secret, "{target}");
        assert!(
            !String::from_utf8_lossy(&reply.body).contains("root:"),
            "{target}"
        );
    }
    // Absolute-form and asterisk targets are not paths under the root either.
    for target in ["http://127.0.0.1/../secret.txt", "*", "secret.txt"] {
        assert_eq!(get(&server, target).status, 404, "{target}");
    }
    server.shutdown();
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn other_hosts_methods_and_malformed_requests_are_refused() {
    let (base, root) = site("refused");
    let server = AppServer::start(&root, 0, vec![]).unwrap();
    // A page elsewhere whose DNS name was rebound to 127.0.0.1 sends its own Host.
    let reply = raw(&server, "GET / HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n");
    assert_eq!(reply.status, 403);
    for host in ["localhost", "127.0.0.1:1", "[::1]:8080"] {
        let reply = raw(&server, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(reply.status, 200, "{host}");
    }
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let reply = raw(
            &server,
            &format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    assert_eq!(raw(&server, "GET /\r\n\r\n").status, 400);
    assert_eq!(raw(&server, "GET / SPDY/3\r\n\r\n").status, 400);
    // A client that connects and closes without a request does not stop the server.
    drop(TcpStream::connect(server.addr()).unwrap());
    assert_eq!(get(&server, "/").status, 200);
    server.shutdown();
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn a_folder_without_index_html_is_not_served_and_shutdown_frees_the_port() {
    let base = temp_dir("empty");
    let err = AppServer::start(&base, 0, vec![])
        .err()
        .expect("refused without index.html");
    assert!(err.to_string().contains("no index.html"), "{err}");
    assert!(AppServer::start(Path::new("/nonexistent/lrt-app"), 0, vec![]).is_err());

    std::fs::write(base.join("index.html"), "x").unwrap();
    let server = AppServer::start(&base, 0, vec![]).unwrap();
    let addr = server.addr();
    server.shutdown();
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
        "nothing listens after shutdown"
    );
    // the same port can be served again at once
    let again = AppServer::start(&base, addr.port(), vec![]).unwrap();
    assert_eq!(again.addr(), addr);
    drop(again);
    std::fs::remove_dir_all(&base).unwrap();
}
