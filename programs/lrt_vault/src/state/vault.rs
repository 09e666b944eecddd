//! A vault: its LRT mint, roles, fee schedule and up to eight assets held inline.
//!
//! Must hold:
//! - `share_supply` equals the LRT mint's supply plus the bonded and insurance shares;
//! - per asset, the reserve balance >= `active_amount + queued_amount + escrowed_amount`
//!   (donations only raise the balance; the vault never reads it to value itself);
//! - slots `0..asset_count` are in use and have distinct mints; the rest are default.
use anchor_lang::prelude::*;

use crate::{
    constants::MAX_ASSETS,
    errors::{math, VaultError},
    events::VaultSnapshot,
    state::{AllocationHistory, WithdrawalBucket},
};

#[account]
#[derive(InitSpace, Debug)]
pub struct Vault {
    pub lrt_mint: Pubkey,
    /// Adds assets, sets caps and pauses; later whitelists operators and delegates.
    pub curator: Pubkey,
    /// Sets the vault's fees within the caps of Config.
    pub fee_admin: Pubkey,
    /// LRT account holding the seed deposit's shares; no instruction spends from it.
    pub dead_shares_account: Pubkey,
    /// LRT shares outstanding, the denominator of every share computation.
    /// Every share: the LRT supply plus the bonded and insurance shares below.
    pub share_supply: u64,
    /// Operators' bonds (internal ledger, first loss), counted in `share_supply`.
    pub bonded_shares: u64,
    /// The insurance fund (internal ledger, second loss), counted in `share_supply`.
    pub insurance_shares: u64,
    /// Sums of every delegation's allocation history (WAD): at most 1e18 (100% of the
    /// vault) in every epoch.
    pub allocations: AllocationHistory,
    /// The vault's fee on rewards (after the operator's commission), minted as shares.
    pub reward_fee_bps: u16,
    /// The insurance fund's part of that fee; the treasury gets the rest.
    pub insurance_cut_bps: u16,
    pub fees: FeeSchedule,
    pub deposits_paused: bool,
    pub withdrawals_paused: bool,
    /// Slashes that may still be cancelled: deposits wait, new buckets start slashed.
    pub slash_window: SlashWindow,
    /// A slash took the whole active pool while shares exist: deposits are closed for good
    /// (a cancel of that slash reopens them). Withdrawals and claims go on.
    pub wiped_out: bool,
    pub asset_count: u8,
    pub assets: [AssetSlot; MAX_ASSETS],
    pub bump: u8,
    pub reserved: [u8; 64],
}

/// How an asset is valued in lamports. The pricing account is pinned by address.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub enum PricingSource {
    /// Wrapped SOL: one lamport per raw unit; no pricing account.
    #[default]
    Wsol,
    /// An SPL stake pool (official or Sanctum deployment): total_lamports / pool supply.
    SplStakePool { pool: Pubkey },
    /// Marinade: the `msol_price` of its State account (2^32 fixed point).
    Marinade { state: Pubkey },
}

impl PricingSource {
    /// The account that must be passed to read this price, if any.
    pub fn pricing_account(&self) -> Option<Pubkey> {
        match self {
            PricingSource::Wsol => None,
            PricingSource::SplStakePool { pool } => Some(*pool),
            PricingSource::Marinade { state } => Some(*state),
        }
    }
}

#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct AssetSlot {
    pub mint: Pubkey,
    /// Vault-owned token account `["reserve", vault, mint]`.
    pub reserve: Pubkey,
    /// SPL Token or Token-2022, whichever owns `mint`.
    pub token_program: Pubkey,
    pub pricing: PricingSource,
    pub decimals: u8,
    /// Lamports per raw token unit, x 1e18.
    pub price_wad: u128,
    /// Solana epoch in which `price_wad` was read.
    pub price_epoch: u64,
    /// Backs the LRT shares.
    pub active_amount: u64,
    /// Moved into withdrawal buckets and not yet claimed.
    pub queued_amount: u64,
    /// Taken by slashes, waiting in the reserve to be swept (or returned by a cancel).
    pub escrowed_amount: u64,
    /// Rewards still vesting into `active_amount`, linearly until `vesting_end_slot`.
    pub unvested_amount: u64,
    /// Slot up to which vesting was last credited.
    pub vesting_last_slot: u64,
    pub vesting_end_slot: u64,
    /// Most `active_amount` may reach through deposits.
    pub deposit_cap: u64,
}

