//! Load on the local network (issue 11, item 4): the demo world, N concurrent clients
//! (16 by default), each with its own funded keypair and RPC connection, sending mixed
//! traffic for a bounded time, then an account of every transaction and the vault's
//! invariants read back from chain state.
//!
//! ```text
//! cargo run --release -p lrt-localnet --example load [-- --seconds N --clients N]
//! ```
//! Defaults: 16 clients, 20 s of traffic. It is a report, not a timed test: no speed is
//! asserted. It exits non-zero if a transaction is unaccounted for or an invariant fails.
//!
//! The run:
//! 1. the embedded network starts with the demo world (`lrt_localnet::demo::seed`, as
//!    `network_report` does); each client gets 10 SOL (5 of them wrapped as wSOL), 1,000
//!    dsSOL and 1,000 dmSOL, and its LRT account;
//! 2. phase A (half the time): deposits of the three assets (each with `refresh_prices` in
//!    the same transaction), withdrawal requests (a ticket each) and dsSOL transfers to
//!    the next client;
//! 3. between the phases, one coordinator thread (the clients wait): the demo AVS's slash
//!    authority requests a 5% slash of operator-1, the network's clock travels past the
//!    veto window (`surfnet_timeTravel`), the request is executed against the vault (with
//!    `refresh_prices`), and the clock travels two restaking epochs on, so phase A's
//!    tickets mature and the slash's resolution delay is over;
//! 4. phase B (the other half): the same traffic plus claims of the matured tickets.
//!
//! Every transaction is sent with `skip_preflight`, so a refusal is recorded on chain;
//! its signature is kept with its kind. A last transaction, a withdrawal request for more
//! shares than its client holds, must be seen failing on chain with its program error (a
//! probe of the failure accounting, outside the rates). At the end every signature's
//! status is read: confirmed, failed (with the program error by name), or never found (a
//! failure too). The report shows confirmed transactions per second overall and per kind
//! (over the time the clients were sending), proves submitted = confirmed + failed with
//! the reasons tallied, and checks from chain state: solvency per asset (a reserve's
//! balance at least active + queued + escrowed + unvested), shares (LRT supply + bonded +
//! insurance + treasury == share supply), each bucket (its open tickets counted, their
//! baskets within the bucket's, what it holds covering their claims) and the buckets' and
//! escrows' sums against the vault's `queued_amount` and `escrowed_amount`. The programs
//! run natively in this process and print their logs (`Instruction: Deposit`, ...) on
//! stdout: the report follows them, under `=== load report`.
use std::{
    collections::BTreeMap,
    sync::Barrier,
    time::{Duration, Instant},
};

use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token::spl_token, token_2022::spl_token_2022,
};
use lrt_client::{
    instructions as vault_ix, pda, registry,
    state::{SlashEscrow, Vault, WithdrawalBucket, WithdrawalTicket},
    token_programs::{TOKEN, TOKEN_2022},
    Instruction, Pubkey,
};
use lrt_localnet::{
    demo::{self, DemoWorld, SOL},
    Localnet, LocalnetConfig,
};
use lrt_vault::{constants::WSOL_MINT, instructions::RequestWithdrawalArgs};
use restaking_math::{scaled_amount_floor, WAD};
use slasher_registry::{instructions::RequestSlashArgs, state::SlashRequest};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_program_pack::Pack;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::config::RpcSendTransactionConfig;
use solana_signer::Signer;
use solana_transaction::{InstructionError, Signature, Transaction, TransactionError};

/// The fraction of operator-1's stake the demo AVS asks for.
const SLASH_WAD: u128 = WAD / 20;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Deposit,
    WithdrawalRequest,
    Claim,
    Transfer,
    SlashRequest,
    SlashExecution,
    /// A withdrawal request for more shares than the client holds, sent at the end: it
    /// must fail on chain, proving that a failure is seen and named.
    Probe,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Deposit => "deposit (+ refresh_prices)",
            Kind::WithdrawalRequest => "withdrawal request",
            Kind::Claim => "claim of a matured ticket",
            Kind::Transfer => "dsSOL transfer",
            Kind::SlashRequest => "slash request (demo AVS)",
            Kind::SlashExecution => "slash execution (+ refresh)",
            Kind::Probe => "over-withdrawal probe (must fail)",
        }
    }

    const ALL: [Kind; 7] = [
        Kind::Deposit,
        Kind::WithdrawalRequest,
        Kind::Claim,
        Kind::Transfer,
        Kind::SlashRequest,
        Kind::SlashExecution,
        Kind::Probe,
    ];
}

