//! The example AVS's client: PDA derivations, instruction builders, and what an operator
//! and a reporter need off-chain: the attestation bytes, their Ed25519 program
//! instructions, and a whole equivocation proof.
//!
//! Conventions as in `registry`: `avs` is the registry's `Avs` account address
//! (`registry::pda::avs(id)`), `operator` the registry's `Operator` account address.
//!
//! An equivocation report is one transaction of three instructions, in this order:
//! `[ed25519(round, value_a), ed25519(round, value_b), report_equivocation]`.
//! A reporter holding the operator's published signatures builds it with
//! `signed_attestation_instruction` (twice) and `report_equivocation`;
//! `equivocation_proof` builds all three with the signing key at hand.
//!
//! Rewards: the AVS's treasury is `reward_treasury(mint, token_program)`, the associated
//! token account of `pda::reward_authority()` (create it with `create_reward_treasury`,
//! fund it with any token transfer); the admin pays with `pay_reward`, after
//! `instructions::refresh_prices` in the same transaction.
use anchor_lang::{prelude::Pubkey, system_program, InstructionData, ToAccountMetas};
use example_avs::{
    accounts as acc, instruction as ix,
    instructions::{InitializeArgs, PayRewardArgs, ReportEquivocationArgs},
    ID,
};
use lrt_vault::state::Vault;
use solana_signer::Signer;

pub use example_avs::{
    self,
    attestation::{attestation_message, evidence_hash, SignedMessage},
    constants::{self, ATTESTATION_LEN},
    errors::AvsError,
    events, state, ID as AVS_PROGRAM_ID,
};
/// Ed25519 program instruction layout and builders, for callers that sign elsewhere.
pub use solana_ed25519_program as ed25519;
/// The hash behind `evidence_hash`, for reviewers who recompute a request's evidence.
pub use solana_sha256_hasher as sha256;

use crate::{registry, token_programs::TOKEN_2022, Instruction};

/// Every address the example AVS derives.
pub mod pda {
    use anchor_lang::prelude::Pubkey;
    use example_avs::{constants::*, ID};

    fn find(seeds: &[&[u8]]) -> Pubkey {
        Pubkey::find_program_address(seeds, &ID).0
    }

    pub fn config() -> Pubkey {
        find(&[CONFIG_SEED])
    }

    /// The signer the registry AVS must name, `AvsKind::Local { slash_authority }`: the
    /// config itself.
    pub fn slash_authority() -> Pubkey {
        config()
    }

    /// Owner of the AVS's reward treasury; signs `distribute_rewards` in `pay_reward`.
    pub fn reward_authority() -> Pubkey {
        find(&[REWARDS_SEED])
    }

    /// The record of `operator`'s equivocation in `round` (exists once reported).
    pub fn equivocation(operator: &Pubkey, round: u64) -> Pubkey {
        find(&[EQUIVOCATION_SEED, operator.as_ref(), &round.to_le_bytes()])
    }

    /// Signer of the example AVS's `emit_cpi!` event instructions.
    pub fn event_authority() -> Pubkey {
        find(&[b"__event_authority"])
    }
}