/// The vault's slashes that the registry may still cancel (DESIGN.md section 5, step 5).
///
/// A cancel gives every position that bore a slash exactly its part back and gives nothing
/// to positions created after the slash. So while a pro-rata slash (one that lowered the
/// share price) may be cancelled: the vault takes no deposits (they would buy at the
/// slashed price and gain from the cancel); a withdrawal request still goes through, at the
/// slashed price, into a bucket whose scale carries the slash (`factor_wad`), so a cancel
/// raises that bucket like the buckets the slash reached and the leaver gets its part back
/// too; the claims of every such bucket wait until no cancel can happen
/// (`WithdrawalBucket.hold_until_slot`), so all tickets of a bucket are paid at one rate.
/// Slashes the bond and the insurance fund covered leave the price alone and open no
/// window.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct SlashWindow {
    /// The window is open while `slot < until_slot`: the latest `resolve_after_slot` of
    /// the pro-rata slashes executed since it opened.
    pub until_slot: u64,
    /// Product of `1 - fraction` (WAD) of those slashes: the scale a bucket created now
    /// starts at.
    pub factor_wad: u128,
}

impl SlashWindow {
    pub fn is_open(&self, slot: u64) -> bool {
        slot < self.until_slot
    }

    /// The scale of a bucket created at `slot`: 1e18, or the window's factor while open.
    pub fn new_bucket_scale(&self, slot: u64) -> u128 {
        if self.is_open(slot) {
            self.factor_wad
        } else {
            restaking_math::INITIAL_BUCKET_SCALE
        }
    }

    /// A pro-rata slash of `fraction_wad`, executed at `slot`, cancellable before
    /// `resolve_after_slot`.
    pub fn record(&mut self, slot: u64, fraction_wad: u128, resolve_after_slot: u64) -> Result<()> {
        let factor = if self.is_open(slot) {
            self.factor_wad
        } else {
            restaking_math::WAD
        };
        self.factor_wad = math(restaking_math::slashed_scale_floor(factor, fraction_wad))?;
        self.until_slot = self.until_slot.max(resolve_after_slot);
        Ok(())
    }
}

/// Deposit and withdrawal fees. A decrease applies at once; an increase is parked in
/// `next_*` and applies from `next_effective_epoch`, so nobody is surprised mid-epoch.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct FeeSchedule {
    pub deposit_fee_bps: u16,
    pub withdrawal_fee_bps: u16,
    pub next_deposit_fee_bps: u16,
    pub next_withdrawal_fee_bps: u16,
    pub next_effective_epoch: u64,
}

impl FeeSchedule {
    /// Fees in force at restaking epoch `epoch`: `(deposit_bps, withdrawal_bps)`.
    pub fn effective_at(&self, epoch: u64) -> (u16, u16) {
        if epoch >= self.next_effective_epoch {
            (self.next_deposit_fee_bps, self.next_withdrawal_fee_bps)
        } else {
            (self.deposit_fee_bps, self.withdrawal_fee_bps)
        }
    }

    /// Sets new fees at `epoch`: each one that is not above the fee in force applies now;
    /// each increase applies from `epoch + 1`.
    pub fn set(&mut self, deposit_fee_bps: u16, withdrawal_fee_bps: u16, epoch: u64) {
        let (deposit_now, withdrawal_now) = self.effective_at(epoch);
        self.deposit_fee_bps = deposit_fee_bps.min(deposit_now);
        self.withdrawal_fee_bps = withdrawal_fee_bps.min(withdrawal_now);
        self.next_deposit_fee_bps = deposit_fee_bps;
        self.next_withdrawal_fee_bps = withdrawal_fee_bps;
        self.next_effective_epoch = epoch.saturating_add(1);
    }
}

impl Vault {
    pub fn assets(&self) -> &[AssetSlot] {
        &self.assets[..self.asset_count as usize]
    }

