//! Depositors: `lrt deposit`, `lrt withdraw request|list|claim`, `lrt balance`.
//!
//! Everything that can be checked before sending is checked here first (amount syntax,
//! balances, pauses, caps, the vault's slash window, ticket maturity), so a mistake costs
//! no fee and says what to fix.
//!
//! The fee guard (DESIGN.md section 8): a deposit and a withdrawal request name the most
//! fee they accept (`max_fee_bps`). `lrt` fills it with the fee in force now, which it
//! prints (`--max-fee` states it explicitly), so a fee raised after the user looked can
//! never be charged: the program refuses with `FeeAboveMaximum` and nothing changes.
//!
//! The pending-slash guard: a deposit made while a slash request against one of the
//! vault's operators can still execute shares in that slash if it does (the operator's
//! stake is its allocation of the vault's value at execution, deposit included), as on
//! EigenLayer and Symbiotic. `lrt deposit` lists such requests with the most each can take
//! and signs nothing unless `--accept-pending-slash` says the depositor accepts it.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use lrt_client::{
    decode,
    events::{Deposited, WithdrawalRequested},
    instructions as build, listing,
    lrt_vault::{
        constants::WSOL_MINT,
        errors::VaultError,
        instructions::{DepositArgs as DepositIxArgs, RequestWithdrawalArgs},
        state::{check_fee_accepted, Config, Fees, Vault, WithdrawalBucket, WithdrawalTicket},
    },
    pda,
    token_programs::TOKEN_2022,
    Instruction,
};
use restaking_math::bucket::scaled_amount_floor;
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::{bps, format_amount, format_units, parse_amount, parse_bps, sol, sol_from_wad},
    chain::{self, parse_pubkey},
    context::Ctx,
    errors::would_refuse,
    output::Reported,
    slashing::plan::{pending_slashes, pending_text, PendingSlashView},
    stake::accrue,
    tx::{self, Sent},
    views::announced,
    wsol::wrap_sol_if_needed,
};

#[derive(Args, Debug)]
pub struct DepositArgs {
    /// Vault address or LRT mint
    pub vault: String,
    /// Amount in tokens, e.g. 1.5
    pub amount: String,
    /// Asset: symbol (wSOL, jitoSOL, ...), mint address or index in the vault
    pub asset: String,
    /// Fewest LRT to accept; default: the simulated amount less --slippage
    #[arg(long)]
    pub min_out: Option<String>,
    /// Tolerance below the simulated LRT amount
    #[arg(long, default_value = "0.5%")]
    pub slippage: String,
    /// For wSOL: do not wrap native SOL, use only the wSOL token account
    #[arg(long)]
    pub no_wrap: bool,
    /// The most deposit fee you accept: 10, 10bps or 0.1% [default: the fee in force now,
    /// which is printed]. If the vault's fee is higher when the deposit executes, the vault
    /// refuses it (FeeAboveMaximum) and nothing changes
    #[arg(long, value_name = "BPS|%")]
    pub max_fee: Option<String>,
    /// Deposit even though slash requests against the vault's operators are pending (in
    /// their veto window or executable): the deposit shares in each one that executes.
    /// Without it, `lrt deposit` lists them with the most each can take and sends nothing
    #[arg(long)]
    pub accept_pending_slash: bool,
}

#[derive(Subcommand, Debug)]
pub enum WithdrawCmd {
    /// Burn LRT for a ticket on next epoch's bucket (claimable one epoch later)
    Request {
        /// Vault address or LRT mint
        vault: String,
        /// LRT to give up, fee included, or "all"
        amount: String,
        /// The most withdrawal fee you accept: 10, 10bps or 0.1% [default: the fee in force
        /// now, which is printed]. If the vault's fee is higher when the request executes,
        /// the vault refuses it (FeeAboveMaximum) and nothing changes
        #[arg(long, value_name = "BPS|%")]
        max_fee: Option<String>,
    },
    /// The signer's (or --owner's) tickets, with what each pays and when
    List {
        /// Only this vault
        vault: Option<String>,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Claim matured tickets into the owner's associated token accounts
    Claim {
        /// Vault address or LRT mint
        vault: String,
        /// Ticket id (see `withdraw list`); default: every matured ticket
        #[arg(long)]
        ticket: Option<u64>,
    },
}

#[derive(Args, Debug)]
pub struct BalanceArgs {
    /// Whose balances [default: the signer]
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Serialize)]
struct DepositResult {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    asset: String,
    amount: String,
    lrt_received: String,
    fee_lrt: String,
    /// The deposit fee in force when it was signed, and the most the deposit accepted.
    #[serde(flatten)]
    fee: FeeGuard,
    value_sol: String,
    lrt_account: String,
    /// Slash requests pending when the deposit was made (accepted with
    /// --accept-pending-slash; empty otherwise).
    pending_slashes: Vec<PendingForDeposit>,
}

