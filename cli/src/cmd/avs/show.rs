//! `lrt avs show AVS`: one AVS's settings, the operators and vaults opted in (with the
//! stake a request captured now reaches), and its slash requests and their status (anyone).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{listing, lrt_vault::state::Vault};
use serde::Serialize;
use slasher_registry::state::Operator;

use crate::{
    amount::{format_units, sol},
    chain,
    context::Ctx,
    registry_accounts::resolve_avs,
    stake::{rolled, VaultValue},
    views::{
        avs::AvsView,
        opt_in::{OperatorAvsView, VaultAvsView},
        request::{request_view, RequestView},
    },
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// AVS account address or AVS id
    pub avs: String,
}

#[derive(Serialize)]
struct OperatorOptInView {
    #[serde(flatten)]
    opt_in: OperatorAvsView,
    /// The operator's authority (null if its registry account is gone).
    authority: Option<String>,
    /// What a request captured now reaches of the operator: its allocation now x each
    /// vault's slashable value now, over the vaults opted in and active now, in SOL.
    stake_current_sol: String,
}

#[derive(Serialize)]
struct VaultOptInView {
    /// The opt-in, with the curator's cap: most this AVS takes per operator and epoch.
    #[serde(flatten)]
    opt_in: VaultAvsView,
    /// What a request captured now reaches in the vault: the allocations now of the
    /// operators opted in and active now x the vault's slashable value now, in SOL.
    stake_current_sol: String,
    /// What this AVS slashed from the vault, per recent capture epoch.
    slashed: Vec<EpochSlashedView>,
}

#[derive(Serialize)]
struct EpochSlashedView {
    capture_epoch: u64,
    slashed_sol: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (key, avs) = resolve_avs(ctx, &args.avs)?;
    let (cur, config) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let registry = slasher_registry::ID;
    let operator_opt_ins =
        chain::list_anchor(ctx, &registry, vec![listing::operator_avs_of_avs(&key)])?;
    let vault_opt_ins = chain::list_anchor(ctx, &registry, vec![listing::vault_avs_of_avs(&key)])?;

    // The stake a request captured now reaches: every (vault, operator) with both opt-ins
    // active now, its allocation now x the vault's slashable value now.
    let mut stakes: Vec<(Pubkey, Pubkey, u64)> = Vec::new();
    for (_, v) in vault_opt_ins
        .iter()
        .filter(|(_, v)| v.window.is_active_at(cur))
    {
        let Some(state) = chain::fetch_opt::<Vault>(ctx, &v.vault, &lrt_vault::ID, "vault")? else {
            continue;
        };
        let value = VaultValue::read(ctx, v.vault, state, cur, slot)?;
        let by_vault = vec![listing::delegations_of_vault(&v.vault)];
        for (_, d) in chain::list_anchor(ctx, &lrt_vault::ID, by_vault)? {
            let reached = operator_opt_ins
                .iter()
                .any(|(_, o)| o.operator == d.operator && o.window.is_active_at(cur));
            if reached {
                let stake = value.stake(rolled(&d.allocation, cur).current)?;
                stakes.push((v.vault, d.operator, stake));
            }
        }
    }
    let sum = |keep: &dyn Fn(&(Pubkey, Pubkey, u64)) -> bool| {
        let total: u128 = stakes
            .iter()
            .filter(|s| keep(s))
            .map(|s| u128::from(s.2))
            .sum();
        format_units(total, 9)
    };

    let mut operators = Vec::new();
    for (opt_in_key, opt_in) in &operator_opt_ins {
        let authority = chain::fetch_opt::<Operator>(ctx, &opt_in.operator, &registry, "operator")?
            .map(|o| o.authority.to_string());
        operators.push(OperatorOptInView {
            opt_in: OperatorAvsView::new(opt_in_key, opt_in, cur),
            authority,
            stake_current_sol: sum(&|s| s.1 == opt_in.operator),
        });
    }
    let vaults: Vec<VaultOptInView> = vault_opt_ins
        .iter()
        .map(|(opt_in_key, v)| {
            let mut slashed: Vec<EpochSlashedView> = v
                .slashed
                .iter()
                .filter(|e| e.lamports > 0)
                .map(|e| EpochSlashedView {
                    capture_epoch: e.epoch,
                    slashed_sol: sol(e.lamports),
                })
                .collect();
            slashed.sort_by_key(|e| e.capture_epoch);
            VaultOptInView {
                opt_in: VaultAvsView::new(opt_in_key, v, cur),
                stake_current_sol: sum(&|s| s.0 == v.vault),
                slashed,
            }
        })
        .collect();
    let mut requests = chain::list_anchor(ctx, &registry, vec![listing::requests_of_avs(&key)])?;
    requests.sort_by_key(|(_, r)| r.index);
    let requests: Vec<RequestView> = requests
        .iter()
        .map(|(k, r)| request_view(k, r, slot, cur, config.epoch_length))
        .collect();

    #[derive(Serialize)]
    struct Detail {
        #[serde(flatten)]
        avs: AvsView,
        current_epoch: u64,
        slot: u64,
        /// The stake a request captured now reaches, over every vault and operator.
        stake_current_sol: String,
        operators: Vec<OperatorOptInView>,
        vaults: Vec<VaultOptInView>,
        requests: Vec<RequestView>,
    }
    let detail = Detail {
        avs: AvsView::new(&key, &avs, cur),
        current_epoch: cur,
        slot,
        stake_current_sol: sum(&|_| true),
        operators,
        vaults,
        requests,
    };
    ctx.out.print(&detail, |d| {
        let mut t = d.avs.to_string();
        t.push_str(&format!(
            "  now             epoch {}, slot {}\n",
            d.current_epoch, d.slot
        ));
        t.push_str(&format!(
            "  stake reached   {} SOL (allocations now x vault values now)\n",
            d.stake_current_sol
        ));
        t.push_str("\nOperators opted in\n");
        if d.operators.is_empty() {
            t.push_str("  none\n");
        }
        for o in &d.operators {
            t.push_str(&format!(
                "  {}  {} SOL, {}\n",
                o.opt_in.operator,
                o.stake_current_sol,
                o.opt_in.window.short()
            ));
        }
        t.push_str("\nVaults opted in\n");
        if d.vaults.is_empty() {
            t.push_str("  none\n");
        }
        for v in &d.vaults {
            let slashed: Vec<String> = v
                .slashed
                .iter()
                .map(|e| format!("{} SOL at epoch {}", e.slashed_sol, e.capture_epoch))
                .collect();
            t.push_str(&format!(
                "  {}  {} SOL, cap {} per epoch, {}{}\n",
                v.opt_in.vault,
                v.stake_current_sol,
                v.opt_in.cap,
                v.opt_in.window.short(),
                if slashed.is_empty() {
                    String::new()
                } else {
                    format!("; slashed {}", slashed.join(", "))
                }
            ));
        }
        t.push_str("\nSlash requests\n");
        if d.requests.is_empty() {
            t.push_str("  none\n");
        }
        for r in &d.requests {
            t.push_str(&format!(
                "  #{} {}  operator {}  {} at epoch {}: {}; slashed {} SOL\n",
                r.index,
                r.address,
                r.operator,
                r.fraction,
                r.capture_epoch,
                r.status_text,
                r.slashed_sol
            ));
        }
        t
    });
    Ok(())
}
