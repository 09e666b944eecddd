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
//! runtime has: top up, allocate, assign, each signed by the PDA. (A copy of
//! `slasher_registry::pda_accounts`: each program keeps its own so its errors are its own.)
//!
//! Must hold: the target is a system account with no data (never initialised); it ends
//! rent-exempt for `space` bytes and owned by this program; any lamports already there stay.
use anchor_lang::{
    prelude::*,
    system_program::{self, Allocate, Assign, CreateAccount, Transfer},
};

use crate::errors::AvsError;

/// Creates the account at `target` (a PDA of this program signed by `signer_seeds`),
/// `space` bytes owned by this program, paid by `payer`, also when `target` holds
/// lamports.
pub fn create_pda_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    space: usize,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    require!(
        target.owner == &system_program::ID && target.data_is_empty(),
        AvsError::AccountAlreadyExists
    );
    let required = Rent::get()?.minimum_balance(space);
    let current = target.lamports();
    let program = system_program.key();
    if current == 0 {
        let accounts = CreateAccount {
            from: payer.clone(),
            to: target.clone(),
        };
        return system_program::create_account(
            CpiContext::new_with_signer(program, accounts, &[signer_seeds]),
            required,
            space as u64,
            &crate::ID,
        );
    }
    let top_up = required.saturating_sub(current);
    if top_up > 0 {
        let accounts = Transfer {
            from: payer.clone(),
            to: target.clone(),
        };
        system_program::transfer(CpiContext::new(program, accounts), top_up)?;
    }
    let accounts = Allocate {
        account_to_allocate: target.clone(),
    };
    system_program::allocate(
        CpiContext::new_with_signer(program, accounts, &[signer_seeds]),
        space as u64,
    )?;
    let accounts = Assign {
        account_to_assign: target.clone(),
    };
    system_program::assign(
        CpiContext::new_with_signer(program, accounts, &[signer_seeds]),
        &crate::ID,
    )
}

/// Whether `info` already holds an account of this program (created earlier).
pub fn exists(info: &AccountInfo) -> bool {
    info.owner == &crate::ID && !info.data_is_empty()
}

/// Writes `value` (discriminator first) into `info`'s data.
pub fn store<T: AccountSerialize>(info: &AccountInfo, value: &T) -> Result<()> {
    let mut data = info.try_borrow_mut_data()?;
    value.try_serialize(&mut &mut data[..])
}