/// A slash request pending against the vault, and what it can take of a deposit.
#[derive(Serialize)]
struct PendingForDeposit {
    #[serde(flatten)]
    slash: PendingSlashView,
    /// The same share of the deposit's value, in SOL: the deposit raises the operator's
    /// stake in proportion, so it bears the fraction the vault loses (at most).
    deposit_max_loss_sol: String,
    deposit_max_loss_lamports: u64,
}

/// The requests pending against a vault and what they can take of a deposit worth
/// `deposit_lamports`.
fn exposure(pending: Vec<PendingSlashView>, deposit_lamports: u64) -> Vec<PendingForDeposit> {
    pending
        .into_iter()
        .map(|slash| {
            let loss = restaking_math::pro_rata_take_ceil(deposit_lamports, slash.share_wad)
                .unwrap_or(deposit_lamports);
            PendingForDeposit {
                slash,
                deposit_max_loss_sol: sol(loss),
                deposit_max_loss_lamports: loss,
            }
        })
        .collect()
}

/// The pending requests in words, with the totals, for the refusal and the warning.
fn exposure_text(pending: &[PendingForDeposit], deposit: &str) -> String {
    let mut t = String::new();
    for p in pending {
        t.push_str(&format!(
            "\n  {}; your deposit ({deposit}) up to {} SOL",
            pending_text(&p.slash).replace('\n', "\n  "),
            p.deposit_max_loss_sol
        ));
    }
    let vault_total: u128 = pending
        .iter()
        .map(|p| u128::from(p.slash.max_loss_lamports))
        .sum();
    let deposit_total: u128 = pending
        .iter()
        .map(|p| u128::from(p.deposit_max_loss_lamports))
        .sum();
    t.push_str(&format!(
        "\n  in all: up to {} SOL of the vault, up to {} SOL of your deposit",
        format_units(vault_total, 9),
        format_units(deposit_total, 9)
    ));
    t
}

/// The fee a deposit or withdrawal request signs for: the fee in force now and the most it
/// accepts (`max_fee_bps`).
#[derive(Serialize, Debug, Clone)]
struct FeeGuard {
    /// In force at the epoch the transaction was signed in (`FeeSchedule::at`).
    fee: String,
    fee_bps: u16,
    /// `max_fee_bps` of the instruction: `--max-fee`, or the fee in force.
    max_fee: String,
    max_fee_bps: u16,
    /// An announced change of this fee and the first epoch it applies in (null if none).
    next_fee: Option<String>,
    next_fee_from_epoch: Option<u64>,
}

/// The fee guard of `what` ("deposit", "withdrawal") at restaking epoch `epoch`: the fee
/// `pick` chooses of the vault's fees in force, and `--max-fee` (default: that fee).
/// Refuses before signing, with the program's own rule (`check_fee_accepted`), a maximum
/// below the fee in force, saying what the fee is and how to accept it.
fn fee_guard(
    what: &str,
    state: &Vault,
    epoch: u64,
    pick: fn(Fees) -> u16,
    max_fee: Option<&str>,
) -> Result<FeeGuard> {
    let fee = announced(
        |e| pick(state.fees.at(e)),
        state.fees.effective_epoch,
        epoch,
    );
    let max_fee_bps = match max_fee {
        Some(text) => parse_bps(text).context("--max-fee")?,
        None => fee.in_force,
    };
    if let Err(error) = check_fee_accepted(fee.in_force, max_fee_bps) {
        bail!(
            "{what} refused (nothing was sent): {}\nthe vault's {what} fee in force (epoch \
             {epoch}) is {} ({} bps), above --max-fee {} ({max_fee_bps} bps). To accept it, \
             pass --max-fee {} (or leave --max-fee out: `lrt` then accepts the fee in force, \
             which it prints); `lrt vault show` shows the fees and announced changes",
            would_refuse(&lrt_vault::ID, &error),
            bps(fee.in_force),
            fee.in_force,
            bps(max_fee_bps),
            bps(fee.in_force)
        );
    }
    Ok(FeeGuard {
        fee: bps(fee.in_force),
        fee_bps: fee.in_force,
        max_fee: bps(max_fee_bps),
        max_fee_bps,
        next_fee: fee.next.map(|(next, _)| bps(next)),
        next_fee_from_epoch: fee.next_from_epoch(),
    })
}

