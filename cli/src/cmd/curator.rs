//! Curators: `lrt curator whitelist|delegate|undelegate|set-limit <VAULT> <OPERATOR>` and
//! `opt-in-avs|opt-out-avs <VAULT> <AVS>`.
//!
//! The vault's curator signs (`-k`). OPERATOR is the registry's operator account or its
//! authority; AVS is the registry's AVS account or the AVS id.
//!
//! A delegation is an allocation: a fraction of the vault's slashable value, so the
//! operator's stake follows the vault as depositors come and go (DESIGN.md section 5).
//! `delegate` and `undelegate` take a fraction (`5%`, `500bps`) or an amount of SOL (`10`,
//! `10SOL`), turned into the fraction of the vault it is worth now. An increase made
//! during epoch `e` counts from `e + 1`; a decrease made during `d` still counts for
//! slashes captured through `d + 1` and stops from `d + 2`. Every limit is checked before
//! sending with the program's own methods on a copy of the accounts.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use clap::Subcommand;
use lrt_client::{
    instructions as build,
    lrt_vault::state::{AllocationHistory, Delegation, OperatorBond, Vault},
    pda, registry, VaultError,
};
use restaking_math::WAD;
use serde::Serialize;
use slasher_registry::state::VaultAvs;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{
    amount::{bps, parse_bps, percent, sol},
    chain,
    context::{require_signer, Ctx},
    errors::would_refuse,
    opt_in::{precheck_opt_in, precheck_opt_out, read_opt_in, WindowView},
    registry_accounts::{resolve_avs, resolve_operator},
    stake::{
        delegation_text, delegation_view, parse_allocation, rolled, with_fresh_prices,
        AllocationInput, DelegationView, VaultValue,
    },
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
        /// Most of the vault the operator may be allocated: 5000, 5000bps or 50%
        #[arg(long, default_value = "100%")]
        max: String,
    },
    /// Allocate more of the vault to a whitelisted operator (counts from the next epoch)
    ///
    /// The operator's stake is its allocation times the vault's slashable value (active
    /// pool plus pending withdrawals a slash still reaches), so it follows the vault.
    Delegate {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
        /// A fraction of the vault with its unit, 5% or 500bps; or an amount of SOL, 10 or
        /// 10SOL, allocated as the fraction of the vault's slashable value it is worth now
        /// (rounded down). A number without % or bps is SOL: 0.05 is 0.05 SOL, not 5%.
        amount: String,
    },
    /// Take part of an operator's allocation back (it still counts for slashes captured
    /// this epoch and the next, and stops from the epoch after)
    Undelegate {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
        /// A fraction of the vault (5%, 500bps), an amount of SOL at today's value (10,
        /// 10SOL), or "all"
        amount: String,
    },
    /// Change an operator's concentration limit (refused below its allocation from the
    /// next epoch on: take allocation back first)
    SetLimit {
        /// Vault address or LRT mint
        vault: String,
        /// Operator account or its authority
        operator: String,
        /// Most of the vault the operator may be allocated: 2000, 2000bps or 20%
        #[arg(long)]
        max: String,
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
        CuratorCmd::SetLimit {
            vault,
            operator,
            max,
        } => set_limit(ctx, &vault, &operator, &max),
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
            "operator {operator} is already whitelisted in vault {vault} (max {}); allocate to \
             it with `lrt curator delegate {vault} {operator} <FRACTION|SOL>`",
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
            "operator {} whitelisted in vault {} (at most {} of the vault)\nallocate to it with \
             `lrt curator delegate {} {} <FRACTION|SOL>`",
            r.operator, r.vault, r.max_share, r.vault, r.operator
        )
    });
    Ok(())
}

/// What `delegate`, `undelegate` and `set-limit` report: the delegation after the change.
#[derive(Serialize)]
struct AllocationResult {
    #[serde(flatten)]
    sent: Sent,
    /// What this command changed, e.g. "+5%" or "-3.2786885245901639%" (null for
    /// set-limit), and as a signed WAD.
    change: Option<String>,
    change_wad: Option<String>,
    /// That change at the vault's slashable value now, in SOL (for an amount given in
    /// SOL, at most that amount).
    change_value_sol: Option<String>,
    /// The concentration limit before (set-limit only).
    previous_max_share: Option<String>,
    previous_max_bps: Option<u16>,
    current_epoch: u64,
    /// The first epoch the change counts in (an increase), or no longer counts in (a
    /// decrease).
    effective_from_epoch: Option<u64>,
    /// The vault's slashable value now, in SOL: what allocations are fractions of.
    slashable_value_sol: String,
    /// allocation_next x the slashable value now, in SOL.
    stake_next_at_current_value_sol: String,
    #[serde(flatten)]
    delegation: DelegationView,
    /// The vault's allocations summed over its operators, from the next epoch on.
    vault_allocated: String,
    vault_allocated_wad: String,
}

