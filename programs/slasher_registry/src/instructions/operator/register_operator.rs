//! Register an operator under the signing authority.
//!
//! Must hold: one operator per authority (the account is `["operator", authority]`,
//! created even at a pre-funded address); `commission_bps <= 10_000` and within the
//! registry's `max_commission_bps` in force now; the ed25519 signing key is not all zeros;
//! the metadata uri is at most 200 bytes. The commission is in force at once
//! (`next_commission_bps` equal, effective epoch 0): no stake is delegated to the operator
//! yet; every later change is announced (`update_operator`).
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::*,
    errors::RegistryError,
    events::OperatorRegistered,
    pda_accounts::{create_pda_account, store},
    state::{Operator, RegistryConfig},
};

/// The operator's public settings, for registration and updates alike.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct OperatorArgs {
    /// The commission: in force at once at registration, announced by an update (it
    /// applies from two restaking epochs on).
    pub commission_bps: u16,
    /// Ed25519 public key AVSs verify the operator's attestations with.
    pub signing_key: [u8; 32],
    pub metadata_uri: String,
}

impl OperatorArgs {
    pub fn validate(&self) -> Result<()> {
        require!(
            self.commission_bps <= MAX_BPS,
            RegistryError::CommissionTooHigh
        );
        require!(
            self.signing_key != [0; 32],
            RegistryError::InvalidSigningKey
        );
        require!(
            self.metadata_uri.len() <= MAX_METADATA_URI_LEN,
            RegistryError::MetadataTooLong
        );
        Ok(())
    }
}

#[event_cpi]
#[derive(Accounts)]
pub struct RegisterOperator<'info> {
    /// Manages the operator; pays its rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// CHECK: the new operator (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [OPERATOR_SEED, authority.key().as_ref()], bump)]
    pub operator: UncheckedAccount<'info>,
    /// The registry's commission cap.
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    /// The vault program's Config: the restaking epoch (which cap is in force).
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    pub system_program: Program<'info, System>,
}

impl RegisterOperator<'_> {
    fn validate(&self, args: &OperatorArgs) -> Result<()> {
        args.validate()?;
        self.registry_config
            .check_commission(args.commission_bps, self.vault_config.current_epoch()?)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(ctx: Context<Self>, args: OperatorArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        let authority = accounts.authority.key();
        let info = accounts.operator.to_account_info();
        create_pda_account(
            &accounts.authority.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            8 + Operator::INIT_SPACE,
            &[OPERATOR_SEED, authority.as_ref(), &[ctx.bumps.operator]],
        )?;
        let operator = Operator {
            authority,
            commission_bps: args.commission_bps,
            next_commission_bps: args.commission_bps,
            commission_effective_epoch: 0,
            signing_key: args.signing_key,
            previous_signing_key: [0; 32],
            key_rotated_epoch: 0,
            metadata_uri: args.metadata_uri,
            registered_slot: Clock::get()?.slot,
            bump: ctx.bumps.operator,
        };
        store(&info, &operator)?;
        emit_cpi!(OperatorRegistered {
            operator: info.key(),
            authority,
            commission_bps: operator.commission_bps,
            signing_key: operator.signing_key,
            metadata_uri: operator.metadata_uri,
        });
        Ok(())
    }
}