impl FeeGuard {
    /// "the deposit fee in force is 0.1%; this deposit accepts at most 0.1%", with an
    /// announced change.
    fn text(&self, what: &str) -> String {
        let mut text = format!(
            "the {what} fee in force is {}; this {what} accepts at most {}",
            self.fee, self.max_fee
        );
        if let (Some(next), Some(from)) = (&self.next_fee, self.next_fee_from_epoch) {
            text.push_str(&format!(" (announced: {next} from epoch {from})"));
        }
        text
    }
}

/// Refuses a deposit the vault would refuse because of a slash: `Vault::check_deposits_open`
/// (a cancellable slash lowered the price, or one wiped the pool out).
fn check_deposits_open(vault: &Pubkey, state: &Vault, slot: u64) -> Result<()> {
    let Err(error) = state.check_deposits_open(slot) else {
        return Ok(());
    };
    let refusal = would_refuse(&lrt_vault::ID, &error);
    if error == VaultError::VaultWipedOut.into() {
        bail!(
            "{refusal}\na slash took the whole pool of vault {vault}: it takes no more deposits \
             (withdrawals and claims still work)"
        );
    }
    let until = state.slash_window.until_slot;
    bail!(
        "{refusal}\na slash of vault {vault} can still be cancelled until slot {until}: deposits \
         reopen at slot {until} ({} slots from now, slot {slot})",
        until.saturating_sub(slot)
    )
}

/// What a deposit is worth at the vault's cached price, in WAD-lamports and in words.
struct DepositWorth {
    value_wad: u128,
    text: String,
}

/// The pending-slash guard of `lrt deposit`: the slash requests that can still take part
/// of a deposit into `vault` made at `slot`. Refuses (nothing signed) unless `accept`;
/// otherwise warns on stderr and returns them for the result.
fn pending_slash_guard(
    ctx: &Ctx,
    vault: &Pubkey,
    state: &Vault,
    config: &Config,
    slot: u64,
    worth: &DepositWorth,
    accept: bool,
) -> Result<Vec<PendingForDeposit>> {
    let deposit_lamports = restaking_math::lamports_floor(worth.value_wad).unwrap_or(u64::MAX);
    let pending = exposure(
        pending_slashes(
            ctx,
            vault,
            state,
            slot,
            config.epoch_at(slot),
            config.epoch_length,
        )?,
        deposit_lamports,
    );
    if pending.is_empty() {
        return Ok(pending);
    }
    let what = format!(
        "{} slash request{} against vault {vault}'s operators can still execute, and a \
         deposit made now shares in each one that does:{}",
        pending.len(),
        if pending.len() == 1 { "" } else { "s" },
        exposure_text(&pending, &worth.text)
    );
    if accept {
        eprintln!(
            "warning: depositing with --accept-pending-slash: {}",
            what.replace('\n', "\nwarning: ")
        );
        return Ok(pending);
    }
    let message = format!(
        "deposit refused (nothing was sent): {what}\ndeposits on EigenLayer and Symbiotic bear \
         pending slashes the same way. Deposit anyway with --accept-pending-slash, or wait \
         until the requests are executed, vetoed or expired (`lrt vault show {vault}`)"
    );
    if !ctx.out.is_json() {
        bail!(message);
    }
    // JSON: the error with the requests as data, one document on stdout
    #[derive(Serialize)]
    struct Refused<'a> {
        error: &'a str,
        deposit_value_sol: String,
        pending_slashes: &'a [PendingForDeposit],
    }
    ctx.out.print(
        &Refused {
            error: &message,
            deposit_value_sol: sol_from_wad(worth.value_wad),
            pending_slashes: &pending,
        },
        |_| String::new(),
    );
    Err(Reported(message).into())
}

