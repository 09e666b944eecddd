//! Every address the vault program derives, from the seeds in `lrt_vault::constants`.
use anchor_lang::prelude::Pubkey;
use lrt_vault::{constants::*, ID};

use crate::token_programs::{ASSOCIATED_TOKEN, TOKEN_2022};

pub fn config() -> Pubkey {
    Pubkey::find_program_address(&[CONFIG_SEED], &ID).0
}

pub fn vault(lrt_mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[VAULT_SEED, lrt_mint.as_ref()], &ID).0
}

pub fn reserve(vault: &Pubkey, asset_mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[RESERVE_SEED, vault.as_ref(), asset_mint.as_ref()], &ID).0
}

pub fn dead_shares(vault: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[DEAD_SHARES_SEED, vault.as_ref()], &ID).0
}

pub fn bucket(vault: &Pubkey, epoch: u64) -> Pubkey {
    Pubkey::find_program_address(&[BUCKET_SEED, vault.as_ref(), &epoch.to_le_bytes()], &ID).0
}

pub fn delegation(vault: &Pubkey, operator: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[DELEGATION_SEED, vault.as_ref(), operator.as_ref()], &ID).0
}

pub fn bond(vault: &Pubkey, operator: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[BOND_SEED, vault.as_ref(), operator.as_ref()], &ID).0
}

pub fn escrow(vault: &Pubkey, request: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[ESCROW_SEED, vault.as_ref(), request.as_ref()], &ID).0
}

/// The registry's signer that `apply_slash` accepts: `["slasher"]` of `registry_program`.
pub fn slasher(registry_program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[SLASHER_SEED], registry_program).0
}

pub fn ticket(vault: &Pubkey, owner: &Pubkey, id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[
            TICKET_SEED,
            vault.as_ref(),
            owner.as_ref(),
            &id.to_le_bytes(),
        ],
        &ID,
    )
    .0
}

/// Signer of `emit_cpi!` event instructions.
pub fn event_authority() -> Pubkey {
    Pubkey::find_program_address(&[b"__event_authority"], &ID).0
}

/// Associated token account of `owner` for `mint` under `token_program`.
pub fn associated_token_account(owner: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[owner.as_ref(), token_program.as_ref(), mint.as_ref()],
        &ASSOCIATED_TOKEN,
    )
    .0
}

/// LRT account of `owner` (the LRT is always a Token-2022 mint).
pub fn lrt_account(owner: &Pubkey, lrt_mint: &Pubkey) -> Pubkey {
    associated_token_account(owner, lrt_mint, &TOKEN_2022)
}

/// Program data account of an upgradeable program.
pub fn program_data(program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[program.as_ref()],
        &anchor_lang::solana_program::bpf_loader_upgradeable::ID,
    )
    .0
}
