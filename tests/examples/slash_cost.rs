//! Cost of executing a slash as a vault grows: 1, 100 and 10,000 holders, each with one
//! pending withdrawal ticket in the slashable bucket (capture epoch c + 1).
//!
//! `cargo run --release -p lrt-integration-tests --example slash_cost`
//!
//! For each size a fresh slashing world (`lrt_integration_tests::slashing_world::World`)
//! is built and vault B (wSOL only, no bond, no insurance, so the whole loss is shared pro
//! rata) is filled through the programs:
//! - during e0, deposits on behalf of every holder: one transaction packs, per holder, a
//!   SOL transfer (the holder's ticket rent), the creation of the holder's LRT account and
//!   a `deposit` whose shares go to it, as many holders as fit in 1232 bytes;
//! - during the capture epoch c, every holder signs a `request_withdrawal` of half their
//!   shares (ticket in bucket c + 1), again packed as many per transaction as fit.
//!
//! The world allocates half of vault B to the operator: its stake is half of B's
//! slashable value (the active pool and bucket c + 1), 50 SOL at capture. Then the AVS
//! files `RUNS` requests of 10% against the operator, all captured at c, and each is
//! executed against vault B once the veto window has passed: every run is a fresh request
//! on the same vault (and one more request finds the caps used up). The transaction is the one `World::execute` sends
//! (`refresh_prices` + `execute_slash`, signed by the payer as executor). Reported:
//! - accounts: keys of the signed legacy message (program ids included), and how many of
//!   them the message marks writable;
//! - bytes: `bincode` of the signed legacy transaction;
//! - CU: `units_consumed` of `simulate_transaction`. Our two programs run as native
//!   builtins and are not metered (1 CU per invocation whatever they do); the figure is
//!   those invocations, the System program calls that create accounts, and sysvar reads;
//! - time: wall time of `BanksClient::process_transaction_with_metadata` (the bank loads,
//!   executes and commits the transaction synchronously), median over the `RUNS`
//!   executions; and of `SIMULATIONS_PER_RUN` simulations of each run's transaction just
//!   before it executes (after one untimed warm-up simulation per size), median over all.
//!   Not `process_transaction`: it polls the signature status with a tokio sleep, whose
//!   millisecond granularity would hide the execution time. Native code: absolute times
//!   say nothing about on-chain cost; only their trend across sizes matters.
//!
//! The first run is checked against an independent computation of the waterfall (loss,
//! fraction, new share price, new bucket scale), and a sample holder's LRT account and a
//! sample ticket are shown to keep every byte while their value drops by that fraction.
//! Nothing here asserts a budget; the assertions check that the slash did what it should.
#![allow(deprecated)] // solana-program-test 3.x, see tests/src/lib.rs

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use anchor_lang::{prelude::Pubkey, solana_program::system_instruction};
use anchor_spl::associated_token::spl_associated_token_account::instruction as ata;
use lrt_client::{
    instructions as build, pda, registry,
    state::{SlashEscrow, Vault, WithdrawalBucket, WithdrawalTicket},
    token_programs::TOKEN_2022,
    Instruction,
};
use lrt_integration_tests::{slashing_world::*, *};
use lrt_vault::instructions::{DepositArgs, RequestWithdrawalArgs};
use restaking_math::{mul_div_ceil, mul_div_floor};
use slasher_registry::state::SlashRequest;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;

/// Vault sizes: holders, and as many pending tickets.
const SIZES: [usize; 3] = [1, 100, 10_000];
/// Slash requests executed per size (timed runs). Ten is the most 10% requests can take
/// here: the per-epoch caps (the curator's for this AVS and the registry's, both 100% of
/// the stake in this world) are fractions of the stake at capture, which ten requests of
/// 10% use up (the stake now, half of what the slashes leave, stays above each loss), so
/// an eleventh finds no room (`AvsVaultCapExhausted`, checked after the timed runs).
const RUNS: usize = 10;
/// Timed simulations of each run's transaction before it executes.
const SIMULATIONS_PER_RUN: usize = 5;
/// Largest serialized transaction a validator accepts.
const PACKET_DATA_SIZE: usize = 1232;
/// What all holders of a size deposit together (split evenly), so every vault is worth the
/// same 100 SOL with its 1 SOL seed whatever the number of holders.
const HOLDERS_TOTAL: u64 = 99 * SOL;
/// Each request asks for 10% of the operator's stake (the AVS allows up to 50%).
const SLASH_WAD: u128 = WAD / 10;
/// Sent to each holder with their deposit: the rent of their ticket (and of the bucket for
/// the first one).
const HOLDER_FUNDING: u64 = 10_000_000;
const TICKET_ID: u64 = 1;