pub fn deposit(ctx: &Ctx, args: DepositArgs) -> Result<()> {
    let (vault, state) = chain::vault(ctx, &args.vault)?;
    let index = chain::asset_index(ctx, &state, &args.asset)?;
    let slot = state.assets[index as usize];
    let info = chain::mint_info(ctx, &slot.mint)?;
    let amount = parse_amount(&args.amount, info.decimals, &info.symbol)?;
    let slippage = parse_bps(&args.slippage)?;
    let signer = ctx.signer()?;
    let owner = signer.pubkey();

    let config = chain::config(ctx)?;
    // the vault program's own rules decide; the messages explain them
    if let Err(error) = state.check_deposits_unpaused(&config) {
        if error == VaultError::ProtocolPaused.into() {
            bail!("the protocol is paused: deposits are refused until the admin unpauses it");
        }
        bail!("deposits into this vault are paused by its curator");
    }
    let now = chain::slot(ctx)?;
    check_deposits_open(&vault, &state, now)?;
    let fee = fee_guard(
        "deposit",
        &state,
        config.epoch_at(now),
        |f| f.deposit_bps,
        args.max_fee.as_deref(),
    )?;
    ctx.out.note(fee.text("deposit"));
    if slot.check_deposit_room(amount).is_err() {
        let room = slot.deposit_room();
        bail!(
            "the vault's {} cap leaves room for {} {}, less than {}",
            info.symbol,
            format_amount(room, info.decimals),
            info.symbol,
            args.amount
        );
    }

    let source = pda::associated_token_account(&owner, &slot.mint, &slot.token_program);
    let mut ixs = Vec::new();
    if args.no_wrap || slot.mint != WSOL_MINT {
        let balance = chain::token_balance(ctx, &source)?;
        if balance < amount {
            bail!(
                "insufficient balance: {owner} holds {} {} (in {source}), the deposit needs {}",
                format_amount(balance, info.decimals),
                info.symbol,
                args.amount
            );
        }
    } else {
        ixs.extend(wrap_sol_if_needed(ctx, &owner, &slot.mint, source, amount)?);
    }

    // The pending-slash guard: nothing is signed until the depositor accepts the requests
    // that can still take part of this deposit.
    let value_wad = restaking_math::asset_value_wad(amount, slot.price_wad).unwrap_or(u128::MAX);
    let worth = DepositWorth {
        value_wad,
        text: format!(
            "{} {}, about {} SOL",
            format_amount(amount, info.decimals),
            info.symbol,
            sol_from_wad(value_wad)
        ),
    };
    let pending = pending_slash_guard(
        ctx,
        &vault,
        &state,
        &config,
        now,
        &worth,
        args.accept_pending_slash,
    )?;
    let lrt_account = pda::lrt_account(&owner, &state.lrt_mint);
    ixs.push(create_associated_token_account_idempotent(
        &owner,
        &owner,
        &state.lrt_mint,
        &TOKEN_2022,
    ));
    ixs.push(build::refresh_prices(&state));
    let deposit_ix = |min_shares_out| {
        build::deposit(
            &state,
            owner,
            source,
            lrt_account,
            DepositIxArgs {
                asset_index: index,
                amount,
                min_shares_out,
                max_fee_bps: fee.max_fee_bps,
            },
        )
    };
    // Quote by simulation: exactly what the program will mint at this moment.
    let mut quote_ixs = ixs.clone();
    quote_ixs.push(deposit_ix(0));
    let events = tx::simulate_events(ctx, "deposit", &quote_ixs, &signer, &[], &lrt_vault::ID)?;
    let quote = events
        .iter()
        .find_map(|data| decode::event::<Deposited>(data))
        .ok_or_else(|| anyhow::anyhow!("the deposit simulation emitted no Deposited event"))?;
    let min_out = match &args.min_out {
        Some(text) => parse_amount(text, 9, "LRT")?,
        None => {
            let tolerance = restaking_math::fees::bps_floor(quote.shares_out, slippage)
                .map_err(|e| anyhow::anyhow!("slippage: {e:?}"))?;
            quote.shares_out - tolerance
        }
    };
    ixs.push(deposit_ix(min_out));
    let sent = tx::send(ctx, "deposit", &ixs, &signer, &[])?;

    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let result = DepositResult {
        sent,
        vault: vault.to_string(),
        asset: info.symbol.clone(),
        amount: format_amount(amount, info.decimals),
        lrt_received: sol(quote.shares_out),
        fee_lrt: sol(quote.fee_shares),
        fee: fee.clone(),
        value_sol: sol_from_wad(quote.value_wad),
        lrt_account: lrt_account.to_string(),
        pending_slashes: pending,
    };
    ctx.out.print(&result, |r| {
        format!(
            "deposited {} {} (worth {} SOL) into {}\nreceived  {} {} in {}\nfee       {} {}: {}",
            r.amount,
            r.asset,
            r.value_sol,
            r.vault,
            r.lrt_received,
            lrt.symbol,
            r.lrt_account,
            r.fee_lrt,
            lrt.symbol,
            r.fee.text("deposit")
        )
    });
    Ok(())
}

