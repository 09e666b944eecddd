//! The repository's tasks, run as `cargo xtask <task>` (alias in `.cargo/config.toml`):
//!
//! ```text
//! cargo xtask idl [--check]     the IDLs of the three programs, into idl/
//! cargo xtask client [--check]  the TypeScript client generated from them (clients/js)
//! cargo xtask test              everything CI runs: the freshness checks, the Rust tests,
//!                               the npm packages, the TypeScript tests, then the web app's
//!                               build and its browser tests (Chromium, headless)
//! cargo xtask e2e               only the last part: the binaries, the app's build and its
//!                               browser tests
//! ```
//!
//! `idl` writes exactly what `anchor idl build` writes (Anchor's CLI is this same
//! `anchor_lang_idl::build::IdlBuilder`, with Anchor.toml's `resolution = true` and
//! `skip-lint = false`, printed with `serde_json::to_string_pretty`). `--check` generates
//! without writing and fails, naming each stale file, when the committed ones differ.
use std::{
    env,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

use anchor_lang_idl::build::IdlBuilder;

/// The programs whose IDLs are published, by folder under `programs/`.
const PROGRAMS: [&str; 3] = ["lrt_vault", "slasher_registry", "example_avs"];

const USAGE: &str = "usage: cargo xtask <idl [--check] | client [--check] | test | e2e>";

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["idl"] => idl(false),
        ["idl", "--check"] => idl(true),
        ["client"] => client(false),
        ["client", "--check"] => client(true),
        ["test"] => test(),
        ["e2e"] => e2e(),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("xtask: {why}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this crate's parent folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// One program's IDL as `anchor idl build` prints it.
fn build_idl(program: &str) -> Result<String> {
    let root = root();
    let idl = IdlBuilder::new()
        .program_path(root.join("programs").join(program))
        .resolution(true)
        .skip_lint(false)
        .no_docs(false)
        // its own target folder: the builder sets RUSTFLAGS, which would otherwise
        // rebuild the workspace's test artifacts every time
        .cargo_args(vec![
            "--locked".into(),
            "--target-dir".into(),
            root.join("target/idl").display().to_string(),
        ])
        .build()
        .map_err(|e| format!("building the IDL of {program}: {e:#}"))?;
    serde_json::to_string_pretty(&idl).map_err(|e| format!("printing the IDL of {program}: {e}"))
}

fn idl(check: bool) -> Result<()> {
    // anchor-lang-idl 0.1.4 turns a set RUSTUP_TOOLCHAIN (rustup sets it inside `cargo
    // run`) into a literal `+{toolchain}` argument and a `rustup toolchain install`
    // (../shared/docs/solana-native.md): build with the toolchain already selected.
    env::remove_var("RUSTUP_TOOLCHAIN");
    let started = Instant::now();
    let dir = root().join("idl");
    let mut stale = Vec::new();
    for program in PROGRAMS {
        let json = build_idl(program)?;
        let path = dir.join(format!("{program}.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed == json {
            continue;
        }
        if check {
            stale.push(format!("idl/{program}.json"));
        } else {
            std::fs::create_dir_all(&dir).map_err(|e| format!("creating idl/: {e}"))?;
            std::fs::write(&path, &json).map_err(|e| format!("writing {}: {e}", path.display()))?;
            println!("wrote idl/{program}.json ({} bytes)", json.len());
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "{} differ from what the programs generate; run `cargo xtask idl` and commit them",
            stale.join(", ")
        ));
    }
    println!(
        "IDLs {} in {:.1} s",
        if check { "fresh" } else { "up to date" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs `program args` in `dir`, failing with what it was.
fn run(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    let what = format!("`{program} {}` in {}", args.join(" "), dir.display());
    println!("xtask: {what}");
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|e| format!("{what} could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// The generated client of `clients/js`: `npm run generate` (Codama, from idl/). The
/// check generates into a scratch folder and compares file by file.
fn client(check: bool) -> Result<()> {
    let root = root();
    let package = root.join("clients/js");
    if !check {
        return run(&package, "npm", &["run", "--silent", "generate"], &[]);
    }
    let scratch = root.join("target/client-check");
    let _ = std::fs::remove_dir_all(&scratch);
    let out = scratch.display().to_string();
    run(
        &package,
        "npm",
        &["run", "--silent", "generate", "--", &out],
        &[],
    )?;
    let committed = package.join("src/generated");
    let (mut ours, mut fresh) = (Vec::new(), Vec::new());
    list_files(&committed, &committed, &mut ours)?;
    list_files(&scratch, &scratch, &mut fresh)?;
    ours.sort();
    fresh.sort();
    let mut stale: Vec<String> = fresh
        .iter()
        .filter(|f| std::fs::read(committed.join(f)).ok() != std::fs::read(scratch.join(f)).ok())
        .cloned()
        .collect();
    stale.extend(ours.iter().filter(|f| !fresh.contains(f)).cloned());
    if !stale.is_empty() {
        return Err(format!(
            "clients/js/src/generated is stale ({}); run `cargo xtask client` and commit it",
            stale.join(", ")
        ));
    }
    println!("generated client fresh ({} files)", fresh.len());
    Ok(())
}

/// Every file under `dir`, as a path relative to `base`.
fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            list_files(base, &path, out)?;
        } else {
            let relative = path.strip_prefix(base).expect("under base");
            out.push(relative.display().to_string());
        }
    }
    Ok(())
}

/// Everything CI runs, in order of what fails fastest.
fn test() -> Result<()> {
    let root = root();
    idl(true)?;
    run(&root, "npm", &["ci", "--no-audit", "--no-fund"], &[])?;
    client(true)?;
    run(&root, "cargo", &["test", "--workspace", "--locked"], &[])?;
    // the TypeScript tests start the local network themselves, as the Rust tests do
    run(
        &root,
        "cargo",
        &["build", "--locked", "-p", "lrt-localnet"],
        &[],
    )?;
    let localnet = root.join("target/debug/lrt-localnet");
    run(
        &root,
        "npm",
        &["test"],
        &[("LRT_LOCALNET_BIN", &localnet.display().to_string())],
    )?;
    browser_tests(&root, &localnet)
}

/// The browser tests alone, with what they need built first.
fn e2e() -> Result<()> {
    let root = root();
    run(
        &root,
        "cargo",
        &["build", "--locked", "-p", "lrt-localnet"],
        &[],
    )?;
    browser_tests(&root, &root.join("target/debug/lrt-localnet"))
}

/// The browser's binary: Debian's Chromium, or `$CHROMIUM_BIN`.
fn chromium_path() -> PathBuf {
    env::var_os("CHROMIUM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Runs `step` and prints how long it took, as `idl` does.
fn timed(what: &str, step: impl FnOnce() -> Result<()>) -> Result<()> {
    let started = Instant::now();
    step()?;
    println!("xtask: {what} in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The web app's build and its browser tests (app/e2e, Playwright with Chromium): each
/// test starts `localnet`, which serves the build, and drives the app with a test wallet.
fn browser_tests(root: &Path, localnet: &Path) -> Result<()> {
    timed("Chromium ready", ensure_chromium)?;
    timed("lrt built", || {
        run(root, "cargo", &["build", "--locked", "-p", "lrt-cli"], &[])
    })?;
    // the build prints the bundle's gzipped size and fails above the budget
    timed("app built", || {
        run(root, "npm", &["run", "build", "-w", "app"], &[])
    })?;
    if !root.join("node_modules/@playwright/test").is_dir() {
        let why = "@playwright/test is not installed: it belongs in app's devDependencies \
                   (1.65.2, see ../shared/docs/solana-native.md), installed by `npm ci`";
        return Err(why.into());
    }
    let chromium = chromium_path().display().to_string();
    let lrt = root.join("target/debug/lrt").display().to_string();
    let localnet = localnet.display().to_string();
    timed("browser tests", || {
        run(
            root,
            "sh",
            &["app/e2e/run.sh"],
            &[
                ("LRT_LOCALNET_BIN", &localnet),
                ("LRT_BIN", &lrt),
                ("CHROMIUM_BIN", &chromium),
            ],
        )
    })
}

/// Chromium for the browser tests: there already, or installed with apt when running as
/// root (as CI does); otherwise what to do.
fn ensure_chromium() -> Result<()> {
    let chromium = chromium_path();
    if chromium.is_file() {
        println!("xtask: Chromium at {}", chromium.display());
        return Ok(());
    }
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    if !root_user || env::var_os("CHROMIUM_BIN").is_some() {
        return Err(format!(
            "Chromium not found at {}: install Debian's package (`sudo apt-get install -y \
             chromium`) or set CHROMIUM_BIN to a Chromium binary",
            chromium.display()
        ));
    }
    let here = Path::new("/");
    let noninteractive = [("DEBIAN_FRONTEND", "noninteractive")];
    run(here, "apt-get", &["update"], &noninteractive)?;
    run(
        here,
        "apt-get",
        &["install", "-y", "chromium"],
        &noninteractive,
    )?;
    if chromium.is_file() {
        Ok(())
    } else {
        Err(format!(
            "apt-get installed chromium, but {} does not exist",
            chromium.display()
        ))
    }
}
