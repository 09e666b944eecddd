//! Curators: `lrt curator whitelist|delegate|undelegate|complete-undelegation <VAULT>
//! <OPERATOR>` and `opt-in-avs|opt-out-avs <VAULT> <AVS>`.
//!
//! The vault's curator signs (`-k`), except `complete-undelegation`, which anyone may run.
//! OPERATOR is the registry's operator account or its authority; AVS is the registry's
//! AVS account or the AVS id. Delegations are in SOL (lamports of value at this epoch's
//! prices); a delegation made during epoch `e` counts from `e + 1`, an undelegation made
//! during `u` still counts for slashes captured through `u + 1`.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use clap::Subcommand;
use lrt_client::{
    decode,
    events::PricesRefreshed,
    instructions as build,
    lrt_vault::state::{Delegation, OperatorBond, Vault},
    pda, registry,
};
use serde::Serialize;
use slasher_registry::state::VaultAvs;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{
    amount::{bps, parse_amount, parse_bps, sol},
    chain,
    context::{require_signer, Ctx},
    opt_in::{precheck_opt_in, precheck_opt_out, read_opt_in, WindowView},
    registry_accounts::{resolve_avs, resolve_operator},
    tx::{self, Sent},
};

#[derive(Subcommand, Debug)]
pub enum CuratorCmd {
    /// Admit an operator to the vault, with a concentration limit
    Whitelist {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
        /// Most of the vault's value the operator may hold: 5000, 5000bps or 50%
        #[arg(long, default_value = "100%")]
        max: String,
    },
    /// Delegate value to a whitelisted operator (counts from the next epoch)
    Delegate {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
        /// Value in SOL, e.g. 2.5
        amount: String,
    },
    /// Take value back from an operator (still slashable through the next epoch)
    Undelegate {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
        /// Value in SOL, or "all"
        amount: String,
    },
    /// Close the books on an undelegation whose slashable window is over (anyone)
    CompleteUndelegation {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
    },
    /// Opt the vault in to an AVS with a per-epoch cap (slashable from the next epoch)
    OptInAvs {
        /// Vault address or LRT mint
        vault: String,
        /// AVS account address or AVS id
        avs: String,
        /// Most the AVS may slash per operator and epoch, of its stake: 1000, 1000bps or 10%
        #[arg(long, default_value = "100%")]
        cap: String,
    },
    /// Opt the vault out of an AVS (still slashable through the next epoch)
    OptOutAvs {
        /// Vault address or LRT mint
        vault: String,
        /// AVS account address or AVS id
        avs: String,
    },
}

pub fn run(ctx: &Ctx, cmd: CuratorCmd) -> Result<()> {
    match cmd {
        CuratorCmd::Whitelist {
            vault,
            operator,
            max,
        } => whitelist(ctx, &vault, &operator, &max),
        CuratorCmd::Delegate {
            vault,
            operator,
            amount,
        } => delegate(ctx, &vault, &operator, &amount),
        CuratorCmd::Undelegate {
            vault,
            operator,
            amount,
        } => undelegate(ctx, &vault, &operator, &amount),
        CuratorCmd::CompleteUndelegation { vault, operator } => {
            complete_undelegation(ctx, &vault, &operator)
        }
        CuratorCmd::OptInAvs { vault, avs, cap } => opt_in_avs(ctx, &vault, &avs, &cap),
        CuratorCmd::OptOutAvs { vault, avs } => opt_out_avs(ctx, &vault, &avs),
    }
}

/// The signer, checked to be the curator of the vault `text` names.
fn curator_and_vault(ctx: &Ctx, text: &str) -> Result<(Keypair, Pubkey, Vault)> {
    let (vault, state) = chain::vault(ctx, text)?;
    let signer = ctx.signer()?;
    require_signer(&signer, &state.curator, "vault's curator")?;
    Ok((signer, vault, state))
}

/// The vault's delegation to `operator`, which exists once the curator whitelisted it.
fn whitelisted(ctx: &Ctx, vault: &Pubkey, operator: &Pubkey) -> Result<Delegation> {
    let key = pda::delegation(vault, operator);
    chain::fetch_opt::<Delegation>(ctx, &key, &lrt_vault::ID, "delegation")?.ok_or_else(|| {
        anyhow!(
            "operator {operator} is not whitelisted in vault {vault}; whitelist it first with \
             `lrt curator whitelist {vault} {operator}`"
        )
    })
}

