//! `lrt deposit VAULT AMOUNT ASSET`: deposit a supported asset for LRT at the current price.
//!
//! Everything that can be checked before sending is checked here first (amount syntax,
//! balances, pauses, caps, the vault's slash window, ticket maturity), so a mistake costs
//! no fee and says what to fix.
//!
//! The pending-slash guard: a deposit made while a slash request against one of the
//! vault's operators can still execute shares in that slash if it does (the operator's
//! stake is its allocation of the vault's value at execution, deposit included), as on
//! EigenLayer and Symbiotic. `lrt deposit` lists such requests with the most each can take
//! and signs nothing unless `--accept-pending-slash` says the depositor accepts it.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::{
        errors::VaultError,
        instructions::DepositArgs as DepositIxArgs,
        state::{Config, Vault},
    },
    pda,
    program_events::{ProgramEvent, VaultEvent},
    token_programs::TOKEN_2022,
};
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::{format_amount, format_units, parse_amount, parse_bps, sol, sol_from_wad},
    chain,
    context::Ctx,
    errors::would_refuse,
    fee_guard::{fee_guard, FeeGuard},
    output::Reported,
    slashing::pending::{pending_slashes, pending_text, PendingSlashView},
    tx::{self, Sent},
    wsol::fund_payment,
};

#[derive(clap::Args, Debug)]
pub struct Args {
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

/// The `Deposited` event among a transaction's events.
fn deposited(event: &ProgramEvent) -> Option<&lrt_client::events::Deposited> {
    match event {
        ProgramEvent::Vault(VaultEvent::Deposited(e)) => Some(e),
        _ => None,
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
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

    let (source, mut ixs) = fund_payment(
        ctx,
        &owner,
        &slot.mint,
        &info,
        amount,
        (&args.amount, "deposit"),
        args.no_wrap,
    )?;

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
    // Quote by simulation: exactly what the program would mint at this moment, for the
    // slippage bound. The result printed is what landed.
    let mut quote_ixs = ixs.clone();
    quote_ixs.push(deposit_ix(0));
    let events = tx::simulate_events(ctx, "deposit simulation", &quote_ixs, &signer, &[])?;
    let quote = tx::find_event(&events, "deposit simulation", "Deposited", deposited)?;
    let min_out = match &args.min_out {
        Some(text) => parse_amount(text, 9, "LRT")?,
        None => {
            let tolerance = restaking_math::fees::bps_floor(quote.shares_out, slippage)
                .map_err(|e| anyhow::anyhow!("slippage: {e:?}"))?;
            quote.shares_out - tolerance
        }
    };
    ixs.push(deposit_ix(min_out));
    let landed = tx::send_and_read(ctx, "deposit", &ixs, &signer, &[])?;
    let deposit = landed.event("deposit", "Deposited", deposited)?;

    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let result = DepositResult {
        vault: vault.to_string(),
        asset: info.symbol.clone(),
        amount: format_amount(deposit.amount, info.decimals),
        lrt_received: sol(deposit.shares_out),
        fee_lrt: sol(deposit.fee_shares),
        fee: fee.clone(),
        value_sol: sol_from_wad(deposit.value_wad),
        lrt_account: lrt_account.to_string(),
        pending_slashes: pending,
        sent: landed.sent,
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
