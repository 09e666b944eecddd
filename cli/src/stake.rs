//! An operator's stake in a vault as the programs compute it (DESIGN.md section 5): its
//! allocation, a WAD fraction of the vault, times the vault's slashable value (the active
//! pool plus the withdrawal buckets a capture reaches), through the vault's own
//! `Vault::slashable_value_wad` and `Vault::allocated_stake`; the one view of a delegation
//! that every command prints; and allocations as curators type them.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::state::{AllocationHistory, Delegation, Vault, WithdrawalBucket},
    pda,
    program_events::{ProgramEvent, VaultEvent},
};
use restaking_math::{MathError, WAD};
use serde::Serialize;
use solana_keypair::Keypair;

use crate::{
    amount::{bps, parse_amount, parse_fraction, percent, sol, sol_from_wad},
    chain,
    context::Ctx,
    tx,
};

/// A vault valued for a slash captured at some epoch `c`, as `execute_slash` values it:
/// vesting credited to the slot it was read at, the cached prices, and the withdrawal
/// buckets of epochs `c + 1` and `c + 2` where they exist. For "now", the capture is the
/// current epoch (its bucket `cur + 2` cannot exist yet).
pub struct VaultValue {
    pub key: Pubkey,
    pub vault: Vault,
    pub buckets: [Option<WithdrawalBucket>; 2],
    /// Active pool plus those buckets, in WAD-lamports (`Vault::slashable_value_wad`).
    pub slashable_value_wad: u128,
}

impl VaultValue {
    /// Values `state` (the vault at `key`) for a capture at `capture`, at `slot`.
    pub fn read(ctx: &Ctx, key: Pubkey, mut state: Vault, capture: u64, slot: u64) -> Result<Self> {
        accrue(ctx, &mut state, slot)?;
        let buckets = [
            bucket(ctx, &key, capture.saturating_add(1))?,
            bucket(ctx, &key, capture.saturating_add(2))?,
        ];
        Self::new(key, state, buckets)
    }

    /// Values a vault already credited with its vesting, with the buckets given.
    pub fn new(key: Pubkey, vault: Vault, buckets: [Option<WithdrawalBucket>; 2]) -> Result<Self> {
        let slashable_value_wad = vault
            .slashable_value_wad(&buckets)
            .map_err(|e| anyhow!("cannot value vault {key}: {e}"))?;
        Ok(Self {
            key,
            vault,
            buckets,
            slashable_value_wad,
        })
    }

    /// The stake `allocation_wad` puts behind an operator, in lamports (rounded down).
    pub fn stake(&self, allocation_wad: u64) -> Result<u64> {
        self.vault
            .allocated_stake(allocation_wad, &self.buckets)
            .map_err(|e| anyhow!("cannot compute the stake in vault {}: {e}", self.key))
    }

    pub fn slashable_value_sol(&self) -> String {
        sol_from_wad(self.slashable_value_wad)
    }
}

/// Credits the rewards of `state` vested by `slot` to its active pool, as the next
/// instruction will (`Vault::accrue_vesting`, with the Config's epoch length): what a vault
/// is worth now.
pub fn accrue(ctx: &Ctx, state: &mut Vault, slot: u64) -> Result<()> {
    let epoch_length = chain::config(ctx)?.epoch_length;
    state
        .accrue_vesting(slot, epoch_length)
        .map_err(|e| anyhow!("cannot credit the vault's vesting: {e}"))
}

/// The vault's withdrawal bucket of `epoch`, if a request created it.
fn bucket(ctx: &Ctx, vault: &Pubkey, epoch: u64) -> Result<Option<WithdrawalBucket>> {
    chain::fetch_opt::<WithdrawalBucket>(
        ctx,
        &pda::bucket(vault, epoch),
        &lrt_vault::ID,
        "withdrawal bucket",
    )
}