#[derive(Serialize)]
struct TicketView {
    address: String,
    vault: String,
    id: u64,
    bucket_epoch: u64,
    /// First restaking epoch in which the ticket can be claimed.
    claimable_from_epoch: u64,
    /// A slash of its bucket can still be cancelled: claims wait until this slot (null
    /// when they need not).
    claim_waits_until_slot: Option<u64>,
    claimable_now: bool,
    lrt_burned: String,
    /// What the ticket pays now, per asset (after any slash of its bucket).
    payout: Vec<PayoutView>,
}

#[derive(Serialize)]
struct PayoutView {
    asset: String,
    amount: String,
}

/// When a ticket can be claimed, by the vault's own rule (`WithdrawalBucket::check_claimable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claimable {
    Now,
    /// Its bucket's epoch is not over.
    FromEpoch(u64),
    /// A slash of its bucket can still be cancelled until this slot.
    FromSlot(u64),
}

fn claimable(
    ticket: &WithdrawalTicket,
    bucket: Option<&WithdrawalBucket>,
    cur: u64,
    slot: u64,
) -> Claimable {
    let Some(bucket) = bucket else {
        return Claimable::FromEpoch(ticket.bucket_epoch.saturating_add(1));
    };
    match bucket.check_claimable(cur, slot) {
        Ok(()) => Claimable::Now,
        Err(error) if error == VaultError::TicketAwaitsSlashResolution.into() => {
            Claimable::FromSlot(bucket.hold_until_slot)
        }
        Err(_) => Claimable::FromEpoch(bucket.epoch.saturating_add(1)),
    }
}

/// Why ticket `id` cannot be claimed yet, and when it can.
fn not_claimable_text(
    id: u64,
    bucket_epoch: u64,
    when: Claimable,
    epoch: u64,
    slot: u64,
) -> String {
    match when {
        Claimable::Now => format!("ticket {id} is claimable"),
        Claimable::FromEpoch(from) => {
            format!("ticket {id} is not claimable yet: it matures at epoch {from} (now {epoch})")
        }
        Claimable::FromSlot(from) => {
            format!(
            "ticket {id} is not claimable yet: {}\na slash of its bucket (epoch {bucket_epoch}) \
             can still be cancelled: claim from slot {from} ({} slots from now, slot {slot})",
            would_refuse(&lrt_vault::ID, &VaultError::TicketAwaitsSlashResolution.into()),
            from.saturating_sub(slot)
        )
        }
    }
}

fn ticket_view(
    ctx: &Ctx,
    key: Pubkey,
    ticket: &WithdrawalTicket,
    vault: &Vault,
    bucket: Option<&WithdrawalBucket>,
    epoch: u64,
    slot: u64,
) -> Result<TicketView> {
    let when = claimable(ticket, bucket, epoch, slot);
    let mut payout = Vec::new();
    for (slot, unscaled) in vault.assets().iter().zip(ticket.unscaled_amounts) {
        if unscaled == 0 {
            continue;
        }
        let info = chain::mint_info(ctx, &slot.mint)?;
        let scale = bucket.map(|b| b.scale_wad).unwrap_or(0);
        let amount = scaled_amount_floor(unscaled, scale).unwrap_or(0);
        payout.push(PayoutView {
            asset: info.symbol,
            amount: format_amount(amount, info.decimals),
        });
    }
    Ok(TicketView {
        address: key.to_string(),
        vault: ticket.vault.to_string(),
        id: ticket.id,
        bucket_epoch: ticket.bucket_epoch,
        claimable_from_epoch: ticket.bucket_epoch + 1,
        claim_waits_until_slot: match when {
            Claimable::FromSlot(from) => Some(from),
            _ => None,
        },
        claimable_now: when == Claimable::Now,
        lrt_burned: sol(ticket.shares_burned),
        payout,
    })
}