/// A holder of vault B: their key, LRT account and (once requested) ticket.
struct Holder {
    key: Keypair,
    lrt: Pubkey,
    ticket: Pubkey,
}

/// Instructions for one holder and the keys that sign them besides the payer: the unit
/// `send_packed` puts into transactions.
struct Group<'a> {
    ixs: Vec<Instruction>,
    signers: Vec<&'a Keypair>,
}

/// Setup figures of one size: building the world, then the holders' deposits and their
/// withdrawal requests (transactions, wall time).
struct Setup {
    world: Duration,
    deposits: (usize, Duration),
    requests: (usize, Duration),
}

/// Value of one sample before and after the first slash (lamports), and whether its
/// account kept every byte.
struct Sample {
    before: u64,
    after: u64,
    expected_after: u64,
    untouched: bool,
}

/// The vault, a holder and a ticket around the first execution.
struct PostState {
    loss: u64,
    /// WAD fraction of the pro-rata pool taken, computed here from the books before.
    fraction: u128,
    /// Share price (lamports per 1e9 shares) before, after, and as expected.
    price: (u64, u64, u64),
    /// Bucket c + 1's scale after (it was 1e18).
    bucket_scale: u128,
    holder: Sample,
    ticket: Sample,
}

/// Everything measured for one size.
struct Row {
    holders: usize,
    tickets: u32,
    setup: Setup,
    accounts: usize,
    writable: usize,
    bytes: usize,
    /// `units_consumed` of every run's simulation (the committed execution reported the
    /// same).
    units: Vec<u64>,
    process_us: Vec<u128>,
    simulate_us: Vec<u128>,
    post: PostState,
    /// The execute transaction's keys, named, with their writable flag (first run).
    keys: Vec<(String, bool)>,
}

/// The books and the sample accounts just before the first execution.
struct Before {
    vault: Vault,
    bucket: WithdrawalBucket,
    holder_shares: u64,
    holder_account: Account,
    ticket: WithdrawalTicket,
    ticket_account: Account,
}

fn main() {
    // program-test turns on the runtime's debug log of every instruction unless RUST_LOG
    // says otherwise: about 95 MB for the 10,000-holder setup, and time spent formatting
    // it inside every measured transaction. Set before any thread exists.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let started = Instant::now();
        let mut rows = Vec::new();
        for holders in SIZES {
            rows.push(measure(holders).await);
        }
        print_report(&rows, started.elapsed());
    });
}

/// Builds a world whose vault B has `n` holders and `n` tickets in bucket c + 1, then
/// executes `RUNS` fresh slash requests against it.
async fn measure(n: usize) -> Row {
    let mut v = populate(n).await;
    let runs = execute_runs(&mut v).await;
    let keys = name_keys(&v.w, &runs.tx, &runs.requests[0], v.capture);
    assert!(keys.iter().all(|(name, _)| !name.starts_with("unexpected")));
    Row {
        holders: n,
        tickets: runs.tickets,
        setup: v.setup,
        accounts: keys.len(),
        writable: keys.iter().filter(|(_, writable)| *writable).count(),
        bytes: bincode::serialize(&runs.tx).unwrap().len(),
        units: runs.units,
        process_us: runs.process_us,
        simulate_us: runs.simulate_us,
        post: runs.post,
        keys,
    }
}

/// A world whose vault B has been filled: its holders, the capture epoch, and what the
/// setup cost.
struct Populated {
    w: World,
    holders: Vec<Holder>,
    capture: u64,
    setup: Setup,
}

/// The slashing world with `n` holders in vault B (deposits during e0), half of vault B
/// allocated (the world's), moved into the capture epoch c, and every holder's withdrawal
/// request made during c (bucket c + 1).
async fn populate(n: usize) -> Populated {
    let world_started = Instant::now();
    let mut w = World::new().await;
    let vault_b = w.vault_b;
    let world = world_started.elapsed();

    // e0: deposits on behalf of every holder, then the world's allocations
    let lrt_mint = w.vault(vault_b).await.lrt_mint;
    let holders: Vec<Holder> = (0..n)
        .map(|_| {
            let key = Keypair::new();
            Holder {
                lrt: pda::lrt_account(&key.pubkey(), &lrt_mint),
                ticket: pda::ticket(&vault_b, &key.pubkey(), TICKET_ID),
                key,
            }
        })
        .collect();
    let started = Instant::now();
    let deposits = (deposit_for_all(&mut w, &holders).await, started.elapsed());
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.epoch().await;
    assert_eq!(capture, w.e0 + 1);

    // c: every holder requests half their shares back
    let started = Instant::now();
    let requests = (
        request_for_all(&mut w, &holders, capture).await,
        started.elapsed(),
    );
    Populated {
        w,
        holders,
        capture,
        setup: Setup {
            world,
            deposits,
            requests,
        },
    }
}