    pub fn asset(&self, index: u8) -> Result<&AssetSlot> {
        self.assets()
            .get(index as usize)
            .ok_or_else(|| error!(VaultError::UnknownAsset))
    }

    pub fn asset_mut(&mut self, index: u8) -> Result<&mut AssetSlot> {
        let count = self.asset_count as usize;
        self.assets[..count]
            .get_mut(index as usize)
            .ok_or_else(|| error!(VaultError::UnknownAsset))
    }

    pub fn has_asset(&self, mint: &Pubkey) -> bool {
        self.assets().iter().any(|a| a.mint == *mint)
    }

    /// Appends an asset slot; fails when all eight are used or the mint is already held.
    pub fn push_asset(&mut self, slot: AssetSlot) -> Result<u8> {
        require!(!self.has_asset(&slot.mint), VaultError::DuplicateAsset);
        require!(
            (self.asset_count as usize) < MAX_ASSETS,
            VaultError::TooManyAssets
        );
        let index = self.asset_count;
        self.assets[index as usize] = slot;
        self.asset_count += 1;
        Ok(index)
    }

    /// Whether a deposit may be made at `slot` (pauses aside): not while a slash of the
    /// vault may still be cancelled (`DepositsAwaitSlashResolution`, until
    /// `slash_window.until_slot`), and never again once a slash wiped the pool out
    /// (`VaultWipedOut`). Pure: the instruction logs the slot, clients show it.
    pub fn check_deposits_open(&self, slot: u64) -> Result<()> {
        // a cancel may still undo a wipe: the window speaks first
        require!(
            !self.slash_window.is_open(slot),
            VaultError::DepositsAwaitSlashResolution
        );
        require!(!self.wiped_out, VaultError::VaultWipedOut);
        Ok(())
    }

    /// Whether the allocations' sums stay within 100% of the vault from the next epoch on.
    pub fn check_allocations_within_vault(&self) -> Result<()> {
        require_gte!(
            restaking_math::WAD,
            u128::from(self.allocations.committed()),
            VaultError::AllocationExceedsVault
        );
        Ok(())
    }

    /// The value a slash captured at some epoch can reach: the active pool plus the
    /// slashable buckets given (those of epochs c+1 and c+2 that exist), at the cached
    /// prices, in WAD-lamports. The caller accrues vesting first and requires fresh prices.
    pub fn slashable_value_wad(&self, buckets: &[Option<WithdrawalBucket>]) -> Result<u128> {
        let mut value = self.active_value_wad()?;
        for bucket in buckets.iter().flatten() {
            let mut pairs = [(0u64, 0u128); MAX_ASSETS];
            for (k, pair) in pairs.iter_mut().enumerate().take(self.asset_count as usize) {
                let amount = math(restaking_math::scaled_amount_floor(
                    bucket.unscaled_amounts[k],
                    bucket.scale_wad,
                ))?;
                *pair = (amount, self.assets[k].price_wad);
            }
            let bucket_value = math(restaking_math::basket_value_wad(
                &pairs[..self.asset_count as usize],
            ))?;
            value = value
                .checked_add(bucket_value)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
        }
        Ok(value)
    }

    /// An operator's stake in lamports: its allocation (WAD) times the slashable value
    /// (see [`Vault::slashable_value_wad`]), rounded down.
    pub fn allocated_stake(
        &self,
        allocation_wad: u64,
        buckets: &[Option<WithdrawalBucket>],
    ) -> Result<u64> {
        math(restaking_math::allocated_stake_floor(
            self.slashable_value_wad(buckets)?,
            allocation_wad,
        ))
    }

    /// Every asset's cached price was read in Solana epoch `solana_epoch`.
    pub fn require_fresh_prices(&self, solana_epoch: u64) -> Result<()> {
        require!(
            self.assets().iter().all(|a| a.price_epoch == solana_epoch),
            VaultError::StalePrice
        );
        Ok(())
    }

    /// Value of the active pool at the cached prices, in WAD-lamports. Callers that
    /// price anything must call `require_fresh_prices` first.
    pub fn active_value_wad(&self) -> Result<u128> {
        let pairs: [(u64, u128); MAX_ASSETS] =
            core::array::from_fn(|i| (self.assets[i].active_amount, self.assets[i].price_wad));
        math(restaking_math::basket_value_wad(
            &pairs[..self.asset_count as usize],
        ))
    }

