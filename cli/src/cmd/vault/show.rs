//! `lrt vault show VAULT`: one vault in full: assets and prices, fees, roles, delegations,
//! insurance and bonds, pending slashes and escrows (anyone).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::listing;
use serde::Serialize;

use crate::{
    amount::sol,
    chain::{self, short},
    context::Ctx,
    output::yes_no,
    slashing::{
        escrow::{escrow_state, EscrowState},
        pending::{pending_slashes, pending_text, PendingSlashView},
    },
    stake::{
        allocations_view, delegation_text, delegation_view, AllocationsView, DelegationView,
        VaultValue,
    },
    views::{
        bond::BondView,
        escrow::EscrowView,
        fees::FeesView,
        vault::{summary, VaultSummary},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Vault address or LRT mint
    pub vault: String,
}

#[derive(Serialize)]
struct VaultDetail {
    #[serde(flatten)]
    summary: VaultSummary,
    /// Proposed curator waiting to accept (null if none).
    pending_curator: Option<String>,
    fee_admin: String,
    pending_fee_admin: Option<String>,
    fees: FeesView,
    /// Fees owed to the treasury (shares in the vault's ledger, counted in the share
    /// supply), in LRT: the treasury claims them with `lrt treasury claim`.
    treasury_shares: String,
    /// Active pool plus the withdrawal bucket of next epoch, in SOL: what allocations are
    /// fractions of now.
    slashable_value_sol: String,
    /// The sums of every operator's allocation.
    allocated: AllocationsView,
    delegations: Vec<DelegationView>,
    insurance_shares: String,
    bonded_shares: String,
    bonds: Vec<BondView>,
    pending_slashes: Vec<PendingSlashView>,
    /// Escrows with tokens still to sweep (not cancelled, not swept).
    escrows: Vec<EscrowView>,
    current_epoch: u64,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let text = args.vault.as_str();
    let (key, state) = chain::vault(ctx, text)?;
    let (epoch, config) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let (summary, infos) = summary(ctx, key, state.clone(), slot)?;
    let symbols: Vec<String> = infos.into_iter().map(|info| info.symbol).collect();
    let program = lrt_vault::ID;
    let delegations = chain::list_anchor(ctx, &program, vec![listing::delegations_of_vault(&key)])?;
    let bonds = chain::list_anchor(ctx, &program, vec![listing::bonds_of_vault(&key)])?;
    let escrows = chain::list_anchor(ctx, &program, vec![listing::escrows_of_vault(&key)])?;

    // Requests that can still take something from this vault.
    let pending = pending_slashes(ctx, &key, &state, slot, epoch, config.epoch_length)?;
    let value = VaultValue::read(ctx, key, state.clone(), epoch, slot)?;
    let delegation_views = delegations
        .iter()
        .map(|(_, d)| delegation_view(d, &value, epoch, &summary.symbol))
        .collect::<Result<Vec<_>>>()?;

    let detail = VaultDetail {
        pending_curator: state.pending_curator.map(|k| k.to_string()),
        fee_admin: state.fee_admin.to_string(),
        pending_fee_admin: state.pending_fee_admin.map(|k| k.to_string()),
        fees: FeesView::new(&state, epoch),
        treasury_shares: sol(state.treasury_shares),
        slashable_value_sol: value.slashable_value_sol(),
        allocated: allocations_view(&state.allocations, epoch),
        delegations: delegation_views,
        insurance_shares: sol(state.insurance_shares),
        bonded_shares: sol(state.bonded_shares),
        bonds: bonds
            .iter()
            .map(|(_, b)| BondView::new(b, &summary.symbol, epoch))
            .collect(),
        pending_slashes: pending,
        escrows: escrows
            .iter()
            .filter(|(_, e)| {
                !matches!(
                    escrow_state(e, state.asset_count, slot),
                    EscrowState::Cancelled | EscrowState::Done
                )
            })
            .map(|(address, e)| EscrowView::new(address, e, state.assets(), &symbols))
            .collect(),
        current_epoch: epoch,
        summary,
    };
    ctx.out.print(&detail, render_detail);
    Ok(())
}

fn render_detail(d: &VaultDetail) -> String {
    let s = &d.summary;
    let mut t = String::new();
    t.push_str(&format!(
        "Vault {}  ({}{})\n",
        s.address,
        s.symbol,
        s.name
            .as_ref()
            .map(|n| format!(", {n}"))
            .unwrap_or_default()
    ));
    t.push_str(&format!("  LRT mint        {}\n", s.lrt_mint));
    t.push_str(&format!("  curator         {}\n", s.curator));
    if let Some(pending) = &d.pending_curator {
        t.push_str(&format!(
            "  proposed        curator {pending} (until it accepts)\n"
        ));
    }
    t.push_str(&format!("  fee admin       {}\n", d.fee_admin));
    if let Some(pending) = &d.pending_fee_admin {
        t.push_str(&format!(
            "  proposed        fee admin {pending} (until it accepts)\n"
        ));
    }
    t.push_str(&format!("  epoch           {}\n", d.current_epoch));
    t.push_str(&format!("  total value     {} SOL\n", s.total_value_sol));
    t.push_str(&format!(
        "  share supply    {} {}\n",
        s.share_supply, s.symbol
    ));
    t.push_str(&format!(
        "  share price     {} SOL per {}\n",
        s.share_price_sol, s.symbol
    ));
    t.push_str(&format!(
        "  paused          deposits: {}, withdrawals: {}\n",
        yes_no(s.deposits_paused),
        yes_no(s.withdrawals_paused)
    ));
    if s.wiped_out {
        t.push_str(
            "  WIPED OUT       a slash took the whole pool: no more deposits (withdrawals and \
             claims still work)\n",
        );
    }
    if let Some(until) = s.deposits_reopen_at_slot {
        t.push_str(&format!(
            "  slash window    a slash can still be cancelled: deposits reopen at slot {until}\n"
        ));
    }
    t.push_str(&format!("  fees            {}\n", d.fees));
    t.push_str(&format!(
        "  treasury        {} {} owed (its ledger; `lrt treasury claim`)\n",
        d.treasury_shares, s.symbol
    ));
    t.push_str("\nAssets\n");
    t.push_str(&format!(
        "  {:<3} {:<8} {:>14} {:>14} {:>12} {:>12} {:>12}  {}\n",
        "#", "symbol", "price (SOL)", "active", "queued", "escrowed", "cap", "pricing"
    ));
    for a in &s.assets {
        t.push_str(&format!(
            "  {:<3} {:<8} {:>14} {:>14} {:>12} {:>12} {:>12}  {}\n",
            a.index,
            a.symbol,
            a.price_sol,
            a.active,
            a.queued,
            a.escrowed,
            a.deposit_cap,
            short_pricing(&a.pricing)
        ));
    }
    for a in s.assets.iter().filter(|a| !a.rewards.is_empty()) {
        t.push_str(&format!("  {} rewards: {}\n", a.symbol, a.rewards));
    }
    t.push_str(&format!(
        "\nAllocations (of a slashable value of {} SOL: {} now, {} next epoch, {} after)\n",
        d.slashable_value_sol, d.allocated.current, d.allocated.next, d.allocated.later
    ));
    if d.delegations.is_empty() {
        t.push_str("  none\n");
    }
    for g in &d.delegations {
        t.push_str(&format!("  {}  {}\n", g.operator, delegation_text(g)));
    }
    t.push_str(&format!(
        "\nInsurance fund  {} {}\nBonds           {} {} in all\n",
        d.insurance_shares, s.symbol, d.bonded_shares, s.symbol
    ));
    // whitelisting opens an empty bond for every operator: list only the real ones
    for b in d.bonds.iter().filter(|b| !b.is_empty()) {
        t.push_str(&format!("  operator {}  {b}\n", b.operator));
    }
    t.push_str("\nPending slashes (deposits made now share in them if they execute)\n");
    if d.pending_slashes.is_empty() {
        t.push_str("  none\n");
    }
    for p in &d.pending_slashes {
        t.push_str(&format!("  {}\n", pending_text(p)));
    }
    if !d.escrows.is_empty() {
        t.push_str("\nSlashed, waiting to be swept\n");
        for e in &d.escrows {
            t.push_str(&format!(
                "  {}  loss {} SOL: {} (after slot {})\n",
                e.address,
                e.loss_sol,
                e.amounts_text(),
                e.resolve_after_slot
            ));
        }
    }
    t
}

fn short_pricing(pricing: &str) -> String {
    match pricing.split_once(':') {
        Some((kind, key)) => match key.parse::<Pubkey>() {
            Ok(key) => format!("{kind} {}", short(&key)),
            Err(_) => pricing.to_string(),
        },
        None => pricing.to_string(),
    }
}