/// What the `RUNS` executions measured.
struct Runs {
    /// The slash requests, in the order executed.
    requests: Vec<(Pubkey, SlashRequest)>,
    /// Open tickets of bucket c + 1 before the first execution.
    tickets: u32,
    /// The first execute transaction.
    tx: Transaction,
    units: Vec<u64>,
    process_us: Vec<u128>,
    simulate_us: Vec<u128>,
    post: PostState,
}

/// Files `RUNS` requests captured at c, moves past their veto window and executes each
/// against vault B: a simulation then the real execution, both timed. Checks each loss,
/// the first slash's effect in full, and that no holder account was touched or passed.
async fn execute_runs(v: &mut Populated) -> Runs {
    let (w, capture) = (&mut v.w, v.capture);
    let vault_b = w.vault_b;
    let bucket_key = pda::bucket(&vault_b, capture + 1);
    let bucket: WithdrawalBucket = w.t.decode(bucket_key).await;
    assert_eq!(bucket.open_tickets as usize, v.holders.len());

    let mut requests = Vec::new();
    for _ in 0..=RUNS {
        requests.push(w.request_slash(SLASH_WAD).await);
    }
    let one_more = requests.pop().unwrap();
    let deadline = requests
        .iter()
        .map(|(_, r)| r.veto_deadline_slot)
        .max()
        .unwrap();
    w.advance_to_slot(deadline + 1).await;
    assert_eq!(w.epoch().await, capture, "still in the capture epoch");

    let sample = &v.holders[v.holders.len() / 2];
    let before = Before {
        vault: w.vault(vault_b).await,
        bucket,
        holder_shares: w.t.token_balance(sample.lrt).await,
        holder_account: w.t.account(sample.lrt).await.unwrap(),
        ticket: w.t.decode(sample.ticket).await,
        ticket_account: w.t.account(sample.ticket).await.unwrap(),
    };
    // the operator's stake: half of the slashable value, the pool and bucket c + 1 (100 SOL:
    // the seed and the holders' 99 SOL, half of which wait in the bucket); the caps and
    // the request's fraction are measured on it as the first slash of the epoch finds it,
    // and no loss may exceed the stake now (half of what the slashes left)
    let stake_at_capture = stake_now(w, capture).await;
    assert_eq!(stake_at_capture, 50 * SOL);
    let mut units: Vec<u64> = Vec::new();
    let (mut process_us, mut simulate_us) = (Vec::new(), Vec::new());
    let mut first: Option<(Transaction, PostState)> = None;
    let mut passed: HashSet<Pubkey> = HashSet::new();
    for (request_key, request) in &requests {
        let stake = stake_now(w, capture).await;
        let tx = execute_tx(w, request, vault_b).await;
        passed.extend(tx.message.account_keys.iter().copied());
        if first.is_none() {
            simulate(w, &tx).await; // warm-up, untimed
        }
        let mut run_units = None;
        for _ in 0..SIMULATIONS_PER_RUN {
            let simulated = Instant::now();
            let consumed = simulate(w, &tx).await;
            simulate_us.push(simulated.elapsed().as_micros());
            assert_eq!(
                *run_units.get_or_insert(consumed),
                consumed,
                "same CU each time"
            );
        }
        units.push(run_units.unwrap());
        let processed = Instant::now();
        let done =
            w.t.ctx
                .banks_client
                .process_transaction_with_metadata(tx.clone())
                .await
                .unwrap();
        process_us.push(processed.elapsed().as_micros());
        done.result.expect("execute_slash");
        let committed = done.metadata.expect("metadata").compute_units_consumed;
        assert_eq!(Some(&committed), units.last(), "simulated and committed CU");

        // every run takes ceil(10%) of the stake at capture, at most the stake now
        let loss =
            (mul_div_ceil(u128::from(stake_at_capture), SLASH_WAD, WAD).unwrap() as u64).min(stake);
        assert_eq!(loss, 5 * SOL);
        let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_b, request_key)).await;
        assert_eq!(escrow.loss_lamports, loss);
        let ledger: slasher_registry::state::VaultEpochSlash =
            w.t.decode(registry::pda::vault_epoch_slash(
                &vault_b,
                &w.operator,
                capture,
            ))
            .await;
        assert_eq!(ledger.stake_at_capture_lamports, stake_at_capture);
        if first.is_none() {
            let post = check_first_slash(w, &before, sample, bucket_key, loss).await;
            first = Some((tx, post));
        }
    }
    // ten runs took the whole stake at capture: one more finds the caps used up
    let (more_key, more) = &one_more;
    let tx = execute_tx(w, more, vault_b).await;
    // the caps are used up
    let refused = w.t.ctx.banks_client.process_transaction(tx).await;
    assert_program_error(
        refused,
        None,
        registry_error(slasher_registry::errors::RegistryError::AvsVaultCapExhausted),
    );
    assert!(w.t.account(pda::escrow(&vault_b, more_key)).await.is_none());
    // after every run the sample accounts still hold their bytes, and no holder key,
    // holder LRT account or ticket was even passed to an execution
    assert!(w.t.account(sample.lrt).await.unwrap() == before.holder_account);
    assert!(w.t.account(sample.ticket).await.unwrap() == before.ticket_account);
    assert!(v.holders.iter().all(|h| {
        [h.key.pubkey(), h.lrt, h.ticket]
            .iter()
            .all(|key| !passed.contains(key))
    }));
    let (tx, post) = first.unwrap();
    Runs {
        requests,
        tickets: before.bucket.open_tickets,
        tx,
        units,
        process_us,
        simulate_us,
        post,
    }
}

