//! Tokens a slash took, held in the vault's reserves until swept or cancelled.
//!
//! Must hold: `amounts[k]` are counted in `AssetSlot.escrowed_amount` until swept or
//! given back by a cancel; each asset is swept at most once, and only after
//! `resolve_after_slot`; a cancel (before it) gives every position its part back:
//! `amounts = pool_taken + buckets[0].taken + buckets[1].taken`, and the burnt bond and
//! insurance shares are the ones whose tokens are in `pool_taken`.
use anchor_lang::prelude::*;

use crate::{constants::MAX_ASSETS, errors::VaultError};

/// Where slashed tokens go when swept (chosen by the AVS at registration).
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub enum SlashDestination {
    /// The tokens are burnt (wSOL, which SPL Token cannot burn, goes to the incinerator).
    #[default]
    Burn,
    /// The tokens go to this owner's token accounts.
    Recipient { owner: Pubkey },
}

impl SlashDestination {
    /// Who receives swept tokens of `mint` by transfer: the recipient, or for a burn of
    /// wSOL the incinerator; `None` when the tokens are burnt with the token program.
    pub fn payee(&self, mint: &Pubkey) -> Option<Pubkey> {
        match self {
            SlashDestination::Recipient { owner } => Some(*owner),
            SlashDestination::Burn if *mint == crate::constants::WSOL_MINT => {
                Some(crate::constants::INCINERATOR)
            }
            SlashDestination::Burn => None,
        }
    }
}

/// One slashable bucket as the slash found and left it.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct EscrowBucket {
    /// The bucket existed at execution (an absent bucket was not touched).
    pub present: bool,
    pub epoch: u64,
    pub scale_before_wad: u128,
    pub scale_after_wad: u128,
    /// Tokens the slash took from the bucket, per asset.
    pub taken: [u64; MAX_ASSETS],
}

#[account]
#[derive(InitSpace, Debug)]
pub struct SlashEscrow {
    pub vault: Pubkey,
    /// The registry's slash request.
    pub request: Pubkey,
    pub operator: Pubkey,
    pub capture_epoch: u64,
    pub loss_lamports: u64,
    /// Every token the slash took, per asset: the sum of the parts below.
    pub amounts: [u64; MAX_ASSETS],
    // --- each position's part, so that a cancel can give back exactly what it took ---
    /// Bonded shares of the operator burnt (tier a), and those burnt while unbonding.
    pub bond_shares_burnt: u64,
    pub bond_unbonding_shares_burnt: u64,
    /// Insurance shares burnt (tier b).
    pub insurance_shares_burnt: u64,
    /// Tokens taken from the active pool by the three tiers, per asset.
    pub pool_taken: [u64; MAX_ASSETS],
    /// The pro-rata fraction (WAD) the holders and the buckets lost (tier c); 0 if the
    /// bond and the insurance fund covered the loss.
    pub fraction_wad: u128,
    /// The buckets of epochs c+1 and c+2.
    pub buckets: [EscrowBucket; 2],
    /// The slash took the whole active pool (it set `Vault.wiped_out`).
    pub wiped_pool: bool,
    pub destination: SlashDestination,
    pub resolve_after_slot: u64,
    pub swept: [bool; MAX_ASSETS],
    pub cancelled: bool,
    pub bump: u8,
}

impl SlashEscrow {
    /// Whether the registry may still cancel this slash at `slot` (and so whether the
    /// tokens must stay where a cancel can give them back).
    pub fn is_cancellable(&self, slot: u64) -> bool {
        !self.cancelled && slot < self.resolve_after_slot
    }

    /// Whether asset `k` is to be swept at `slot`: `Ok(false)` when there is nothing to do
    /// (already swept, or the slash was cancelled: a keeper's sweep then succeeds without
    /// effect), `EscrowNotResolved` before `resolve_after_slot`.
    pub fn sweep_due(&self, k: usize, slot: u64) -> Result<bool> {
        if self.cancelled || self.swept.get(k).copied().unwrap_or(true) {
            return Ok(false);
        }
        require_gte!(slot, self.resolve_after_slot, VaultError::EscrowNotResolved);
        Ok(true)
    }
}
