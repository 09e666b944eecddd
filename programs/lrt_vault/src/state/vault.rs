//! A vault: its LRT mint, roles, fee schedule and up to eight assets held inline.
//!
//! Must hold:
//! - `share_supply` equals the LRT mint's supply plus the bonded, insurance and treasury
//!   shares (ledgers inside the vault: no user flow ever transfers LRT to an account a
//!   third party controls);
//! - per asset, the reserve balance >= `active_amount + queued_amount + escrowed_amount`
//!   plus the unvested rewards (donations only raise the balance; the vault never reads
//!   it to value itself);
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
    /// Adds assets, sets caps and pauses; whitelists operators and allocates to them.
    pub curator: Pubkey,
    /// Sets the vault's fees within the caps of Config.
    pub fee_admin: Pubkey,
    /// Proposed curator and fee admin: each takes the role only by accepting it (a role
    /// is never given to a key that did not sign for it).
    pub pending_curator: Option<Pubkey>,
    pub pending_fee_admin: Option<Pubkey>,
    /// LRT account holding the seed deposit's shares; no instruction spends from it.
    pub dead_shares_account: Pubkey,
    /// LRT shares outstanding, the denominator of every share computation.
    /// Every share: the LRT supply plus the bonded and insurance shares below.
    pub share_supply: u64,
    /// Operators' bonds (internal ledger, first loss), counted in `share_supply`.
    pub bonded_shares: u64,
    /// The insurance fund (internal ledger, second loss), counted in `share_supply`.
    pub insurance_shares: u64,
    /// Fees owed to the treasury (internal ledger), counted in `share_supply`; the
    /// treasury turns them into LRT with `claim_treasury_fees`.
    pub treasury_shares: u64,
    /// Sums of every delegation's allocation history (WAD): at most 1e18 (100% of the
    /// vault) in every epoch.
    pub allocations: AllocationHistory,
    /// The insurance fund's part of the reward fee; the treasury gets the rest.
    pub insurance_cut_bps: u16,
    /// Deposit, withdrawal and reward fees, with their announced changes.
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
    /// Rewards on their way into `active_amount`: what is paid during epoch `e` vests over
    /// `e + 1` (`restaking_math::VestingCohorts`).
    pub rewards: RewardVesting,
    /// Most `active_amount` may reach through deposits.
    pub deposit_cap: u64,
}

impl AssetSlot {
    /// How much more a deposit may bring in before the cap (0 once it is reached, or if
    /// the cap was lowered below what is already in).
    pub fn deposit_room(&self) -> u64 {
        self.deposit_cap.saturating_sub(self.active_amount)
    }

    /// Whether a deposit of `amount` stays within the asset's deposit cap.
    pub fn check_deposit_room(&self, amount: u64) -> Result<()> {
        let after = self
            .active_amount
            .checked_add(amount)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        require_gte!(self.deposit_cap, after, VaultError::DepositCapExceeded);
        Ok(())
    }
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

    /// `value_wad` scaled as the pool is while the window is open: times its factor
    /// (rounded down), so a value paid in now buys shares at the price every slash of the
    /// window being cancelled would restore. Fee shares minted at the slashed price would
    /// gain from a cancel what the holders who bore the slash lose (deposits wait for the
    /// window to close for the same reason); if the slashes stand, the shares were priced
    /// low and the other holders keep the difference.
    pub fn at_restored_price_floor(&self, value_wad: u128, slot: u64) -> Result<u128> {
        math(restaking_math::mul_div_floor(
            value_wad,
            self.new_bucket_scale(slot),
            restaking_math::WAD,
        ))
    }