fn tickets_of(
    ctx: &Ctx,
    owner: &Pubkey,
    vault: Option<&Pubkey>,
) -> Result<Vec<(Pubkey, WithdrawalTicket)>> {
    let mut filters = vec![listing::tickets_of_owner(owner)];
    filters.extend(vault.map(listing::tickets_of_vault));
    let mut tickets = chain::list_anchor(ctx, &lrt_vault::ID, filters)?;
    tickets.sort_by_key(|(_, t)| (t.vault.to_string(), t.id));
    Ok(tickets)
}

pub fn withdraw(ctx: &Ctx, cmd: WithdrawCmd) -> Result<()> {
    match cmd {
        WithdrawCmd::Request {
            vault,
            amount,
            max_fee,
        } => request(ctx, &vault, &amount, max_fee.as_deref()),
        WithdrawCmd::List { vault, owner } => list(ctx, vault.as_deref(), owner.as_deref()),
        WithdrawCmd::Claim { vault, ticket } => claim(ctx, &vault, ticket),
    }
}

fn request(ctx: &Ctx, vault_text: &str, amount: &str, max_fee: Option<&str>) -> Result<()> {
    let (vault, state) = chain::vault(ctx, vault_text)?;
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let signer = ctx.signer()?;
    let owner = signer.pubkey();
    let lrt_account = pda::lrt_account(&owner, &state.lrt_mint);
    let balance = chain::token_balance(ctx, &lrt_account)?;
    let shares = if amount == "all" {
        if balance == 0 {
            bail!("{owner} holds no {} to withdraw", lrt.symbol);
        }
        balance
    } else {
        parse_amount(amount, lrt.decimals, &lrt.symbol)?
    };
    if shares > balance {
        bail!(
            "insufficient balance: {owner} holds {} {}, the request needs {amount}",
            format_amount(balance, lrt.decimals),
            lrt.symbol
        );
    }
    let (epoch, config) = chain::epoch(ctx)?;
    if let Err(error) = state.check_withdrawals_unpaused(&config) {
        let who = if error == VaultError::ProtocolPaused.into() {
            "the protocol is paused: withdrawal requests are refused until the admin unpauses it"
        } else {
            "withdrawal requests from this vault are paused by its curator"
        };
        bail!("{who} (claims of matured tickets still work)");
    }
    let fee = fee_guard("withdrawal", &state, epoch, |f| f.withdrawal_bps, max_fee)?;
    ctx.out.note(fee.text("withdrawal"));
    let next_id = tickets_of(ctx, &owner, Some(&vault))?
        .iter()
        .map(|(_, t)| t.id + 1)
        .max()
        .unwrap_or(0);
    let ix = build::request_withdrawal(
        &state,
        owner,
        epoch,
        RequestWithdrawalArgs {
            shares,
            ticket_id: next_id,
            max_fee_bps: fee.max_fee_bps,
        },
    );
    let events = tx::simulate_events(
        ctx,
        "withdrawal request",
        std::slice::from_ref(&ix),
        &signer,
        &[],
        &lrt_vault::ID,
    )?;
    let quote = events
        .iter()
        .find_map(|d| decode::event::<WithdrawalRequested>(d));
    let sent = tx::send(ctx, "withdrawal request", &[ix], &signer, &[])?;
    let ticket_key = pda::ticket(&vault, &owner, next_id);
    let ticket: WithdrawalTicket =
        chain::fetch_anchor(ctx, &ticket_key, &lrt_vault::ID, "withdrawal ticket")?;
    let bucket = chain::fetch_anchor::<WithdrawalBucket>(
        ctx,
        &pda::bucket(&vault, ticket.bucket_epoch),
        &lrt_vault::ID,
        "withdrawal bucket",
    )
    .ok();
    let (epoch, _) = chain::epoch(ctx)?;
    #[derive(Serialize)]
    struct Requested {
        #[serde(flatten)]
        sent: Sent,
        fee_lrt: Option<String>,
        #[serde(flatten)]
        fee: FeeGuard,
        ticket: TicketView,
    }
    let result = Requested {
        sent,
        fee_lrt: quote.map(|q| sol(q.fee_shares)),
        fee,
        ticket: ticket_view(
            ctx,
            ticket_key,
            &ticket,
            &state,
            bucket.as_ref(),
            epoch,
            chain::slot(ctx)?,
        )?,
    };
    ctx.out.print(&result, |r| {
        format!(
            "ticket {} (id {}): {} {} burnt, pays {} from epoch {} (now {epoch})\nfee {} {}: \
             {}\nclaim it then with: lrt withdraw claim {vault} --ticket {}",
            r.ticket.address,
            r.ticket.id,
            r.ticket.lrt_burned,
            lrt.symbol,
            payout_text(&r.ticket.payout),
            r.ticket.claimable_from_epoch,
            r.fee_lrt.as_deref().unwrap_or("?"),
            lrt.symbol,
            r.fee.text("withdrawal"),
            r.ticket.id
        )
    });
    Ok(())
}