    /// The numbers a chart or indexer needs, taken after a state change.
    /// Credits every asset's rewards vested up to `now_slot` to its active pool: the
    /// remaining unvested amount vests linearly from the last credit to the end slot.
    /// Everything that reads the pool's value calls this first, so a deposit always pays
    /// for the rewards already earned and none still to come.
    pub fn accrue_vesting(&mut self, now_slot: u64) -> Result<()> {
        let count = self.asset_count as usize;
        for slot in self.assets[..count].iter_mut() {
            if slot.unvested_amount == 0 || now_slot <= slot.vesting_last_slot {
                continue;
            }
            let duration = slot.vesting_end_slot.saturating_sub(slot.vesting_last_slot);
            let vested = math(restaking_math::vested_floor(
                slot.unvested_amount,
                slot.vesting_last_slot,
                duration,
                now_slot,
            ))?;
            slot.unvested_amount -= vested;
            slot.active_amount = slot
                .active_amount
                .checked_add(vested)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            slot.vesting_last_slot = now_slot;
        }
        Ok(())
    }

    /// The active pool's value in whole lamports, rounded down (limits on delegations).
    pub fn active_value_lamports_floor(&self) -> Result<u64> {
        math(restaking_math::lamports_floor(self.active_value_wad()?))
    }

    pub fn snapshot(&self) -> VaultSnapshot {
        VaultSnapshot {
            share_supply: self.share_supply,
            // None only when cached prices are so extreme the value overflows u128.
            active_value_wad: self.active_value_wad().ok(),
            asset_count: self.asset_count,
            active_amounts: self.assets.map(|a| a.active_amount),
            queued_amounts: self.assets.map(|a| a.queued_amount),
            escrowed_amounts: self.assets.map(|a| a.escrowed_amount),
            unvested_amounts: self.assets.map(|a| a.unvested_amount),
            bonded_shares: self.bonded_shares,
            insurance_shares: self.insurance_shares,
            prices_wad: self.assets.map(|a| a.price_wad),
            price_epochs: self.assets.map(|a| a.price_epoch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::{AccountSerialize, Discriminator};

    #[test]
    fn declared_space_matches_serialized_size() {
        let mut vault = Vault {
            lrt_mint: Pubkey::default(),
            curator: Pubkey::default(),
            fee_admin: Pubkey::default(),
            dead_shares_account: Pubkey::default(),
            share_supply: 0,
            bonded_shares: 0,
            insurance_shares: 0,
            allocations: AllocationHistory::default(),
            reward_fee_bps: 0,
            insurance_cut_bps: 0,
            fees: FeeSchedule::default(),
            deposits_paused: false,
            withdrawals_paused: false,
            slash_window: SlashWindow::default(),
            wiped_out: false,
            asset_count: 0,
            assets: [AssetSlot::default(); MAX_ASSETS],
            bump: 0,
            reserved: [0; 64],
        };
        // The largest enum variant decides the space.
        vault.assets = [AssetSlot {
            pricing: PricingSource::SplStakePool {
                pool: Pubkey::default(),
            },
            ..AssetSlot::default()
        }; MAX_ASSETS];
        let mut bytes = Vec::new();
        vault.try_serialize(&mut bytes).unwrap();
        assert_eq!(bytes.len(), Vault::DISCRIMINATOR.len() + Vault::INIT_SPACE);
    }

    #[test]
    fn fee_decrease_applies_now_and_increase_next_epoch() {
        let mut fees = FeeSchedule::default();
        fees.set(50, 30, 10);
        assert_eq!(fees.effective_at(10), (0, 0));
        assert_eq!(fees.effective_at(11), (50, 30));
        fees.set(20, 40, 11);
        // deposit fee dropped 50 -> 20 at once; withdrawal 30 -> 40 waits one epoch
        assert_eq!(fees.effective_at(11), (20, 30));
        assert_eq!(fees.effective_at(12), (20, 40));
    }
}
