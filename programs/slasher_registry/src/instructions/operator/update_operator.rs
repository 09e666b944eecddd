//! The operator's authority changes its commission, signing key or metadata.
//!
//! Must hold: only the operator's authority; the same limits as at registration. The
//! change applies at once (an AVS verifying attestations reads the key it finds).
use anchor_lang::prelude::*;

use crate::{
    constants::OPERATOR_SEED, errors::RegistryError, events::OperatorUpdated,
    instructions::operator::OperatorArgs, state::Operator,
};

#[event_cpi]
#[derive(Accounts)]
pub struct UpdateOperator<'info> {
    pub authority: Signer<'info>,
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
        let operator = &mut ctx.accounts.operator;
        let previous_commission_bps = operator.commission_bps;
        let previous_signing_key = operator.signing_key;
        operator.commission_bps = args.commission_bps;
        operator.signing_key = args.signing_key;
        operator.metadata_uri = args.metadata_uri;
        let event = OperatorUpdated {
            operator: operator.key(),
            authority: operator.authority,
            previous_commission_bps,
            commission_bps: operator.commission_bps,
            previous_signing_key,
            signing_key: operator.signing_key,
            metadata_uri: operator.metadata_uri.clone(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