/// Example AVS accounts and events from raw bytes, with the crate's decode helpers.
pub mod decode {
    pub use crate::decode::{account, event, DecodeError};
    pub use example_avs::{
        events::*,
        state::{AvsConfig, Equivocation},
    };
}

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// The registry AVS's admin creates the config of the AVS registered as `avs`.
pub fn initialize(admin: Pubkey, avs: Pubkey, args: InitializeArgs) -> Instruction {
    build(
        acc::Initialize {
            admin,
            config: pda::config(),
            avs,
            vault_config: crate::pda::config(),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Initialize { args },
    )
}

pub fn set_slash_wad(admin: Pubkey, slash_wad: u128) -> Instruction {
    build(
        acc::SetSlashWad {
            admin,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetSlashWad { slash_wad },
    )
}

/// The AVS's reward treasury for `mint`: the associated token account of
/// `pda::reward_authority()` (any account that PDA owns works; this is the one clients use).
pub fn reward_treasury(mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    crate::pda::associated_token_account(&pda::reward_authority(), mint, token_program)
}

/// Creates `reward_treasury(mint, token_program)` if it does not exist; anyone may pay.
pub fn create_reward_treasury(payer: Pubkey, mint: Pubkey, token_program: Pubkey) -> Instruction {
    anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
        &payer,
        &pda::reward_authority(),
        &mint,
        &token_program,
    )
}

/// Keys of a reward payment that the vault state does not hold.
pub struct PayRewardKeys {
    /// The AVS config's admin.
    pub admin: Pubkey,
    /// The registry `Operator` account.
    pub operator: Pubkey,
    /// Token account of the asset owned by the operator's authority (the commission).
    pub operator_token_account: Pubkey,
}

/// The admin pays `args.amount` of asset `args.asset_index` from
/// `reward_treasury(asset mint, token program)` for the vault's stake with
/// `keys.operator`. Put `instructions::refresh_prices(vault_state)` before it.
pub fn pay_reward(vault_state: &Vault, keys: PayRewardKeys, args: PayRewardArgs) -> Instruction {
    let vault = crate::pda::vault(&vault_state.lrt_mint);
    let slot = &vault_state.assets[usize::from(args.asset_index)];
    build(
        acc::PayReward {
            admin: keys.admin,
            config: pda::config(),
            reward_authority: pda::reward_authority(),
            reward_treasury: reward_treasury(&slot.mint, &slot.token_program),
            asset_mint: slot.mint,
            asset_token_program: slot.token_program,
            vault_config: crate::pda::config(),
            vault,
            delegation: crate::pda::delegation(&vault, &keys.operator),
            operator: keys.operator,
            reserve: slot.reserve,
            operator_token_account: keys.operator_token_account,
            lrt_mint: vault_state.lrt_mint,
            lrt_token_program: TOKEN_2022,
            vault_event_authority: crate::pda::event_authority(),
            vault_program: crate::VAULT_PROGRAM_ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::PayReward { args },
    )
}

/// `report_equivocation` alone; it must follow its two Ed25519 instructions. `index` must
/// be the registry AVS's `request_count` as read from chain (it names the new request).
pub fn report_equivocation(
    reporter: Pubkey,
    avs: Pubkey,
    index: u64,
    operator: Pubkey,
    args: ReportEquivocationArgs,
) -> Instruction {
    build(
        acc::ReportEquivocation {
            reporter,
            config: pda::config(),
            operator,
            equivocation: pda::equivocation(&operator, args.round),
            instructions_sysvar: solana_sdk_ids::sysvar::instructions::ID,
            avs,
            registry_config: registry::pda::registry_config(),
            operator_avs: registry::pda::operator_avs(&operator, &avs),
            vault_config: crate::pda::config(),
            slash_request: registry::pda::slash_request(&avs, index),
            registry_event_authority: registry::pda::event_authority(),
            registry_program: registry::REGISTRY_PROGRAM_ID,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::ReportEquivocation { args },
    )
}

/// The Ed25519 program instruction carrying `signer`'s signature of the attestation of
/// (`round`, `value`): one signature, key, signature and message in its own data (the
/// only layout the AVS accepts). `signer`'s public key must be the operator's registered
/// `signing_key`. (What an operator runs; a reporter uses `signed_attestation_instruction`.)
pub fn attest_instruction<S: Signer + ?Sized>(
    signer: &S,
    avs: &Pubkey,
    round: u64,
    value: &[u8; 32],
) -> Instruction {
    let message = attestation_message(avs, round, value);
    let signature: [u8; 64] = signer.sign_message(&message).into();
    signed_attestation_instruction(&signer.pubkey().to_bytes(), &signature, avs, round, value)
}

/// The same instruction from an attestation someone else signed: what a reporter holds is
/// the operator's published `signature` of (`round`, `value`) by `signing_key`.
pub fn signed_attestation_instruction(
    signing_key: &[u8; 32],
    signature: &[u8; 64],
    avs: &Pubkey,
    round: u64,
    value: &[u8; 32],
) -> Instruction {
    let message = attestation_message(avs, round, value);
    ed25519::new_ed25519_instruction_with_signature(&message, signature, signing_key)
}

/// A whole report signed on the spot by `signer` (tests, or an operator's own tooling):
/// both attestations, then `report_equivocation`. `index` is the registry AVS's
/// `request_count`.
#[allow(clippy::too_many_arguments)]
pub fn equivocation_proof<S: Signer + ?Sized>(
    reporter: Pubkey,
    avs: Pubkey,
    index: u64,
    operator: Pubkey,
    signer: &S,
    round: u64,
    value_a: [u8; 32],
    value_b: [u8; 32],
) -> [Instruction; 3] {
    [
        attest_instruction(signer, &avs, round, &value_a),
        attest_instruction(signer, &avs, round, &value_b),
        report_equivocation(
            reporter,
            avs,
            index,
            operator,
            ReportEquivocationArgs {
                round,
                value_a,
                value_b,
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use example_avs::constants::ed25519 as layout;

    #[test]
    fn the_program_reads_the_layout_the_ed25519_crate_writes() {
        assert_eq!(layout::OFFSETS_START, ed25519::SIGNATURE_OFFSETS_START);
        assert_eq!(
            layout::OFFSETS_LEN,
            ed25519::SIGNATURE_OFFSETS_SERIALIZED_SIZE
        );
        assert_eq!(layout::PUBKEY_LEN, ed25519::PUBKEY_SERIALIZED_SIZE);
        assert_eq!(layout::SIGNATURE_LEN, ed25519::SIGNATURE_SERIALIZED_SIZE);
        let message = [5u8; ATTESTATION_LEN];
        let built = ed25519::new_ed25519_instruction_with_signature(&message, &[6; 64], &[7; 32]);
        let signed = example_avs::attestation::parse_ed25519_instruction(&built.data).unwrap();
        assert_eq!(
            (signed.pubkey, signed.signature, &signed.message[..]),
            ([7; 32], [6; 64], &message[..])
        );
    }
}