fn payout_text(payout: &[PayoutView]) -> String {
    let parts: Vec<String> = payout
        .iter()
        .map(|p| format!("{} {}", p.amount, p.asset))
        .collect();
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(" + ")
    }
}

fn list(ctx: &Ctx, vault: Option<&str>, owner: Option<&str>) -> Result<()> {
    let owner = match owner {
        Some(text) => parse_pubkey(text, "owner")?,
        None => ctx.signer_pubkey()?,
    };
    let vault_filter = match vault {
        Some(text) => Some(chain::vault(ctx, text)?.0),
        None => None,
    };
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut views = Vec::new();
    for (key, ticket) in tickets_of(ctx, &owner, vault_filter.as_ref())? {
        let state: Vault = chain::fetch_anchor(ctx, &ticket.vault, &lrt_vault::ID, "vault")?;
        let bucket = chain::fetch_anchor::<WithdrawalBucket>(
            ctx,
            &pda::bucket(&ticket.vault, ticket.bucket_epoch),
            &lrt_vault::ID,
            "withdrawal bucket",
        )
        .ok();
        views.push(ticket_view(
            ctx,
            key,
            &ticket,
            &state,
            bucket.as_ref(),
            epoch,
            slot,
        )?);
    }
    ctx.out.print(&views, |views| {
        if views.is_empty() {
            return format!("no withdrawal tickets for {owner}");
        }
        let mut t = format!("tickets of {owner} (epoch {epoch})\n");
        for v in views {
            let when = match (v.claimable_now, v.claim_waits_until_slot) {
                (true, _) => "claimable now".to_string(),
                (false, Some(from)) => format!(
                    "claimable from slot {from}: a slash of its bucket can still be cancelled"
                ),
                (false, None) => format!("claimable from epoch {}", v.claimable_from_epoch),
            };
            t.push_str(&format!(
                "  id {:<4} vault {}  pays {}  ({when})\n",
                v.id,
                v.vault,
                payout_text(&v.payout)
            ));
        }
        t
    });
    Ok(())
}

