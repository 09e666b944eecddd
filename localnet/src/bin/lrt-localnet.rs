//! `lrt-localnet`: the local network with the restaking programs preloaded, seeded with
//! the demo world unless told otherwise.
//!
//! ```text
//! lrt-localnet [--demo | --no-demo] [--out DIR] [--rpc-port N] [--ws-port N] [--slot-time MS]
//!              [--app DIR | --no-app] [--app-port N]
//! ```
//! Ports default to 8899 (HTTP RPC) and 8900 (WebSocket), Solana's usual local ports;
//! 0 picks a free one. Runs until Ctrl-C.
//!
//! It also serves the web app (`app/dist` of this checkout, built first with npm when
//! missing) on 127.0.0.1:8080, with the demo's `demo.json` beside `index.html`, and prints
//! the URL that opens it on this network (`  App        http://127.0.0.1:8080/?rpc=...`).
//! Without npm, or when the app cannot be served, it says why and runs the network alone.
use std::{path::PathBuf, process::ExitCode};

use lrt_localnet::{
    app,
    demo::{self, DemoWorld},
    serve::{AppServer, MemoryFile},
    Localnet, LocalnetConfig,
};
use solana_signer::Signer;

const USAGE: &str = "usage: lrt-localnet [--demo | --no-demo] [--out DIR] [--rpc-port N] [--ws-port N] [--slot-time MS] [--app DIR | --no-app] [--app-port N]\n\
  --demo          seed the demo world (the default): vault, three LSTs, operators, AVSs, a wallet\n\
  --no-demo       an empty network with only the programs\n\
  --out DIR       where the demo's keypairs, config.yml and demo.json go (default .localnet)\n\
  --rpc-port N    HTTP JSON-RPC port on 127.0.0.1 (default 8899; 0 = any free port)\n\
  --ws-port N     WebSocket port on 127.0.0.1 (default 8900; 0 = any free port)\n\
  --slot-time MS  milliseconds per slot (default 400)\n\
  --app DIR       serve the web app built in DIR (default: app/dist, built first if missing)\n\
  --no-app        do not serve the web app\n\
  --app-port N    the web app's HTTP port on 127.0.0.1 (default 8080; 0 = any free port)";

/// Which web app to serve, if any.
enum AppChoice {
    Off,
    /// This checkout's `app/dist`, built when missing.
    Default,
    /// A folder given with `--app`: served as it is.
    Dir(PathBuf),
}

struct Args {
    config: LocalnetConfig,
    demo: bool,
    out: PathBuf,
    app: AppChoice,
    app_port: u16,
}

