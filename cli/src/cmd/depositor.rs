//! Depositors: `lrt deposit`, `lrt withdraw request|list|claim`, `lrt balance`.
//!
//! Everything that can be checked before sending is checked here first (amount syntax,
//! balances, pauses, caps, ticket maturity), so a mistake costs no fee and says what to fix.
use anchor_lang::prelude::Pubkey;
use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token::spl_token,
};
use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use lrt_client::{
    decode,
    events::{Deposited, WithdrawalRequested},
    instructions as build,
    lrt_vault::{
        constants::WSOL_MINT,
        instructions::{DepositArgs as DepositIxArgs, RequestWithdrawalArgs},
        state::{Vault, WithdrawalBucket, WithdrawalTicket},
    },
    pda,
    token_programs::TOKEN_2022,
    Instruction,
};
use restaking_math::bucket::scaled_amount_floor;
use serde::Serialize;
use solana_signer::Signer;

use crate::{
    amount::{format_amount, parse_amount, parse_bps, sol},
    chain::{self, parse_pubkey},
    context::Ctx,
    tx::{self, Sent},
};

/// Lamports kept back when wrapping SOL, for fees and the accounts a deposit may create.
const FEE_HEADROOM: u64 = 10_000_000;

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
}

#[derive(Subcommand, Debug)]
pub enum WithdrawCmd {
    /// Burn LRT for a ticket on next epoch's bucket (claimable one epoch later)
    Request {
        /// Vault address or LRT mint
        vault: String,
        /// LRT to give up, fee included, or "all"
        amount: String,
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
    value_sol: String,
    lrt_account: String,
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
    if config.paused {
        bail!("the protocol is paused: deposits are refused until the admin unpauses it");
    }
    if state.deposits_paused {
        bail!("deposits into this vault are paused by its curator");
    }
    let room = slot.deposit_cap.saturating_sub(slot.active_amount);
    if amount > room {
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
            config.treasury,
            owner,
            source,
            lrt_account,
            DepositIxArgs {
                asset_index: index,
                amount,
                min_shares_out,
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
        value_sol: crate::amount::sol_from_wad(quote.value_wad),
        lrt_account: lrt_account.to_string(),
    };
    ctx.out.print(&result, |r| {
        format!(
            "deposited {} {} (worth {} SOL) into {}\nreceived  {} {} (fee {} {}) in {}",
            r.amount,
            r.asset,
            r.value_sol,
            r.vault,
            r.lrt_received,
            lrt.symbol,
            r.fee_lrt,
            lrt.symbol,
            r.lrt_account
        )
    });
    Ok(())
}

/// For a wSOL deposit: instructions that wrap the SOL missing from the wSOL account
/// (create it, transfer, sync), after checking the wallet has that SOL plus fee headroom.
pub fn wrap_sol_if_needed(
    ctx: &Ctx,
    owner: &Pubkey,
    mint: &Pubkey,
    wsol_account: Pubkey,
    amount: u64,
) -> Result<Vec<Instruction>> {
    if *mint != WSOL_MINT {
        return Ok(vec![]);
    }
    let wrapped = chain::token_balance(ctx, &wsol_account)?;
    if wrapped >= amount {
        return Ok(vec![]);
    }
    let missing = amount - wrapped;
    let lamports = ctx
        .rpc
        .get_balance_with_commitment(owner, ctx.commitment)?
        .value;
    if lamports < missing.saturating_add(FEE_HEADROOM) {
        bail!(
            "insufficient balance: {owner} holds {} wSOL and {} SOL; wrapping {} SOL more needs \
             about {} SOL with fees",
            sol(wrapped),
            sol(lamports),
            sol(missing),
            sol(missing.saturating_add(FEE_HEADROOM))
        );
    }
    Ok(vec![
        create_associated_token_account_idempotent(owner, owner, mint, &spl_token::ID),
        anchor_lang::solana_program::system_instruction::transfer(owner, &wsol_account, missing),
        spl_token::instruction::sync_native(&spl_token::ID, &wsol_account)?,
    ])
}

#[derive(Serialize)]
struct TicketView {
    address: String,
    vault: String,
    id: u64,
    bucket_epoch: u64,
    /// First restaking epoch in which the ticket can be claimed.
    claimable_from_epoch: u64,
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

fn ticket_view(
    ctx: &Ctx,
    key: Pubkey,
    ticket: &WithdrawalTicket,
    vault: &Vault,
    bucket: Option<&WithdrawalBucket>,
    epoch: u64,
) -> Result<TicketView> {
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
        claimable_now: epoch > ticket.bucket_epoch,
        lrt_burned: sol(ticket.shares_burned),
        payout,
    })
}

fn tickets_of(
    ctx: &Ctx,
    owner: &Pubkey,
    vault: Option<&Pubkey>,
) -> Result<Vec<(Pubkey, WithdrawalTicket)>> {
    let mut filters = vec![(8 + 32, owner.to_bytes().to_vec())];
    if let Some(vault) = vault {
        filters.push((8, vault.to_bytes().to_vec()));
    }
    let mut tickets = chain::list_anchor::<WithdrawalTicket>(ctx, &lrt_vault::ID, filters)?;
    tickets.sort_by_key(|(_, t)| (t.vault.to_string(), t.id));
    Ok(tickets)
}

pub fn withdraw(ctx: &Ctx, cmd: WithdrawCmd) -> Result<()> {
    match cmd {
        WithdrawCmd::Request { vault, amount } => request(ctx, &vault, &amount),
        WithdrawCmd::List { vault, owner } => list(ctx, vault.as_deref(), owner.as_deref()),
        WithdrawCmd::Claim { vault, ticket } => claim(ctx, &vault, ticket),
    }
}

fn request(ctx: &Ctx, vault_text: &str, amount: &str) -> Result<()> {
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
    if config.paused || state.withdrawals_paused {
        bail!("withdrawals are paused (protocol or vault); `lrt vault show` tells which");
    }
    let next_id = tickets_of(ctx, &owner, Some(&vault))?
        .iter()
        .map(|(_, t)| t.id + 1)
        .max()
        .unwrap_or(0);
    let ix = build::request_withdrawal(
        &state,
        config.treasury,
        owner,
        epoch,
        RequestWithdrawalArgs {
            shares,
            ticket_id: next_id,
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
        ticket: TicketView,
    }
    let result = Requested {
        sent,
        fee_lrt: quote.map(|q| sol(q.fee_shares)),
        ticket: ticket_view(ctx, ticket_key, &ticket, &state, bucket.as_ref(), epoch)?,
    };
    ctx.out.print(&result, |r| {
        format!(
            "ticket {} (id {}): {} {} burnt, pays {} from epoch {} (now {epoch})\nclaim it then \
             with: lrt withdraw claim {vault} --ticket {}",
            r.ticket.address,
            r.ticket.id,
            r.ticket.lrt_burned,
            lrt.symbol,
            payout_text(&r.ticket.payout),
            r.ticket.claimable_from_epoch,
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
        )?);
    }
    ctx.out.print(&views, |views| {
        if views.is_empty() {
            return format!("no withdrawal tickets for {owner}");
        }
        let mut t = format!("tickets of {owner} (epoch {epoch})\n");
        for v in views {
            let when = if v.claimable_now {
                "claimable now".to_string()
            } else {
                format!("claimable from epoch {}", v.claimable_from_epoch)
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
    let tickets = tickets_of(ctx, &owner, Some(&vault))?;
    let chosen: Vec<(Pubkey, WithdrawalTicket)> = match ticket_id {
        Some(id) => {
            let found = tickets
                .into_iter()
                .find(|(_, t)| t.id == id)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                    "{owner} has no ticket {id} in vault {vault}; `lrt withdraw list` shows the \
                     tickets"
                )
                })?;
            if epoch <= found.1.bucket_epoch {
                bail!(
                    "ticket {id} is not claimable yet: it matures at epoch {} (now {epoch})",
                    found.1.bucket_epoch + 1
                );
            }
            vec![found]
        }
        None => {
            let matured: Vec<_> = tickets
                .into_iter()
                .filter(|(_, t)| epoch > t.bucket_epoch)
                .collect();
            if matured.is_empty() {
                bail!("{owner} has no matured ticket in vault {vault} (epoch {epoch}); `lrt withdraw list` shows when each matures");
            }
            matured
        }
    };
    #[derive(Serialize)]
    struct Claimed {
        #[serde(flatten)]
        sent: Sent,
        ticket: TicketView,
    }
    let mut results = Vec::new();
    for (key, ticket) in chosen {
        let bucket: WithdrawalBucket = chain::fetch_anchor(
            ctx,
            &pda::bucket(&vault, ticket.bucket_epoch),
            &lrt_vault::ID,
            "withdrawal bucket",
        )?;
        let view = ticket_view(ctx, key, &ticket, &state, Some(&bucket), epoch)?;
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
    for (key, mut state) in chain::list_anchor::<Vault>(ctx, &lrt_vault::ID, vec![])? {
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
        let _ = state.accrue_vesting(slot);
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
