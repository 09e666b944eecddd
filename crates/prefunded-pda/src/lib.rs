//! Creating program-derived accounts whose address anyone may have pre-funded, for the
//! three programs of this workspace.
//!
//! Anyone can send lamports to an address before an account exists there. `CreateAccount`
//! then fails, and Anchor 1.2's `init` falls back to `CreateAccountAllowPrefund`
//! (SIMD-0312), which runtimes without that feature reject. One cheap transfer would then
//! block a predictable address for good (a vault's withdrawal bucket, an asset's reserve,
//! an AVS's next slash request, an equivocation record...). So those accounts are created
//! here with the three system instructions every runtime has: top up, allocate, assign,
//! each signed by the PDA. Each program says which of its accounts use this, and why, in
//! its own `pda_accounts` module, which also binds its own "already exists" error.
//!
//! Must hold: the target is a system account with no data (never initialised); it ends
//! rent-exempt for `space` bytes and owned by `owner`; any lamports already there stay.
use anchor_lang::{
    prelude::*,
    system_program::{self, Allocate, Assign, CreateAccount, Transfer},
};
use anchor_spl::{
    token_2022::spl_token_2022::{
        extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions},
        state::{Account as Token2022Account, Mint as Token2022Mint},
    },
    token_interface::{self, InitializeAccount3},
};

/// Creates the account at `target` (a PDA of the calling program, signed by
/// `signer_seeds`), `space` bytes owned by `owner`, paid by `payer`, also when `target`
/// holds lamports. Fails with `already_exists` if an account is already there.
pub fn create_pda_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    space: usize,
    owner: &Pubkey,
    signer_seeds: &[&[u8]],
    already_exists: impl Into<Error>,
) -> Result<()> {
    if target.owner != &system_program::ID || !target.data_is_empty() {
        return Err(already_exists.into());
    }
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
            owner,
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
        owner,
    )
}

/// Creates a token account of `mint` owned by `authority` at the PDA `target`: sized for
/// the account extensions the mint requires (as Anchor's `init` would), then initialised
/// by the mint's token program.
#[allow(clippy::too_many_arguments)]
pub fn create_pda_token_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    token_program: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
    already_exists: impl Into<Error>,
) -> Result<()> {
    let space = token_account_space(mint)?;
    create_pda_account(
        payer,
        target,
        system_program,
        space,
        token_program.key,
        signer_seeds,
        already_exists,
    )?;
    token_interface::initialize_account3(CpiContext::new(
        token_program.key(),
        InitializeAccount3 {
            account: target.clone(),
            mint: mint.clone(),
            authority: authority.clone(),
        },
    ))
}

/// Bytes a token account of `mint` needs: the base layout, plus for Token-2022 the
/// account extensions the mint's extensions require.
fn token_account_space(mint: &AccountInfo) -> Result<usize> {
    if mint.owner != &anchor_spl::token_2022::ID {
        return Ok(anchor_spl::token::TokenAccount::LEN);
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<Token2022Mint>::unpack(&data)?;
    let required =
        ExtensionType::get_required_init_account_extensions(&state.get_extension_types()?);
    Ok(ExtensionType::try_calculate_account_len::<Token2022Account>(&required)?)
}

/// Whether `info` already holds an account of `program` (created earlier).
pub fn exists(info: &AccountInfo, program: &Pubkey) -> bool {
    info.owner == program && !info.data_is_empty()
}

/// Reads an Anchor account of its program from `info` (owner and discriminator checked).
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
