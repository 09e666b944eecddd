//! Creating program-derived accounts whose address anyone may have pre-funded.
//!
//! Every account this program creates sits at an address anyone can compute in advance:
//! the registry config, an operator (from its authority), an AVS (from its id), opt-ins,
//! the next slash request of an AVS (from its counter), a request's execution against a
//! vault, the per-epoch ledgers of (vault, operator) and of (vault, AVS, operator). Anyone
//! can send lamports to such an address before the account exists. `CreateAccount` then fails, and Anchor 1.2's `init` falls back to
//! `CreateAccountAllowPrefund` (SIMD-0312), which runtimes without that feature reject: one
//! cheap transfer would block an operator's registration, every future request of an AVS,
//! or the execution of a slash until its window closes (a slashed operator would pay
//! 0.001 SOL to escape). So these accounts are created here with the three system
//! instructions every runtime has: top up, allocate, assign, each signed by the PDA.
//! (The mechanism is shared by the three programs in `prefunded_pda`; this module binds
//! the registry's own error.)
//!
//! Must hold: the target is a system account with no data (never initialised); it ends
//! rent-exempt for `space` bytes and owned by `owner`; any lamports already there stay.
use anchor_lang::prelude::*;

use crate::errors::RegistryError;

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
        RegistryError::AccountAlreadyExists,
    )
}

/// Whether `info` already holds an account of this program (created earlier).
pub fn exists(info: &AccountInfo) -> bool {
    prefunded_pda::exists(info, &crate::ID)
}