/// One submitted transaction: its kind, and its signature or why it could not be sent.
struct Submitted {
    kind: Kind,
    sent: Result<Signature, String>,
}

/// A transaction's final outcome.
enum Outcome {
    Confirmed,
    Failed(String),
}

struct Settings {
    seconds: u64,
    clients: usize,
}

fn settings() -> Settings {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut settings = Settings {
        seconds: 20,
        clients: 16,
    };
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<u64>().ok());
        match (args[i].as_str(), value) {
            ("--seconds", Some(v)) if v >= 2 => settings.seconds = v,
            ("--clients", Some(v)) if v >= 1 => settings.clients = v as usize,
            _ => {
                eprintln!("usage: load [--seconds N (>= 2)] [--clients N (>= 1)]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    settings
}

fn main() {
    let settings = settings();
    let build = if cfg!(debug_assertions) {
        "DEBUG build (a release build is far faster)"
    } else {
        "release build"
    };
    let slot_time_ms = LocalnetConfig::default().slot_time_ms;
    let header = format!(
        "lrt-localnet load: {build}, {} cores, {} clients, {} s of traffic in two phases, \
         {slot_time_ms} ms slots",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        settings.clients,
        settings.seconds,
    );
    println!("{header}");

    let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
    let world = demo::seed(&net, None).expect("the demo seeds");
    let rpc = demo::processed_client(net.rpc_url());
    let clients: Vec<Keypair> = (0..settings.clients).map(|_| Keypair::new()).collect();
    fund(&rpc, &world, &clients);
    println!(
        "network up, demo world seeded, {} clients funded",
        clients.len()
    );

    let phase = Duration::from_millis(settings.seconds * 500);
    let mut submitted: Vec<Submitted> = Vec::new();
    let mut tickets: Vec<Vec<u64>> = vec![Vec::new(); clients.len()];

    // phase A
    let took_a = run_phase(
        net.rpc_url(),
        &world,
        &clients,
        &mut tickets,
        phase,
        false,
        &mut submitted,
    );
    // between the phases: the slash, and the clock moved on
    let (slash, slash_summary) = slash_in_the_middle(&rpc, &world);
    submitted.extend(slash);
    // phase B, with claims
    let took_b = run_phase(
        net.rpc_url(),
        &world,
        &clients,
        &mut tickets,
        phase,
        true,
        &mut submitted,
    );
    let sending = took_a + took_b;
    // the probe: a request for more shares than client 0 holds
    let vault = world.fetch_vault(&rpc).expect("the vault");
    let probe = vault_ix::request_withdrawal(
        &vault,
        clients[0].pubkey(),
        current_epoch(&rpc),
        RequestWithdrawalArgs {
            shares: u64::MAX / 2,
            ticket_id: u64::MAX,
            max_fee_bps: 10_000,
        },
    );
    let blockhash = rpc.get_latest_blockhash().expect("a blockhash");
    submitted.push(submit(&rpc, Kind::Probe, &[probe], &clients[0], blockhash));
    println!(
        "\n=== load report (the programs' own logs, printed natively, end here) ===\n\
         {header}\nphase A {:.1} s, phase B {:.1} s\n{slash_summary}",
        took_a.as_secs_f64(),
        took_b.as_secs_f64()
    );

    // every signature's final status
    let outcomes = settle(&rpc, &submitted);
    let mut ok = report(&submitted, &outcomes, sending);
    ok &= check_invariants(&rpc, &world);

    drop(world);
    net.shutdown();
    if !ok {
        eprintln!("load: FAILED (see above)");
        std::process::exit(1);
    }
    println!("load: every transaction accounted for, every invariant holds");
}

/// Each client: 10 SOL (5 wrapped as wSOL), 1,000 dsSOL and dmSOL, its LRT account.
fn fund(rpc: &RpcClient, world: &DemoWorld, clients: &[Keypair]) {
    let blockhash = rpc.get_latest_blockhash().expect("a blockhash");
    let mut signatures = Vec::new();
    for client in clients {
        let who = client.pubkey();
        signatures.push(rpc.request_airdrop(&who, 10 * SOL).expect("an airdrop"));
        let mut ixs = world.faucet_instructions(&who, 1_000 * SOL);
        ixs.push(create_associated_token_account_idempotent(
            &world.faucet.pubkey(),
            &who,
            &world.lrt_mint,
            &TOKEN_2022,
        ));
        ixs.push(create_associated_token_account_idempotent(
            &world.faucet.pubkey(),
            &who,
            &WSOL_MINT,
            &TOKEN,
        ));
        let tx = Transaction::new_signed_with_payer(
            &ixs,
            Some(&world.faucet.pubkey()),
            &[&world.faucet],
            blockhash,
        );
        signatures.push(rpc.send_transaction(&tx).expect("a client's tokens"));
    }
    wait_all(rpc, &signatures);
    // wrap 5 SOL each (the client pays, now that it has SOL)
    let blockhash = rpc.get_latest_blockhash().expect("a blockhash");
    let mut signatures = Vec::new();
    for client in clients {
        let who = client.pubkey();
        let account = pda::associated_token_account(&who, &WSOL_MINT, &TOKEN);
        let ixs = [
            anchor_lang::solana_program::system_instruction::transfer(&who, &account, 5 * SOL),
            spl_token::instruction::sync_native(&TOKEN, &account).expect("sync_native builds"),
        ];
        let tx = Transaction::new_signed_with_payer(&ixs, Some(&who), &[client], blockhash);
        signatures.push(rpc.send_transaction(&tx).expect("wSOL wrapped"));
    }
    wait_all(rpc, &signatures);
}

/// Waits until every signature is confirmed, or panics with the failure.
fn wait_all(rpc: &RpcClient, signatures: &[Signature]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    for chunk in signatures.chunks(256) {
        loop {
            let statuses = rpc.get_signature_statuses(chunk).expect("statuses").value;
            let mut done = true;
            for (signature, status) in chunk.iter().zip(statuses) {
                match status {
                    Some(s) if s.err.is_some() => panic!("{signature} failed: {:?}", s.err),
                    Some(s) if s.satisfies_commitment(CommitmentConfig::confirmed()) => {}
                    _ => done = false,
                }
            }
            if done {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "set-up transactions not confirmed"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Sends without preflight (so a refusal lands on chain with its error) and records it.
fn submit(
    rpc: &RpcClient,
    kind: Kind,
    ixs: &[Instruction],
    payer: &Keypair,
    blockhash: solana_transaction::Hash,
) -> Submitted {
    let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &[payer], blockhash);
    let config = RpcSendTransactionConfig {
        skip_preflight: true,
        ..RpcSendTransactionConfig::default()
    };
    Submitted {
        kind,
        sent: rpc
            .send_transaction_with_config(&tx, config)
            .map_err(|e| format!("not sent: {e}")),
    }
}

/// What a client sends next: deposits, requests and transfers in a fixed rotation (each
/// client starts at another place in it), and in phase B a claim every third transaction
/// while it has tickets to claim.
fn next_kind(client: usize, n: u64, claims: bool, has_tickets: bool) -> Kind {
    const ROTATION: [Kind; 8] = [
        Kind::Deposit,
        Kind::Transfer,
        Kind::Deposit,
        Kind::WithdrawalRequest,
        Kind::Transfer,
        Kind::Deposit,
        Kind::WithdrawalRequest,
        Kind::Transfer,
    ];
    if n == 0 {
        return Kind::Deposit; // shares first
    }
    if claims && has_tickets && n.is_multiple_of(3) {
        return Kind::Claim;
    }
    ROTATION[(client + n as usize) % ROTATION.len()]
}

/// All clients send back to back for `duration`; returns how long they were sending.
fn run_phase(
    rpc_url: &str,
    world: &DemoWorld,
    clients: &[Keypair],
    tickets: &mut [Vec<u64>],
    duration: Duration,
    claims: bool,
    submitted: &mut Vec<Submitted>,
) -> Duration {
    let barrier = Barrier::new(clients.len() + 1);
    let vault = world
        .fetch_vault(&demo::processed_client(rpc_url))
        .expect("the vault");
    let started = std::thread::scope(|scope| {
        let handles: Vec<_> = clients
            .iter()
            .zip(tickets.iter_mut())
            .enumerate()
            .map(|(i, (key, my_tickets))| {
                let (barrier, vault) = (&barrier, &vault);
                let next = &clients[(i + 1) % clients.len()];
                scope.spawn(move || {
                    let rpc = demo::processed_client(rpc_url);
                    let mut blockhash = rpc.get_latest_blockhash().expect("a blockhash");
                    let mut epoch = current_epoch(&rpc);
                    let mut fetched = Instant::now();
                    let mut sent = Vec::new();
                    let mut buckets: BTreeMap<u64, WithdrawalBucket> = BTreeMap::new();
                    barrier.wait();
                    let end = Instant::now() + duration;
                    let mut n = 0u64;
                    while Instant::now() < end {
                        if fetched.elapsed() > Duration::from_secs(1) {
                            blockhash = rpc.get_latest_blockhash().expect("a blockhash");
                            epoch = current_epoch(&rpc);
                            fetched = Instant::now();
                        }
                        let kind = next_kind(i, n, claims, !my_tickets.is_empty());
                        // a unique amount or id per transaction: no two are alike
                        let unique = n * 64 + i as u64;
                        n += 1;
                        let ixs = match kind {
                            Kind::Deposit => {
                                let asset = (n % 3) as u8;
                                world.deposit_instructions(
                                    vault,
                                    &key.pubkey(),
                                    asset,
                                    SOL / 100 + unique,
                                )[1..]
                                    .to_vec()
                            }
                            Kind::WithdrawalRequest => {
                                // a ticket id of its own: phase B's do not meet phase A's
                                let id = unique | u64::from(claims) << 40;
                                my_tickets.push(id);
                                vec![vault_ix::request_withdrawal(
                                    vault,
                                    key.pubkey(),
                                    epoch,
                                    RequestWithdrawalArgs {
                                        shares: 1_000_000 + n,
                                        ticket_id: id,
                                        max_fee_bps: 10_000,
                                    },
                                )]
                            }
                            Kind::Transfer => {
                                let asset = &world.assets[1];
                                vec![spl_token_2022::instruction::transfer_checked(
                                    &asset.token_program,
                                    &asset.account_of(&key.pubkey()),
                                    &asset.mint,
                                    &asset.account_of(&next.pubkey()),
                                    &key.pubkey(),
                                    &[],
                                    1_000 + n,
                                    9,
                                )
                                .expect("transfer_checked builds")]
                            }
                            Kind::Claim => {
                                match claim_instruction(&rpc, vault, key, my_tickets, &mut buckets)
                                {
                                    Some(ix) => vec![ix],
                                    None => continue,
                                }
                            }
                            Kind::SlashRequest | Kind::SlashExecution | Kind::Probe => {
                                unreachable!()
                            }
                        };
                        sent.push(submit(&rpc, kind, &ixs, key, blockhash));
                    }
                    sent
                })
            })
            .collect();
        barrier.wait();
        let started = Instant::now();
        for handle in handles {
            submitted.extend(handle.join().expect("a client thread"));
        }
        started
    });
    started.elapsed()
}

/// The restaking epoch now (`processed`: the slot being built).
fn current_epoch(rpc: &RpcClient) -> u64 {
    rpc.get_slot().expect("the slot") / demo::DEMO_EPOCH_LENGTH
}

/// A claim of the client's oldest ticket if it matured (its bucket's epoch is past and no
/// slash holds it); a ticket that is not there any more is dropped, one that has not
/// matured is kept for later. `None` when nothing is claimable now.
fn claim_instruction(
    rpc: &RpcClient,
    vault: &Vault,
    owner: &Keypair,
    tickets: &mut Vec<u64>,
    buckets: &mut BTreeMap<u64, WithdrawalBucket>,
) -> Option<Instruction> {
    let epoch = current_epoch(rpc);
    let slot = rpc.get_slot().ok()?;
    let vault_key = pda::vault(&vault.lrt_mint);
    while let Some(&id) = tickets.first() {
        let key = pda::ticket(&vault_key, &owner.pubkey(), id);
        let Some(ticket) = fetch::<WithdrawalTicket>(rpc, &key) else {
            tickets.remove(0);
            continue;
        };
        if ticket.bucket_epoch >= epoch {
            return None;
        }
        if let std::collections::btree_map::Entry::Vacant(entry) =
            buckets.entry(ticket.bucket_epoch)
        {
            entry.insert(fetch(rpc, &pda::bucket(&vault_key, ticket.bucket_epoch))?);
        }
        let bucket = &buckets[&ticket.bucket_epoch];
        if bucket.hold_until_slot > slot {
            return None;
        }
        tickets.remove(0);
        return Some(vault_ix::claim(vault, bucket, &ticket));
    }
    None
}

fn fetch<T: anchor_lang::AccountDeserialize>(rpc: &RpcClient, key: &Pubkey) -> Option<T> {
    let account = rpc
        .get_account_with_commitment(key, CommitmentConfig::processed())
        .ok()?
        .value?;
    lrt_client::decode::account(&account.data).ok()
}

/// The demo AVS's slash authority requests 5% of operator-1; the clock moves past the veto
/// window; the request is executed against the vault; the clock moves two epochs on.
fn slash_in_the_middle(rpc: &RpcClient, world: &DemoWorld) -> (Vec<Submitted>, String) {
    let mut submitted = Vec::new();
    let avs: slasher_registry::state::Avs =
        fetch(rpc, &world.demo_avs.account).expect("the demo AVS");
    let operator = world.operators[0].operator;
    let authority = &world.avs_authority;
    let blockhash = rpc.get_latest_blockhash().expect("a blockhash");
    let request_ix = registry::request_slash(
        authority.pubkey(),
        authority.pubkey(),
        world.demo_avs.account,
        avs.request_count,
        operator,
        RequestSlashArgs {
            wad: SLASH_WAD,
            evidence_hash: [7; 32],
        },
    );
    submitted.push(submit(
        rpc,
        Kind::SlashRequest,
        &[request_ix],
        authority,
        blockhash,
    ));
    let request_key = registry::pda::slash_request(&world.demo_avs.account, avs.request_count);
    let Some(request) = fetch::<SlashRequest>(rpc, &request_key) else {
        let summary = "between the phases: the slash request was refused; no execution";
        return (submitted, summary.to_string());
    };
    lrt_localnet::advance_to_slot(rpc, request.veto_deadline_slot + 1).expect("time travel");

    let vault = world.fetch_vault(rpc).expect("the vault");
    let blockhash = rpc.get_latest_blockhash().expect("a blockhash");
    let execute = [
        vault_ix::refresh_prices(&vault),
        registry::execute_slash(world.wallet.pubkey(), &request, world.vault),
    ];
    submitted.push(submit(
        rpc,
        Kind::SlashExecution,
        &execute,
        &world.wallet,
        blockhash,
    ));
    let escrow: Option<SlashEscrow> = fetch(rpc, &pda::escrow(&world.vault, &request_key));
    let epoch = current_epoch(rpc);
    let to = (request.capture_epoch + 2).max(epoch + 1) * demo::DEMO_EPOCH_LENGTH + 1;
    let to = to.max(escrow.as_ref().map_or(0, |e| e.resolve_after_slot) + 1);
    lrt_localnet::advance_to_slot(rpc, to).expect("time travel");
    let taken = escrow.map_or("no escrow: the execution failed".to_string(), |e| {
        format!(
            "took {:.4} SOL of value (holders' fraction {:.4}%), escrowed {:?}",
            e.loss_lamports as f64 / SOL as f64,
            e.fraction_wad as f64 * 100.0 / WAD as f64,
            &e.amounts[..world.assets.len()]
        )
    });
    let summary = format!(
        "between the phases: a {}% slash of operator-1 requested (capture epoch {}) and \
         executed after the veto window: {taken}; clock moved to slot {to} (epoch {})",
        SLASH_WAD * 100 / WAD,
        request.capture_epoch,
        to / demo::DEMO_EPOCH_LENGTH
    );
    (submitted, summary)
}

/// Every submitted transaction's final outcome: waits (up to 30 s) until each is
/// confirmed or failed; one never found by then is failed as such.
fn settle(rpc: &RpcClient, submitted: &[Submitted]) -> Vec<Outcome> {
    let mut outcomes: Vec<Option<Outcome>> = submitted
        .iter()
        .map(|s| match &s.sent {
            Ok(_) => None,
            Err(why) => Some(Outcome::Failed(why.clone())),
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let pending: Vec<usize> = (0..submitted.len())
            .filter(|&i| outcomes[i].is_none())
            .collect();
        if pending.is_empty() {
            break;
        }
        if Instant::now() > deadline {
            for i in pending {
                outcomes[i] = Some(Outcome::Failed("never found or never confirmed".into()));
            }
            break;
        }
        for chunk in pending.chunks(256) {
            let signatures: Vec<Signature> = chunk
                .iter()
                .map(|&i| *submitted[i].sent.as_ref().expect("sent"))
                .collect();
            let statuses = match rpc.get_signature_statuses(&signatures) {
                Ok(response) => response.value,
                Err(_) => continue,
            };
            for (&i, status) in chunk.iter().zip(statuses) {
                match status {
                    Some(s) if s.err.is_some() => {
                        let error = s.err.expect("an error");
                        outcomes[i] = Some(Outcome::Failed(reason(submitted[i].kind, &error)));
                    }
                    Some(s) if s.satisfies_commitment(CommitmentConfig::confirmed()) => {
                        outcomes[i] = Some(Outcome::Confirmed)
                    }
                    _ => {}
                }
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    outcomes.into_iter().map(|o| o.expect("settled")).collect()
}

/// A transaction error with the program error named (vault errors for the vault's
/// instructions, registry errors for the slash's).
fn reason(kind: Kind, error: &TransactionError) -> String {
    if let TransactionError::InstructionError(index, InstructionError::Custom(code)) = error {
        if *code >= 6000 {
            let n = code - 6000;
            let name = match kind {
                Kind::SlashRequest | Kind::SlashExecution => {
                    slasher_registry::errors::RegistryError::from_repr(n)
                        .map(|e| format!("RegistryError::{e:?}"))
                }
                _ => lrt_vault::errors::VaultError::from_repr(n)
                    .map(|e| format!("VaultError::{e:?}")),
            };
            if let Some(name) = name {
                return format!("instruction {index}: {name} ({code})");
            }
        }
    }
    format!("{error:?}")
}

/// The table; returns whether every submitted transaction is accounted for.
fn report(submitted: &[Submitted], outcomes: &[Outcome], sending: Duration) -> bool {
    let seconds = sending.as_secs_f64();
    #[derive(Default)]
    struct Row {
        submitted: usize,
        confirmed: usize,
        failed: usize,
    }
    let mut rows: BTreeMap<Kind, Row> = BTreeMap::new();
    let mut reasons: BTreeMap<(Kind, String), usize> = BTreeMap::new();
    for (s, outcome) in submitted.iter().zip(outcomes) {
        let row = rows.entry(s.kind).or_default();
        row.submitted += 1;
        match outcome {
            Outcome::Confirmed => row.confirmed += 1,
            Outcome::Failed(why) => {
                row.failed += 1;
                *reasons.entry((s.kind, why.clone())).or_default() += 1;
            }
        }
    }
    println!();
    println!(
        "transactions ({:.1} s of client traffic; the slash's two are sent between the phases)",
        seconds
    );
    println!(
        "    {:<34} {:>9} {:>9} {:>7} {:>14}",
        "kind", "submitted", "confirmed", "failed", "confirmed TPS"
    );
    let mut total = Row::default();
    let mut client_confirmed = 0;
    for kind in Kind::ALL {
        let row = rows.remove(&kind).unwrap_or_default();
        // the slash's two transactions are not client traffic: no rate
        let tps = match kind {
            Kind::SlashRequest | Kind::SlashExecution | Kind::Probe => "-".to_string(),
            _ => format!("{:.1}", row.confirmed as f64 / seconds),
        };
        println!(
            "    {:<34} {:>9} {:>9} {:>7} {:>14}",
            kind.describe(),
            row.submitted,
            row.confirmed,
            row.failed,
            tps
        );
        total.submitted += row.submitted;
        total.confirmed += row.confirmed;
        total.failed += row.failed;
        if matches!(
            kind,
            Kind::Deposit | Kind::WithdrawalRequest | Kind::Claim | Kind::Transfer
        ) {
            client_confirmed += row.confirmed;
        }
    }
    println!(
        "    {:<34} {:>9} {:>9} {:>7} {:>14.1}",
        "total (TPS: the clients' traffic)",
        total.submitted,
        total.confirmed,
        total.failed,
        client_confirmed as f64 / seconds
    );
    let accounted =
        total.submitted == total.confirmed + total.failed && total.submitted == submitted.len();
    println!();
    println!(
        "accounted for: submitted {} = confirmed {} + failed {}: {}",
        total.submitted,
        total.confirmed,
        total.failed,
        if accounted { "yes" } else { "NO" }
    );
    if reasons.is_empty() {
        println!("failure reasons: none");
    } else {
        println!("failure reasons:");
        for ((kind, why), n) in &reasons {
            println!("    {:<34} {n:>6}  {why}", kind.describe());
        }
    }
    // the slash itself must have gone through, and the probe must have failed on chain
    // with a named program error
    let slash_ok = submitted
        .iter()
        .zip(outcomes)
        .filter(|(s, _)| matches!(s.kind, Kind::SlashRequest | Kind::SlashExecution))
        .all(|(_, o)| matches!(o, Outcome::Confirmed));
    if !slash_ok {
        println!("the slash request or its execution failed");
    }
    let probe_ok = submitted
        .iter()
        .zip(outcomes)
        .filter(|(s, _)| s.kind == Kind::Probe)
        .all(|(s, o)| s.sent.is_ok() && matches!(o, Outcome::Failed(why) if why.contains("Error")));
    if !probe_ok {
        println!("the probe was not seen failing on chain with a program error");
    }
    accounted && slash_ok && probe_ok
}

/// DESIGN.md section 7 invariants 1 and 2 and the buckets' books, from chain state.
fn check_invariants(rpc: &RpcClient, world: &DemoWorld) -> bool {
    let vault: Vault = fetch(rpc, &world.vault).expect("the vault");
    let mut buckets: Vec<WithdrawalBucket> = Vec::new();
    let mut tickets: Vec<WithdrawalTicket> = Vec::new();
    let mut escrows: Vec<SlashEscrow> = Vec::new();
    let accounts = rpc
        .get_program_accounts(&lrt_vault::ID)
        .expect("the vault program's accounts");
    for (_, account) in &accounts {
        if let Ok(b) = lrt_client::decode::account::<WithdrawalBucket>(&account.data) {
            if b.vault == world.vault {
                buckets.push(b);
            }
        } else if let Ok(t) = lrt_client::decode::account::<WithdrawalTicket>(&account.data) {
            if t.vault == world.vault {
                tickets.push(t);
            }
        } else if let Ok(e) = lrt_client::decode::account::<SlashEscrow>(&account.data) {
            if e.vault == world.vault {
                escrows.push(e);
            }
        }
    }
    let mut ok = true;
    let mut line = |good: bool, text: String| {
        ok &= good;
        println!("    {:<4} {text}", if good { "ok" } else { "FAIL" });
    };
    println!();
    println!(
        "invariants from chain state ({} buckets, {} open tickets, {} escrows)",
        buckets.len(),
        tickets.len(),
        escrows.len()
    );

    // 1. solvency per asset, and the queue and escrow books
    for (k, asset) in vault.assets().iter().enumerate() {
        let symbol = world.assets[k].symbol;
        let reserve = token_amount(rpc, &asset.reserve);
        let unvested = asset.rewards.unvested().expect("vesting ledger consistent");
        let owed = u128::from(asset.active_amount)
            + u128::from(asset.queued_amount)
            + u128::from(asset.escrowed_amount)
            + u128::from(unvested);
        line(
            u128::from(reserve) >= owed,
            format!(
                "{symbol}: reserve {reserve} >= active {} + queued {} + escrowed {} + unvested \
                 {unvested} = {owed}",
                asset.active_amount, asset.queued_amount, asset.escrowed_amount
            ),
        );
        let queued: u128 = buckets
            .iter()
            .map(|b| u128::from(b.queued_amounts[k]))
            .sum();
        line(
            queued == u128::from(asset.queued_amount),
            format!(
                "{symbol}: buckets hold {queued} = the vault's queued {}",
                asset.queued_amount
            ),
        );
        let escrowed: u128 = escrows
            .iter()
            .filter(|e| !e.cancelled && !e.swept[k])
            .map(|e| u128::from(e.amounts[k]))
            .sum();
        line(
            escrowed == u128::from(asset.escrowed_amount),
            format!(
                "{symbol}: escrows hold {escrowed} = the vault's escrowed {}",
                asset.escrowed_amount
            ),
        );
    }

    // 2. shares
    let supply = mint_supply(rpc, &vault.lrt_mint);
    let sum = u128::from(supply)
        + u128::from(vault.bonded_shares)
        + u128::from(vault.insurance_shares)
        + u128::from(vault.treasury_shares);
    line(
        sum == u128::from(vault.share_supply),
        format!(
            "shares: LRT supply {supply} + bonded {} + insurance {} + treasury {} = {sum} = \
             share_supply {}",
            vault.bonded_shares, vault.insurance_shares, vault.treasury_shares, vault.share_supply
        ),
    );

    // each bucket: its tickets counted, their baskets within the bucket's, its claims covered
    let mut bucket_faults = Vec::new();
    for bucket in &buckets {
        let mine: Vec<&WithdrawalTicket> = tickets
            .iter()
            .filter(|t| t.bucket_epoch == bucket.epoch)
            .collect();
        if mine.len() != bucket.open_tickets as usize {
            bucket_faults.push(format!(
                "bucket {}: {} open tickets, counts {}",
                bucket.epoch,
                mine.len(),
                bucket.open_tickets
            ));
        }
        for k in 0..vault.assets().len() {
            let units: u128 = mine.iter().map(|t| t.unscaled_amounts[k]).sum();
            if units > bucket.unscaled_amounts[k] {
                bucket_faults.push(format!(
                    "bucket {} asset {k}: tickets {units} > bucket {}",
                    bucket.epoch, bucket.unscaled_amounts[k]
                ));
            }
            let claims = scaled_amount_floor(bucket.unscaled_amounts[k], bucket.scale_wad)
                .unwrap_or(u64::MAX);
            if bucket.queued_amounts[k] < claims {
                bucket_faults.push(format!(
                    "bucket {} asset {k}: holds {} for claims of {claims}",
                    bucket.epoch, bucket.queued_amounts[k]
                ));
            }
        }
    }
    let orphans = tickets
        .iter()
        .filter(|t| !buckets.iter().any(|b| b.epoch == t.bucket_epoch))
        .count();
    if orphans > 0 {
        bucket_faults.push(format!("{orphans} open tickets without their bucket"));
    }
    line(
        bucket_faults.is_empty(),
        format!(
            "buckets: open tickets counted, tickets' baskets within their bucket's, claims \
             covered{}",
            if bucket_faults.is_empty() {
                String::new()
            } else {
                format!(": {}", bucket_faults.join("; "))
            }
        ),
    );
    ok
}

/// The amount of a token account (SPL Token or Token-2022: the base layout is shared).
fn token_amount(rpc: &RpcClient, key: &Pubkey) -> u64 {
    let account = rpc
        .get_account_with_commitment(key, CommitmentConfig::processed())
        .expect("RPC")
        .value
        .expect("the token account");
    spl_token::state::Account::unpack_from_slice(&account.data[..spl_token::state::Account::LEN])
        .expect("a token account")
        .amount
}

fn mint_supply(rpc: &RpcClient, key: &Pubkey) -> u64 {
    let account = rpc
        .get_account_with_commitment(key, CommitmentConfig::processed())
        .expect("RPC")
        .value
        .expect("the mint");
    spl_token::state::Mint::unpack_from_slice(&account.data[..spl_token::state::Mint::LEN])
        .expect("a mint")
        .supply
}