/// A bps option that must be above zero (the programs refuse 0).
fn parse_positive_bps(text: &str, what: &str) -> Result<u16> {
    let value = parse_bps(text).with_context(|| what.to_string())?;
    if value == 0 {
        bail!("{what} must be above 0 (at least 1 bps, 0.01%)");
    }
    Ok(value)
}

/// How much more a delegation may grow under the program's two limits, in lamports.
#[derive(Debug, PartialEq, Eq)]
struct Room {
    /// `max_bps` of the vault's value.
    operator_limit: u64,
    /// The operator's limit less its stake already counted for next epoch.
    operator_room: u64,
    /// The vault's value less everything already delegated.
    vault_room: u64,
}

fn delegation_room(
    value: u64,
    max_bps: u16,
    stake_next: u64,
    delegated_total: u64,
) -> Result<Room> {
    let operator_limit = restaking_math::bps_floor(value, max_bps)
        .map_err(|e| anyhow!("cannot compute the concentration limit: {e:?}"))?;
    Ok(Room {
        operator_limit,
        operator_room: operator_limit.saturating_sub(stake_next),
        vault_room: value.saturating_sub(delegated_total),
    })
}

/// The vault's active value in lamports at this Solana epoch's prices, exactly as
/// `delegate` will compute it: the refresh is simulated for its fresh prices.
fn fresh_value_lamports(ctx: &Ctx, state: &Vault, signer: &Keypair) -> Result<u64> {
    let refresh = build::refresh_prices(state);
    let events = tx::simulate_events(
        ctx,
        "price refresh",
        std::slice::from_ref(&refresh),
        signer,
        &[],
        &lrt_vault::ID,
    )?;
    let mut fresh = state.clone();
    if let Some(refreshed) = events
        .iter()
        .find_map(|data| decode::event::<PricesRefreshed>(data))
    {
        for (slot, price) in fresh
            .assets
            .iter_mut()
            .zip(refreshed.snapshot.prices_wad)
            .take(state.asset_count as usize)
        {
            slot.price_wad = price;
        }
    }
    fresh
        .accrue_vesting(chain::slot(ctx)?)
        .map_err(|e| anyhow!("cannot credit the vault's vesting: {e}"))?;
    fresh
        .active_value_lamports_floor()
        .map_err(|e| anyhow!("cannot value the vault: {e}"))
}

#[derive(Serialize)]
struct Whitelisted {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    operator: String,
    operator_authority: String,
    delegation: String,
    bond: String,
    max_share: String,
    max_bps: u16,
}

fn whitelist(ctx: &Ctx, vault_text: &str, operator_text: &str, max: &str) -> Result<()> {
    let max_bps = parse_positive_bps(max, "--max")?;
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (operator, operator_state) = resolve_operator(ctx, operator_text)?;
    let config = chain::config(ctx)?;
    if config.registry_program != slasher_registry::ID {
        bail!(
            "the vault program's Config trusts registry program {}, not {}, so it would refuse \
             this operator",
            config.registry_program,
            slasher_registry::ID
        );
    }
    let delegation_key = pda::delegation(&vault, &operator);
    if let Some(existing) =
        chain::fetch_opt::<Delegation>(ctx, &delegation_key, &lrt_vault::ID, "delegation")?
    {
        bail!(
            "operator {operator} is already whitelisted in vault {vault} (max {}); delegate to \
             it with `lrt curator delegate {vault} {operator} <SOL>`",
            bps(existing.max_bps)
        );
    }
    let bond_key = pda::bond(&vault, &operator);
    chain::require_rent(
        ctx,
        &signer.pubkey(),
        &[
            (
                delegation_key,
                8 + <Delegation as anchor_lang::Space>::INIT_SPACE,
            ),
            (
                bond_key,
                8 + <OperatorBond as anchor_lang::Space>::INIT_SPACE,
            ),
        ],
        "whitelisting",
    )?;
    let ix = build::whitelist_operator(signer.pubkey(), vault, operator, max_bps);
    let sent = tx::send(ctx, "whitelisting", &[ix], &signer, &[])?;
    let result = Whitelisted {
        sent,
        vault: vault.to_string(),
        operator: operator.to_string(),
        operator_authority: operator_state.authority.to_string(),
        delegation: delegation_key.to_string(),
        bond: bond_key.to_string(),
        max_share: bps(max_bps),
        max_bps,
    };
    ctx.out.print(&result, |r| {
        format!(
            "operator {} whitelisted in vault {} (at most {} of the vault's value)\ndelegate to \
             it with `lrt curator delegate {} {} <SOL>`",
            r.operator, r.vault, r.max_share, r.vault, r.operator
        )
    });
    Ok(())
}