fn claim(ctx: &Ctx, vault_text: &str, ticket_id: Option<u64>) -> Result<()> {
    let (vault, state) = chain::vault(ctx, vault_text)?;
    let signer = ctx.signer()?;
    let owner = signer.pubkey();
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut tickets = tickets_of(ctx, &owner, Some(&vault))?;
    if let Some(id) = ticket_id {
        tickets.retain(|(_, t)| t.id == id);
        if tickets.is_empty() {
            bail!(
                "{owner} has no ticket {id} in vault {vault}; `lrt withdraw list` shows the \
                 tickets"
            );
        }
    }
    // Each ticket's bucket decides, with the vault's own rule.
    let mut chosen = Vec::new();
    let mut waiting = Vec::new();
    for (key, ticket) in tickets {
        let bucket = chain::fetch_opt::<WithdrawalBucket>(
            ctx,
            &pda::bucket(&vault, ticket.bucket_epoch),
            &lrt_vault::ID,
            "withdrawal bucket",
        )?;
        match (claimable(&ticket, bucket.as_ref(), epoch, slot), bucket) {
            (Claimable::Now, Some(bucket)) => chosen.push((key, ticket, bucket)),
            (when, _) => waiting.push(not_claimable_text(
                ticket.id,
                ticket.bucket_epoch,
                when,
                epoch,
                slot,
            )),
        }
    }
    if chosen.is_empty() {
        match (ticket_id, waiting.as_slice()) {
            (Some(_), [reason]) => bail!("{reason}"),
            _ => bail!(
                "{owner} has no claimable ticket in vault {vault} (epoch {epoch}, slot {slot}); \
                 `lrt withdraw list` shows when each can be claimed:\n  {}",
                waiting.join("\n  ")
            ),
        }
    }
    for reason in &waiting {
        ctx.out.note(format!("note: {reason}"));
    }
    #[derive(Serialize)]
    struct Claimed {
        #[serde(flatten)]
        sent: Sent,
        ticket: TicketView,
    }
    let mut results = Vec::new();
    for (key, ticket, bucket) in chosen {
        let view = ticket_view(ctx, key, &ticket, &state, Some(&bucket), epoch, slot)?;
        // The owner's token accounts may not exist yet: create them in the same transaction.
        let mut ixs: Vec<Instruction> = state
            .assets()
            .iter()
            .zip(ticket.unscaled_amounts)
            .filter(|(_, unscaled)| *unscaled > 0)
            .map(|(slot, _)| {
                create_associated_token_account_idempotent(
                    &owner,
                    &owner,
                    &slot.mint,
                    &slot.token_program,
                )
            })
            .collect();
        ixs.push(build::claim(&state, &bucket, &ticket));
        let sent = tx::send(
            ctx,
            &format!("claim of ticket {}", ticket.id),
            &ixs,
            &signer,
            &[],
        )?;
        results.push(Claimed { sent, ticket: view });
    }
    ctx.out.print(&results, |results| {
        results
            .iter()
            .map(|r| {
                format!(
                    "ticket {} paid {}",
                    r.ticket.id,
                    payout_text(&r.ticket.payout)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

#[derive(Serialize)]
struct Balances {
    owner: String,
    sol: String,
    lrt: Vec<LrtBalance>,
    tokens: Vec<TokenBalance>,
}

#[derive(Serialize)]
struct LrtBalance {
    vault: String,
    symbol: String,
    amount: String,
    /// At the vault's cached prices, rounded down.
    value_sol: String,
}

#[derive(Serialize)]
struct TokenBalance {
    symbol: String,
    mint: String,
    amount: String,
}

pub fn balance(ctx: &Ctx, args: BalanceArgs) -> Result<()> {
    let owner = match &args.owner {
        Some(text) => parse_pubkey(text, "owner")?,
        None => ctx.signer_pubkey()?,
    };
    let lamports = ctx
        .rpc
        .get_balance_with_commitment(&owner, ctx.commitment)?
        .value;
    let slot = chain::slot(ctx)?;
    let mut lrt = Vec::new();
    let mut mints: Vec<(Pubkey, Pubkey)> = Vec::new();
    for (key, mut state) in chain::list_all::<Vault>(ctx, &lrt_vault::ID)? {
        let account = pda::lrt_account(&owner, &state.lrt_mint);
        let amount = chain::token_balance(ctx, &account)?;
        for slot in state.assets() {
            if !mints.iter().any(|(m, _)| *m == slot.mint) {
                mints.push((slot.mint, slot.token_program));
            }
        }
        if amount == 0 {
            continue;
        }
        let info = chain::mint_info(ctx, &state.lrt_mint)?;
        accrue(ctx, &mut state, slot)?;
        let value = state.active_value_wad().unwrap_or(0);
        let value_of_amount = if state.share_supply == 0 {
            0
        } else {
            restaking_math::wide::mul_div_floor(
                value,
                u128::from(amount),
                u128::from(state.share_supply),
            )
            .unwrap_or(0)
        };
        lrt.push(LrtBalance {
            vault: key.to_string(),
            symbol: info.symbol,
            amount: sol(amount),
            value_sol: crate::amount::sol_from_wad(value_of_amount),
        });
    }
    let mut tokens = Vec::new();
    for (mint, program) in mints {
        let amount =
            chain::token_balance(ctx, &pda::associated_token_account(&owner, &mint, &program))?;
        let info = chain::mint_info(ctx, &mint)?;
        tokens.push(TokenBalance {
            symbol: info.symbol,
            mint: mint.to_string(),
            amount: format_amount(amount, info.decimals),
        });
    }
    let balances = Balances {
        owner: owner.to_string(),
        sol: sol(lamports),
        lrt,
        tokens,
    };
    ctx.out.print(&balances, |b| {
        let mut t = format!("{}\n  SOL       {}\n", b.owner, b.sol);
        for l in &b.lrt {
            t.push_str(&format!(
                "  {:<9} {}  (worth {} SOL, vault {})\n",
                l.symbol, l.amount, l.value_sol, l.vault
            ));
        }
        for k in &b.tokens {
            t.push_str(&format!("  {:<9} {}\n", k.symbol, k.amount));
        }
        t
    });
    Ok(())
}