/// The first epoch from `cur` on in which `after` allocates differently than `before`.
fn first_epoch_changed(
    before: &AllocationHistory,
    after: &AllocationHistory,
    cur: u64,
) -> Option<u64> {
    (cur..=AllocationHistory::decrease_stops_from(cur))
        .find(|&e| before.at(e, e).ok() != after.at(e, e).ok())
}

/// The delegation and the vault as they are after the command, valued by `value`.
fn allocation_result(
    ctx: &Ctx,
    sent: Sent,
    before: &Delegation,
    value: &VaultValue,
    cur: u64,
    change_wad: Option<i128>,
) -> Result<AllocationResult> {
    let after = whitelisted(ctx, &value.key, &before.operator)?;
    let state: Vault = chain::fetch_anchor(ctx, &value.key, &lrt_vault::ID, "vault")?;
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let next = rolled(&after.allocation, cur).next;
    let allocated = rolled(&state.allocations, cur).committed();
    let change_value = match change_wad {
        Some(delta) => Some(sol(value.stake(u64::try_from(delta.unsigned_abs())?)?)),
        None => None,
    };
    Ok(AllocationResult {
        sent,
        change: change_wad.map(|d| {
            let sign = if d < 0 { "-" } else { "+" };
            format!("{sign}{}", percent(d.unsigned_abs()))
        }),
        change_wad: change_wad.map(|d| d.to_string()),
        change_value_sol: change_value,
        previous_max_share: change_wad.is_none().then(|| bps(before.max_bps)),
        previous_max_bps: change_wad.is_none().then_some(before.max_bps),
        current_epoch: cur,
        effective_from_epoch: first_epoch_changed(&before.allocation, &after.allocation, cur),
        slashable_value_sol: value.slashable_value_sol(),
        stake_next_at_current_value_sol: sol(value.stake(next)?),
        delegation: delegation_view(&after, value, cur, &lrt.symbol)?,
        vault_allocated: percent(u128::from(allocated)),
        vault_allocated_wad: allocated.to_string(),
    })
}

/// The delegation, the vault valued now, and the allocation `amount` stands for.
struct AllocationChange {
    signer: Keypair,
    vault: Pubkey,
    state: Vault,
    operator: Pubkey,
    delegation: Delegation,
    cur: u64,
    value: VaultValue,
}