/// `state` with the prices a `refresh_prices` in the same transaction would cache, if its
/// cached prices are from an earlier Solana epoch: the refresh is simulated with `payer`
/// (nothing is sent). Instructions that value the vault refresh first, so their preview
/// must too.
pub fn with_fresh_prices(ctx: &Ctx, state: &Vault, payer: &Keypair) -> Result<Vault> {
    let solana_epoch = ctx
        .rpc
        .get_epoch_info()
        .with_context(|| format!("cannot read the Solana epoch from {}", ctx.url))?
        .epoch;
    if state.require_fresh_prices(solana_epoch).is_ok() {
        return Ok(state.clone());
    }
    let refresh = build::refresh_prices(state);
    let events = tx::simulate_events(
        ctx,
        "price refresh",
        std::slice::from_ref(&refresh),
        payer,
        &[],
    )?;
    let mut fresh = state.clone();
    if let Some(refreshed) = events.iter().find_map(|e| match e {
        ProgramEvent::Vault(VaultEvent::PricesRefreshed(e)) => Some(e),
        _ => None,
    }) {
        for (slot, price) in fresh
            .assets
            .iter_mut()
            .zip(refreshed.snapshot.prices_wad)
            .take(state.asset_count as usize)
        {
            slot.price_wad = price;
        }
    }
    Ok(fresh)
}

/// `history` moved forward to epoch `cur` (`AllocationHistory::roll`).
pub fn rolled(history: &AllocationHistory, cur: u64) -> AllocationHistory {
    let mut rolled = *history;
    rolled.roll(cur);
    rolled
}

/// A vault's sums of allocations (`Vault.allocations`), at the current epoch.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct AllocationsView {
    /// Counted this epoch (what a slash captured now reaches), e.g. "60%".
    pub current: String,
    pub current_wad: String,
    /// Counted next epoch (increases made this epoch included).
    pub next: String,
    pub next_wad: String,
    /// From the epoch after next on, once every pending change applies.
    pub later: String,
    pub later_wad: String,
}

pub fn allocations_view(history: &AllocationHistory, cur: u64) -> AllocationsView {
    let h = rolled(history, cur);
    AllocationsView {
        current: percent(u128::from(h.current)),
        current_wad: h.current.to_string(),
        next: percent(u128::from(h.next)),
        next_wad: h.next.to_string(),
        later: percent(u128::from(h.later)),
        later_wad: h.later.to_string(),
    }
}

/// A vault's allocation to one operator, as every command shows it.
#[derive(Serialize, Debug)]
pub struct DelegationView {
    pub vault: String,
    pub lrt_symbol: String,
    pub operator: String,
    /// Fraction of the vault's slashable value allocated this epoch: what a slash captured
    /// now reaches, e.g. "30%".
    pub allocation_current: String,
    pub allocation_current_wad: String,
    /// Next epoch (an increase made this epoch counts from then).
    pub allocation_next: String,
    pub allocation_next_wad: String,
    /// From the epoch after next on (a decrease stops counting then).
    pub allocation_later: String,
    pub allocation_later_wad: String,
    /// A decrease still counts: the first epoch it no longer does (null if none).
    pub decrease_stops_from_epoch: Option<u64>,
    /// allocation now x the vault's slashable value now, in SOL.
    pub stake_current_sol: String,
    /// Concentration limit: most of the vault the operator may be allocated.
    pub max_share: String,
    pub max_bps: u16,
    pub slashed_total_sol: String,
}

/// The view of `delegation` at epoch `cur`; `value` is its vault valued for a capture now.
pub fn delegation_view(
    delegation: &Delegation,
    value: &VaultValue,
    cur: u64,
    lrt_symbol: &str,
) -> Result<DelegationView> {
    let h = rolled(&delegation.allocation, cur);
    let wad = |x: u64| x.to_string();
    Ok(DelegationView {
        vault: delegation.vault.to_string(),
        lrt_symbol: lrt_symbol.to_string(),
        operator: delegation.operator.to_string(),
        allocation_current: percent(u128::from(h.current)),
        allocation_current_wad: wad(h.current),
        allocation_next: percent(u128::from(h.next)),
        allocation_next_wad: wad(h.next),
        allocation_later: percent(u128::from(h.later)),
        allocation_later_wad: wad(h.later),
        decrease_stops_from_epoch: delegation.pending_decrease_stops_from(cur),
        stake_current_sol: sol(value.stake(h.current)?),
        max_share: bps(delegation.max_bps),
        max_bps: delegation.max_bps,
        slashed_total_sol: sol(delegation.slashed_total),
    })
}