    /// A cancelled slash of `fraction_wad` leaves the window's factor (buckets created
    /// from now on were never touched by it); the window keeps its end.
    pub fn undo(&mut self, slot: u64, fraction_wad: u128) -> Result<()> {
        if self.is_open(slot) && fraction_wad < restaking_math::WAD {
            self.factor_wad = math(restaking_math::unslashed_scale_floor(
                self.factor_wad,
                fraction_wad,
            ))?;
        }
        Ok(())
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

/// The vault's fees, in bps: on deposits (shares), on withdrawal requests (shares) and on
/// rewards (after the operator's commission).
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct Fees {
    pub deposit_bps: u16,
    pub withdrawal_bps: u16,
    pub reward_bps: u16,
}

/// Fees with their announced change (DESIGN.md invariant 10): a decrease applies at once;
/// an increase made during epoch `e` applies from `e + 2`
/// (`restaking_math::effective_epoch`), so a full epoch always lies between the
/// announcement and the higher fee, however late in `e` it was made. Users also name the
/// most they accept (`max_fee_bps`), so a change can never surprise a signed transaction.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct FeeSchedule {
    pub current: Fees,
    pub next: Fees,
    pub effective_epoch: u64,
}

impl FeeSchedule {
    /// The fees in force during restaking epoch `epoch`.
    pub fn at(&self, epoch: u64) -> Fees {
        restaking_math::in_force(self.current, self.next, self.effective_epoch, epoch)
    }

    /// Sets new fees during `epoch`: each one not above the fee in force applies now; each
    /// increase from `epoch + 2`. Announcing again exactly what is pending keeps its epoch
    /// (a fee admin touching another fee does not delay it); any other change restarts the
    /// notice.
    pub fn set(&mut self, new: Fees, epoch: u64) {
        let now = self.at(epoch);
        let pending_again = new == self.next && epoch < self.effective_epoch;
        self.current = Fees {
            deposit_bps: new.deposit_bps.min(now.deposit_bps),
            withdrawal_bps: new.withdrawal_bps.min(now.withdrawal_bps),
            reward_bps: new.reward_bps.min(now.reward_bps),
        };
        self.next = new;
        if !pending_again {
            self.effective_epoch = restaking_math::effective_epoch(epoch);
        }
    }
}

/// Refuses a fee above what the user accepted (`FeeAboveMaximum`).
pub fn check_fee_accepted(fee_bps: u16, max_fee_bps: u16) -> Result<()> {
    require_gte!(max_fee_bps, fee_bps, VaultError::FeeAboveMaximum);
    Ok(())
}

/// An asset's rewards on their way into the pool: the account form of
/// `restaking_math::VestingCohorts`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct RewardVesting {
    pub pending: u64,
    pub pending_epoch: u64,
    pub vesting: u64,
    pub vesting_epoch: u64,
    pub vested: u64,
}

impl RewardVesting {
    pub fn cohorts(&self) -> restaking_math::VestingCohorts {
        restaking_math::VestingCohorts {
            pending: self.pending,
            pending_epoch: self.pending_epoch,
            vesting: self.vesting,
            vesting_epoch: self.vesting_epoch,
            vested: self.vested,
        }
    }

    pub fn store(&mut self, c: restaking_math::VestingCohorts) {
        *self = RewardVesting {
            pending: c.pending,
            pending_epoch: c.pending_epoch,
            vesting: c.vesting,
            vesting_epoch: c.vesting_epoch,
            vested: c.vested,
        };
    }