fn allocation_change(ctx: &Ctx, vault_text: &str, operator_text: &str) -> Result<AllocationChange> {
    let (signer, vault, state) = curator_and_vault(ctx, vault_text)?;
    let (operator, _) = resolve_operator(ctx, operator_text)?;
    let delegation = whitelisted(ctx, &vault, &operator)?;
    let (cur, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    // What an amount of SOL is a fraction of: the slashable value now, at this Solana
    // epoch's prices.
    let fresh = with_fresh_prices(ctx, &state, &signer)?;
    let value = VaultValue::read(ctx, vault, fresh, cur, slot)?;
    Ok(AllocationChange {
        signer,
        vault,
        state,
        operator,
        delegation,
        cur,
        value,
    })
}

/// The allocation `input` stands for, saying what an amount of SOL became.
fn allocation_wad(
    ctx: &Ctx,
    text: &str,
    input: AllocationInput,
    value: &VaultValue,
) -> Result<u64> {
    let wad = input.to_wad(value.slashable_value_wad)?;
    if let AllocationInput::Sol(lamports) = input {
        ctx.out.note(format!(
            "{} SOL of the vault's slashable value of {} SOL is {} of the vault{}",
            sol(lamports),
            value.slashable_value_sol(),
            percent(u128::from(wad)),
            if text.trim().parse::<f64>().is_ok_and(|n| n < 1.0) {
                format!(
                    " (a number without % is SOL: for a fraction write {}%)",
                    text.trim()
                )
            } else {
                String::new()
            }
        ));
    }
    Ok(wad)
}

/// Refuses before sending an increase of `wad` that the program would refuse: the
/// operator's concentration limit (`Delegation::check_within_limit` after
/// `AllocationHistory::increase`, on a copy) and the vault's 100%.
fn check_increase(delegation: &Delegation, vault: &Vault, wad: u64, cur: u64) -> Result<()> {
    let program = lrt_vault::ID;
    let mut after = delegation.clone();
    after
        .allocation
        .increase(wad, cur)
        .map_err(|e| anyhow!(would_refuse(&program, &e)))?;
    if let Err(error) = after.check_within_limit() {
        let limit = after.limit_wad().unwrap_or_default();
        let committed = rolled(&delegation.allocation, cur).committed();
        bail!(
            "{}\noperator {}'s limit is {} of the vault and it is allocated {} from epoch {} \
             on, so at most {} more (raise the limit with `lrt curator set-limit`)",
            would_refuse(&program, &error),
            delegation.operator,
            bps(delegation.max_bps),
            percent(u128::from(committed)),
            AllocationHistory::increase_counts_from(cur),
            percent(u128::from(limit.saturating_sub(committed)))
        );
    }
    let mut sums = vault.clone();
    sums.allocations
        .increase(wad, cur)
        .map_err(|e| anyhow!(would_refuse(&program, &e)))?;
    if let Err(error) = sums.check_allocations_within_vault() {
        let committed = rolled(&vault.allocations, cur).committed();
        bail!(
            "{}\nthe vault's allocations sum to {} from epoch {} on, so at most {} more",
            would_refuse(&program, &error),
            percent(u128::from(committed)),
            AllocationHistory::increase_counts_from(cur),
            percent(WAD.saturating_sub(u128::from(committed)))
        );
    }
    Ok(())
}

fn delegate(ctx: &Ctx, vault_text: &str, operator_text: &str, amount: &str) -> Result<()> {
    let input = parse_allocation(amount)?;
    let c = allocation_change(ctx, vault_text, operator_text)?;
    let wad = allocation_wad(ctx, amount, input, &c.value)?;
    check_increase(&c.delegation, &c.state, wad, c.cur)?;
    // An allocation is a fraction: the program reads no price.
    let ix = build::delegate(c.signer.pubkey(), c.vault, c.operator, wad);
    let sent = tx::send(ctx, "delegation", &[ix], &c.signer, &[])?;
    let result = allocation_result(
        ctx,
        sent,
        &c.delegation,
        &c.value,
        c.cur,
        Some(i128::from(wad)),
    )?;
    ctx.out.print(&result, |r| {
        let d = &r.delegation;
        format!(
            "allocated {} more of vault {} ({} SOL at today's slashable value of {} SOL) to \
             operator {}: it counts from epoch {} (slashes captured this epoch {} do not reach \
             it)\nfrom epoch {}: {} of the vault, {} SOL at today's value\nallocation: {}\n\
             vault allocated in all: {}",
            r.change.as_deref().unwrap_or("?").trim_start_matches('+'),
            d.vault,
            r.change_value_sol.as_deref().unwrap_or("?"),
            r.slashable_value_sol,
            d.operator,
            r.effective_from_epoch
                .map_or_else(|| "?".into(), |e| e.to_string()),
            r.current_epoch,
            AllocationHistory::increase_counts_from(r.current_epoch),
            d.allocation_next,
            r.stake_next_at_current_value_sol,
            delegation_text(d),
            r.vault_allocated
        )
    });
    Ok(())
}

fn undelegate(ctx: &Ctx, vault_text: &str, operator_text: &str, amount: &str) -> Result<()> {
    let input = (amount != "all")
        .then(|| parse_allocation(amount))
        .transpose()?;
    let c = allocation_change(ctx, vault_text, operator_text)?;
    let later = rolled(&c.delegation.allocation, c.cur).later;
    // the first epoch a decrease made now no longer counts in
    let stops = AllocationHistory::decrease_stops_from(c.cur);
    let wad = match input {
        None if later == 0 => bail!(
            "vault {} allocates nothing to operator {} from epoch {stops} on: nothing to take \
             back",
            c.vault,
            c.operator,
        ),
        None => later,
        Some(input) => allocation_wad(ctx, amount, input, &c.value)?,
    };
    // the vault program's own rule decides; the messages explain it
    if let Err(error) = c.delegation.check_decrease(wad, c.cur) {
        let refusal = would_refuse(&lrt_vault::ID, &error);
        if error == VaultError::ZeroAmount.into() {
            bail!("{refusal}\n{amount} is no allocation: nothing to take back");
        }
        bail!(
            "{refusal}\nvault {} allocates {} to operator {} from epoch {stops} on (after the \
             decreases already made), less than {}",
            c.vault,
            percent(u128::from(later)),
            c.operator,
            percent(u128::from(wad))
        );
    }
    let ix = build::undelegate(c.signer.pubkey(), c.vault, c.operator, wad);
    let sent = tx::send(ctx, "undelegation", &[ix], &c.signer, &[])?;
    let result = allocation_result(
        ctx,
        sent,
        &c.delegation,
        &c.value,
        c.cur,
        Some(-i128::from(wad)),
    )?;
    ctx.out.print(&result, |r| {
        let d = &r.delegation;
        let stops = d
            .decrease_stops_from_epoch
            .or(r.effective_from_epoch)
            .unwrap_or(AllocationHistory::decrease_stops_from(r.current_epoch));
        format!(
            "took back {} of vault {}'s allocation to operator {} during epoch {}: it still \
             counts for slashes captured through epoch {} and stops from epoch {}\nallocation: \
             {}\nfrom epoch {}: {} of the vault; vault allocated in all: {}",
            r.change.as_deref().unwrap_or("?").trim_start_matches('-'),
            d.vault,
            d.operator,
            r.current_epoch,
            stops.saturating_sub(1),
            stops,
            delegation_text(d),
            stops,
            d.allocation_later,
            r.vault_allocated
        )
    });
    Ok(())
}

fn set_limit(ctx: &Ctx, vault_text: &str, operator_text: &str, max: &str) -> Result<()> {
    let max_bps = parse_positive_bps(max, "--max")?;
    let c = allocation_change(ctx, vault_text, operator_text)?;
    let mut after = c.delegation.clone();
    after.allocation.roll(c.cur);
    if let Err(error) = after.set_limit(max_bps) {
        bail!(
            "{}\noperator {} is allocated {} of vault {} from epoch {} on; take allocation back \
             first (`lrt curator undelegate {} {} <FRACTION|SOL>`)",
            would_refuse(&lrt_vault::ID, &error),
            c.operator,
            percent(u128::from(after.allocation.committed())),
            c.vault,
            AllocationHistory::increase_counts_from(c.cur),
            c.vault,
            c.operator
        );
    }
    let ix = build::set_concentration_limit(c.signer.pubkey(), c.vault, c.operator, max_bps);
    let sent = tx::send(ctx, "concentration limit", &[ix], &c.signer, &[])?;
    let result = allocation_result(ctx, sent, &c.delegation, &c.value, c.cur, None)?;
    ctx.out.print(&result, |r| {
        let d = &r.delegation;
        format!(
            "operator {}'s concentration limit in vault {}: {} (was {})\nallocation: {}",
            d.operator,
            d.vault,
            d.max_share,
            r.previous_max_share.as_deref().unwrap_or("?"),
            delegation_text(d)
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

    fn delegation(max_bps: u16, allocation: u64) -> Delegation {
        Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps,
            allocation: AllocationHistory {
                epoch: 4,
                previous: allocation,
                current: allocation,
                next: allocation,
                later: allocation,
            },
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        }
    }

    const PCT: u64 = (WAD / 100) as u64;

    #[test]
    fn increases_are_checked_with_the_programs_rules() {
        let mut vault = crate::stake::tests::vault_worth(1_000);
        vault.allocations = delegation(10_000, 70 * PCT).allocation;
        // 20% allowed, 10% allocated: 10% more fits, 10.01% does not
        let d = delegation(2_000, 10 * PCT);
        assert!(check_increase(&d, &vault, 10 * PCT, 4).is_ok());
        let err = check_increase(&d, &vault, 10 * PCT + 1, 4)
            .unwrap_err()
            .to_string();
        assert!(err.contains("DelegationLimitExceeded"), "{err}");
        assert!(err.contains("at most 10% more"), "{err}");
        // the vault is 70% allocated: 30% more at most
        let d = delegation(10_000, 10 * PCT);
        assert!(check_increase(&d, &vault, 30 * PCT, 4).is_ok());
        let err = check_increase(&d, &vault, 31 * PCT, 4)
            .unwrap_err()
            .to_string();
        assert!(err.contains("AllocationExceedsVault"), "{err}");
        assert!(err.contains("at most 30% more"), "{err}");
    }

    #[test]
    fn the_change_counts_from_the_first_epoch_it_differs() {
        let before = delegation(10_000, 10 * PCT).allocation;
        let mut up = before;
        up.increase(PCT, 4).unwrap();
        assert_eq!(first_epoch_changed(&before, &up, 4), Some(5));
        let mut down = before;
        down.decrease(PCT, 4).unwrap();
        assert_eq!(first_epoch_changed(&before, &down, 4), Some(6));
        assert_eq!(first_epoch_changed(&before, &before, 4), None);
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
