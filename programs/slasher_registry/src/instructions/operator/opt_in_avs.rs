//! The operator opts in to an AVS: stake delegated to it becomes slashable by the AVS
//! from the next restaking epoch.
//!
//! Must hold:
//! - only the operator's authority; the AVS is active;
//! - first opt-in: the account `["operator_avs", operator, avs]` is created (even at a
//!   pre-funded address) with `activation_epoch = cur`;
//! - opting in again after an opt-out: only once `cur > deactivation_epoch + 2`, when no
//!   request that saw the old opt-in as active can still execute (see `state::opt_in`);
//!   the window restarts at `cur`.
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::*,
    errors::RegistryError,
    events::OperatorOptedIn,
    pda_accounts::{create_pda_account, exists, load, store},
    state::{Avs, Operator, OperatorAvs, OptInWindow},
};

#[event_cpi]
#[derive(Accounts)]
pub struct OptInAvs<'info> {
    /// The operator's authority; pays the opt-in's rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump,
              has_one = authority @ RegistryError::NotOperatorAuthority)]
    pub operator: Box<Account<'info, Operator>>,
    #[account(seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    /// CHECK: the opt-in (address fixed by the seeds), created or loaded in the handler.
    #[account(mut, seeds = [OPERATOR_AVS_SEED, operator.key().as_ref(), avs.key().as_ref()],
              bump)]
    pub operator_avs: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl OptInAvs<'_> {
    fn validate(&self) -> Result<()> {
        require!(self.avs.active, RegistryError::AvsInactive);
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let accounts = &ctx.accounts;
        let cur = accounts.vault_config.current_epoch()?;
        let operator_key = accounts.operator.key();
        let avs_key = accounts.avs.key();
        let info = accounts.operator_avs.to_account_info();
        let opt_in = if exists(&info) {
            let mut opt_in = load::<OperatorAvs>(&info)?;
            opt_in.window.opt_in_again(cur)?;
            opt_in
        } else {
            create_pda_account(
                &accounts.authority.to_account_info(),
                &info,
                &accounts.system_program.to_account_info(),
                8 + OperatorAvs::INIT_SPACE,
                &[
                    OPERATOR_AVS_SEED,
                    operator_key.as_ref(),
                    avs_key.as_ref(),
                    &[ctx.bumps.operator_avs],
                ],
            )?;
            OperatorAvs {
                operator: operator_key,
                avs: avs_key,
                window: OptInWindow::opted_in_at(cur),
                bump: ctx.bumps.operator_avs,
            }
        };
        store(&info, &opt_in)?;
        emit_cpi!(OperatorOptedIn {
            operator: operator_key,
            avs: avs_key,
            operator_avs: info.key(),
            activation_epoch: opt_in.window.activation_epoch,
        });
        Ok(())
    }
}
