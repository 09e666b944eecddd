//! Sending what the plan allows: `execute_slash` against one vault (with a price refresh
//! in the same transaction, as the registry values the vault at this Solana epoch's
//! prices) and the sweeps of a resolved escrow. `lrt avs` and `lrt crank` both send through
//! here.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::Result;
use lrt_client::{
    instructions as build,
    lrt_vault::{
        constants::INCINERATOR,
        state::{SlashDestination, SlashEscrow, Vault},
    },
    pda,
    registry::{self, pda as reg_pda},
    Instruction,
};
use serde::Serialize;
use slasher_registry::state::{SlashExecution, SlashRequest};
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::plan::Planned;
use crate::{
    amount::{format_amount, percent, sol},
    chain::{self, short},
    context::Ctx,
    tx::{self, Sent},
};

/// One executed (request, vault).
#[derive(Serialize)]
pub struct ExecutionView {
    #[serde(flatten)]
    pub sent: Sent,
    pub request: String,
    pub vault: String,
    pub execution: String,
    /// The operator's stake in the vault at the capture epoch, before any slash of it.
    pub stake_at_capture_sol: String,
    /// min(fraction, AVS max) of that stake, before the caps.
    pub requested_loss_sol: String,
    /// What was taken, after the caps.
    pub loss_sol: String,
    /// Tokens held in the vault's escrow until swept.
    pub escrow: Vec<AssetAmountView>,
    /// First slot at which the escrow may be swept (the registry admin may cancel before).
    pub resolve_after_slot: u64,
}

#[derive(Serialize)]
pub struct AssetAmountView {
    pub asset: String,
    pub mint: String,
    pub amount: String,
}

/// A (request, vault) that was not executed, and why.
#[derive(Serialize)]
pub struct NotDone {
    pub request: String,
    pub vault: Option<String>,
    pub reason: String,
}

impl NotDone {
    pub fn at(request: &Pubkey, vault: &Pubkey, reason: impl ToString) -> Self {
        Self {
            request: request.to_string(),
            vault: Some(vault.to_string()),
            reason: reason.to_string(),
        }
    }

    pub fn vault_text(&self) -> &str {
        self.vault.as_deref().unwrap_or("-")
    }
}

/// "executing R against vault V (expected loss ...)", before each execution is sent.
pub fn expected_loss_note(request: &Pubkey, vault: &Pubkey, planned: &Planned) -> String {
    format!(
        "executing {request} against vault {vault} (expected loss {} SOL of a {} SOL stake: {} \
         allocated at capture x the vault's slashable value now)",
        sol(planned.loss),
        sol(planned.stake_at_capture),
        percent(u128::from(planned.allocation_wad))
    )
}

/// Sends `refresh_prices` + `execute_slash` for one vault and reads back what happened.
pub fn execute_one(
    ctx: &Ctx,
    signer: &Keypair,
    request_key: &Pubkey,
    request: &SlashRequest,
    vault: &Pubkey,
) -> Result<ExecutionView> {
    let state: Vault = chain::fetch_anchor(ctx, vault, &lrt_vault::ID, "vault")?;
    let ixs = [
        build::refresh_prices(&state),
        registry::execute_slash(signer.pubkey(), request, *vault),
    ];
    let what = format!(
        "slash execution of {} in vault {}",
        short(request_key),
        short(vault)
    );
    let sent = tx::send(ctx, &what, &ixs, signer, &[])?;
    let execution_key = reg_pda::slash_execution(request_key, vault);
    let execution: SlashExecution = chain::fetch_anchor(
        ctx,
        &execution_key,
        &slasher_registry::ID,
        "slash execution",
    )?;
    let escrow: SlashEscrow = chain::fetch_anchor(
        ctx,
        &pda::escrow(vault, request_key),
        &lrt_vault::ID,
        "slash escrow",
    )?;
    let mut amounts = Vec::new();
    for (slot, amount) in state.assets().iter().zip(escrow.amounts) {
        if amount == 0 {
            continue;
        }
        let info = chain::mint_info(ctx, &slot.mint)?;
        amounts.push(AssetAmountView {
            asset: info.symbol,
            mint: slot.mint.to_string(),
            amount: format_amount(amount, slot.decimals),
        });
    }
    Ok(ExecutionView {
        sent,
        request: request_key.to_string(),
        vault: vault.to_string(),
        execution: execution_key.to_string(),
        stake_at_capture_sol: sol(execution.stake_lamports),
        requested_loss_sol: sol(execution.requested_loss_lamports),
        loss_sol: sol(execution.loss_lamports),
        escrow: amounts,
        resolve_after_slot: execution.resolve_after_slot,
    })
}

