//! `lrt-localnet`: the local network with the restaking programs preloaded.
//!
//! ```text
//! lrt-localnet [--rpc-port N] [--ws-port N] [--slot-time MS]
//! ```
//! Ports default to 8899 (HTTP RPC) and 8900 (WebSocket), Solana's usual local ports;
//! 0 picks a free one. Runs until Ctrl-C.
use std::process::ExitCode;

use lrt_localnet::{Localnet, LocalnetConfig};

const USAGE: &str = "usage: lrt-localnet [--rpc-port N] [--ws-port N] [--slot-time MS]\n\
  --rpc-port N    HTTP JSON-RPC port on 127.0.0.1 (default 8899; 0 = any free port)\n\
  --ws-port N     WebSocket port on 127.0.0.1 (default 8900; 0 = any free port)\n\
  --slot-time MS  milliseconds per slot (default 400)";

fn parse_args() -> Result<LocalnetConfig, String> {
    let mut config = LocalnetConfig {
        rpc_port: 8899,
        ws_port: 8900,
        ..LocalnetConfig::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--rpc-port" => config.rpc_port = number(&value("--rpc-port")?)?,
            "--ws-port" => config.ws_port = number(&value("--ws-port")?)?,
            "--slot-time" => config.slot_time_ms = number(&value("--slot-time")?)?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(config)
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("not a number: {text}"))
}

fn main() -> ExitCode {
    let config = match parse_args() {
        Ok(config) => config,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("{why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let net = match Localnet::start(config) {
        Ok(net) => net,
        Err(e) => {
            eprintln!("lrt-localnet: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("lrt-localnet ready in {} ms", net.started_in().as_millis());
    println!("  RPC        {}", net.rpc_url());
    println!("  WebSocket  {}", net.ws_url());
    println!("  lrt_vault         {}", lrt_vault::ID);
    println!("  slasher_registry  {}", slasher_registry::ID);
    println!("  example_avs       {}", example_avs::ID);
    println!("Ctrl-C to stop.");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    if let Err(e) = runtime.block_on(tokio::signal::ctrl_c()) {
        eprintln!("lrt-localnet: cannot listen for Ctrl-C: {e}");
    }
    println!("shutting down");
    net.shutdown();
    println!("stopped");
    ExitCode::SUCCESS
}
