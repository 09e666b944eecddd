//! `lrt operator show [OPERATOR]`: an operator in full: settings, AVS opt-ins, the stake
//! each vault puts behind it now, bonds and slash history (anyone).

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::listing;
use serde::Serialize;
use slasher_registry::state::Avs;

use crate::{
    amount::lamports_text,
    chain::{self, short},
    context::Ctx,
    operator_stake::{delegations_of, render_stakes, StakeTotals, Vaults},
    registry_accounts::operator_or_signers,
    stake::DelegationView,
    views::{
        bond::BondView,
        commission::CommissionView,
        execution::SlashExecutionView,
        operator::{key_text, metadata_text},
        opt_in::OperatorAvsView,
        request::{request_view, RequestView},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Operator account or its authority [default: the signer's operator]
    pub operator: Option<String>,
}

/// An opt-in of the operator, with the AVS's registry entry (null if it is gone).
#[derive(Serialize)]
struct AvsOptInView {
    #[serde(flatten)]
    opt_in: OperatorAvsView,
    avs_id: Option<String>,
    avs_active: Option<bool>,
    avs_metadata_uri: Option<String>,
}

/// A slash request against the operator, with its execution in each vault.
#[derive(Serialize)]
struct SlashView {
    #[serde(flatten)]
    request: RequestView,
    vault_executions: Vec<SlashExecutionView>,
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
    let (epoch, config) = chain::epoch(ctx)?;
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
            opt_in: OperatorAvsView::new(&address, &opt_in, epoch),
            avs_id: avs.as_ref().map(|a| a.id.to_string()),
            avs_active: avs.as_ref().map(|a| a.active),
            avs_metadata_uri: avs.map(|a| a.metadata_uri),
        });
    }

    let delegations = delegations_of(ctx, &key)?;
    let (delegation_views, now) = vaults.views(&delegations)?;

    let bonds = chain::list_anchor(ctx, &lrt_vault::ID, vec![listing::bonds_of_operator(&key)])?;
    let mut bond_views = Vec::new();
    for (_, b) in bonds {
        bond_views.push(BondView::new(&b, &vaults.symbol(&b.vault)?, epoch));
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
    // the registry takes a cancelled execution's loss off its request
    let mut slashed_total: u128 = 0;
    for (request_key, request) in requests {
        let mut vault_executions = Vec::new();
        for (k, e) in executions.iter().filter(|(_, e)| e.request == request_key) {
            vault_executions.push(SlashExecutionView::new(k, e, &vaults.symbol(&e.vault)?));
        }
        slashed_total += u128::from(request.slashed_lamports);
        slashes.push(SlashView {
            request: request_view(&request_key, &request, slot, epoch, config.epoch_length),
            vault_executions,
        });
    }
    slashes.sort_by_key(|s| (s.request.requested_slot, s.request.address.clone()));

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
        t.push_str(&format!(
            "  {}  {}{}\n",
            a.opt_in.avs,
            a.opt_in.window.short(),
            if a.avs_active == Some(false) {
                ", AVS inactive"
            } else {
                ""
            }
        ));
    }

    t.push_str(&format!(
        "\nAllocations per vault (stake now {} SOL)\n",
        d.total.stake_current_sol
    ));
    t.push_str(&render_stakes(&d.delegations));

    t.push_str("\nBonds\n");
    let bonds: Vec<&BondView> = d.bonds.iter().filter(|b| !b.is_empty()).collect();
    if bonds.is_empty() {
        t.push_str("  none\n");
    }
    for b in bonds {
        t.push_str(&format!("  {} ({})  {b}\n", b.vault, b.lrt_symbol));
    }

    t.push_str(&format!(
        "\nSlash history ({} SOL slashed)\n",
        d.slashed_total_sol
    ));
    if d.slashes.is_empty() {
        t.push_str("  none\n");
    }
    for s in &d.slashes {
        let r = &s.request;
        t.push_str(&format!(
            "  request {}  AVS {}  {} of stake at epoch {}: {}\n",
            r.address,
            short_text(&r.avs),
            r.fraction,
            r.capture_epoch,
            r.status_text
        ));
        for e in &s.vault_executions {
            t.push_str(&format!("    {e}\n"));
        }
    }
    t
}

fn short_text(key: &str) -> String {
    key.parse::<Pubkey>()
        .map(|k| short(&k))
        .unwrap_or_else(|_| key.to_string())
}

#[cfg(test)]
mod tests {
    use lrt_client::state::SlashDestination;
    use slasher_registry::state::{SlashExecution, SlashRequest};

    use super::*;

    fn key(byte: u8) -> Pubkey {
        Pubkey::new_from_array([byte; 32])
    }

    #[test]
    fn a_slash_is_its_request_with_its_executions_beside() {
        let request = SlashRequest {
            avs: key(1),
            operator: key(2),
            index: 0,
            wad: 50_000_000_000_000_000,
            max_slash_wad: 100_000_000_000_000_000,
            evidence_hash: [0; 32],
            capture_epoch: 4,
            requested_slot: 400,
            veto_deadline_slot: 420,
            destination: SlashDestination::Burn,
            vetoed: false,
            executions: 1,
            slashed_lamports: 250_000_000,
            bump: 0,
        };
        let execution = SlashExecution {
            request: key(3),
            vault: key(4),
            avs: key(1),
            operator: key(2),
            capture_epoch: 4,
            stake_lamports: 5_000_000_000,
            requested_loss_lamports: 250_000_000,
            loss_lamports: 250_000_000,
            executor: key(5),
            executed_slot: 430,
            resolve_after_slot: 500,
            cancelled: true,
            bump: 0,
        };
        // epochs of 100 slots: past the execution window of capture 4
        let slash = SlashView {
            request: request_view(&key(3), &request, 600, 6, 100),
            vault_executions: vec![SlashExecutionView::new(&key(6), &execution, "dLRT")],
        };
        let json = serde_json::to_value(&slash).unwrap();
        let fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec![
            "address",
            "avs",
            "index",
            "operator",
            "fraction",
            "wad",
            "max_slash",
            "max_slash_wad",
            "destination",
            "evidence_hash",
            "capture_epoch",
            "requested_slot",
            "veto_deadline_slot",
            "executable_from_slot",
            "executable_until_epoch",
            "executable_until_slot",
            "status",
            "status_text",
            "executions",
            "slashed_sol",
            "vault_executions",
        ];
        expected.sort_unstable();
        let mut fields = fields;
        fields.sort_unstable();
        assert_eq!(fields, expected);
        assert_eq!(json["address"], key(3).to_string());
        assert_eq!(json["fraction"], "5%");
        assert_eq!(json["status"], "executed");
        assert_eq!(json["executions"], 1);
        assert_eq!(json["vault_executions"][0]["cancelled"], true);
        assert_eq!(json["vault_executions"][0]["loss_sol"], "0.25");
    }
}
