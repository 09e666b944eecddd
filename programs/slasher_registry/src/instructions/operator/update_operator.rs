//! The operator's authority changes its commission (announced), signing key or metadata.
//! Each is optional (`None` keeps it), so a client that only rotates a key can never
//! announce a commission by mistake.
//!
//! Must hold:
//! - only the operator's authority; the same limits as at registration, a new commission
//!   within the registry's `max_commission_bps` in force now;
//! - a new commission is announced, never applied at once: it applies from `cur + 2`
//!   (`Operator::announce_commission`; a change already in force is folded first, one
//!   still pending is replaced), so nobody can raise it in front of a reward; the
//!   commission announced last announces nothing;
//! - metadata applies at once;
//! - a new signing key counts at once too, but the old one stays the operator's for AVSs'
//!   reports through the next restaking epoch (`previous_signing_key`,
//!   `key_rotated_epoch = cur`), so rotating cannot erase an equivocation already signed;
//!   a second rotation waits until that window is over (`cur > key_rotated_epoch + 1`).
//!   The rules and why: `state::operator`.
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::{OPERATOR_SEED, REGISTRY_CONFIG_SEED},
    errors::RegistryError,
    events::OperatorUpdated,
    instructions::operator::OperatorArgs,
    state::{Operator, RegistryConfig},
};

/// What an update changes; `None` leaves a field as it is.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateOperatorArgs {
    /// Announced: it applies from two restaking epochs on.
    pub commission_bps: Option<u16>,
    pub signing_key: Option<[u8; 32]>,
    pub metadata_uri: Option<String>,
}

/// Every field given: what a registration would set.
impl From<OperatorArgs> for UpdateOperatorArgs {
    fn from(args: OperatorArgs) -> Self {
        Self {
            commission_bps: Some(args.commission_bps),
            signing_key: Some(args.signing_key),
            metadata_uri: Some(args.metadata_uri),
        }
    }
}

impl UpdateOperatorArgs {
    /// The operator's fields after the update, as registration arguments (for the
    /// registration's limits).
    fn applied_to(&self, operator: &Operator) -> OperatorArgs {
        OperatorArgs {
            commission_bps: self.commission_bps.unwrap_or(operator.next_commission_bps),
            signing_key: self.signing_key.unwrap_or(operator.signing_key),
            metadata_uri: self
                .metadata_uri
                .clone()
                .unwrap_or_else(|| operator.metadata_uri.clone()),
        }
    }
}

#[event_cpi]
#[derive(Accounts)]
pub struct UpdateOperator<'info> {
    pub authority: Signer<'info>,
    /// The vault program's Config: the restaking epoch of a key rotation or an
    /// announcement.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump,
              has_one = authority @ RegistryError::NotOperatorAuthority)]
    pub operator: Box<Account<'info, Operator>>,
    /// The registry's commission cap.
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
}

impl UpdateOperator<'_> {
    fn validate(&self, args: &UpdateOperatorArgs) -> Result<()> {
        let after = args.applied_to(&self.operator);
        after.validate()?;
        // an unchanged commission announces nothing, and is not checked again: a lowered
        // cap does not force a new commission on an operator that changes something else
        if after.commission_bps != self.operator.next_commission_bps {
            self.registry_config
                .check_commission(after.commission_bps, self.vault_config.current_epoch()?)?;
        }
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: UpdateOperatorArgs) -> Result<()> {
        let cur = ctx.accounts.vault_config.current_epoch()?;
        let args = args.applied_to(&ctx.accounts.operator);
        let operator = &mut ctx.accounts.operator;
        let previous_signing_key = operator.signing_key;
        operator.set_signing_key(args.signing_key, cur)?;
        let commission_announced = operator.announce_commission(args.commission_bps, cur);
        operator.metadata_uri = args.metadata_uri;
        let event = OperatorUpdated {
            operator: operator.key(),
            authority: operator.authority,
            epoch: cur,
            commission_bps: operator.commission_at(cur),
            next_commission_bps: operator.next_commission_bps,
            commission_effective_epoch: operator.commission_effective_epoch,
            commission_announced,
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