#[derive(Serialize)]
struct DelegationResult {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    operator: String,
    /// What this command delegated, undelegated or released, in SOL.
    amount_sol: String,
    current_epoch: u64,
    /// The delegation after it.
    stake_current_sol: String,
    stake_next_sol: String,
    stake_later_sol: String,
    undelegating_sol: String,
    /// First epoch `complete-undelegation` is accepted (null if nothing undelegating).
    undelegation_completes_from_epoch: Option<u64>,
    max_share: String,
    vault_delegated_total_sol: String,
}

fn delegation_result(
    ctx: &Ctx,
    sent: Sent,
    vault: &Pubkey,
    operator: &Pubkey,
    amount: u64,
) -> Result<DelegationResult> {
    let mut d = whitelisted(ctx, vault, operator)?;
    let state: Vault = chain::fetch_anchor(ctx, vault, &lrt_vault::ID, "vault")?;
    let (epoch, _) = chain::epoch(ctx)?;
    d.roll(epoch);
    Ok(DelegationResult {
        sent,
        vault: vault.to_string(),
        operator: operator.to_string(),
        amount_sol: sol(amount),
        current_epoch: epoch,
        stake_current_sol: sol(d.stake_current),
        stake_next_sol: sol(d.stake_next),
        stake_later_sol: sol(d.stake_later),
        undelegating_sol: sol(d.undelegating),
        undelegation_completes_from_epoch: (d.undelegating > 0)
            .then(|| d.undelegate_epoch.saturating_add(3)),
        max_share: bps(d.max_bps),
        vault_delegated_total_sol: sol(state.delegated_total),
    })
}

fn delegate(ctx: &Ctx, vault_text: &str, operator_text: &str, amount: &str) -> Result<()> {
    let amount = parse_amount(amount, 9, "SOL")?;
    let (signer, vault, state) = curator_and_vault(ctx, vault_text)?;
    let (operator, _) = resolve_operator(ctx, operator_text)?;
    let mut delegation = whitelisted(ctx, &vault, &operator)?;
    let (epoch, _) = chain::epoch(ctx)?;
    delegation.roll(epoch);
    let value = fresh_value_lamports(ctx, &state, &signer)?;
    let room = delegation_room(
        value,
        delegation.max_bps,
        delegation.stake_next,
        state.delegated_total,
    )?;
    if amount > room.operator_room {
        bail!(
            "the delegation would exceed operator {operator}'s concentration limit: {} of the \
             vault's {} SOL is {} SOL, it already has {} SOL for next epoch, so at most {} SOL \
             more can be delegated",
            bps(delegation.max_bps),
            sol(value),
            sol(room.operator_limit),
            sol(delegation.stake_next),
            sol(room.operator_room)
        );
    }
    if amount > room.vault_room {
        bail!(
            "the delegation would exceed the vault's value: it is worth {} SOL and {} SOL is \
             already delegated, so at most {} SOL more can be delegated",
            sol(value),
            sol(state.delegated_total),
            sol(room.vault_room)
        );
    }
    // The vault values itself at this Solana epoch's prices: refresh in the same tx.
    let ixs = [
        build::refresh_prices(&state),
        build::delegate(signer.pubkey(), vault, operator, amount),
    ];
    let sent = tx::send(ctx, "delegation", &ixs, &signer, &[])?;
    let result = delegation_result(ctx, sent, &vault, &operator, amount)?;
    ctx.out.print(&result, |r| {
        format!(
            "delegated {} SOL of vault {} to operator {}: it counts from epoch {} (slashes \
             captured this epoch {} do not reach it)\nstake now {} SOL, next epoch {} SOL (max \
             {}); vault delegated in all: {} SOL",
            r.amount_sol,
            r.vault,
            r.operator,
            r.current_epoch.saturating_add(1),
            r.current_epoch,
            r.stake_current_sol,
            r.stake_next_sol,
            r.max_share,
            r.vault_delegated_total_sol
        )
    });
    Ok(())
}

