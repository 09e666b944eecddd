//! `lrt operator show [OPERATOR]`: an operator in full: settings, AVS opt-ins, the stake
//! each vault puts behind it now, bonds and slash history (anyone).

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{listing, lrt_vault::state::Vault};
use serde::Serialize;
use slasher_registry::state::Avs;

use crate::{
    amount::{format_amount, lamports_text, percent, sol},
    chain::{self, short},
    context::Ctx,
    operator_stake::{delegations_of, render_stakes, StakeTotals, Vaults},
    opt_in::{window_view, WindowView},
    output::{hex, yes_no},
    registry_accounts::operator_or_signers,
    slashing::status::{request_status, RequestStatus},
    stake::DelegationView,
    views::{
        commission::CommissionView,
        operator::{key_text, metadata_text},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Operator account or its authority [default: the signer's operator]
    pub operator: Option<String>,
}

#[derive(Serialize)]
struct AvsOptInView {
    avs: String,
    avs_id: Option<String>,
    avs_active: Option<bool>,
    avs_metadata_uri: Option<String>,
    operator_avs: String,
    #[serde(flatten)]
    window: WindowView,
}

#[derive(Serialize)]
struct BondView {
    vault: String,
    lrt_symbol: String,
    bonded: String,
    unbonding: String,
    unbond_epoch: Option<u64>,
    /// First epoch `lrt operator complete-unbond` is accepted (null if nothing unbonding).
    unbond_completes_from_epoch: Option<u64>,
    completable_now: bool,
}

#[derive(Serialize)]
struct SlashView {
    request: String,
    avs: String,
    index: u64,
    /// Fraction of the stake at capture the AVS asked for.
    fraction: String,
    evidence_hash: String,
    capture_epoch: u64,
    requested_slot: u64,
    veto_deadline_slot: u64,
    /// Its last execution epoch.
    executable_until_epoch: u64,
    vetoed: bool,
    /// vetoed, veto_window, executable or closed.
    status: &'static str,
    slashed_total_sol: String,
    executions: Vec<ExecutionView>,
}

#[derive(Serialize)]
struct ExecutionView {
    vault: String,
    lrt_symbol: String,
    stake_at_capture_sol: String,
    requested_loss_sol: String,
    /// After the caps: what the vault took.
    loss_sol: String,
    executed_slot: u64,
    resolve_after_slot: u64,
    cancelled: bool,
}

/// The history's name for where a request stands: once its execution window is over it
/// is "closed", executed or not (the executions are listed with it).
fn slash_status(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Vetoed => "vetoed",
        RequestStatus::VetoWindow => "veto_window",
        RequestStatus::Executable => "executable",
        RequestStatus::Executed | RequestStatus::Expired => "closed",
    }
}

fn status_text(s: &SlashView) -> String {
    let executed = match s.executions.len() {
        0 => "not executed".to_string(),
        1 => "executed in 1 vault".to_string(),
        n => format!("executed in {n} vaults"),
    };
    match s.status {
        "veto_window" => format!("in its veto window (until slot {})", s.veto_deadline_slot),
        "executable" => format!(
            "{executed}; executable until the end of epoch {}",
            s.executable_until_epoch
        ),
        "closed" => format!("{executed}; execution window closed"),
        "vetoed" => "vetoed".to_string(),
        other => other.to_string(),
    }
}

#[derive(Serialize)]
struct OperatorDetail {
    address: String,
    authority: String,
    #[serde(flatten)]
    commission: CommissionView,
    signing_key: String,
    previous_signing_key: Option<String>,
    previous_key_valid_through: Option<u64>,
    metadata_uri: String,
    registered_slot: u64,
    current_epoch: u64,
    avss: Vec<AvsOptInView>,
    total: StakeTotals,
    delegations: Vec<DelegationView>,
    bonds: Vec<BondView>,
    slashes: Vec<SlashView>,
    slashed_total_sol: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let text = args.operator.as_deref();
    let (key, operator) = operator_or_signers(ctx, text)?;
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut vaults = Vaults::new(ctx, slot, epoch);

    let opt_ins = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::operator_avs_of_operator(&key)],
    )?;
    let mut avss = Vec::new();
    for (address, opt_in) in opt_ins {
        let avs = chain::fetch_opt::<Avs>(
            ctx,
            &opt_in.avs,
            &slasher_registry::ID,
            "registry AVS account",
        )?;
        avss.push(AvsOptInView {
            avs: opt_in.avs.to_string(),
            avs_id: avs.as_ref().map(|a| a.id.to_string()),
            avs_active: avs.as_ref().map(|a| a.active),
            avs_metadata_uri: avs.map(|a| a.metadata_uri),
            operator_avs: address.to_string(),
            window: window_view(&opt_in.window, epoch),
        });
    }

    let delegations = delegations_of(ctx, &key)?;
    let (delegation_views, now) = vaults.views(&delegations)?;

    let bonds = chain::list_anchor(ctx, &lrt_vault::ID, vec![listing::bonds_of_operator(&key)])?;
    let mut bond_views = Vec::new();
    for (_, b) in bonds {
        let lrt = chain::fetch_opt::<Vault>(ctx, &b.vault, &lrt_vault::ID, "vault")?
            .and_then(|v| chain::mint_info(ctx, &v.lrt_mint).ok());
        let decimals = lrt.as_ref().map_or(9, |m| m.decimals);
        let unbonding = b.unbonding_shares > 0;
        bond_views.push(BondView {
            vault: b.vault.to_string(),
            lrt_symbol: lrt.map_or_else(|| short(&b.vault), |m| m.symbol),
            bonded: format_amount(b.shares, decimals),
            unbonding: format_amount(b.unbonding_shares, decimals),
            unbond_epoch: unbonding.then_some(b.unbond_epoch),
            unbond_completes_from_epoch: unbonding.then(|| b.unbond_completes_from()),
            completable_now: b.check_unbond_complete(epoch).is_ok(),
        });
    }

    let requests = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::requests_of_operator(&key)],
    )?;
    let executions = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::executions_of_operator(&key)],
    )?;
    let mut slashes = Vec::new();
    let mut slashed_total: u128 = 0;
    for (request_key, request) in requests {
        let mut views = Vec::new();
        let mut total: u128 = 0;
        for (_, e) in executions.iter().filter(|(_, e)| e.request == request_key) {
            if !e.cancelled {
                total += u128::from(e.loss_lamports);
            }
            views.push(ExecutionView {
                vault: e.vault.to_string(),
                lrt_symbol: vaults.symbol(&e.vault)?,
                stake_at_capture_sol: sol(e.stake_lamports),
                requested_loss_sol: sol(e.requested_loss_lamports),
                loss_sol: sol(e.loss_lamports),
                executed_slot: e.executed_slot,
                resolve_after_slot: e.resolve_after_slot,
                cancelled: e.cancelled,
            });
        }
        slashed_total += total;
        slashes.push(SlashView {
            request: request_key.to_string(),
            avs: request.avs.to_string(),
            index: request.index,
            fraction: percent(request.wad),
            evidence_hash: hex(&request.evidence_hash),
            capture_epoch: request.capture_epoch,
            requested_slot: request.requested_slot,
            veto_deadline_slot: request.veto_deadline_slot,
            executable_until_epoch: request.last_execution_epoch(),
            vetoed: request.vetoed,
            status: slash_status(request_status(&request, slot, epoch)),
            slashed_total_sol: lamports_text(total),
            executions: views,
        });
    }
    slashes.sort_by_key(|s| (s.requested_slot, s.request.clone()));

    let valid_through = operator.previous_key_valid_through();
    let detail = OperatorDetail {
        address: key.to_string(),
        authority: operator.authority.to_string(),
        commission: CommissionView::new(&operator, epoch),
        signing_key: key_text(&operator.signing_key),
        previous_signing_key: valid_through.map(|_| key_text(&operator.previous_signing_key)),
        previous_key_valid_through: valid_through,
        metadata_uri: operator.metadata_uri.clone(),
        registered_slot: operator.registered_slot,
        current_epoch: epoch,
        avss,
        total: StakeTotals {
            stake_current_sol: lamports_text(now),
        },
        delegations: delegation_views,
        bonds: bond_views,
        slashes,
        slashed_total_sol: lamports_text(slashed_total),
    };
    ctx.out.print(&detail, render_detail);
    Ok(())
}