/// One line of a delegation for tables: "now 30% (91.5 SOL), next epoch 30%, ...".
pub fn delegation_text(d: &DelegationView) -> String {
    let mut t = format!("now {} ({} SOL)", d.allocation_current, d.stake_current_sol);
    if d.allocation_next != d.allocation_current {
        t.push_str(&format!(", next epoch {}", d.allocation_next));
    }
    if d.allocation_later != d.allocation_next {
        t.push_str(&format!(", then {}", d.allocation_later));
    }
    if let Some(from) = d.decrease_stops_from_epoch {
        t.push_str(&format!(" (the decrease stops counting from epoch {from})"));
    }
    t.push_str(&format!(
        ", max {}, slashed {} SOL",
        d.max_share, d.slashed_total_sol
    ));
    t
}

/// An allocation as a curator types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocationInput {
    /// A fraction of the vault (`5%`, `500bps`), in WAD.
    Fraction(u64),
    /// An amount of SOL (`10`, `10SOL`), in lamports, turned into the fraction of the
    /// vault's slashable value it is worth now.
    Sol(u64),
}

/// `5%` and `500bps` are fractions of the vault; anything else is SOL: `10`, `2.5`,
/// `10SOL`. (A bare `0.05` is 0.05 SOL, not 5%: write `5%`.)
pub fn parse_allocation(text: &str) -> Result<AllocationInput> {
    let trimmed = text.trim();
    if trimmed.ends_with('%') || trimmed.ends_with("bps") {
        let wad = parse_fraction(trimmed)?;
        // parse_fraction returns at most 1e18, which fits
        return Ok(AllocationInput::Fraction(u64::try_from(wad)?));
    }
    let number = trimmed
        .strip_suffix("SOL")
        .or_else(|| trimmed.strip_suffix("sol"))
        .unwrap_or(trimmed)
        .trim();
    parse_amount(number, 9, "SOL")
        .map(AllocationInput::Sol)
        .map_err(|_| {
            anyhow!(
                "malformed allocation {text:?}: write a fraction of the vault with % or bps (5%, \
             500bps) or an amount of SOL (10, 2.5 or 10SOL)"
            )
        })
}