/// Funds, opens an LRT account for, and deposits `HOLDERS_TOTAL / n` of wSOL on behalf of
/// every holder, from a wSOL account of the payer. Returns the transactions sent.
async fn deposit_for_all(w: &mut World, holders: &[Holder]) -> usize {
    let payer = w.t.payer().pubkey();
    let amount = HOLDERS_TOTAL / holders.len() as u64;
    let payer_wsol = Pubkey::new_unique();
    w.t.ctx.set_account(
        &payer_wsol,
        &wsol_account(payer, amount * holders.len() as u64).into(),
    );
    let b = w.vault(w.vault_b).await;
    w.t.send(&[build::refresh_prices(&b)], &[]).await.unwrap();
    let groups = holders
        .iter()
        .map(|h| Group {
            ixs: vec![
                system_instruction::transfer(&payer, &h.key.pubkey(), HOLDER_FUNDING),
                ata::create_associated_token_account_idempotent(
                    &payer,
                    &h.key.pubkey(),
                    &b.lrt_mint,
                    &TOKEN_2022,
                ),
                build::deposit(
                    &b,
                    payer,
                    payer_wsol,
                    h.lrt,
                    DepositArgs {
                        asset_index: 0,
                        amount,
                        min_shares_out: 1,
                        max_fee_bps: 10_000,
                    },
                ),
            ],
            signers: vec![],
        })
        .collect();
    let sent = send_packed(&mut w.t, groups).await;
    let sample = &holders[holders.len() / 2];
    assert_eq!(
        w.t.token_balance(sample.lrt).await,
        amount,
        "1 share per lamport"
    );
    sent
}

/// Every holder signs a request for half their shares during `capture` (ticket
/// `TICKET_ID`, bucket capture + 1). Returns the transactions sent.
async fn request_for_all(w: &mut World, holders: &[Holder], capture: u64) -> usize {
    let shares = HOLDERS_TOTAL / holders.len() as u64 / 2;
    let b = w.vault(w.vault_b).await;
    let groups = holders
        .iter()
        .map(|h| Group {
            ixs: vec![build::request_withdrawal(
                &b,
                h.key.pubkey(),
                capture,
                RequestWithdrawalArgs {
                    shares,
                    ticket_id: TICKET_ID,
                    max_fee_bps: 10_000,
                },
            )],
            signers: vec![&h.key],
        })
        .collect();
    send_packed(&mut w.t, groups).await
}

