//! Anyone proves that an operator signed two different values for one round, and this AVS
//! asks the registry to slash it.
//!
//! The proof is two Ed25519 program instructions placed directly before this one in the
//! same transaction: at `current - 2` the signature over the attestation of
//! `(round, value_a)`, at `current - 1` the one over `(round, value_b)` (format in
//! `attestation`). The runtime verifies their signatures before any program runs.
//!
//! Must hold:
//! - `value_a != value_b`; the round is a slot of the current or the previous restaking
//!   epoch (a round carries its time: nobody can report, or pre-empt the report of, a
//!   round of a later epoch, and an older one is out of the stake's reach anyway; a
//!   later slot of the current epoch may be reported, but only against an operator the
//!   registry may slash now, so pre-empting it costs the operator the slash); this
//!   (operator, round) was never reported (its record does not exist; created here even
//!   at a pre-funded address);
//! - the instructions sysvar is the real one (address constraint, then the checked
//!   loaders); each proof instruction belongs to the Ed25519 program, verifies exactly one
//!   signature, with public key, signature and message all inside its own data
//!   (instruction index `u16::MAX`), within bounds;
//! - each public key is the operator's at the time of the report, in restaking epoch
//!   `cur` of the vault program's Config (checked by seeds and owner here, and the same
//!   account gives the registry its capture epoch): its registered `signing_key`, or its
//!   `previous_signing_key` while `cur <= key_rotated_epoch + 1`
//!   (`Operator::accepts_signing_key`, the registry's rule). Rotating the key therefore
//!   does not let an operator escape: an equivocation signed with the old key stays
//!   provable through the epoch after the rotation (an AVS gets a full epoch to report,
//!   as after an opt-out), and the request captures that epoch, while the stake is still
//!   in reach. The two signatures may be by different keys of the operator (one before,
//!   one after a rotation): both spoke for it, and two values for one round are an
//!   equivocation whatever key signed them;
//! - the messages are exactly this AVS's attestations of (round, value_a) and
//!   (round, value_b);
//! - then one CPI `slasher_registry::request_slash(config.slash_wad, evidence_hash)`
//!   signed by the `["config"]` PDA; the registry checks that the AVS is local, names this
//!   authority and is active, that the operator is slashable for it in this epoch, and
//!   records the capture epoch. Its failure undoes the record: a record exists only for a
//!   request the registry accepted.
//!
//! A vetoed request keeps its record: the round was judged, and the same (operator,
//! round) cannot be reported again (a second proof of it would be vetoed for the same
//! reason). An operator's other rounds are unaffected. "Directly before" is relative to the transaction's top-level instruction,
//! also when another program calls this one by CPI.
//!
//! Call depth (Solana allows an instruction stack of 5): transaction -> example_avs (1)
//! -> slasher_registry::request_slash (2) -> system program / the registry's `emit_cpi!`
//! self-invoke (3); this program's own `emit_cpi!` and system calls are at 2. Another
//! program may call `report_equivocation` by CPI and still fit (4 at most).
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED as VAULT_CONFIG_SEED, state::Config as VaultConfig};
use slasher_registry::{
    constants::OPERATOR_SEED,
    instructions::RequestSlashArgs,
    program::SlasherRegistry,
    state::{Avs, Operator},
};
use solana_instructions_sysvar::{load_current_index_checked, load_instruction_at_checked};

use crate::{
    attestation::{attestation_message, evidence_hash, parse_ed25519_instruction, SignedMessage},
    constants::*,
    errors::AvsError,
    events::EquivocationReported,
    pda_accounts::{create_pda_account, exists, store},
    state::{AvsConfig, Equivocation},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct ReportEquivocationArgs {
    /// The slot both attestations are for; its restaking epoch must be the current or the
    /// previous one.
    pub round: u64,
    /// Signed in the Ed25519 instruction two before this one.
    pub value_a: [u8; 32],
    /// Signed in the Ed25519 instruction directly before this one.
    pub value_b: [u8; 32],
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: ReportEquivocationArgs)]
pub struct ReportEquivocation<'info> {
    /// Anyone; pays the rent of the equivocation record and of the registry's request.
    #[account(mut)]
    pub reporter: Signer<'info>,
    /// Also the AVS's slash authority: signs `request_slash`.
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, AvsConfig>>,
    /// The registry's `Operator` that signed both values.
    #[account(seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump,
              seeds::program = slasher_registry::ID)]
    pub operator: Box<Account<'info, Operator>>,
    /// CHECK: the new record (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [EQUIVOCATION_SEED, operator.key().as_ref(),
                            &args.round.to_le_bytes()], bump)]
    pub equivocation: UncheckedAccount<'info>,
    /// CHECK: must be the instructions sysvar (address), read with the checked loaders.
    #[account(address = solana_instructions_sysvar::ID @ AvsError::WrongInstructionsSysvar)]
    pub instructions_sysvar: UncheckedAccount<'info>,

    // --- passed on to slasher_registry::request_slash, which checks them ---
    /// The registry `Avs` this program acts as; its `request_count` names the request.
    #[account(mut, address = config.avs @ AvsError::WrongAvs)]
    pub avs: Box<Account<'info, Avs>>,
    /// CHECK: the registry's `["registry_config"]`, checked by the registry.
    pub registry_config: UncheckedAccount<'info>,
    /// CHECK: the registry's `["operator_avs", operator, avs]`, checked by the registry
    /// (the operator must be slashable for this AVS now).
    pub operator_avs: UncheckedAccount<'info>,
    /// `lrt_vault`'s `["config"]`: the restaking epoch the signing keys are judged at and
    /// the registry captures.
    #[account(seeds = [VAULT_CONFIG_SEED], bump = vault_config.bump,
              seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    /// CHECK: the new `["slash_request", avs, request_count_le]`, checked and created by
    /// the registry.
    #[account(mut)]
    pub slash_request: UncheckedAccount<'info>,
    /// CHECK: the registry's `emit_cpi!` authority, checked by the registry.
    pub registry_event_authority: UncheckedAccount<'info>,
    pub registry_program: Program<'info, SlasherRegistry>,
    pub system_program: Program<'info, System>,
}