impl AllocationInput {
    /// The allocation in WAD; an amount of SOL is `floor(amount / slashable value)`
    /// (`restaking_math::allocation_for_value_floor`), so it never puts more than the
    /// amount behind the operator at today's value.
    pub fn to_wad(self, slashable_value_wad: u128) -> Result<u64> {
        match self {
            AllocationInput::Fraction(wad) => Ok(wad),
            AllocationInput::Sol(lamports) => {
                let amount_wad = u128::from(lamports) * WAD;
                let wad = match restaking_math::allocation_for_value_floor(
                    amount_wad,
                    slashable_value_wad,
                ) {
                    Ok(wad) => wad,
                    Err(MathError::VaultValueIsZero) => bail!(
                        "the vault has no slashable value, so {} SOL is no fraction of it; give \
                         a fraction instead (5%)",
                        sol(lamports)
                    ),
                    Err(MathError::InvalidFraction) => bail!(
                        "{} SOL is more than the vault's slashable value ({} SOL)",
                        sol(lamports),
                        sol_from_wad(slashable_value_wad)
                    ),
                    Err(e) => bail!(
                        "cannot turn {} SOL into an allocation: {e:?}",
                        sol(lamports)
                    ),
                };
                if wad == 0 {
                    bail!(
                        "{} SOL is less than the smallest allocation (1e-18 of the vault's {} SOL)",
                        sol(lamports),
                        sol_from_wad(slashable_value_wad)
                    );
                }
                Ok(wad)
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use lrt_client::lrt_vault::{
        constants::MAX_ASSETS,
        state::{AssetSlot, FeeSchedule, SlashWindow},
    };

    /// A vault of one asset priced at one lamport per unit, worth `lamports`.
    pub(crate) fn vault_worth(lamports: u64) -> Vault {
        let mut assets = [AssetSlot::default(); MAX_ASSETS];
        assets[0].active_amount = lamports;
        assets[0].price_wad = WAD;
        Vault {
            lrt_mint: Pubkey::default(),
            curator: Pubkey::default(),
            fee_admin: Pubkey::default(),
            pending_curator: None,
            pending_fee_admin: None,
            dead_shares_account: Pubkey::default(),
            share_supply: lamports,
            bonded_shares: 0,
            insurance_shares: 0,
            treasury_shares: 0,
            allocations: AllocationHistory::default(),
            insurance_cut_bps: 0,
            fees: FeeSchedule::default(),
            deposits_paused: false,
            withdrawals_paused: false,
            slash_window: SlashWindow::default(),
            wiped_out: false,
            asset_count: 1,
            assets,
            bump: 0,
            reserved: [0; 64],
        }
    }

    fn history(epoch: u64, values: [u64; 4]) -> AllocationHistory {
        AllocationHistory {
            epoch,
            previous: values[0],
            current: values[1],
            next: values[2],
            later: values[3],
        }
    }

    #[test]
    fn fractions_have_a_unit_and_everything_else_is_sol() {
        assert_eq!(
            parse_allocation("5%").unwrap(),
            AllocationInput::Fraction((WAD / 20) as u64)
        );
        assert_eq!(
            parse_allocation("500bps").unwrap(),
            AllocationInput::Fraction((WAD / 20) as u64)
        );
        assert_eq!(
            parse_allocation("10").unwrap(),
            AllocationInput::Sol(10_000_000_000)
        );
        assert_eq!(
            parse_allocation("10SOL").unwrap(),
            AllocationInput::Sol(10_000_000_000)
        );
        assert_eq!(
            parse_allocation("0.05").unwrap(),
            AllocationInput::Sol(50_000_000)
        );
        for bad in ["", "ten", "5 %x", "-1", "101%"] {
            assert!(parse_allocation(bad).is_err(), "{bad}");
        }
        let err = parse_allocation("ten").unwrap_err().to_string();
        assert!(err.contains("5%, 500bps") && err.contains("10SOL"), "{err}");
    }

    #[test]
    fn sol_becomes_the_fraction_of_the_value_rounded_down() {
        let sol = 1_000_000_000u128;
        let value = 305 * sol * WAD;
        assert_eq!(
            AllocationInput::Sol(10_000_000_000).to_wad(value).unwrap(),
            32_786_885_245_901_639
        );
        assert_eq!(
            AllocationInput::Fraction(7).to_wad(value).unwrap(),
            7,
            "a fraction is taken as is"
        );
        let err = AllocationInput::Sol(400_000_000_000)
            .to_wad(value)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("more than the vault's slashable value (305 SOL)"),
            "{err}"
        );
        assert!(AllocationInput::Sol(1).to_wad(0).is_err());
    }

    #[test]
    fn the_stake_is_the_allocation_of_the_slashable_value() {
        let value = VaultValue::new(Pubkey::default(), vault_worth(1_000), [None, None]).unwrap();
        assert_eq!(value.slashable_value_wad, 1_000 * WAD);
        assert_eq!(value.stake((WAD / 10) as u64).unwrap(), 100);
        let d = Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 5_000,
            allocation: history(3, [0, (WAD / 5) as u64, (WAD / 4) as u64, (WAD / 4) as u64]),
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        };
        let view = delegation_view(&d, &value, 3, "xSOL").unwrap();
        assert_eq!(view.allocation_current, "20%");
        assert_eq!(view.allocation_next, "25%");
        assert_eq!(view.stake_current_sol, "0.0000002");
        assert_eq!(view.decrease_stops_from_epoch, None);
        assert_eq!(view.max_share, "50%");
    }

    #[test]
    fn vault_sums_are_shown_at_the_current_epoch() {
        let h = history(4, [0, 0, (WAD / 2) as u64, (WAD / 2) as u64]);
        let v = allocations_view(&h, 5);
        assert_eq!(v.current, "50%");
        assert_eq!(v.next_wad, (WAD / 2).to_string());
    }
}