/// The operator's stake in vault B for a slash captured at `capture`, as it stands now:
/// its allocation at `capture` times B's slashable value (wSOL only: the pool and the
/// scaled totals of buckets c + 1 and c + 2), rounded down.
async fn stake_now(w: &mut World, capture: u64) -> u64 {
    let vault_b = w.vault_b;
    let b = w.vault(vault_b).await;
    assert_eq!((b.asset_count, b.assets[0].price_wad), (1, WAD));
    let mut value = u128::from(b.assets[0].active_amount);
    for epoch in [capture + 1, capture + 2] {
        if w.t.account(pda::bucket(&vault_b, epoch)).await.is_some() {
            let bucket: WithdrawalBucket = w.t.decode(pda::bucket(&vault_b, epoch)).await;
            value += mul_div_floor(bucket.unscaled_amounts[0], bucket.scale_wad, WAD).unwrap();
        }
    }
    let delegation: lrt_client::state::Delegation =
        w.t.decode(pda::delegation(&vault_b, &w.operator)).await;
    let allocation = delegation.allocation.at(capture, w.epoch().await).unwrap();
    assert_eq!(allocation, ALLOCATION_B);
    (u128::from(allocation) * value / WAD) as u64
}

/// Simulates `tx` (nothing is committed); returns the compute units the runtime reports.
async fn simulate(w: &mut World, tx: &Transaction) -> u64 {
    let sim =
        w.t.ctx
            .banks_client
            .simulate_transaction(tx.clone())
            .await
            .unwrap();
    let details = sim.simulation_details.expect("simulation details");
    match sim.result {
        Some(Ok(())) => details.units_consumed,
        other => panic!("simulation failed: {other:?}\n{}", details.logs.join("\n")),
    }
}

/// The transaction `World::execute` sends: the vault's prices refreshed, then
/// `execute_slash` of `request` against `vault`, the payer executing.
async fn execute_tx(w: &mut World, request: &SlashRequest, vault: Pubkey) -> Transaction {
    let state = w.vault(vault).await;
    let executor = w.t.payer();
    let ixs = [
        build::refresh_prices(&state),
        registry::execute_slash(executor.pubkey(), request, vault),
    ];
    let blockhash = w.t.ctx.banks_client.get_latest_blockhash().await.unwrap();
    Transaction::new_signed_with_payer(&ixs, Some(&executor.pubkey()), &[&executor], blockhash)
}

/// Checks the first execution against the waterfall computed here from the books before
/// it (no bond, no insurance in vault B: the loss is shared pro rata by the active pool and
/// bucket c + 1), and reads the sample holder and ticket.
async fn check_first_slash(
    w: &mut World,
    before: &Before,
    sample: &Holder,
    bucket_key: Pubkey,
    loss: u64,
) -> PostState {
    let (vb, bb) = (&before.vault, &before.bucket);
    let price = vb.assets[0].price_wad;
    assert_eq!((vb.bonded_shares, vb.insurance_shares), (0, 0));
    let active = u128::from(vb.assets[0].active_amount);
    let supply = u128::from(vb.share_supply);
    let bucket_amount = mul_div_floor(bb.unscaled_amounts[0], bb.scale_wad, WAD).unwrap();
    let base = (active + bucket_amount) * price;
    let f = mul_div_ceil(u128::from(loss) * WAD, WAD, base)
        .unwrap()
        .min(WAD);
    let active_after = active - mul_div_ceil(active, f, WAD).unwrap();
    let scale_after = mul_div_floor(bb.scale_wad, WAD - f, WAD).unwrap();

    let after: Vault = w.vault(w.vault_b).await;
    let bucket: WithdrawalBucket = w.t.decode(bucket_key).await;
    assert_eq!(
        after.share_supply, vb.share_supply,
        "pro rata: no share moves"
    );
    assert_eq!(u128::from(after.assets[0].active_amount), active_after);
    assert_eq!(bucket.scale_wad, scale_after);
    assert_eq!(bucket.unscaled_amounts, bb.unscaled_amounts);
    assert_eq!(bucket.open_tickets, bb.open_tickets);

    let share_price = |active: u128| mul_div_floor(active, u128::from(SOL), supply).unwrap() as u64;
    let holder_value = |active: u128| {
        mul_div_floor(active, u128::from(before.holder_shares), supply).unwrap() as u64
    };
    let claim =
        |scale: u128| mul_div_floor(before.ticket.unscaled_amounts[0], scale, WAD).unwrap() as u64;
    let kept = |value: u64| mul_div_floor(u128::from(value), WAD - f, WAD).unwrap() as u64;
    let active_now = u128::from(after.assets[0].active_amount);
    let holder = Sample {
        before: holder_value(active),
        after: holder_value(active_now),
        expected_after: kept(holder_value(active)),
        untouched: w.t.account(sample.lrt).await.unwrap() == before.holder_account,
    };
    let ticket = Sample {
        before: claim(bb.scale_wad),
        after: claim(bucket.scale_wad),
        expected_after: kept(claim(bb.scale_wad)),
        untouched: w.t.account(sample.ticket).await.unwrap() == before.ticket_account,
    };
    // the same fraction, up to the rounding of one base unit
    for s in [&holder, &ticket] {
        assert!(s.after.abs_diff(s.expected_after) <= 1 && s.untouched);
    }
    PostState {
        loss,
        fraction: f,
        price: (
            share_price(active),
            share_price(active_now),
            kept(share_price(active)),
        ),
        bucket_scale: bucket.scale_wad,
        holder,
        ticket,
    }
}