fn undelegate(ctx: &Ctx, vault_text: &str, operator_text: &str, amount: &str) -> Result<()> {
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (operator, _) = resolve_operator(ctx, operator_text)?;
    let mut delegation = whitelisted(ctx, &vault, &operator)?;
    let (epoch, _) = chain::epoch(ctx)?;
    delegation.roll(epoch);
    let amount = if amount == "all" {
        if delegation.stake_later == 0 {
            bail!("vault {vault} has nothing left delegated to operator {operator}");
        }
        delegation.stake_later
    } else {
        parse_amount(amount, 9, "SOL")?
    };
    if amount > delegation.stake_later {
        bail!(
            "vault {vault} has {} SOL delegated to operator {operator} (after the {} SOL already \
             undelegating), less than {}",
            sol(delegation.stake_later),
            sol(delegation.undelegating),
            sol(amount)
        );
    }
    let mut ixs = Vec::new();
    if delegation.undelegating > 0 {
        if epoch > delegation.undelegate_epoch.saturating_add(2) {
            // A new undelegation restarts the wait: close the finished one first.
            ixs.push(build::complete_undelegation(vault, operator));
            ctx.out.note(format!(
                "the earlier undelegation of {} SOL is over: completing it first, in the same \
                 transaction",
                sol(delegation.undelegating)
            ));
        } else {
            ctx.out.note(format!(
                "note: the {} SOL already undelegating (complete from epoch {}) wait again with \
                 this one: everything completes from epoch {}",
                sol(delegation.undelegating),
                delegation.undelegate_epoch.saturating_add(3),
                epoch.saturating_add(3)
            ));
        }
    }
    ixs.push(build::undelegate(signer.pubkey(), vault, operator, amount));
    let sent = tx::send(ctx, "undelegation", &ixs, &signer, &[])?;
    let result = delegation_result(ctx, sent, &vault, &operator, amount)?;
    ctx.out.print(&result, |r| {
        format!(
            "undelegated {} SOL of vault {} from operator {} during epoch {}: it stays slashable \
             for slashes captured through epoch {}; `lrt curator complete-undelegation {} {}` \
             from epoch {}\nstake now {} SOL, next epoch {} SOL, from epoch {}: {} SOL",
            r.amount_sol,
            r.vault,
            r.operator,
            r.current_epoch,
            r.current_epoch.saturating_add(1),
            r.vault,
            r.operator,
            r.undelegation_completes_from_epoch
                .unwrap_or(r.current_epoch.saturating_add(3)),
            r.stake_current_sol,
            r.stake_next_sol,
            r.current_epoch.saturating_add(2),
            r.stake_later_sol
        )
    });
    Ok(())
}

fn complete_undelegation(ctx: &Ctx, vault_text: &str, operator_text: &str) -> Result<()> {
    // Anyone may complete an undelegation: no role check, the signer only pays the fee.
    let (vault, _) = chain::vault(ctx, vault_text)?;
    let (operator, _) = resolve_operator(ctx, operator_text)?;
    let delegation = whitelisted(ctx, &vault, &operator)?;
    if delegation.undelegating == 0 {
        bail!(
            "nothing is undelegating from operator {operator} in vault {vault}; start with \
             `lrt curator undelegate`"
        );
    }
    let (epoch, _) = chain::epoch(ctx)?;
    let from = delegation.undelegate_epoch.saturating_add(3);
    if epoch < from {
        bail!(
            "the {} SOL undelegated during epoch {} stay slashable through epoch {} (executions \
             until the end of epoch {}): complete from epoch {from} (now {epoch}; `lrt epoch \
             show`)",
            sol(delegation.undelegating),
            delegation.undelegate_epoch,
            delegation.undelegate_epoch.saturating_add(1),
            delegation.undelegate_epoch.saturating_add(2)
        );
    }
    let signer = ctx.signer()?;
    let ix = build::complete_undelegation(vault, operator);
    let sent = tx::send(ctx, "complete-undelegation", &[ix], &signer, &[])?;
    let result = delegation_result(ctx, sent, &vault, &operator, delegation.undelegating)?;
    ctx.out.print(&result, |r| {
        format!(
            "undelegation of {} SOL from operator {} in vault {} completed; stake now {} SOL",
            r.amount_sol, r.operator, r.vault, r.stake_current_sol
        )
    });
    Ok(())
}

#[derive(Serialize)]
struct VaultAvsResult {
    #[serde(flatten)]
    sent: Sent,
    vault: String,
    avs: String,
    vault_avs: String,
    /// Most the AVS may slash per operator and capture epoch, of the stake at capture.
    cap: String,
    cap_bps: u16,
    #[serde(flatten)]
    window: WindowView,
}

