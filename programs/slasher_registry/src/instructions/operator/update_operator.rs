//! The operator's authority changes its commission, signing key or metadata.
//!
//! Must hold: only the operator's authority; the same limits as at registration.
//! Commission and metadata apply at once. A new signing key counts at once too, but the
//! old one stays the operator's for AVSs' reports through the next restaking epoch
//! (`previous_signing_key`, `key_rotated_epoch = cur`), so rotating cannot erase an
//! equivocation already signed; a second rotation waits until that window is over
//! (`cur > key_rotated_epoch + 1`). The rule and why: `state::operator`.
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::OPERATOR_SEED, errors::RegistryError, events::OperatorUpdated,
    instructions::operator::OperatorArgs, state::Operator,
};

#[event_cpi]
#[derive(Accounts)]
pub struct UpdateOperator<'info> {
    pub authority: Signer<'info>,
    /// The vault program's Config: the restaking epoch of a key rotation.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump,
              has_one = authority @ RegistryError::NotOperatorAuthority)]
    pub operator: Box<Account<'info, Operator>>,
}

impl UpdateOperator<'_> {
    fn validate(&self, args: &OperatorArgs) -> Result<()> {
        args.validate()
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: OperatorArgs) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let operator = &mut ctx.accounts.operator;
        let previous_commission_bps = operator.commission_bps;
        let previous_signing_key = operator.signing_key;
        operator.set_signing_key(args.signing_key, cur)?;
        operator.commission_bps = args.commission_bps;
        operator.metadata_uri = args.metadata_uri;
        let event = OperatorUpdated {
            operator: operator.key(),
            authority: operator.authority,
            previous_commission_bps,
            commission_bps: operator.commission_bps,
            previous_signing_key,
            signing_key: operator.signing_key,
            key_rotated_epoch: operator.key_rotated_epoch,
            previous_key_valid_through: operator.previous_key_valid_through(),
            metadata_uri: operator.metadata_uri.clone(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
