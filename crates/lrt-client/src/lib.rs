//! The one Rust client of the restaking programs: PDA derivations, instruction builders,
//! account and event decoders, typed filters for listing accounts by a field (`listing`).
//! Tests, the CLI and the local network all use it, so an account list, a seed or a
//! field's offset is written down exactly once.
pub mod avs;
pub mod decode;
pub mod instructions;
pub mod listing;
pub mod pda;
pub mod program_events;
pub mod registry;

pub use lrt_vault::{self, constants, errors::VaultError, events, state, ID as VAULT_PROGRAM_ID};

pub use anchor_lang::solana_program::{instruction::Instruction, pubkey::Pubkey};

/// SPL Token, Token-2022 and Associated Token Account program ids.
pub mod token_programs {
    pub use anchor_spl::{
        associated_token::ID as ASSOCIATED_TOKEN, token::ID as TOKEN, token_2022::ID as TOKEN_2022,
    };
}
