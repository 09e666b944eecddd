//! Creating program-derived accounts whose address anyone may have pre-funded.
//!
//! Anyone can send lamports to an address before an account exists there. `CreateAccount`
//! then fails, and Anchor 1.2's `init` falls back to `CreateAccountAllowPrefund`
//! (SIMD-0312), which runtimes without that feature reject. One cheap transfer would then
//! block the address for good: an asset's reserve (the curator could never add that mint),
//! or a withdrawal bucket (every request of that epoch would fail, and again next epoch).
//! So the accounts at predictable addresses are created here with the three system
//! instructions every runtime has: top up, allocate, assign, each signed by the PDA.
//!
//! The mechanism is shared by the three programs (`prefunded_pda`); this module binds the
//! vault's error for an address that is already taken.
use anchor_lang::prelude::*;

use crate::errors::VaultError;

pub use prefunded_pda::{load, store};

/// `prefunded_pda::create_pda_account`, failing with `AccountAlreadyExists`.
pub fn create_pda_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    space: usize,
    owner: &Pubkey,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    prefunded_pda::create_pda_account(
        payer,
        target,
        system_program,
        space,
        owner,
        signer_seeds,
        VaultError::AccountAlreadyExists,
    )
}

/// `prefunded_pda::create_pda_token_account`, failing with `AccountAlreadyExists`.
pub fn create_pda_token_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    token_program: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    prefunded_pda::create_pda_token_account(
        payer,
        target,
        mint,
        authority,
        token_program,
        system_program,
        signer_seeds,
        VaultError::AccountAlreadyExists,
    )
}
