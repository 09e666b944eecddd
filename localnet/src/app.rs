//! The web app beside the network: where its build is (`app/dist` of this checkout),
//! building it when it is missing, and the URL that opens it on this network.
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// The workspace root of this checkout (the crate's parent folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the localnet crate lives in the workspace")
        .to_path_buf()
}

/// `app/dist` of this checkout: what `npm run build -w app` writes.
pub fn default_app_dir() -> PathBuf {
    workspace_root().join("app").join("dist")
}

/// Whether `dir` holds a built app.
pub fn is_built(dir: &Path) -> bool {
    dir.join("index.html").is_file()
}

/// Builds the app of this checkout (`npm ci` first when the workspace has no
/// `node_modules`, then `npm run build -w app`), saying what it runs. npm's own output
/// goes to stderr, so stdout keeps only this program's lines. Errors say why, in words.
pub fn build(root: &Path) -> Result<(), String> {
    build_with(root, "npm")
}

/// [`build`] with the npm program named (tests name one that does not exist).
pub fn build_with(root: &Path, npm_program: &str) -> Result<(), String> {
    if !root.join("app").join("package.json").is_file() {
        return Err(format!("no app/package.json in {}", root.display()));
    }
    let npm = Command::new(npm_program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !npm.is_ok_and(|s| s.success()) {
        return Err(
            "npm was not found: install Node.js 20+ with npm to build the app \
                    (or pass --no-app)"
                .into(),
        );
    }
    if !root.join("node_modules").is_dir() {
        run_npm(root, npm_program, &["ci", "--no-audit", "--no-fund"])?;
    }
    run_npm(root, npm_program, &["run", "build", "-w", "app"])
}

fn run_npm(root: &Path, npm: &str, args: &[&str]) -> Result<(), String> {
    let what = format!("npm {}", args.join(" "));
    println!("  building the app: `{what}` in {}", root.display());
    let status = Command::new(npm)
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| format!("`{what}` could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{what}` failed ({status})"))
    }
}

/// The URL that opens the app served at `server` (`http://127.0.0.1:8080/`) on the
/// network at `rpc`: `?rpc=<rpc>`, and `&ws=<ws>` unless the WebSocket is on the RPC's
/// next port (what the app assumes).
pub fn app_url(server: &str, rpc: &str, ws: &str) -> String {
    let mut url = format!("{server}?rpc={rpc}");
    if ws != default_ws(rpc) {
        url.push_str(&format!("&ws={ws}"));
    }
    url
}

/// `http://host:N` -> `ws://host:N+1`, as the app derives it.
fn default_ws(rpc: &str) -> String {
    let Some(rest) = rpc.strip_prefix("http://") else {
        return String::new();
    };
    match rest.rsplit_once(':') {
        Some((host, port)) => match port.parse::<u16>() {
            Ok(port) => format!("ws://{host}:{}", u32::from(port) + 1),
            Err(_) => String::new(),
        },
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_url_names_the_websocket_only_off_the_next_port() {
        assert_eq!(
            app_url(
                "http://127.0.0.1:8080/",
                "http://127.0.0.1:8899",
                "ws://127.0.0.1:8900"
            ),
            "http://127.0.0.1:8080/?rpc=http://127.0.0.1:8899"
        );
        assert_eq!(
            app_url(
                "http://127.0.0.1:41000/",
                "http://127.0.0.1:40001",
                "ws://127.0.0.1:39999"
            ),
            "http://127.0.0.1:41000/?rpc=http://127.0.0.1:40001&ws=ws://127.0.0.1:39999"
        );
    }

    #[test]
    fn without_npm_the_build_says_so() {
        let why = build_with(&workspace_root(), "/nonexistent/npm").unwrap_err();
        assert!(why.starts_with("npm was not found"), "{why}");
        let why = build_with(Path::new("/nonexistent"), "npm").unwrap_err();
        assert!(why.contains("no app/package.json"), "{why}");
    }

    #[test]
    fn the_default_app_is_this_checkouts_build() {
        assert!(default_app_dir().ends_with("app/dist"));
        assert!(workspace_root().join("Cargo.lock").is_file());
    }
}