/// Names the keys of the execute transaction and flags the writable ones, as the message
/// marks them (program ids demoted).
fn name_keys(
    w: &World,
    tx: &Transaction,
    (request_key, request): &(Pubkey, SlashRequest),
    capture: u64,
) -> Vec<(String, bool)> {
    let vault = w.vault_b;
    let rp = registry::pda::registry_config;
    let named: Vec<(Pubkey, &str)> = vec![
        (w.t.payer().pubkey(), "payer = executor"),
        (vault, "lrt_vault Vault"),
        (pda::config(), "lrt_vault Config"),
        (pda::delegation(&vault, &w.operator), "lrt_vault Delegation"),
        (pda::bond(&vault, &w.operator), "lrt_vault OperatorBond"),
        (pda::bucket(&vault, capture + 1), "lrt_vault bucket c+1"),
        (
            pda::bucket(&vault, capture + 2),
            "lrt_vault bucket c+2 (absent)",
        ),
        (
            pda::escrow(&vault, request_key),
            "lrt_vault SlashEscrow (new)",
        ),
        (pda::event_authority(), "lrt_vault event authority"),
        (lrt_vault::ID, "lrt_vault program"),
        (rp(), "registry RegistryConfig"),
        (*request_key, "registry SlashRequest"),
        (request.avs, "registry Avs"),
        (w.operator, "registry Operator"),
        (
            registry::pda::operator_avs(&w.operator, &request.avs),
            "registry OperatorAvs",
        ),
        (
            registry::pda::vault_avs(&vault, &request.avs),
            "registry VaultAvs",
        ),
        (
            registry::pda::slash_execution(request_key, &vault),
            "registry SlashExecution (new)",
        ),
        (
            registry::pda::vault_epoch_slash(&vault, &w.operator, capture),
            "registry VaultEpochSlash",
        ),
        (
            registry::pda::vault_avs_epoch_slash(
                &registry::pda::vault_avs(&vault, &request.avs),
                &w.operator,
                capture,
            ),
            "registry VaultAvsEpochSlash",
        ),
        (registry::pda::slasher(), "registry slasher PDA"),
        (registry::pda::event_authority(), "registry event authority"),
        (slasher_registry::ID, "slasher_registry program"),
        (anchor_lang::system_program::ID, "System program"),
    ];
    let message = &tx.message;
    message
        .account_keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let name = named
                .iter()
                .find(|(k, _)| k == key)
                .map_or_else(|| format!("unexpected {key}"), |(_, name)| name.to_string());
            (name, message.is_maybe_writable(i, None))
        })
        .collect()
}

/// Sends `groups` in as few legacy transactions as the packet limit allows, in order,
/// each signed by the payer and the groups' signers. Returns the number of transactions.
async fn send_packed(t: &mut TestContext, groups: Vec<Group<'_>>) -> usize {
    let payer = t.payer();
    let mut pending: Vec<Group> = Vec::new();
    let mut sent = 0;
    for group in groups {
        let candidate: Vec<Instruction> = pending
            .iter()
            .chain(std::iter::once(&group))
            .flat_map(|g| g.ixs.iter().cloned())
            .collect();
        if !pending.is_empty() && wire_size(&candidate, &payer.pubkey()) > PACKET_DATA_SIZE {
            send_groups(t, &payer, &pending).await;
            sent += 1;
            pending.clear();
        }
        pending.push(group);
    }
    if !pending.is_empty() {
        send_groups(t, &payer, &pending).await;
        sent += 1;
    }
    sent
}

