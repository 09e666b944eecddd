//! Create this AVS's configuration once, naming its admin and its registry account.
//!
//! Must hold:
//! - the registry admin registered the AVS first, under `id` = this program's id: the
//!   registry's `["avs", crate::ID]` account exists (owner and discriminator checked by
//!   `Account`, address by the seeds);
//! - only that registry AVS's admin may initialise, and becomes this config's admin: the
//!   registry admin chose them, so nobody can take over a freshly deployed program by
//!   initialising it first;
//! - the config is created once (`AlreadyInitialized`), also if someone sent lamports to
//!   its address beforehand (see `create_config`).
//!
//! The registry AVS should name `["slasher"]` of this program as its slash authority; the
//! registry checks that at every request (`NotSlashAuthority` otherwise), with the kind in
//! force at that epoch, so it is not repeated here.
use anchor_lang::{
    prelude::*,
    system_program::{self, Allocate, Assign, CreateAccount, Transfer},
};

use crate::{
    constants::*, errors::MinimalAvsError, slasher_registry::accounts::Avs, state::AvsConfig,
};

#[derive(Accounts)]
pub struct Initialize<'info> {
    /// The registry AVS's admin; pays the config's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// CHECK: the new config (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [CONFIG_SEED], bump)]
    pub config: UncheckedAccount<'info>,
    /// This AVS's account in the registry.
    #[account(seeds = [REGISTRY_AVS_SEED, crate::ID.as_ref()], bump = avs.bump,
              seeds::program = crate::slasher_registry::ID,
              constraint = avs.admin == admin.key() @ MinimalAvsError::NotAvsAdmin)]
    pub avs: Account<'info, Avs>,
    /// CHECK: holds nothing; only its bump is recorded (address fixed by the seeds).
    #[account(seeds = [SLASH_AUTHORITY_SEED], bump)]
    pub slash_authority: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl Initialize<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let accounts = &ctx.accounts;
        let info = accounts.config.to_account_info();
        create_config(
            &accounts.admin.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            &[CONFIG_SEED, &[ctx.bumps.config]],
        )?;
        let config = AvsConfig {
            admin: accounts.admin.key(),
            avs: accounts.avs.key(),
            slash_authority_bump: ctx.bumps.slash_authority,
            bump: ctx.bumps.config,
        };
        let mut data = info.try_borrow_mut_data()?;
        config.try_serialize(&mut &mut data[..])
    }
}

/// Creates the config account at its PDA, paid by `payer`.
///
/// Its address is known before deployment, and anyone can send lamports to any address.
/// `CreateAccount` fails on an address that holds lamports, and Anchor 1.2's `init` then
/// falls back to `CreateAccountAllowPrefund` (SIMD-0312), which runtimes without that
/// feature reject: one transfer would block `initialize` for good. So when lamports are
/// there, the account is topped up to rent exemption, then allocated and assigned, the
/// three system instructions every runtime has (the workspace's programs share this in
/// `crates/prefunded-pda`).
fn create_config<'info>(
    payer: &AccountInfo<'info>,
    config: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    require!(
        config.owner == &system_program::ID && config.data_is_empty(),
        MinimalAvsError::AlreadyInitialized
    );
    let space = 8 + AvsConfig::INIT_SPACE;
    let required = Rent::get()?.minimum_balance(space);
    let (payer, target, program) = (payer.clone(), config.clone(), system.key());
    let current = target.lamports();
    if current == 0 {
        let accounts = CreateAccount {
            from: payer,
            to: target,
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
            from: payer,
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
        account_to_assign: target,
    };
    system_program::assign(
        CpiContext::new_with_signer(program, accounts, &[signer_seeds]),
        &crate::ID,
    )
}