fn render_detail(d: &OperatorDetail) -> String {
    let mut t = format!("Operator {}\n", d.address);
    t.push_str(&format!("  authority       {}\n", d.authority));
    t.push_str(&format!("  commission      {}\n", d.commission));
    t.push_str(&format!("  signing key     {}\n", d.signing_key));
    if let (Some(key), Some(through)) = (&d.previous_signing_key, d.previous_key_valid_through) {
        let state = if d.current_epoch <= through {
            "still valid"
        } else {
            "expired"
        };
        t.push_str(&format!(
            "  previous key    {key} (for reports through epoch {through}: {state})\n"
        ));
    }
    t.push_str(&format!(
        "  metadata        {}\n",
        metadata_text(&d.metadata_uri)
    ));
    t.push_str(&format!("  registered      slot {}\n", d.registered_slot));
    t.push_str(&format!("  epoch           {}\n", d.current_epoch));

    t.push_str("\nAVSs\n");
    if d.avss.is_empty() {
        t.push_str("  none (opt in with `lrt operator opt-in <AVS>`)\n");
    }
    for a in &d.avss {
        t.push_str(&format!("  {}  {}\n", a.avs, avs_window_text(a)));
    }

    t.push_str(&format!(
        "\nAllocations per vault (stake now {} SOL)\n",
        d.total.stake_current_sol
    ));
    t.push_str(&render_stakes(&d.delegations));

    t.push_str("\nBonds\n");
    let bonds: Vec<&BondView> = d
        .bonds
        .iter()
        .filter(|b| b.bonded != "0" || b.unbonding != "0")
        .collect();
    if bonds.is_empty() {
        t.push_str("  none\n");
    }
    for b in bonds {
        let unbonding = match b.unbond_completes_from_epoch {
            Some(_) if b.completable_now => {
                format!(", {} unbonding (complete it now)", b.unbonding)
            }
            Some(from) => format!(", {} unbonding (back from epoch {from})", b.unbonding),
            None => String::new(),
        };
        t.push_str(&format!(
            "  {} ({})  {} {} bonded{unbonding}\n",
            b.vault, b.lrt_symbol, b.bonded, b.lrt_symbol
        ));
    }

    t.push_str(&format!(
        "\nSlash history ({} SOL slashed)\n",
        d.slashed_total_sol
    ));
    if d.slashes.is_empty() {
        t.push_str("  none\n");
    }
    for s in &d.slashes {
        t.push_str(&format!(
            "  request {}  AVS {}  {} of stake at epoch {}: {}\n",
            s.request,
            short_text(&s.avs),
            s.fraction,
            s.capture_epoch,
            status_text(s)
        ));
        for e in &s.executions {
            t.push_str(&format!(
                "    vault {} ({}): {} SOL of {} SOL stake{}\n",
                e.vault,
                e.lrt_symbol,
                e.loss_sol,
                e.stake_at_capture_sol,
                if e.cancelled { " (cancelled)" } else { "" }
            ));
        }
    }
    t
}