/// One transaction of `groups`, through the full banks path (signatures verified).
async fn send_groups(t: &mut TestContext, payer: &Keypair, groups: &[Group<'_>]) {
    let ixs: Vec<Instruction> = groups.iter().flat_map(|g| g.ixs.iter().cloned()).collect();
    let mut signers = vec![payer];
    signers.extend(groups.iter().flat_map(|g| g.signers.iter().copied()));
    let blockhash = t.ctx.banks_client.get_latest_blockhash().await.unwrap();
    let tx = Transaction::new_signed_with_payer(&ixs, Some(&payer.pubkey()), &signers, blockhash);
    let size = bincode::serialize(&tx).unwrap().len();
    assert!(
        size <= PACKET_DATA_SIZE,
        "packed transaction of {size} bytes"
    );
    t.ctx
        .banks_client
        .process_transaction(tx)
        .await
        .unwrap_or_else(|e| panic!("setup transaction ({} groups): {e:?}", groups.len()));
}

/// Serialized size of a legacy transaction of `ixs` paid by `payer`, once signed (the
/// unsigned transaction carries placeholder signatures of the same size).
fn wire_size(ixs: &[Instruction], payer: &Pubkey) -> usize {
    let tx = Transaction::new_unsigned(Message::new(ixs, Some(payer)));
    bincode::serialize(&tx).unwrap().len()
}

/// Median of `xs` (upper median for an even count).
fn median(xs: &[u128]) -> u128 {
    let mut sorted = xs.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}

/// `lamports` as SOL with 9 decimals.
fn sol(lamports: u64) -> String {
    format!("{}.{:09}", lamports / SOL, lamports % SOL)
}

/// A WAD fraction as a percentage with 6 decimals.
fn percent(wad: u128) -> String {
    let micro = wad / 10_000_000_000; // 1e-6 %
    format!("{}.{:06}%", micro / 1_000_000, micro % 1_000_000)
}

fn secs(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn print_report(rows: &[Row], total: Duration) {
    let rule = "-".repeat(104);
    println!();
    println!("=== Slash execution cost vs. vault size ===");
    notes(&[
        "(any 'Instruction: ...' lines above are the programs' msg! output: natively it goes",
        "to stdout)",
        "lrt_vault and slasher_registry as native builtins in solana-program-test 3.1.12.",
        "Vault B of the slashing world (wSOL, 1 SOL seed, no bond, no insurance) with N",
        "holders who deposited 99 SOL in all, then each requested half their shares back",
        "during the capture epoch c (one ticket each, in bucket c+1). Operator stake from",
        "vault B: 50 SOL at capture (its 50% allocation of the 100 SOL slashable value: the",
        "pool and bucket c+1); each run takes 10% of that, 5 SOL.",
    ]);
    println!();

    println!("1. THE TRANSACTION: refresh_prices + execute_slash, the payer executing");
    println!("{rule}");
    println!(
        "{:>7} {:>7} | {:>8} {:>8} | {:>5} {:>5} | {:>6} {:>6} | {:>26} | {:>11}",
        "holders",
        "tickets",
        "accounts",
        "writable",
        "bytes",
        "spare",
        "CU 1st",
        "others",
        "process us: median (range)",
        "simulate us"
    );
    println!("{rule}");
    for row in rows {
        let others = &row.units[1..];
        let (lo, hi) = (others.iter().min().unwrap(), others.iter().max().unwrap());
        let others = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}-{hi}")
        };
        let process = format!(
            "{} ({}-{})",
            median(&row.process_us),
            row.process_us.iter().min().unwrap(),
            row.process_us.iter().max().unwrap()
        );
        println!(
            "{:>7} {:>7} | {:>8} {:>8} | {:>5} {:>5} | {:>6} {:>6} | {:>26} | {:>11}",
            row.holders,
            row.tickets,
            row.accounts,
            row.writable,
            row.bytes,
            PACKET_DATA_SIZE - row.bytes,
            row.units[0],
            others,
            process,
            median(&row.simulate_us),
        );
    }
    println!("{rule}");
    notes(&[
        "accounts: keys of the signed legacy message, program ids included; writable as the",
        "message marks them (program ids demoted). bytes: bincode of the signed transaction;",
        "spare = 1232 - bytes.",
        "CU: units_consumed of simulate_transaction (the committed execution reported the",
        "same). Our two programs are native builtins and NOT metered: an invocation costs",
        "1 CU whatever it does. So the figure is only what the runtime bills around them:",
        "those invocations (refresh_prices, execute_slash, its CPI to apply_slash, the",
        "emit_cpi self-invocations), the System program calls that create the execution",
        "record and the escrow (and, on the first run of the epoch, the vault's epoch",
        "ledger: hence '1st' and 'others'), sysvar reads and other syscalls. The programs'",
        "own work comes on top on SBF and cannot be measured here; it reads and writes the",
        "same fixed accounts at every size, with no loop over holders or tickets.",
    ]);
    let (runs, sims, all_sims) = (RUNS, SIMULATIONS_PER_RUN, RUNS * SIMULATIONS_PER_RUN);
    println!(
        "   Time: {runs} runs per size, each a fresh request against the same vault (the books"
    );
    notes(&[
        "move a little between runs, the work does not). process: wall time of the banks",
        "client's process_transaction_with_metadata, in which the bank loads, executes and",
        "commits the transaction synchronously, without signature verification",
        "(process_transaction would add a signature-status poll of millisecond granularity);",
    ]);
    println!(
        "   median of the {runs} executions. simulate: {sims} timed simulations of each run's"
    );
    println!("   transaction just before it executes (after one untimed warm-up per size); median");
    println!(
        "   of the {all_sims}. Native code on a 2-core machine: the trend across sizes is the"
    );
    println!("   finding, not the absolute figures.");
    println!();

    println!("2. WHAT THE FIRST SLASH DID (checked against the waterfall computed here)");
    println!("{rule}");
    for row in rows {
        let p = &row.post;
        println!(
            "N = {}: loss {} SOL = fraction f {} of the pro-rata pool (active + bucket c+1)",
            row.holders,
            sol(p.loss),
            percent(p.fraction)
        );
        println!(
            "   share price (SOL per LRT)    {} -> {}  expected {}",
            sol(p.price.0),
            sol(p.price.1),
            sol(p.price.2)
        );
        for (name, s) in [
            ("holder N/2's value (SOL)  ", &p.holder),
            ("their ticket's claim (SOL)", &p.ticket),
        ] {
            println!(
                "   {name}   {} -> {}  expected {}  account bytes unchanged: {}",
                sol(s.before),
                sol(s.after),
                sol(s.expected_after),
                if s.untouched { "yes" } else { "NO" }
            );
        }
        println!(
            "   bucket c+1 scale             1.000000000000000000 -> {}.{:018}",
            p.bucket_scale / WAD,
            p.bucket_scale % WAD
        );
    }
    println!("{rule}");
    notes(&[
        "f = ceil(loss / (active + bucket c+1 value)); expected = before x (1 - f), floor.",
        "Holder value = shares x active / supply; ticket claim = unscaled x scale / 1e18.",
        "After all the runs the holder's LRT account and the ticket still hold every byte,",
        "and no holder key, holder LRT account or ticket is in any execute transaction.",
    ]);
    println!();

    let largest = rows.last().unwrap();
    println!(
        "3. THE {} ACCOUNTS OF THE TRANSACTION (N = {}; the same list at every size)",
        largest.accounts, largest.holders
    );
    println!("{rule}");
    for (i, (name, writable)) in largest.keys.iter().enumerate() {
        let flag = if *writable { "w" } else { "r" };
        println!("   {i:>2}  {flag}  {name}");
    }
    println!("{rule}");
    println!();

    println!("4. SETUP (real transactions through the programs; wall time)");
    println!("{rule}");
    println!(
        "{:>7} | {:>7} | {:>8} {:>8} | {:>8} {:>8} | {:>8}",
        "holders", "world s", "dep. txs", "dep. s", "req. txs", "req. s", "total s"
    );
    println!("{rule}");
    for row in rows {
        let s = &row.setup;
        println!(
            "{:>7} | {:>7} | {:>8} {:>8} | {:>8} {:>8} | {:>8}",
            row.holders,
            secs(s.world),
            s.deposits.0,
            secs(s.deposits.1),
            s.requests.0,
            secs(s.requests.1),
            secs(s.world + s.deposits.1 + s.requests.1)
        );
    }
    println!("{rule}");
    notes(&[
        "world: World::new.",
        "dep.: per holder a SOL transfer (ticket rent), the creation of the holder's LRT",
        "account and a deposit on the holder's behalf, packed into legacy transactions of",
        "at most 1232 bytes. req.: request_withdrawal signed by each holder, packed alike.",
        "Sent one by one through BanksClient::process_transaction (signatures verified).",
        "The payer's wSOL for the deposits is written into the bank directly, like the",
        "world's users' token accounts.",
    ]);
    println!();
    println!("total run time: {} s", secs(total));
}

/// Prints indented explanatory lines under a table.
fn notes(lines: &[&str]) {
    for line in lines {
        println!("   {line}");
    }
}