    /// Paid and not yet in the pool (part of what the reserve must hold).
    pub fn unvested(&self) -> Result<u64> {
        math(self.cohorts().unvested())
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

    /// Whether deposits are switched on: the protocol is not paused (`ProtocolPaused`), then
    /// the vault's deposits are not paused (`DepositsPaused`).
    pub fn check_deposits_unpaused(&self, config: &crate::state::Config) -> Result<()> {
        config.check_unpaused()?;
        require!(!self.deposits_paused, VaultError::DepositsPaused);
        Ok(())
    }

    /// Whether withdrawal requests are switched on: the protocol is not paused
    /// (`ProtocolPaused`), then the vault's withdrawals are not paused (`WithdrawalsPaused`).
    pub fn check_withdrawals_unpaused(&self, config: &crate::state::Config) -> Result<()> {
        config.check_unpaused()?;
        require!(!self.withdrawals_paused, VaultError::WithdrawalsPaused);
        Ok(())
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

    /// Credits every asset's rewards vested up to `now_slot` to its active pool (see
    /// `RewardVesting`). Everything that reads the pool's value calls this first, so a
    /// deposit always pays for the rewards already earned and none still to come.
    pub fn accrue_vesting(&mut self, now_slot: u64, epoch_length: u64) -> Result<()> {
        let count = self.asset_count as usize;
        for slot in self.assets[..count].iter_mut() {
            let mut cohorts = slot.rewards.cohorts();
            let vested = math(cohorts.accrue(now_slot, epoch_length))?;
            slot.rewards.store(cohorts);
            slot.active_amount = slot
                .active_amount
                .checked_add(vested)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
        }
        Ok(())
    }

    /// The value a deposit buys into, in WAD-lamports: the active pool at the cached
    /// prices, plus a margin on every Marinade-priced asset
    /// (`restaking_math::marinade_staleness_margin_ceil`). Marinade's `msol_price` catches
    /// up with each epoch's rewards only as its keepers update it, stake account by stake
    /// account, and nothing in its `State` says when that is done; the margin makes a
    /// deposit pay for the update it could be racing, so it cannot take the mSOL holders'
    /// yield (see the function's docs for the bound).
    pub fn deposit_value_wad(&self) -> Result<u128> {
        let mut value = self.active_value_wad()?;
        for slot in self.assets() {
            if let PricingSource::Marinade { .. } = slot.pricing {
                let held = math(restaking_math::asset_value_wad(
                    slot.active_amount,
                    slot.price_wad,
                ))?;
                let margin = math(restaking_math::marinade_staleness_margin_ceil(held))?;
                value = value
                    .checked_add(margin)
                    .ok_or_else(|| error!(VaultError::MathOverflow))?;
            }
        }
        Ok(value)
    }

    /// Whether `signer` may pause this vault: its curator, the protocol's pauser or the
    /// config admin.
    pub fn check_pauser(&self, signer: &Pubkey, config: &crate::state::Config) -> Result<()> {
        require!(
            *signer == self.curator || *signer == config.pauser || *signer == config.admin,
            VaultError::NotPauser
        );
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
            unvested_amounts: self
                .assets
                .map(|a| a.rewards.unvested().unwrap_or(u64::MAX)),
            bonded_shares: self.bonded_shares,
            insurance_shares: self.insurance_shares,
            treasury_shares: self.treasury_shares,
            prices_wad: self.assets.map(|a| a.price_wad),
            price_epochs: self.assets.map(|a| a.price_epoch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Config;
    use anchor_lang::{AccountDeserialize, AccountSerialize, Discriminator};

    #[test]
    fn declared_space_matches_serialized_size() {
        let mut vault = Vault {
            lrt_mint: Pubkey::default(),
            curator: Pubkey::default(),
            fee_admin: Pubkey::default(),
            // the largest option decides the space
            pending_curator: Some(Pubkey::default()),
            pending_fee_admin: Some(Pubkey::default()),
            dead_shares_account: Pubkey::default(),
            share_supply: 0,
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

    fn fees(deposit_bps: u16, withdrawal_bps: u16, reward_bps: u16) -> Fees {
        Fees {
            deposit_bps,
            withdrawal_bps,
            reward_bps,
        }
    }

    #[test]
    fn a_fee_decrease_applies_now_and_an_increase_after_a_full_epoch() {
        let mut schedule = FeeSchedule::default();
        // raised during epoch 10 (even in its last slot): 11 is the full epoch of notice
        schedule.set(fees(50, 30, 1_000), 10);
        assert_eq!(schedule.at(10), fees(0, 0, 0));
        assert_eq!(schedule.at(11), fees(0, 0, 0));
        assert_eq!(schedule.at(12), fees(50, 30, 1_000));
        // in 12: deposit 50 -> 20 at once; withdrawal 30 -> 40 from 14; reward unchanged
        schedule.set(fees(20, 40, 1_000), 12);
        assert_eq!(schedule.at(12), fees(20, 30, 1_000));
        assert_eq!(schedule.at(13), fees(20, 30, 1_000));
        assert_eq!(schedule.at(14), fees(20, 40, 1_000));
        // announcing the same again in 13 keeps 14
        schedule.set(fees(20, 40, 1_000), 13);
        assert_eq!(schedule.at(13), fees(20, 30, 1_000));
        assert_eq!(schedule.at(14), fees(20, 40, 1_000));
    }

    #[test]
    fn deposits_and_withdrawals_stop_for_either_pause_the_protocol_first() {
        let mut vault =
            Vault::try_deserialize_unchecked(&mut [0u8; 8 + Vault::INIT_SPACE].as_slice()).unwrap();
        let mut config =
            Config::try_deserialize_unchecked(&mut [0u8; 8 + Config::INIT_SPACE].as_slice())
                .unwrap();
        vault.check_deposits_unpaused(&config).unwrap();
        vault.check_withdrawals_unpaused(&config).unwrap();
        vault.deposits_paused = true;
        assert_eq!(
            vault.check_deposits_unpaused(&config).unwrap_err(),
            VaultError::DepositsPaused.into()
        );
        vault.check_withdrawals_unpaused(&config).unwrap();
        vault.withdrawals_paused = true;
        assert_eq!(
            vault.check_withdrawals_unpaused(&config).unwrap_err(),
            VaultError::WithdrawalsPaused.into()
        );
        config.paused = true;
        assert_eq!(
            vault.check_deposits_unpaused(&config).unwrap_err(),
            VaultError::ProtocolPaused.into()
        );
        assert_eq!(
            vault.check_withdrawals_unpaused(&config).unwrap_err(),
            VaultError::ProtocolPaused.into()
        );
    }

    #[test]
    fn a_deposit_fits_up_to_the_cap_exactly() {
        let slot = AssetSlot {
            active_amount: 70,
            deposit_cap: 100,
            ..AssetSlot::default()
        };
        assert_eq!(slot.deposit_room(), 30);
        slot.check_deposit_room(30).unwrap();
        assert_eq!(
            slot.check_deposit_room(31).unwrap_err(),
            VaultError::DepositCapExceeded.into()
        );
        // a cap lowered below what is in leaves no room
        let lowered = AssetSlot {
            deposit_cap: 50,
            ..slot
        };
        assert_eq!(lowered.deposit_room(), 0);
        assert!(lowered.check_deposit_room(1).is_err());
        let full = AssetSlot {
            active_amount: u64::MAX,
            deposit_cap: u64::MAX,
            ..AssetSlot::default()
        };
        assert_eq!(
            full.check_deposit_room(1).unwrap_err(),
            VaultError::MathOverflow.into()
        );
    }

    #[test]
    fn a_user_names_the_most_fee_it_accepts() {
        assert!(check_fee_accepted(30, 30).is_ok());
        assert_eq!(
            check_fee_accepted(31, 30).unwrap_err(),
            VaultError::FeeAboveMaximum.into()
        );
    }

    #[test]
    fn a_slash_window_prices_and_undoes_its_slashes() {
        const WAD: u128 = restaking_math::WAD;
        let mut window = SlashWindow::default();
        // closed: values and new buckets are unscaled
        assert_eq!(window.at_restored_price_floor(1_000, 5).unwrap(), 1_000);
        // two slashes of 20% and 50%, the later one resolving last
        window.record(10, WAD / 5, 100).unwrap();
        window.record(20, WAD / 2, 150).unwrap();
        assert_eq!((window.until_slot, window.factor_wad), (150, WAD * 2 / 5));
        // 1,000 paid in now is worth 400 once both are cancelled
        assert_eq!(window.at_restored_price_floor(1_000, 30).unwrap(), 400);
        // cancelling the 50% leaves the 20% in the factor, and the end where it was
        window.undo(40, WAD / 2).unwrap();
        assert_eq!((window.until_slot, window.factor_wad), (150, WAD * 4 / 5));
        // after the window closes nothing is scaled and an undo changes nothing
        assert_eq!(window.at_restored_price_floor(1_000, 150).unwrap(), 1_000);
        window.undo(150, WAD / 5).unwrap();
        assert_eq!(window.factor_wad, WAD * 4 / 5);
        // an undo of a whole-pool slash (f = 1) has nothing to divide out
        let mut wiped = SlashWindow::default();
        wiped.record(0, WAD, 10).unwrap();
        wiped.undo(5, WAD).unwrap();
        assert_eq!(wiped.factor_wad, 0);
    }
}
