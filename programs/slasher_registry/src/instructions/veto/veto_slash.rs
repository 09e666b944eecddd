//! The veto authority vetoes a slash request before its deadline.
//!
//! Must hold: only the registry's veto authority; `slot <= veto_deadline_slot` (execution
//! starts the slot after, so a request is never both vetoable and executable); a request
//! is vetoed once and never executes afterwards (`SlashRequest::check_vetoable`).
use anchor_lang::prelude::*;

use crate::{
    constants::{REGISTRY_CONFIG_SEED, SLASH_REQUEST_SEED},
    errors::RegistryError,
    events::SlashVetoed,
    state::{RegistryConfig, SlashRequest},
};

#[event_cpi]
#[derive(Accounts)]
pub struct VetoSlash<'info> {
    pub veto_authority: Signer<'info>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump,
              has_one = veto_authority @ RegistryError::NotVetoAuthority)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    #[account(mut, seeds = [SLASH_REQUEST_SEED, slash_request.avs.as_ref(),
                            &slash_request.index.to_le_bytes()], bump = slash_request.bump)]
    pub slash_request: Box<Account<'info, SlashRequest>>,
}

impl VetoSlash<'_> {
    fn validate(&self) -> Result<()> {
        self.slash_request.check_vetoable(Clock::get()?.slot)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(ctx: Context<Self>) -> Result<()> {
        let request = &mut ctx.accounts.slash_request;
        request.vetoed = true;
        let event = SlashVetoed {
            request: request.key(),
            avs: request.avs,
            operator: request.operator,
            veto_authority: ctx.accounts.veto_authority.key(),
            slot: Clock::get()?.slot,
        };
        emit_cpi!(event);
        Ok(())
    }
}
