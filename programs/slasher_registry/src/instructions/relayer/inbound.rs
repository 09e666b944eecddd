//! What every inbound message (a remote AVS's `SlashRequest` or `RewardNotice`) must pass
//! before its payload is acted on, in one place: `submit_remote_slash` and
//! `submit_remote_reward` both read, check and record their message here.
//!
//! Must hold:
//! - the buffer was verified (`verify_vaa`; `VaaNotVerified`) and parses (`MalformedVaa`);
//! - origin: the AVS's kind in force is `Remote` with the body's emitter chain and
//!   address, the claim given is that emitter's `["remote_emitter", chain_be, emitter]`
//!   (an account of this program: a `RemoteEmitter` exists only at its own address) and
//!   names this AVS (the emitter speaks for no other), and the AVS is active
//!   (`Avs::check_remote_origin`);
//! - age: the body's timestamp is within `max_message_age` of the clock, either way
//!   (`XchainConfig::check_message_age`);
//! - replay: the account given is the record `["vaa_replay", chain_be, emitter,
//!   sequence_le]` of this message (`WrongReplayRecord`) and does not exist
//!   (`MessageAlreadyProcessed`); consuming the message creates it (a `ReplayRecord`:
//!   payer, body timestamp; closed by `close_replay_record` only once the message is
//!   stale for good). One namespace for every payload type: one sequence per emitter,
//!   whatever it carries.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::{xchain_result, RegistryError},
    pda_accounts::{create_pda_account, exists, load, store},
    state::{Avs, RemoteEmitter, ReplayRecord, VaaBuffer, XchainConfig},
};

/// The replay record's address and bump for `(chain, emitter, sequence)`.
pub fn replay_record_address(chain: u16, emitter: &[u8; 32], sequence: u64) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[
            VAA_REPLAY_SEED,
            &chain.to_be_bytes(),
            emitter,
            &sequence.to_le_bytes(),
        ],
        &crate::ID,
    )
}

/// What the registry keeps of a verified message's body.
pub struct InboundMessage {
    pub timestamp: u32,
    pub emitter_chain: u16,
    pub emitter: [u8; 32],
    pub sequence: u64,
    /// keccak256(keccak256(body)), recorded by `verify_vaa`.
    pub digest: [u8; 32],
    pub payload: Vec<u8>,
}

impl InboundMessage {
    /// The body of a verified buffer.
    pub fn read(buffer: &VaaBuffer) -> Result<Self> {
        buffer.check_verified()?;
        let vaa = xchain_result(::xchain::Vaa::parse(&buffer.data))?;
        let body = vaa.body();
        Ok(Self {
            timestamp: body.timestamp,
            emitter_chain: body.emitter_chain,
            emitter: body.emitter_address,
            sequence: body.sequence,
            digest: buffer.digest,
            payload: body.payload.to_vec(),
        })
    }

    /// Origin, age and replay (module docs) for `avs` during restaking epoch `cur`, at
    /// Unix time `now`; `claim` is the account passed as the emitter's claim (read only
    /// if it exists: a missing one fails after the kind's own checks), `replay_record` the
    /// one passed as this message's record.
    pub fn check(
        &self,
        avs: &Account<Avs>,
        claim: &AccountInfo,
        xchain_config: &XchainConfig,
        cur: u64,
        now: i64,
        replay_record: &AccountInfo,
    ) -> Result<()> {
        let claim = if exists(claim) {
            Some(load::<RemoteEmitter>(claim)?)
        } else {
            None
        };
        avs.check_remote_origin(
            &avs.key(),
            claim.as_ref(),
            cur,
            self.emitter_chain,
            &self.emitter,
        )?;
        xchain_config.check_message_age(self.timestamp, now)?;
        let (record, _) = replay_record_address(self.emitter_chain, &self.emitter, self.sequence);
        require_keys_eq!(
            replay_record.key(),
            record,
            RegistryError::WrongReplayRecord
        );
        require!(
            replay_record.owner != &crate::ID,
            RegistryError::MessageAlreadyProcessed
        );
        Ok(())
    }

    /// Records the message as consumed: creates its replay record, paid by `payer` (even
    /// at a pre-funded address).
    pub fn record_consumed<'info>(
        &self,
        payer: &AccountInfo<'info>,
        replay_record: &AccountInfo<'info>,
        system_program: &AccountInfo<'info>,
    ) -> Result<()> {
        let (_, bump) = replay_record_address(self.emitter_chain, &self.emitter, self.sequence);
        create_pda_account(
            payer,
            replay_record,
            system_program,
            ReplayRecord::SPACE,
            &[
                VAA_REPLAY_SEED,
                &self.emitter_chain.to_be_bytes(),
                &self.emitter,
                &self.sequence.to_le_bytes(),
                &[bump],
            ],
        )?;
        store(
            replay_record,
            &ReplayRecord {
                payer: payer.key(),
                timestamp: self.timestamp,
                bump,
            },
        )
    }
}
