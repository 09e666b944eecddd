//! `lrt`: the command line of the restaking protocol, for every role.
//!
//! Conventions follow the Solana CLI: `-u/--url` (URL or moniker), `-k/--keypair`,
//! `-C/--config` (the Solana CLI config file by default), `--commitment`, and
//! `--output display|json|json-compact`. Exit status is 0 on success, 1 on any failure
//! (2 for unusable arguments, from clap).
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod amount;
mod bond;
mod chain;
mod cmd;
mod context;
mod curation;
mod errors;
mod fee_guard;
mod handover;
mod operator_stake;
mod opt_in;
mod output;
mod registry_accounts;
mod relay;
mod slashing;
mod stake;
mod tickets;
mod tx;
mod views;
mod wsol;

use output::OutputFormat;

#[derive(Parser, Debug)]
#[command(
    name = "lrt",
    version,
    about = "Liquid restaking on Solana: deposit, operate, curate, slash and watch",
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: context::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Vaults: list and inspect (anyone), create and configure (curators)
    #[command(subcommand)]
    Vault(cmd::vault::VaultCmd),
    /// Deposit an LST into a vault for its LRT
    Deposit(cmd::depositor::deposit::Args),
    /// Withdrawals: request, list and claim tickets
    #[command(subcommand)]
    Withdraw(cmd::depositor::WithdrawCmd),
    /// SOL, LRT and LST balances of the signer (or --owner)
    Balance(cmd::depositor::balance::Args),
    /// Operators: register, opt in to AVSs, bond, inspect
    #[command(subcommand)]
    Operator(cmd::operator::OperatorCmd),
    /// Curators: whitelist operators, allocate the vault to them, opt vaults in to AVSs
    #[command(subcommand)]
    Curator(cmd::curator::CuratorCmd),
    /// AVS teams: register, announce changes, slash, veto, execute, sweep, reward
    #[command(subcommand)]
    Avs(cmd::avs::AvsCmd),
    /// The slasher registry: its parameters in force and announced; announce new ones
    #[command(subcommand)]
    Registry(cmd::registry::RegistryCmd),
    /// The config admin: propose a new treasury, which accepts
    #[command(subcommand)]
    Admin(cmd::admin::AdminCmd),
    /// The treasury: claim the fees a vault kept in its treasury ledger
    #[command(subcommand)]
    Treasury(cmd::treasury::TreasuryCmd),
    /// Permissionless cranks: refresh prices, execute due slashes, sweep escrows
    #[command(subcommand)]
    Crank(cmd::crank::CrankCmd),
    /// Follow slashing, reward and withdrawal events live
    Watch(cmd::watch::WatchArgs),
    /// Restaking epochs: show the current one; advance time on a local network
    #[command(subcommand)]
    Epoch(cmd::epoch::EpochCmd),
    /// Cross-chain: guardian sets, relaying remote AVSs' slash requests and rewards, stake
    /// attestations, and reclaiming the rent they leave
    #[command(
        subcommand,
        after_help = "\
A remote slash on the local network (lrt-localnet's demo world and its keypairs):
  lrt xchain demo-sign ...   (refused without a guardian set: prints the command that installs the local one)
  lrt -k admin.json xchain guardians set --keys <the 19 local guardians' addresses> --index 4
  lrt -k admin.json avs register --id <ANY KEY> --admin <KEY> --remote 2:0x<40 hex digits>
  lrt -k operator-1.json operator opt-in <AVS>
  lrt -k curator.json curator opt-in-avs <VAULT> <AVS>
  lrt epoch advance --epochs 1   (opt-ins count from the next epoch)
  lrt xchain demo-sign --avs <AVS> --operator <OPERATOR> --fraction 5% --out slash.vaa
  lrt xchain submit slash.vaa
  lrt avs show <AVS>             (the request, on the veto path like a local one)
  lrt xchain reclaim             (later: the replay record's rent, once the message is stale)"
    )]
    Xchain(cmd::xchain::XchainCmd),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = context::Ctx::new(&cli.global)?;
    match cli.command {
        Command::Vault(c) => cmd::vault::run(&ctx, c),
        Command::Deposit(a) => cmd::depositor::deposit::run(&ctx, a),
        Command::Withdraw(c) => cmd::depositor::withdraw(&ctx, c),
        Command::Balance(a) => cmd::depositor::balance::run(&ctx, a),
        Command::Operator(c) => cmd::operator::run(&ctx, c),
        Command::Curator(c) => cmd::curator::run(&ctx, c),
        Command::Avs(c) => cmd::avs::run(&ctx, c),
        Command::Registry(c) => cmd::registry::run(&ctx, c),
        Command::Admin(c) => cmd::admin::run(&ctx, c),
        Command::Treasury(c) => cmd::treasury::run(&ctx, c),
        Command::Crank(c) => cmd::crank::run(&ctx, c),
        Command::Watch(a) => cmd::watch::run(&ctx, a),
        Command::Epoch(c) => cmd::epoch::run(&ctx, c),
        Command::Xchain(c) => cmd::xchain::run(&ctx, c),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.global.output != OutputFormat::Display;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` keeps anyhow's context chain on one line: "what failed: why".
            let reported = error.downcast_ref::<output::Reported>().is_some();
            if json && !reported {
                let body = serde_json::json!({ "error": format!("{error:#}") });
                println!("{body}");
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
