//! The operator opts out of an AVS: its stake stays slashable by the AVS until the end of
//! the next restaking epoch.
//!
//! Must hold: only the operator's authority; the operator is opted in (an AVS's state does
//! not matter: leaving is always possible); `deactivation_epoch = cur`.
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::*,
    errors::RegistryError,
    events::OperatorOptedOut,
    state::{Avs, Operator, OperatorAvs},
};

#[event_cpi]
#[derive(Accounts)]
pub struct OptOutAvs<'info> {
    pub authority: Signer<'info>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump,
              has_one = authority @ RegistryError::NotOperatorAuthority)]
    pub operator: Box<Account<'info, Operator>>,
    #[account(seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    #[account(mut, seeds = [OPERATOR_AVS_SEED, operator.key().as_ref(), avs.key().as_ref()],
              bump = operator_avs.bump)]
    pub operator_avs: Box<Account<'info, OperatorAvs>>,
}

impl OptOutAvs<'_> {
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let opt_in = &mut ctx.accounts.operator_avs;
        opt_in.window.opt_out(cur)?;
        let event = OperatorOptedOut {
            operator: opt_in.operator,
            avs: opt_in.avs,
            operator_avs: opt_in.key(),
            activation_epoch: opt_in.window.activation_epoch,
            deactivation_epoch: opt_in.window.deactivation_epoch,
        };
        emit_cpi!(event);
        Ok(())
    }
}
