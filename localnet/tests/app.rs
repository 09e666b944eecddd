//! The `lrt-localnet` binary serves the web app: it prints the URL that opens the app on
//! this network (`  App        http://127.0.0.1:<port>/?rpc=...&ws=...`), serves the app's
//! folder and the demo's `demo.json` (with the demo wallet) beside it, and stops cleanly
//! on Ctrl-C. Without an app to serve (none asked for, no index.html, its port taken) it
//! says so and runs the network alone.
use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::mpsc::{self, Receiver},
    time::{Duration, Instant},
};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrt-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary on free ports; its stdout lines arrive on the receiver (read to the end, so
/// the program's logs never fill the pipe).
fn start(args: &[&str]) -> (Child, Receiver<String>, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrt-localnet"))
        .args(["--rpc-port", "0", "--ws-port", "0", "--app-port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lrt-localnet starts");
    let lines = |stream: Box<dyn Read + Send>| {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    // nobody listens any more: keep draining
                }
            }
        });
        rx
    };
    let out = lines(Box::new(child.stdout.take().unwrap()));
    let err = lines(Box::new(child.stderr.take().unwrap()));
    (child, out, err)
}

/// Stdout up to and including `until`.
fn read_until(out: &Receiver<String>, until: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = out
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {until:?} in:\n{}", seen.join("\n")));
        let done = line.contains(until);
        seen.push(line);
        if done {
            return seen;
        }
    }
}

/// The value after `label` on its line (`  App        http://...`).
fn field<'a>(lines: &'a [String], label: &str) -> Option<&'a str> {
    lines.iter().find_map(|l| {
        let rest = l.strip_prefix("  ")?.strip_prefix(label)?;
        rest.starts_with(' ').then(|| rest.trim())
    })
}

/// Ctrl-C, then the process exits by itself having said "stopped".
fn interrupt(mut child: Child, out: &Receiver<String>) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    read_until(out, "stopped");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "lrt-localnet did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn http_get(origin: &str, path: &str) -> (u16, String) {
    let host = origin.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

#[test]
fn the_network_serves_the_app_and_the_demo_wallet_beside_it() {
    let dir = temp_dir("served");
    let app = dir.join("dist");
    std::fs::create_dir_all(app.join("assets")).unwrap();
    std::fs::write(app.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(app.join("assets/app.js"), "export {}").unwrap();
    let out_dir = dir.join("out");
    let (child, out, _err) = start(&[
        "--app",
        app.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let lines = read_until(&out, "Ctrl-C to stop.");

    let rpc = field(&lines, "RPC").expect("an RPC line");
    let ws = field(&lines, "WebSocket").expect("a WebSocket line");
    let url = field(&lines, "App").expect("an App line");
    let (origin, query) = url.split_once('?').unwrap();
    assert!(origin.starts_with("http://127.0.0.1:"), "{url}");
    assert!(origin.ends_with('/'), "{url}");
    // free ports: the WebSocket is named unless it happens to be the RPC's next port
    let rpc_port: u32 = rpc.rsplit(':').next().unwrap().parse().unwrap();
    let expected = if ws == format!("ws://127.0.0.1:{}", rpc_port + 1) {
        format!("rpc={rpc}")
    } else {
        format!("rpc={rpc}&ws={ws}")
    };
    assert_eq!(query, expected);
    assert!(
        lines.iter().any(|l| l.starts_with("  demo wallet ")),
        "the demo wallet is printed"
    );

    let (status, body) = http_get(origin, "/");
    assert_eq!(
        (status, body.as_str()),
        (200, "<!doctype html><title>app</title>")
    );
    assert_eq!(http_get(origin, "/assets/app.js").0, 200);
    assert_eq!(http_get(origin, "/../out/demo.json").0, 404);
    // demo.json beside index.html: what was written to --out, the demo wallet in it
    let (status, body) = http_get(origin, "/demo.json");
    assert_eq!(status, 200);
    let served: serde_json::Value = serde_json::from_str(&body).unwrap();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("demo.json")).unwrap()).unwrap();
    assert_eq!(served, written);
    assert_eq!(served["rpc_url"], rpc);
    let secret: Vec<u8> =
        serde_json::from_value(served["demo_wallet"]["secret_key"].clone()).unwrap();
    let file: Vec<u8> =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("demo-wallet.json")).unwrap())
            .unwrap();
    assert_eq!(secret, file, "demo-wallet.json is the served key");
    assert_eq!(secret.len(), 64);
    let address = served["demo_wallet"]["address"].as_str().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  demo wallet ") && l.contains(address)),
        "the printed demo wallet is demo.json's"
    );

    interrupt(child, &out);
    assert!(
        TcpStream::connect(origin.trim_start_matches("http://").trim_end_matches('/')).is_err(),
        "the app server stopped with the network"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_an_app_the_network_runs_alone() {
    let dir = temp_dir("alone");
    // --no-app: no App line, nothing said about an app
    let (child, out, _err) = start(&["--no-demo", "--no-app"]);
    let lines = read_until(&out, "Ctrl-C to stop.");
    assert!(field(&lines, "RPC").is_some());
    assert!(field(&lines, "App").is_none(), "{lines:?}");
    interrupt(child, &out);

    // a folder without index.html: said on stderr, the network still serves
    let (child, out, err) = start(&["--no-demo", "--app", dir.to_str().unwrap()]);
    let lines = read_until(&out, "Ctrl-C to stop.");
    assert!(field(&lines, "RPC").is_some());
    assert!(field(&lines, "App").is_none(), "{lines:?}");
    let said = read_until(&err, "not serving the web app");
    assert!(said.last().unwrap().contains("no index.html"), "{said:?}");
    interrupt(child, &out);

    // the app's port taken: said on stderr, the network still serves
    std::fs::write(dir.join("index.html"), "x").unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (child, out, err) = start(&[
        "--no-demo",
        "--app",
        dir.to_str().unwrap(),
        "--app-port",
        &port,
    ]);
    let lines = read_until(&out, "Ctrl-C to stop.");
    assert!(field(&lines, "RPC").is_some());
    assert!(field(&lines, "App").is_none(), "{lines:?}");
    let said = read_until(&err, "cannot serve the web app");
    assert!(
        said.last().unwrap().contains("serving the RPC only"),
        "{said:?}"
    );
    interrupt(child, &out);
    drop(taken);

    // an app without the demo world: served, and no demo.json
    let (child, out, _err) = start(&["--no-demo", "--app", dir.to_str().unwrap()]);
    let lines = read_until(&out, "Ctrl-C to stop.");
    let url = field(&lines, "App").expect("an App line");
    let origin = url.split('?').next().unwrap();
    assert_eq!(http_get(origin, "/").0, 200);
    assert_eq!(http_get(origin, "/demo.json").0, 404);
    interrupt(child, &out);
    std::fs::remove_dir_all(&dir).unwrap();
}
