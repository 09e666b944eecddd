//! Anyone publishes, for a relayer to carry to the AVSs' chains, the stake a vault
//! allocates to an operator now: a sequenced outbound message (DESIGN.md section 6).
//!
//! Must hold:
//! - the operator is a registry `Operator` and the vault an `lrt_vault` `Vault` (both at
//!   their PDAs); the vault has a delegation to the operator (`NotDelegated`);
//! - the stake is the vault program's own valuation (nothing restated here): the
//!   allocation counted in the current restaking epoch `cur` (`AllocationHistory::at(cur,
//!   cur)`) times the vault's slashable value (`Vault::allocated_stake`, rounded down),
//!   on a copy of the vault credited with its vesting at this slot, with the withdrawal
//!   buckets of `cur + 1` and `cur + 2` where they exist (`WrongBucket` for any other
//!   account): exactly the stake a slash captured now would start from, as
//!   `execute_slash` and the CLI value it; the cached prices were read in this Solana
//!   epoch (the vault's own `require_fresh_prices`: `StalePrice`);
//! - the message is `["attestation", sequence_le]` with `sequence =
//!   XchainConfig.next_sequence`, which grows by one (no sequence twice, in order); it
//!   holds the sequence, the registry's emitter (the `["emitter"]` PDA, chain 1), the
//!   encoded `xchain::StakeAttestation` (vault, operator, stake, `cur`, slot), the Unix
//!   time and the payer, who pays its rent (even at a pre-funded address) and alone may
//!   close it (`close_attestation`, from `cur + ATTESTATION_RETENTION_EPOCHS`);
//! - nothing else changes (the vault is read, not written).
use anchor_lang::prelude::*;
use lrt_vault::{
    constants::{BUCKET_SEED, CONFIG_SEED, VAULT_SEED},
    state::{Config as VaultConfig, Delegation, Vault, WithdrawalBucket},
};

use crate::{
    constants::*,
    errors::RegistryError,
    events::StakeAttested,
    pda_accounts::{create_pda_account, load, store},
    state::{Attestation, Operator, XchainConfig},
};

/// The registry's emitter address for outbound messages: the `["emitter"]` PDA.
pub fn emitter_address() -> Pubkey {
    Pubkey::find_program_address(&[EMITTER_SEED], &crate::ID).0
}

/// The vault's withdrawal bucket of restaking epoch `epoch`.
fn bucket_address(vault: &Pubkey, epoch: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[BUCKET_SEED, vault.as_ref(), &epoch.to_le_bytes()],
        &lrt_vault::ID,
    )
    .0
}

#[event_cpi]
#[derive(Accounts)]
pub struct PublishStakeAttestation<'info> {
    /// Pays the attestation's rent; may close it later.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [XCHAIN_CONFIG_SEED], bump = xchain_config.bump)]
    pub xchain_config: Box<Account<'info, XchainConfig>>,
    /// The vault program's Config: the restaking epoch and its length.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              seeds::program = lrt_vault::ID)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump)]
    pub operator: Box<Account<'info, Operator>>,
    /// CHECK: the vault's delegation to the operator (address fixed by the seeds; loaded
    /// in `validate`, `NotDelegated` when there is none).
    #[account(seeds = [lrt_vault::constants::DELEGATION_SEED, vault.key().as_ref(),
                       operator.key().as_ref()], bump, seeds::program = lrt_vault::ID)]
    pub delegation: UncheckedAccount<'info>,
    /// CHECK: the vault's bucket of epoch cur + 1 (address checked in `validate`; may not
    /// exist): part of the slashable value.
    pub bucket_next: UncheckedAccount<'info>,
    /// CHECK: the vault's bucket of epoch cur + 2 (address checked in `validate`; may not
    /// exist).
    pub bucket_after: UncheckedAccount<'info>,
    /// CHECK: the new message (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [ATTESTATION_SEED, &xchain_config.next_sequence.to_le_bytes()], bump)]
    pub attestation: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl PublishStakeAttestation<'_> {
    /// The vault's delegation to the operator.
    fn delegation(&self) -> Result<Delegation> {
        let info = self.delegation.to_account_info();
        require!(
            info.owner == &lrt_vault::ID && !info.data_is_empty(),
            RegistryError::NotDelegated
        );
        load::<Delegation>(&info)
    }

    /// The stake the vault allocates to the operator during `cur`, at `clock`, in
    /// lamports (module docs).
    fn stake(&self, clock: &Clock, cur: u64) -> Result<u64> {
        let allocation = self.delegation()?.allocation.at(cur, cur)?;
        let mut vault = (**self.vault).clone();
        vault.require_fresh_prices(clock.epoch)?;
        vault.accrue_vesting(clock.slot, self.vault_config.epoch_length)?;
        let buckets = [
            WithdrawalBucket::load_if_present(&self.bucket_next.to_account_info())?,
            WithdrawalBucket::load_if_present(&self.bucket_after.to_account_info())?,
        ];
        vault.allocated_stake(allocation, &buckets)
    }

    fn validate(&self) -> Result<()> {
        let clock = Clock::get()?;
        let cur = self.vault_config.epoch_at(clock.slot);
        let vault = self.vault.key();
        require_keys_eq!(
            self.bucket_next.key(),
            bucket_address(&vault, cur.saturating_add(1)),
            RegistryError::WrongBucket
        );
        require_keys_eq!(
            self.bucket_after.key(),
            bucket_address(&vault, cur.saturating_add(2)),
            RegistryError::WrongBucket
        );
        self.delegation()?;
        self.vault.require_fresh_prices(clock.epoch)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let clock = Clock::get()?;
        let accounts = &mut ctx.accounts;
        let cur = accounts.vault_config.epoch_at(clock.slot);
        let stake_lamports = accounts.stake(&clock, cur)?;
        let (vault, operator) = (accounts.vault.key(), accounts.operator.key());
        let payload = ::xchain::StakeAttestation {
            vault: vault.to_bytes(),
            operator: operator.to_bytes(),
            stake_lamports,
            epoch: cur,
            slot: clock.slot,
        }
        .encode();
        let sequence = accounts.xchain_config.take_sequence()?;
        let bump = ctx.bumps.attestation;
        let info = accounts.attestation.to_account_info();
        create_pda_account(
            &accounts.payer.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            8 + Attestation::INIT_SPACE,
            &[ATTESTATION_SEED, &sequence.to_le_bytes(), &[bump]],
        )?;
        let attestation = Attestation {
            sequence,
            emitter: emitter_address().to_bytes(),
            payload,
            timestamp: clock.unix_timestamp,
            payer: accounts.payer.key(),
            bump,
        };
        store(&info, &attestation)?;
        emit_cpi!(StakeAttested {
            attestation: info.key(),
            sequence,
            emitter: attestation.emitter,
            vault,
            operator,
            stake_lamports,
            epoch: cur,
            slot: clock.slot,
            timestamp: clock.unix_timestamp,
            payer: attestation.payer,
        });
        Ok(())
    }
}