fn avs_window_text(a: &AvsOptInView) -> String {
    let w = &a.window;
    let mut text = if w.opted_in {
        format!(
            "opted in at epoch {} (counts from {})",
            w.activation_epoch, w.counts_from_epoch
        )
    } else {
        format!(
            "opted out at epoch {} (slashable through {}; opt in again from {})",
            w.deactivation_epoch.unwrap_or_default(),
            w.slashable_through_epoch.unwrap_or_default(),
            w.opt_in_again_from_epoch.unwrap_or_default()
        )
    };
    text.push_str(&format!(", slashable now: {}", yes_no(w.active_now)));
    if a.avs_active == Some(false) {
        text.push_str(", AVS inactive");
    }
    text
}

fn short_text(key: &str) -> String {
    key.parse::<Pubkey>()
        .map(|k| short(&k))
        .unwrap_or_else(|_| key.to_string())
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use slasher_registry::state::SlashRequest;

    use super::*;

    #[test]
    fn slash_status_follows_veto_and_execution_windows() {
        let request = SlashRequest {
            avs: Pubkey::default(),
            operator: Pubkey::default(),
            index: 0,
            wad: 1,
            max_slash_wad: 1,
            evidence_hash: [0; 32],
            capture_epoch: 4,
            requested_slot: 400,
            veto_deadline_slot: 420,
            destination: lrt_client::state::SlashDestination::Burn,
            vetoed: false,
            executions: 0,
            slashed_lamports: 0,
            bump: 0,
        };
        // epochs of 100 slots: the request was captured at epoch 4
        let status =
            |r: &SlashRequest, slot: u64| slash_status(request_status(r, slot, slot / 100));
        assert_eq!(status(&request, 420), "veto_window");
        assert_eq!(status(&request, 421), "executable");
        assert_eq!(status(&request, 599), "executable");
        assert_eq!(status(&request, 600), "closed");
        let executed = SlashRequest {
            executions: 1,
            ..request.clone()
        };
        assert_eq!(status(&executed, 600), "closed");
        let vetoed = SlashRequest {
            vetoed: true,
            ..request
        };
        assert_eq!(status(&vetoed, 410), "vetoed");
    }
}
