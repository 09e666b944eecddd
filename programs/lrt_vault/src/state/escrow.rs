//! Tokens a slash took, held in the vault's reserves until swept or cancelled.
//!
//! Must hold: `amounts[k]` are counted in `AssetSlot.escrowed_amount` until swept (or
//! returned to the active pool by a cancel); each asset is swept at most once, and only
//! after `resolve_after_slot`.
use anchor_lang::prelude::*;

use crate::constants::MAX_ASSETS;

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

#[account]
#[derive(InitSpace, Debug)]
pub struct SlashEscrow {
    pub vault: Pubkey,
    /// The registry's slash request.
    pub request: Pubkey,
    pub operator: Pubkey,
    pub capture_epoch: u64,
    pub loss_lamports: u64,
    pub amounts: [u64; MAX_ASSETS],
    pub destination: SlashDestination,
    pub resolve_after_slot: u64,
    pub swept: [bool; MAX_ASSETS],
    pub cancelled: bool,
    pub bump: u8,
}