impl ReportEquivocation<'_> {
    /// The signed attestation in the Ed25519 instruction at `index`, checked against the
    /// keys of this operator in restaking epoch `cur` and the expected attestation of
    /// (`round`, `value`).
    fn signed_attestation(
        &self,
        sysvar: &AccountInfo,
        index: usize,
        cur: u64,
        round: u64,
        value: &[u8; 32],
    ) -> Result<SignedMessage> {
        let instruction = load_instruction_at_checked(index, sysvar)?;
        require_keys_eq!(
            instruction.program_id,
            solana_sdk_ids::ed25519_program::ID,
            AvsError::NotEd25519Instruction
        );
        let signed = parse_ed25519_instruction(&instruction.data)?;
        require!(
            self.operator.accepts_signing_key(&signed.pubkey, cur),
            AvsError::WrongSigningKey
        );
        let expected = attestation_message(&self.config.avs, round, value);
        require!(
            signed.message[..] == expected[..],
            AvsError::WrongAttestationMessage
        );
        Ok(signed)
    }

    /// Both verified signatures, `a` then `b`.
    fn proof(&self, args: &ReportEquivocationArgs) -> Result<(SignedMessage, SignedMessage)> {
        let sysvar = self.instructions_sysvar.to_account_info();
        let current = usize::from(load_current_index_checked(&sysvar)?);
        require_gte!(current, 2, AvsError::MissingProofInstructions);
        let cur = self.vault_config.current_epoch()?;
        let a = self.signed_attestation(&sysvar, current - 2, cur, args.round, &args.value_a)?;
        let b = self.signed_attestation(&sysvar, current - 1, cur, args.round, &args.value_b)?;
        Ok((a, b))
    }

    fn validate(&self, args: &ReportEquivocationArgs) -> Result<()> {
        require!(args.value_a != args.value_b, AvsError::SameValue);
        let cur = self.vault_config.current_epoch()?;
        let round_epoch = self.vault_config.epoch_at(args.round);
        require!(
            round_epoch == cur || round_epoch.checked_add(1) == Some(cur),
            AvsError::RoundOutsideReportWindow
        );
        require!(!exists(&self.equivocation), AvsError::AlreadyReported);
        self.proof(args)?;
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: ReportEquivocationArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        // verified in `validate`; read again for the hash (two small sysvar reads)
        let (a, b) = accounts.proof(&args)?;
        let evidence_hash = evidence_hash(&a, &b);
        let slot = Clock::get()?.slot;
        let operator = accounts.operator.key();
        let request_index = accounts.avs.request_count;
        let wad = accounts.config.slash_wad;

        let info = accounts.equivocation.to_account_info();
        create_pda_account(
            &accounts.reporter.to_account_info(),
            &info,
            &accounts.system_program.to_account_info(),
            8 + Equivocation::INIT_SPACE,
            &[
                EQUIVOCATION_SEED,
                operator.as_ref(),
                &args.round.to_le_bytes(),
                &[ctx.bumps.equivocation],
            ],
        )?;
        let record = Equivocation {
            operator,
            signing_key_a: a.pubkey,
            signing_key_b: b.pubkey,
            round: args.round,
            value_a: args.value_a,
            value_b: args.value_b,
            evidence_hash,
            reporter: accounts.reporter.key(),
            slash_request: accounts.slash_request.key(),
            request_index,
            reported_slot: slot,
            bump: ctx.bumps.equivocation,
        };
        store(&info, &record)?;

        let request = slasher_registry::cpi::accounts::RequestSlash {
            slash_authority: accounts.config.to_account_info(),
            payer: accounts.reporter.to_account_info(),
            registry_config: accounts.registry_config.to_account_info(),
            vault_config: accounts.vault_config.to_account_info(),
            avs: accounts.avs.to_account_info(),
            operator_avs: accounts.operator_avs.to_account_info(),
            slash_request: accounts.slash_request.to_account_info(),
            system_program: accounts.system_program.to_account_info(),
            event_authority: accounts.registry_event_authority.to_account_info(),
            program: accounts.registry_program.to_account_info(),
        };
        let signer: &[&[u8]] = &[CONFIG_SEED, &[accounts.config.bump]];
        slasher_registry::cpi::request_slash(
            CpiContext::new_with_signer(slasher_registry::ID, request, &[signer]),
            RequestSlashArgs { wad, evidence_hash },
        )?;

        let config = &mut accounts.config;
        config.equivocations = config
            .equivocations
            .checked_add(1)
            .ok_or_else(|| error!(AvsError::MathOverflow))?;
        let (avs, equivocations) = (config.avs, config.equivocations);
        emit_cpi!(EquivocationReported {
            equivocation: info.key(),
            operator,
            signing_key_a: record.signing_key_a,
            signing_key_b: record.signing_key_b,
            round: record.round,
            value_a: record.value_a,
            value_b: record.value_b,
            evidence_hash,
            reporter: record.reporter,
            avs,
            slash_request: record.slash_request,
            request_index,
            wad,
            equivocations,
            slot,
        });
        Ok(())
    }
}
