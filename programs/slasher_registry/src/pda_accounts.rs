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
//! (A copy of `lrt_vault::pda_accounts`: the registry keeps its own so its errors are its
//! own and neither program reaches into the other's helpers.)
//!
//! Must hold: the target is a system account with no data (never initialised); it ends
//! rent-exempt for `space` bytes and owned by `owner`; any lamports already there stay.
use anchor_lang::{
    prelude::*,
    system_program::{self, Allocate, Assign, CreateAccount, Transfer},
};

use crate::errors::RegistryError;

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
        RegistryError::AccountAlreadyExists
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

/// Reads an Anchor account of this program from `info` (owner and discriminator checked).
pub fn load<T: AccountDeserialize + Owner>(info: &AccountInfo) -> Result<T> {
    require_keys_eq!(
        *info.owner,
        T::owner(),
        ErrorCode::AccountOwnedByWrongProgram
    );
    T::try_deserialize(&mut &info.try_borrow_data()?[..])
}

/// Writes `value` (discriminator first) into `info`'s data.
pub fn store<T: AccountSerialize>(info: &AccountInfo, value: &T) -> Result<()> {
    let mut data = info.try_borrow_mut_data()?;
    value.try_serialize(&mut &mut data[..])
}
