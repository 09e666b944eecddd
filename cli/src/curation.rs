//! What the curator commands (`lrt curator ...`) share: the signer checked as the vault's
//! curator, an operator's delegation checked as whitelisted, positive limits, and an
//! allocation change read, sized, checked with the program's own rules and reported.
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
use lrt_client::{
    lrt_vault::state::{AllocationHistory, Delegation, Vault},
    pda,
    program_events::{ProgramEvent, VaultEvent},
};
use restaking_math::WAD;
use serde::Serialize;
use solana_keypair::Keypair;

use crate::{
    amount::{bps, parse_bps, percent, sol},
    chain,
    context::{require_signer, Ctx},
    errors::would_refuse,
    registry_accounts::resolve_operator,
    stake::{
        delegation_view, rolled, with_fresh_prices, AllocationInput, DelegationView, VaultValue,
    },
    tx::{self, Sent},
};

/// The signer, checked to be the curator of the vault `text` names.
pub fn curator_and_vault(ctx: &Ctx, text: &str) -> Result<(Keypair, Pubkey, Vault)> {
    let (vault, state) = chain::vault(ctx, text)?;
    let signer = ctx.signer()?;
    require_signer(&signer, &state.curator, "vault's curator")?;
    Ok((signer, vault, state))
}

/// The vault's delegation to `operator`, which exists once the curator whitelisted it.
pub fn whitelisted(ctx: &Ctx, vault: &Pubkey, operator: &Pubkey) -> Result<Delegation> {
    let key = pda::delegation(vault, operator);
    chain::fetch_opt::<Delegation>(ctx, &key, &lrt_vault::ID, "delegation")?.ok_or_else(|| {
        anyhow!(
            "operator {operator} is not whitelisted in vault {vault}; whitelist it first with \
             `lrt curator whitelist {vault} {operator}`"
        )
    })
}

/// A bps option that must be above zero (the programs refuse 0).
pub fn parse_positive_bps(text: &str, what: &str) -> Result<u16> {
    let value = parse_bps(text).with_context(|| what.to_string())?;
    if value == 0 {
        bail!("{what} must be above 0 (at least 1 bps, 0.01%)");
    }
    Ok(value)
}

/// What `delegate`, `undelegate` and `set-limit` report: the delegation after the change.
#[derive(Serialize)]
pub struct AllocationResult {
    #[serde(flatten)]
    pub sent: Sent,
    /// What this command changed, e.g. "+5%" or "-3.2786885245901639%" (null for
    /// set-limit), and as a signed WAD.
    pub change: Option<String>,
    pub change_wad: Option<String>,
    /// That change at the vault's slashable value now, in SOL (for an amount given in
    /// SOL, at most that amount).
    pub change_value_sol: Option<String>,
    /// The concentration limit before (set-limit only).
    pub previous_max_share: Option<String>,
    pub previous_max_bps: Option<u16>,
    pub current_epoch: u64,
    /// The first epoch the change counts in (an increase), or no longer counts in (a
    /// decrease).
    pub effective_from_epoch: Option<u64>,
    /// The vault's slashable value now, in SOL: what allocations are fractions of.
    pub slashable_value_sol: String,
    /// allocation_next x the slashable value now, in SOL.
    pub stake_next_at_current_value_sol: String,
    #[serde(flatten)]
    pub delegation: DelegationView,
    /// The vault's allocations summed over its operators, from the next epoch on.
    pub vault_allocated: String,
    pub vault_allocated_wad: String,
}

/// The first epoch from `cur` on in which `after` allocates differently than `before`.
pub fn first_epoch_changed(
    before: &AllocationHistory,
    after: &AllocationHistory,
    cur: u64,
) -> Option<u64> {
    (cur..=AllocationHistory::decrease_stops_from(cur))
        .find(|&e| before.at(e, e).ok() != after.at(e, e).ok())
}

/// What an allocation command's transaction left behind, read from the event it emitted
/// (not from accounts read afterwards, which a later transaction may have changed).
pub struct Landed {
    pub sent: Sent,
    /// The delegation after the change.
    pub after: Delegation,
    /// The vault's allocations summed over its operators, after the change.
    pub vault_allocations: AllocationHistory,
    /// The restaking epoch the change was made in.
    pub epoch: u64,
    /// The allocation added (positive) or taken back (negative), in WAD; `None` for a
    /// limit.
    pub change_wad: Option<i128>,
}

impl Landed {
    /// A `delegate` or `undelegate` that landed: its `DelegationChanged` event gives the
    /// change, the epoch and the vault's sums; the delegation is read after it (its
    /// decrease epoch is not in the event).
    pub fn allocation(
        ctx: &Ctx,
        landed: tx::Landed,
        what: &str,
        before: &Delegation,
    ) -> Result<Self> {
        let e = landed.event(what, "DelegationChanged", |e| match e {
            ProgramEvent::Vault(VaultEvent::DelegationChanged(e)) => Some(e),
            _ => None,
        })?;
        let (delta_wad, vault_allocations, epoch) = (e.delta_wad, e.vault_allocations, e.epoch);
        let after = Delegation {
            allocation: e.allocation,
            ..whitelisted(ctx, &before.vault, &before.operator)?
        };
        Ok(Self {
            sent: landed.sent,
            after,
            vault_allocations,
            epoch,
            change_wad: Some(delta_wad),
        })
    }

    /// A `set_concentration_limit` that landed: its `ConcentrationLimitSet` event; the
    /// allocations are those of `before` and `vault` (the limit changes no allocation).
    pub fn limit(
        landed: tx::Landed,
        what: &str,
        before: &Delegation,
        vault: &Vault,
        cur: u64,
    ) -> Result<Self> {
        let max_bps = landed.event(what, "ConcentrationLimitSet", |e| match e {
            ProgramEvent::Vault(VaultEvent::ConcentrationLimitSet(e)) => Some(e.max_bps),
            _ => None,
        })?;
        Ok(Self {
            sent: landed.sent,
            after: Delegation {
                max_bps,
                ..before.clone()
            },
            vault_allocations: vault.allocations,
            epoch: cur,
            change_wad: None,
        })
    }
}

/// What the command reports: the delegation and the vault after the change that `landed`,
/// valued by `value`.
pub fn allocation_result(
    ctx: &Ctx,
    landed: Landed,
    before: &Delegation,
    value: &VaultValue,
) -> Result<AllocationResult> {
    let Landed {
        sent,
        after,
        vault_allocations,
        epoch: cur,
        change_wad,
    } = landed;
    let state: Vault = chain::fetch_anchor(ctx, &value.key, &lrt_vault::ID, "vault")?;
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    let next = rolled(&after.allocation, cur).next;
    let allocated = rolled(&vault_allocations, cur).committed();
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
pub struct AllocationChange {
    pub signer: Keypair,
    pub vault: Pubkey,
    pub state: Vault,
    pub operator: Pubkey,
    pub delegation: Delegation,
    pub cur: u64,
    pub value: VaultValue,
}

pub fn allocation_change(
    ctx: &Ctx,
    vault_text: &str,
    operator_text: &str,
) -> Result<AllocationChange> {
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
pub fn allocation_wad(
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
pub fn check_increase(delegation: &Delegation, vault: &Vault, wad: u64, cur: u64) -> Result<()> {
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

#[cfg(test)]
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
