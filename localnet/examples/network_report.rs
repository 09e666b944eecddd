//! How fast the local network is, measured over real RPC:
//! (a) start to ready, with and without the demo world (median of a few runs);
//! (b) round trip of a deposit (`refresh_prices` + `deposit` of dsSOL): until
//!     `sendTransaction` returns (surfpool executes inside it) and until `confirmed`
//!     (the next block), sent at spread-out offsets into the slot;
//! (c) sustained confirmed transactions per second with 1, 4 and 16 concurrent clients,
//!     each with its own funded keypair, sending deposits and, separately, dsSOL transfers.
//!
//! ```text
//! cargo run --release -p lrt-localnet --example network_report [-- --quick]
//! ```
//! `--quick`: fewer runs and 3 s windows (a smoke test of the report itself).
use std::{
    sync::Barrier,
    time::{Duration, Instant},
};

use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token_2022::spl_token_2022,
};
use lrt_client::{
    instructions as vault_ix, pda, state::Vault, token_programs::TOKEN_2022, Instruction, Pubkey,
};
use lrt_localnet::{
    demo::{self, DemoWorld, SOL},
    Localnet, LocalnetConfig,
};
use lrt_vault::instructions::DepositArgs;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::{Signature, Transaction};

const DSSOL: u8 = 1;

