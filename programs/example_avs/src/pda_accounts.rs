//! Creating program-derived accounts whose address anyone may have pre-funded.
//!
//! Both accounts this program creates sit at addresses anyone can compute in advance: the
//! config (`["config"]`) and an equivocation record (`["equivocation", operator,
//! round_le]`). Anyone can send lamports to such an address before the account exists.
//! `CreateAccount` then fails, and Anchor 1.2's `init` falls back to
//! `CreateAccountAllowPrefund` (SIMD-0312), which runtimes without that feature reject. An
//! operator who expects to be caught equivocating in round r could pre-fund its own record
//! for r with 0.001 SOL and make every report of it fail: the cheapest possible escape from
//! a slash. So these accounts are created here with the three system instructions every
//! runtime has: top up, allocate, assign, each signed by the PDA (shared by the three
//! programs in `prefunded_pda`; this module binds this program's own errors).
//!
//! Must hold: the target is a system account with no data (never initialised); it ends
//! rent-exempt for `space` bytes and owned by this program; any lamports already there stay.
use anchor_lang::prelude::*;

use crate::errors::AvsError;

pub use prefunded_pda::{load, store};

/// `prefunded_pda::create_pda_account` for an account of this program, failing with
/// `AccountAlreadyExists`.
pub fn create_pda_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    space: usize,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    prefunded_pda::create_pda_account(
        payer,
        target,
        system_program,
        space,
        &crate::ID,
        signer_seeds,
        AvsError::AccountAlreadyExists,
    )
}

/// Whether `info` already holds an account of this program (created earlier).
pub fn exists(info: &AccountInfo) -> bool {
    prefunded_pda::exists(info, &crate::ID)
}
