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
    program_events::{ProgramEvent, RegistryEvent, VaultEvent},
    registry, Instruction,
};
use serde::Serialize;
use slasher_registry::state::SlashRequest;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::plan::Planned;
use crate::{
    amount::{format_amount, percent, sol},
    chain::{self, short},
    context::Ctx,
    tx::{self, Sent},
    views::{
        escrow::{asset_amounts, AssetAmountView},
        execution::SlashExecutionView,
    },
};

/// One executed (request, vault), as its transaction's events tell it: the transaction,
/// the execution (the one view of a `SlashExecution`) and what the vault's escrow holds.
#[derive(Serialize)]
pub struct Executed {
    #[serde(flatten)]
    pub sent: Sent,
    #[serde(flatten)]
    pub recorded: SlashExecutionView,
    /// Tokens held in the vault's escrow until swept.
    pub escrow: Vec<AssetAmountView>,
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

/// Sends `refresh_prices` + `execute_slash` for one vault; what happened is read from the
/// landed transaction's `SlashExecuted` (registry) and `SlashApplied` (vault) events.
pub fn execute_one(
    ctx: &Ctx,
    signer: &Keypair,
    request_key: &Pubkey,
    request: &SlashRequest,
    vault: &Pubkey,
) -> Result<Executed> {
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
    let landed = tx::send_and_read(ctx, &what, &ixs, signer, &[])?;
    let executed = landed.event(&what, "SlashExecuted", |e| match e {
        ProgramEvent::Registry(RegistryEvent::SlashExecuted(e)) => Some(e),
        _ => None,
    })?;
    let escrow = landed.event(&what, "SlashApplied", |e| match e {
        ProgramEvent::Vault(VaultEvent::SlashApplied(e)) => Some(e.escrow),
        _ => None,
    })?;
    let symbols = state
        .assets()
        .iter()
        .map(|slot| chain::mint_info(ctx, &slot.mint).map(|info| info.symbol))
        .collect::<Result<Vec<_>>>()?;
    let lrt_symbol = chain::mint_info(ctx, &state.lrt_mint)?.symbol;
    Ok(Executed {
        recorded: SlashExecutionView::landed(executed, landed.slot, &lrt_symbol),
        escrow: asset_amounts(state.assets(), &symbols, &escrow),
        sent: landed.sent,
    })
}

/// The execution, what its escrow holds and from which slot it can be swept.
pub fn execution_line(e: &Executed) -> String {
    let escrow: Vec<String> = e
        .escrow
        .iter()
        .map(|a| format!("{} {}", a.amount, a.asset))
        .collect();
    format!(
        "{}; escrow {}, sweepable from slot {}",
        e.recorded,
        if escrow.is_empty() {
            "empty".to_string()
        } else {
            escrow.join(" + ")
        },
        e.recorded.resolve_after_slot
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
        let landed = tx::send_and_read(ctx, &what, &ixs, signer, &[])?;
        // What each sweep moved, from its `EscrowSwept` event; an asset without one was
        // already swept (or cancelled) when the transaction ran, and moved nothing.
        let swept = chunk
            .iter()
            .zip(swept)
            .filter_map(|(&k, asset)| {
                let amount = landed.events.iter().find_map(|e| match e {
                    ProgramEvent::Vault(VaultEvent::EscrowSwept(e)) if e.asset_index == k => {
                        Some(e.amount)
                    }
                    _ => None,
                })?;
                let decimals = state.assets[k as usize].decimals;
                Some(SweptAsset {
                    amount: format_amount(amount, decimals),
                    ..asset
                })
            })
            .collect();
        views.push(SweepView {
            sent: landed.sent,
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use slasher_registry::state::SlashExecution;

    use super::*;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    #[test]
    fn an_execution_result_is_the_transaction_the_execution_and_the_escrow() {
        let execution = SlashExecution {
            request: key(1),
            vault: key(2),
            avs: key(3),
            operator: key(4),
            capture_epoch: 5,
            stake_lamports: 2_000_000_000,
            requested_loss_lamports: 100_000_000,
            loss_lamports: 100_000_000,
            executor: key(6),
            executed_slot: 640,
            resolve_after_slot: 700,
            cancelled: false,
            bump: 0,
        };
        let result = Executed {
            sent: Sent {
                signature: "sig".into(),
                explorer: "https://explorer/sig".into(),
            },
            recorded: SlashExecutionView::new(&key(9), &execution, "dLRT"),
            escrow: vec![AssetAmountView {
                asset: "wSOL".into(),
                mint: key(7).to_string(),
                amount: "0.1".into(),
            }],
        };
        assert_eq!(
            serde_json::to_value(&result).unwrap(),
            json!({
                "signature": "sig",
                "explorer": "https://explorer/sig",
                "execution": key(9).to_string(),
                "request": key(1).to_string(),
                "vault": key(2).to_string(),
                "lrt_symbol": "dLRT",
                "stake_at_capture_sol": "2",
                "requested_loss_sol": "0.1",
                "loss_sol": "0.1",
                "executed_slot": 640,
                "resolve_after_slot": 700,
                "cancelled": false,
                "escrow": [{"asset": "wSOL", "mint": key(7).to_string(), "amount": "0.1"}],
            })
        );
        assert_eq!(
            execution_line(&result),
            format!(
                "vault {} (dLRT): took 0.1 SOL of 2 SOL staked at capture (requested 0.1 SOL); \
                 escrow 0.1 wSOL, sweepable from slot 700",
                key(2)
            )
        );
    }
}