struct Settings {
    start_runs: usize,
    latency_runs: usize,
    window: Duration,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let settings = if quick {
        Settings {
            start_runs: 2,
            latency_runs: 10,
            window: Duration::from_secs(3),
        }
    } else {
        Settings {
            start_runs: 5,
            latency_runs: 50,
            window: Duration::from_secs(10),
        }
    };
    let build = if cfg!(debug_assertions) {
        "DEBUG build (unoptimised: a release build is far faster, about 30x in throughput here)"
    } else {
        "release build"
    };
    let slot_time_ms = LocalnetConfig::default().slot_time_ms;
    println!(
        "lrt-localnet network report: {build}, {} cores, {slot_time_ms} ms slots",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    // (a) start to ready; the first start in a process also installs program-test's CPI
    // stubs (a throwaway ProgramTest), as the binary's only start does.
    let started = Instant::now();
    let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
    let first = started.elapsed();
    net.shutdown();
    let mut bare = Vec::new();
    for _ in 0..settings.start_runs {
        let started = Instant::now();
        let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
        bare.push(started.elapsed());
        net.shutdown();
    }
    let (mut with_demo, mut seeding) = (Vec::new(), Vec::new());
    for _ in 0..settings.start_runs {
        let started = Instant::now();
        let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
        let world = demo::seed(&net, None).expect("the demo seeds");
        with_demo.push(started.elapsed());
        seeding.push(world.seeded_in);
        drop(world);
        net.shutdown();
    }

    // (b) and (c) on one demo network
    let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
    let world = demo::seed(&net, None).expect("the demo seeds");
    let rpc = demo::processed_client(net.rpc_url());
    let vault = world.fetch_vault(&rpc).expect("the vault");
    let (executed, confirmed) = deposit_latency(&rpc, &world, &vault, settings.latency_runs);

    let mut rows = Vec::new();
    for workload in [Workload::Deposit, Workload::Transfer] {
        for clients in [1, 4, 16] {
            rows.push(throughput(
                net.rpc_url(),
                &world,
                &vault,
                workload,
                clients,
                settings.window,
            ));
        }
    }
    drop(world);
    net.shutdown();

    println!();
    println!("(a) start to ready");
    println!(
        "    {:<34} {:>8}   (installs the CPI stubs once)",
        "first start in a process",
        ms(first)
    );
    println!(
        "    {:<34} {:>8}   (median of {})",
        "network only",
        ms(median(&bare)),
        settings.start_runs
    );
    println!(
        "    {:<34} {:>8}   (median; of which seeding {})",
        "network + demo world",
        ms(median(&with_demo)),
        ms(median(&seeding))
    );
    println!();
    println!(
        "(b) deposit round trip over RPC (refresh_prices + deposit of dsSOL), {} runs",
        settings.latency_runs
    );
    println!("    {:<34} {:>8} {:>8}", "", "median", "p90");
    println!(
        "    {:<34} {:>8} {:>8}",
        "sent, executed (processed)",
        ms(percentile(&executed, 50)),
        ms(percentile(&executed, 90))
    );
    println!(
        "    {:<34} {:>8} {:>8}",
        "sent + confirmed",
        ms(percentile(&confirmed, 50)),
        ms(percentile(&confirmed, 90))
    );
    println!();
    println!(
        "(c) sustained confirmed transactions per second, {} s per row, each client its own keypair",
        settings.window.as_secs()
    );
    println!(
        "    {:<46} {:>7} {:>6} {:>9} {:>7} {:>8}",
        "workload", "clients", "sent", "confirmed", "failed", "TPS"
    );
    for row in &rows {
        println!(
            "    {:<46} {:>7} {:>6} {:>9} {:>7} {:>8.1}",
            row.workload.describe(),
            row.clients,
            row.sent,
            row.confirmed,
            row.failed,
            row.confirmed as f64 / row.window.as_secs_f64()
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn median(values: &[Duration]) -> Duration {
    percentile(values, 50)
}

/// Nearest-rank percentile.
fn percentile(values: &[Duration], p: usize) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// A deposit of `amount` dsSOL by `who` into its LRT account (which exists).
fn deposit(world: &DemoWorld, vault: &Vault, who: &Pubkey, amount: u64) -> [Instruction; 2] {
    [
        vault_ix::refresh_prices(vault),
        vault_ix::deposit(
            vault,
            *who,
            world.assets[usize::from(DSSOL)].account_of(who),
            pda::lrt_account(who, &world.lrt_mint),
            DepositArgs {
                asset_index: DSSOL,
                amount,
                min_shares_out: 0,
                max_fee_bps: 10_000,
            },
        ),
    ]
}

/// Time to `sendTransaction`'s return and to `confirmed`, per deposit of the wallet.
fn deposit_latency(
    rpc: &RpcClient,
    world: &DemoWorld,
    vault: &Vault,
    runs: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let wallet = &world.wallet;
    let open = create_associated_token_account_idempotent(
        &wallet.pubkey(),
        &wallet.pubkey(),
        &world.lrt_mint,
        &TOKEN_2022,
    );
    let blockhash = rpc.get_latest_blockhash().unwrap();
    let tx =
        Transaction::new_signed_with_payer(&[open], Some(&wallet.pubkey()), &[wallet], blockhash);
    rpc.send_transaction(&tx).expect("the wallet's LRT account");

    // Each run starts just after a block (the previous one's confirmation); a user's does
    // not. Send at spread-out offsets into the slot so `confirmed` is not always a full slot.
    let slot_time_ms = LocalnetConfig::default().slot_time_ms;
    let (mut executed, mut confirmed) = (Vec::new(), Vec::new());
    for run in 0..runs as u64 {
        let blockhash = rpc.get_latest_blockhash().unwrap();
        std::thread::sleep(Duration::from_millis(run * 7_919 % slot_time_ms));
        // distinct amounts: two equal transactions in one block would be duplicates
        let ixs = deposit(world, vault, &wallet.pubkey(), SOL / 100 + run);
        let tx =
            Transaction::new_signed_with_payer(&ixs, Some(&wallet.pubkey()), &[wallet], blockhash);
        let sent = Instant::now();
        let signature = rpc.send_transaction(&tx).expect("a deposit");
        executed.push(sent.elapsed());
        wait_confirmed(rpc, &signature);
        confirmed.push(sent.elapsed());
    }
    (executed, confirmed)
}

fn wait_confirmed(rpc: &RpcClient, signature: &Signature) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let status = rpc.get_signature_statuses(&[*signature]).unwrap().value[0].clone();
        if let Some(status) = status {
            assert!(status.err.is_none(), "{signature} failed: {:?}", status.err);
            if status.satisfies_commitment(CommitmentConfig::confirmed()) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{signature} not confirmed");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[derive(Clone, Copy)]
enum Workload {
    /// `refresh_prices` + `deposit` of dsSOL into the vault.
    Deposit,
    /// A Token-2022 `transfer_checked` of dsSOL to the wallet.
    Transfer,
}

impl Workload {
    fn describe(self) -> &'static str {
        match self {
            Workload::Deposit => "deposit (refresh_prices + deposit dsSOL)",
            Workload::Transfer => "dsSOL transfer (Token-2022 transfer_checked)",
        }
    }

    fn instructions(
        self,
        world: &DemoWorld,
        vault: &Vault,
        who: &Pubkey,
        amount: u64,
    ) -> Vec<Instruction> {
        match self {
            Workload::Deposit => deposit(world, vault, who, amount).to_vec(),
            Workload::Transfer => {
                let asset = &world.assets[usize::from(DSSOL)];
                vec![spl_token_2022::instruction::transfer_checked(
                    &asset.token_program,
                    &asset.account_of(who),
                    &asset.mint,
                    &asset.account_of(&world.wallet.pubkey()),
                    who,
                    &[],
                    amount,
                    9,
                )
                .expect("transfer_checked builds")]
            }
        }
    }
}

struct Row {
    workload: Workload,
    clients: usize,
    window: Duration,
    sent: usize,
    confirmed: usize,
    failed: usize,
}

/// `clients` threads, each with its own keypair (funded with SOL and dsSOL, LRT account
/// open) and RPC client, send back to back for `window`; then every signature's status is
/// read and only confirmed successes count.
fn throughput(
    rpc_url: &str,
    world: &DemoWorld,
    vault: &Vault,
    workload: Workload,
    clients: usize,
    window: Duration,
) -> Row {
    let rpc = demo::processed_client(rpc_url);
    let keys: Vec<Keypair> = (0..clients).map(|_| Keypair::new()).collect();
    for key in &keys {
        rpc.request_airdrop(&key.pubkey(), 10 * SOL)
            .expect("an airdrop");
        let mut ixs = world.faucet_instructions(&key.pubkey(), 1_000 * SOL);
        ixs.push(create_associated_token_account_idempotent(
            &world.faucet.pubkey(),
            &key.pubkey(),
            &world.lrt_mint,
            &TOKEN_2022,
        ));
        let blockhash = rpc.get_latest_blockhash().unwrap();
        let tx = Transaction::new_signed_with_payer(
            &ixs,
            Some(&world.faucet.pubkey()),
            &[&world.faucet],
            blockhash,
        );
        rpc.send_transaction(&tx).expect("a client funded");
    }

    let barrier = Barrier::new(clients);
    let results: Vec<(Vec<Signature>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = keys
            .iter()
            .map(|key| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let rpc = demo::processed_client(rpc_url);
                    let mut blockhash = rpc.get_latest_blockhash().unwrap();
                    let mut fetched = Instant::now();
                    let (mut signatures, mut failed) = (Vec::new(), 0);
                    barrier.wait();
                    let end = Instant::now() + window;
                    let mut n = 0u64;
                    while Instant::now() < end {
                        if fetched.elapsed() > Duration::from_secs(1) {
                            blockhash = rpc.get_latest_blockhash().unwrap();
                            fetched = Instant::now();
                        }
                        n += 1;
                        let ixs = workload.instructions(world, vault, &key.pubkey(), 1_000 + n);
                        let tx = Transaction::new_signed_with_payer(
                            &ixs,
                            Some(&key.pubkey()),
                            &[key],
                            blockhash,
                        );
                        match rpc.send_transaction(&tx) {
                            Ok(signature) => signatures.push(signature),
                            Err(_) => failed += 1,
                        }
                    }
                    (signatures, failed)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    // Past the next block, then count what is confirmed.
    std::thread::sleep(Duration::from_millis(
        2 * LocalnetConfig::default().slot_time_ms,
    ));
    let mut row = Row {
        workload,
        clients,
        window,
        sent: 0,
        confirmed: 0,
        failed: 0,
    };
    for (signatures, failed) in results {
        row.sent += signatures.len() + failed;
        row.failed += failed;
        for chunk in signatures.chunks(256) {
            for status in rpc.get_signature_statuses(chunk).unwrap().value {
                match status {
                    Some(s) if s.err.is_some() => row.failed += 1,
                    Some(s) if s.satisfies_commitment(CommitmentConfig::confirmed()) => {
                        row.confirmed += 1
                    }
                    _ => {}
                }
            }
        }
    }
    row
}