fn parse_args() -> Result<Args, String> {
    let mut parsed = Args {
        config: LocalnetConfig {
            rpc_port: 8899,
            ws_port: 8900,
            ..LocalnetConfig::default()
        },
        demo: true,
        out: PathBuf::from(".localnet"),
        app: AppChoice::Default,
        app_port: 8080,
    };
    let config = &mut parsed.config;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--demo" => parsed.demo = true,
            "--no-demo" => parsed.demo = false,
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--rpc-port" => config.rpc_port = number(&value("--rpc-port")?)?,
            "--ws-port" => config.ws_port = number(&value("--ws-port")?)?,
            "--slot-time" => config.slot_time_ms = number(&value("--slot-time")?)?,
            "--app" => parsed.app = AppChoice::Dir(PathBuf::from(value("--app")?)),
            "--app-port" => parsed.app_port = number(&value("--app-port")?)?,
            "--no-app" => parsed.app = AppChoice::Off,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(parsed)
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("not a number: {text}"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("{why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let slot_time_ms = args.config.slot_time_ms;
    // Built before the network starts: npm's time is not the network's.
    let app_dir = app_to_serve(&args.app);
    let net = match Localnet::start(args.config) {
        Ok(net) => net,
        Err(e) => {
            eprintln!("lrt-localnet: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "lrt-localnet started in {} ms",
        net.started_in().as_millis()
    );
    println!("  RPC        {}", net.rpc_url());
    println!("  WebSocket  {}", net.ws_url());
    println!("  lrt_vault         {}", lrt_vault::ID);
    println!("  slasher_registry  {}", slasher_registry::ID);
    println!("  example_avs       {}", example_avs::ID);

    // Dropped before the network stops (its price keeper holds the SVM).
    let world = if args.demo {
        match demo::seed(&net, Some(&args.out)) {
            Ok(world) => {
                print_demo(&world, slot_time_ms);
                Some(world)
            }
            Err(e) => {
                eprintln!("lrt-localnet: seeding the demo failed: {e}");
                net.shutdown();
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    // Dropped before the network stops, as the world.
    let app_server = app_dir.and_then(|dir| serve_app(&dir, args.app_port, &net, world.as_ref()));
    println!("Ctrl-C to stop.");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    if let Err(e) = runtime.block_on(tokio::signal::ctrl_c()) {
        eprintln!("lrt-localnet: cannot listen for Ctrl-C: {e}");
    }
    println!("shutting down");
    drop(app_server);
    drop(world);
    net.shutdown();
    println!("stopped");
    ExitCode::SUCCESS
}

/// The folder of the app to serve, built first when it is this checkout's and missing;
/// `None` (having said why) when there is none to serve.
fn app_to_serve(choice: &AppChoice) -> Option<PathBuf> {
    let dir = match choice {
        AppChoice::Off => return None,
        AppChoice::Dir(dir) => dir.clone(),
        AppChoice::Default => {
            let dir = app::default_app_dir();
            if !app::is_built(&dir) {
                println!(
                    "the web app is not built ({} has no index.html)",
                    dir.display()
                );
                if let Err(why) = app::build(&app::workspace_root()) {
                    eprintln!("lrt-localnet: cannot build the web app: {why}");
                    eprintln!("lrt-localnet: serving the RPC only");
                    return None;
                }
            }
            dir
        }
    };
    if app::is_built(&dir) {
        Some(dir)
    } else {
        eprintln!(
            "lrt-localnet: no index.html in {}: not serving the web app",
            dir.display()
        );
        None
    }
}

/// Serves the app with the demo's `demo.json` beside it and prints the URL that opens it
/// on this network; on failure says why and carries on without it.
fn serve_app(
    dir: &std::path::Path,
    port: u16,
    net: &Localnet,
    world: Option<&DemoWorld>,
) -> Option<AppServer> {
    let memory = world
        .map(|w| {
            let json = serde_json::to_string_pretty(&w.to_json()).expect("json serializes");
            vec![MemoryFile::new("demo.json", json)]
        })
        .unwrap_or_default();
    match AppServer::start(dir, port, memory) {
        Ok(server) => {
            println!(
                "  App        {}",
                app::app_url(&server.url(), net.rpc_url(), net.ws_url())
            );
            println!(
                "  (the web app from {}, on 127.0.0.1 only{})",
                dir.display(),
                if world.is_some() {
                    "; it offers the demo wallet on this local network"
                } else {
                    ""
                }
            );
            Some(server)
        }
        Err(e) => {
            eprintln!(
                "lrt-localnet: cannot serve the web app on 127.0.0.1:{port}: {e} \
                 (--app-port 0 picks a free port, --no-app skips it); serving the RPC only"
            );
            None
        }
    }
}

/// `units / 10^decimals` without trailing zeros ("91.5").
fn decimal(units: u64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let (whole, fraction) = (units / scale, units % scale);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = decimals as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

fn print_demo(w: &DemoWorld, slot_time_ms: u64) {
    println!(
        "demo seeded in {} ms; restaking epoch {} (every opt-in and allocation active)",
        w.seeded_in.as_millis(),
        w.active_epoch
    );
    println!(
        "  vault       {}  \"{}\" ({}), LRT mint {}",
        w.vault,
        demo::VAULT_NAME,
        demo::VAULT_SYMBOL,
        w.lrt_mint
    );
    for a in &w.assets {
        let pricing = a
            .pricing_account()
            .map(|k| format!("priced by {k}"))
            .unwrap_or_else(|| "1 SOL".into());
        println!(
            "  asset {}    {:<6} mint {}  {}",
            a.index, a.symbol, a.mint, pricing
        );
    }
    for (i, o) in w.operators.iter().enumerate() {
        println!(
            "  operator-{} {} (authority {}), {} bps commission, {}% of the vault allocated \
             ({} SOL now)",
            i + 1,
            o.operator,
            o.authority.pubkey(),
            o.commission_bps,
            decimal(u64::from(o.allocation_bps), 2),
            decimal(o.stake_at_hand_over, 9)
        );
    }
    for a in [&w.example_avs, &w.demo_avs] {
        println!(
            "  {:<11} {} (id {}), slash authority {}",
            a.name, a.account, a.id, a.slash_authority
        );
    }
    let r = &w.remote_avs;
    println!(
        "  remote AVS  {} (id {}), simulated on {} (Wormhole chain {}), emitter {}",
        r.account,
        r.id,
        r.chain_name,
        r.chain,
        r.emitter_hex()
    );
    println!(
        "  guardians   set {} ({}, {} local guardians: `lrt xchain demo-sign` signs as them \
         on this network only)",
        w.guardian_set.index,
        w.guardian_set.account(),
        w.guardian_set.keys.len()
    );
    println!(
        "  wallet      {} (SOL, 100 dsSOL, 100 dmSOL, 100 wSOL)",
        w.wallet.pubkey()
    );
    println!(
        "  demo wallet {} (SOL, 100 dsSOL, 100 dmSOL, 100 wSOL; the web app's burner key, local network only)",
        w.demo_wallet.pubkey()
    );
    println!(
        "  newcomer    {} (SOL only: register it as an operator)",
        w.newcomer.pubkey()
    );
    println!(
        "  treasury    {} (claims the vault's fees: `lrt -k treasury.json treasury claim`)",
        w.treasury
    );
    println!("  recipient   {} (demo AVS slashes)", w.recipient);
    if let Some(files) = &w.files {
        println!(
            "  keypairs, config.yml and demo.json in {}",
            files.dir.display()
        );
        println!(
            "  e.g. lrt -C {} vault list   (the wallet signs; -k {} for another role)",
            files.config_yml.display(),
            files.dir.join("<name>.json").display()
        );
    }
    println!(
        "Restaking epochs are {} slots ({} s at {} ms a slot). To skip ahead: `lrt epoch advance`,\n\
         or JSON-RPC surfnet_timeTravel [{{\"absoluteSlot\": N}}]; the dsSOL pool is kept fresh\n\
         across Solana epochs.",
        demo::DEMO_EPOCH_LENGTH,
        demo::DEMO_EPOCH_LENGTH * slot_time_ms / 1000,
        slot_time_ms
    );
}