pub fn execution_line(e: &ExecutionView) -> String {
    let escrow: Vec<String> = e
        .escrow
        .iter()
        .map(|a| format!("{} {}", a.amount, a.asset))
        .collect();
    format!(
        "vault {}: took {} SOL of {} SOL staked at capture (requested {} SOL); escrow {}, \
         sweepable from slot {}",
        e.vault,
        e.loss_sol,
        e.stake_at_capture_sol,
        e.requested_loss_sol,
        if escrow.is_empty() {
            "empty".to_string()
        } else {
            escrow.join(" + ")
        },
        e.resolve_after_slot
    )
}

/// Assets per sweep transaction (each needs the reserve, mint and payee's token account).
const SWEEP_ASSETS_PER_TX: usize = 4;

/// One sweep transaction of one escrow.
#[derive(Serialize)]
pub struct SweepView {
    #[serde(flatten)]
    pub sent: Sent,
    pub escrow: String,
    pub vault: String,
    pub request: String,
    pub assets: Vec<SweptAsset>,
}

#[derive(Serialize)]
pub struct SweptAsset {
    pub asset: String,
    pub mint: String,
    pub amount: String,
    /// "burnt", "incinerator" (wSOL of a burning AVS, locked forever) or "recipient".
    pub outcome: String,
    /// Owner of the token account paid (the AVS's recipient, or the incinerator).
    pub payee: Option<String>,
    /// The token account paid, if any.
    pub token_account: Option<String>,
}

pub fn sweep_line(v: &SweepView) -> String {
    let parts: Vec<String> = v
        .assets
        .iter()
        .map(|a| match a.outcome.as_str() {
            "burnt" => format!("{} {} burnt", a.amount, a.asset),
            "incinerator" => format!(
                "{} {} locked at the incinerator ({})",
                a.amount,
                a.asset,
                a.token_account.as_deref().unwrap_or("-")
            ),
            _ => format!(
                "{} {} paid to {} (account {})",
                a.amount,
                a.asset,
                a.payee.as_deref().unwrap_or("-"),
                a.token_account.as_deref().unwrap_or("-")
            ),
        })
        .collect();
    format!(
        "vault {} (request {}): {}",
        v.vault,
        v.request,
        parts.join(", ")
    )
}

/// Sweeps `assets` of one escrow (creating the payee's associated token accounts first,
/// idempotently), a few assets per transaction.
pub fn sweep_escrow_assets(
    ctx: &Ctx,
    signer: &Keypair,
    escrow: &SlashEscrow,
    state: &Vault,
    assets: &[u8],
) -> Result<Vec<SweepView>> {
    let escrow_key = pda::escrow(&escrow.vault, &escrow.request);
    let mut views = Vec::new();
    for chunk in assets.chunks(SWEEP_ASSETS_PER_TX) {
        let mut ixs: Vec<Instruction> = Vec::new();
        let mut swept = Vec::new();
        for &k in chunk {
            let slot = &state.assets[k as usize];
            let info = chain::mint_info(ctx, &slot.mint)?;
            let payee = escrow.destination.payee(&slot.mint);
            let token_account = payee.map(|owner| {
                ixs.push(create_associated_token_account_idempotent(
                    &signer.pubkey(),
                    &owner,
                    &slot.mint,
                    &slot.token_program,
                ));
                pda::associated_token_account(&owner, &slot.mint, &slot.token_program)
            });
            ixs.push(build::sweep_escrow(state, escrow, k));
            let outcome = match payee {
                None => "burnt",
                Some(owner)
                    if owner == INCINERATOR && escrow.destination == SlashDestination::Burn =>
                {
                    "incinerator"
                }
                Some(_) => "recipient",
            };
            swept.push(SweptAsset {
                asset: info.symbol,
                mint: slot.mint.to_string(),
                amount: format_amount(escrow.amounts[k as usize], slot.decimals),
                outcome: outcome.into(),
                payee: payee.map(|p| p.to_string()),
                token_account: token_account.map(|a| a.to_string()),
            });
        }
        let what = format!(
            "sweep of the escrow of {} in vault {}",
            short(&escrow.request),
            short(&escrow.vault)
        );
        let sent = tx::send(ctx, &what, &ixs, signer, &[])?;
        views.push(SweepView {
            sent,
            escrow: escrow_key.to_string(),
            vault: escrow.vault.to_string(),
            request: escrow.request.to_string(),
            assets: swept,
        });
    }
    Ok(views)
}

/// One line per item, "  {label} vault V: reason", for a command's summary.
pub fn push_vault_lines(t: &mut String, label: &str, items: &[NotDone]) {
    for n in items {
        t.push_str(&format!(
            "  {label} vault {}: {}\n",
            n.vault_text(),
            n.reason
        ));
    }
}

/// Every item's vault and reason, one indented line each, for an error listing them.
pub fn reasons(items: &[NotDone]) -> String {
    items
        .iter()
        .map(|n| format!("\n  vault {}: {}", n.vault_text(), n.reason))
        .collect()
}