fn vault_avs_result(
    ctx: &Ctx,
    sent: Sent,
    vault: &Pubkey,
    avs: &Pubkey,
    key: &Pubkey,
) -> Result<VaultAvsResult> {
    let (after, window) = read_opt_in::<VaultAvs>(ctx, key)?;
    Ok(VaultAvsResult {
        sent,
        vault: vault.to_string(),
        avs: avs.to_string(),
        vault_avs: key.to_string(),
        cap: bps(after.cap_bps),
        cap_bps: after.cap_bps,
        window,
    })
}

fn opt_in_avs(ctx: &Ctx, vault_text: &str, avs_text: &str, cap: &str) -> Result<()> {
    let cap_bps = parse_positive_bps(cap, "--cap")?;
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (avs_key, avs) = resolve_avs(ctx, avs_text)?;
    let key = registry::pda::vault_avs(&vault, &avs_key);
    precheck_opt_in::<VaultAvs>(
        ctx,
        &format!("vault {vault}"),
        &avs_key,
        &avs,
        &key,
        &signer.pubkey(),
    )?;
    let ix = registry::vault_opt_in_avs(signer.pubkey(), vault, avs_key, cap_bps);
    let sent = tx::send(ctx, "vault AVS opt-in", &[ix], &signer, &[])?;
    let result = vault_avs_result(ctx, sent, &vault, &avs_key, &key)?;
    ctx.out.print(&result, |r| {
        format!(
            "vault {} opted in to AVS {} during epoch {} with a cap of {} per operator and \
             epoch: its delegations are slashable by the AVS from epoch {}",
            r.vault, r.avs, r.window.activation_epoch, r.cap, r.window.counts_from_epoch
        )
    });
    Ok(())
}

fn opt_out_avs(ctx: &Ctx, vault_text: &str, avs_text: &str) -> Result<()> {
    let (signer, vault, _) = curator_and_vault(ctx, vault_text)?;
    let (avs_key, _) = resolve_avs(ctx, avs_text)?;
    let key = registry::pda::vault_avs(&vault, &avs_key);
    precheck_opt_out::<VaultAvs>(ctx, &format!("vault {vault}"), &avs_key, &key)?;
    let ix = registry::vault_opt_out_avs(signer.pubkey(), vault, avs_key);
    let sent = tx::send(ctx, "vault AVS opt-out", &[ix], &signer, &[])?;
    let result = vault_avs_result(ctx, sent, &vault, &avs_key, &key)?;
    ctx.out.print(&result, |r| {
        format!(
            "vault {} opted out of AVS {} during epoch {}: its delegations stay slashable by the \
             AVS through epoch {}; opting in again is possible from epoch {}",
            r.vault,
            r.avs,
            r.window.deactivation_epoch.unwrap_or_default(),
            r.window.slashable_through_epoch.unwrap_or_default(),
            r.window.opt_in_again_from_epoch.unwrap_or_default()
        )
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_under_both_limits() {
        // 100 SOL vault, 50% limit, 30 SOL already next epoch, 80 SOL delegated in all
        let sol = 1_000_000_000u64;
        let room = delegation_room(100 * sol, 5_000, 30 * sol, 80 * sol).unwrap();
        assert_eq!(
            room,
            Room {
                operator_limit: 50 * sol,
                operator_room: 20 * sol,
                vault_room: 20 * sol,
            }
        );
        // over the limit already (a slash or price drop lowered the value): no room
        let room = delegation_room(10 * sol, 5_000, 30 * sol, 80 * sol).unwrap();
        assert_eq!((room.operator_room, room.vault_room), (0, 0));
        // the limit rounds down like the program's bps_floor
        let room = delegation_room(3, 5_000, 0, 0).unwrap();
        assert_eq!(room.operator_limit, 1);
    }

    #[test]
    fn limits_and_caps_must_be_positive() {
        assert_eq!(parse_positive_bps("100%", "--max").unwrap(), 10_000);
        assert_eq!(parse_positive_bps("25%", "--cap").unwrap(), 2_500);
        assert_eq!(parse_positive_bps("1", "--cap").unwrap(), 1);
        let err = parse_positive_bps("0", "--max").unwrap_err().to_string();
        assert!(err.contains("--max must be above 0"), "{err}");
        let err = format!("{:#}", parse_positive_bps("101%", "--cap").unwrap_err());
        assert!(err.contains("--cap") && err.contains("100%"), "{err}");
    }
}
