//! The curator admits an operator of the slasher registry: creates the vault's delegation
//! to it (empty) and its bond account, and sets its concentration limit.
//!
//! Must hold: only the curator; the operator account is a registry `Operator` (owned by
//! `config.registry_program`, with its discriminator); `0 < max_bps <= 10_000`; both new
//! accounts are created even at pre-funded addresses (see `pda_accounts`).
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::VaultError,
    events::OperatorWhitelisted,
    pda_accounts::{create_pda_account, store},
    state::{AllocationHistory, Config, Delegation, OperatorBond, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct WhitelistOperator<'info> {
    #[account(mut)]
    pub curator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = curator @ VaultError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
    /// CHECK: a registry `Operator`: owner and discriminator checked in `validate`.
    pub operator: UncheckedAccount<'info>,
    /// CHECK: new, address fixed by the seeds; created in the handler.
    #[account(mut, seeds = [DELEGATION_SEED, vault.key().as_ref(), operator.key().as_ref()], bump)]
    pub delegation: UncheckedAccount<'info>,
    /// CHECK: new, address fixed by the seeds; created in the handler.
    #[account(mut, seeds = [BOND_SEED, vault.key().as_ref(), operator.key().as_ref()], bump)]
    pub bond: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl WhitelistOperator<'_> {
    /// The operator's authority, read from the registry account's first field.
    fn operator_authority(&self) -> Result<Pubkey> {
        require_keys_eq!(
            *self.operator.owner,
            self.config.registry_program,
            VaultError::NotRegistryOperator
        );
        let data = self.operator.try_borrow_data()?;
        require!(
            data.len() >= 40 && data[..8] == REGISTRY_OPERATOR_DISCRIMINATOR,
            VaultError::NotRegistryOperator
        );
        let mut authority = [0u8; 32];
        authority.copy_from_slice(&data[8..40]);
        Ok(Pubkey::new_from_array(authority))
    }

    fn validate(&self, max_bps: u16) -> Result<()> {
        require!(
            max_bps > 0 && u64::from(max_bps) <= restaking_math::BPS_DENOMINATOR,
            VaultError::InvalidConcentrationLimit
        );
        self.operator_authority()?;
        Ok(())
    }

    #[access_control(ctx.accounts.validate(max_bps))]
    pub fn handle(ctx: Context<Self>, max_bps: u16) -> Result<()> {
        let accounts = &ctx.accounts;
        let (vault, operator) = (accounts.vault.key(), accounts.operator.key());
        let operator_authority = accounts.operator_authority()?;
        let epoch = accounts.config.current_epoch()?;
        let payer = accounts.curator.to_account_info();
        let system_program = accounts.system_program.to_account_info();

        let delegation_info = accounts.delegation.to_account_info();
        create_pda_account(
            &payer,
            &delegation_info,
            &system_program,
            8 + Delegation::INIT_SPACE,
            &crate::ID,
            &[
                DELEGATION_SEED,
                vault.as_ref(),
                operator.as_ref(),
                &[ctx.bumps.delegation],
            ],
        )?;
        let delegation = Delegation {
            vault,
            operator,
            max_bps,
            allocation: AllocationHistory {
                epoch,
                ..AllocationHistory::default()
            },
            decrease_epoch: 0,
            slashed_total: 0,
            bump: ctx.bumps.delegation,
        };
        store(&delegation_info, &delegation)?;

        let bond_info = accounts.bond.to_account_info();
        create_pda_account(
            &payer,
            &bond_info,
            &system_program,
            8 + OperatorBond::INIT_SPACE,
            &crate::ID,
            &[
                BOND_SEED,
                vault.as_ref(),
                operator.as_ref(),
                &[ctx.bumps.bond],
            ],
        )?;
        let bond = OperatorBond {
            vault,
            operator,
            authority: operator_authority,
            shares: 0,
            unbonding_shares: 0,
            unbond_epoch: 0,
            bump: ctx.bumps.bond,
        };
        store(&bond_info, &bond)?;

        let event = OperatorWhitelisted {
            vault,
            operator,
            operator_authority,
            max_bps,
        };
        emit_cpi!(event);
        Ok(())
    }
}
