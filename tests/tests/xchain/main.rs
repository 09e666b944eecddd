//! Cross-chain slash requests on the real programs (issue 15 item 2, docs/cross-chain.md):
//! a 19-guardian test set signs SlashRequest VAAs from a remote AVS; a relayer posts them
//! in chunks, verifies them and submits them; the request then takes the local path.
//! Rewards come the same way (`RewardNotice`, reward.rs), and stake attestations go the
//! other way (attest.rs).
#![allow(deprecated)] // see tests/src/lib.rs
mod attest;
mod emitter;
mod reclaim;
mod reward;
mod submit;
mod verify;

use anchor_lang::prelude::{Clock, Pubkey};
use lrt_client::registry::{self, RemoteMessage};
use lrt_integration_tests::{slashing_world::World, *};
use slasher_registry::{
    instructions::{RegisterAvsArgs, SetGuardianSetArgs},
    state::{AvsKind, GuardianSetAccount, SlashDestination},
};
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use xchain::{digest, signing::GuardianKeys, Body, SlashTarget};

/// Wormhole's mainnet guardian-set index in 2025: the on-chain index is whatever the
/// admin installs first.
pub const SET_INDEX: u32 = 4;
pub const GUARDIAN_SET_EXPIRATION: u32 = 86_400;
pub const MAX_MESSAGE_AGE: u32 = 3_600;
/// The remote AVS: an Ethereum contract (chain 2).
pub const CHAIN: u16 = 2;
pub const EMITTER: [u8; 32] = {
    let mut e = [0u8; 32];
    let mut i = 12;
    while i < 32 {
        e[i] = 0xab;
        i += 1;
    }
    e
};
/// A transaction's size limit (packet data).
pub const PACKET_DATA_SIZE: usize = 1_232;

/// 19 deterministic guardians: secret key i = keccak256("xchain test guardian" || i), as
/// in crates/xchain's tests.
pub fn guardians() -> GuardianKeys {
    GuardianKeys::deterministic("xchain test guardian", 19)
}

/// A VAA of guardian set `set_index` over `body`, signed by the first `signers`
/// guardians of `keys`.
pub fn sign_vaa(set_index: u32, keys: &GuardianKeys, signers: usize, body: &[u8]) -> Vec<u8> {
    keys.sign_vaa_by_first(set_index, signers, body).unwrap()
}

/// What a test message says.
#[derive(Clone, Copy)]
pub struct Msg {
    pub timestamp: u32,
    pub chain: u16,
    pub emitter: [u8; 32],
    pub sequence: u64,
    pub operator: Pubkey,
    pub target: SlashTarget,
    pub wad: u128,
}

impl Msg {
    pub fn body(&self) -> Vec<u8> {
        let payload = xchain::SlashRequest {
            operator: self.operator.to_bytes(),
            target: self.target,
            fraction_wad: self.wad,
            evidence_hash: [1; 32],
        }
        .encode()
        .unwrap();
        self.body_with(&payload)
    }

    /// A body from this message's emitter, sequence and time carrying `payload`.
    pub fn body_with(&self, payload: &[u8]) -> Vec<u8> {
        Body {
            timestamp: self.timestamp,
            nonce: 0,
            emitter_chain: self.chain,
            emitter_address: self.emitter,
            sequence: self.sequence,
            consistency_level: 1,
            payload,
        }
        .encode()
    }

    pub fn id(&self) -> RemoteMessage {
        RemoteMessage {
            emitter_chain: self.chain,
            emitter: self.emitter,
            sequence: self.sequence,
        }
    }
}

/// The slashing world with a remote AVS (chain 2, EMITTER) beside its local one, every
/// opt-in to it active, guardian set 4 of 19 guardians installed, at the capture epoch.
pub struct XWorld {
    pub w: World,
    pub keys: GuardianKeys,
    pub remote_avs: Pubkey,
    pub relayer: Keypair,
}

impl XWorld {
    pub async fn new() -> XWorld {
        let mut w = World::new().await;
        let keys = guardians();
        let admin = w.t.payer();
        let set = registry::set_guardian_set(
            admin.pubkey(),
            SetGuardianSetArgs {
                index: SET_INDEX,
                keys: keys.addresses(),
                guardian_set_expiration: GUARDIAN_SET_EXPIRATION,
                max_message_age: MAX_MESSAGE_AGE,
            },
        );
        let id = Pubkey::new_unique();
        let register = registry::register_avs(
            admin.pubkey(),
            RegisterAvsArgs {
                id,
                admin: admin.pubkey(),
                kind: AvsKind::Remote {
                    chain: CHAIN,
                    emitter: EMITTER,
                },
                max_slash_wad: WAD / 2,
                destination: SlashDestination::Recipient { owner: w.recipient },
                metadata_uri: String::new(),
            },
        );
        w.t.send(&[set, register], &[]).await.unwrap();
        let remote_avs = registry::pda::avs(&id);
        w.opt_in_everyone(remote_avs).await;
        w.delegate_and_enter_capture_epoch().await;
        let relayer = Keypair::new();
        w.t.fund(&[&relayer], 10 * SOL).await;
        XWorld {
            w,
            keys,
            remote_avs,
            relayer,
        }
    }

    pub async fn now(&mut self) -> i64 {
        let clock: Clock = self.w.t.ctx.banks_client.get_sysvar().await.unwrap();
        clock.unix_timestamp
    }

    /// A fresh, valid message from the remote AVS slashing `wad` of the operator.
    pub async fn msg(&mut self, sequence: u64, wad: u128) -> Msg {
        Msg {
            timestamp: self.now().await as u32,
            chain: CHAIN,
            emitter: EMITTER,
            sequence,
            operator: self.w.operator,
            target: SlashTarget::AllVaults,
            wad,
        }
    }

    /// Posts `vaa` in chunks of `chunk` bytes to the relayer's buffer `nonce`.
    pub async fn post(&mut self, nonce: u32, vaa: &[u8], chunk: usize) {
        let relayer = self.relayer.insecure_clone();
        for ix in registry::post_vaa_chunks(relayer.pubkey(), nonce, vaa, chunk) {
            self.w.t.send(&[ix], &[&relayer]).await.unwrap();
        }
    }

    /// The compute budget and `verify_vaa` of buffer `nonce` against set `set_index`.
    pub fn verify_ixs(&self, nonce: u32, set_index: u32) -> Vec<Instruction> {
        vec![
            ComputeBudgetInstruction::set_compute_unit_limit(400_000),
            registry::verify_vaa(self.relayer.pubkey(), nonce, set_index),
        ]
    }

    /// `submit_remote_slash` of buffer `nonce` carrying `msg`, as the AVS's next request.
    pub async fn submit_ix(
        &mut self,
        nonce: u32,
        msg: &Msg,
        target: Option<Pubkey>,
    ) -> Instruction {
        let avs: slasher_registry::state::Avs = self.w.t.decode(self.remote_avs).await;
        registry::submit_remote_slash(
            self.relayer.pubkey(),
            nonce,
            self.remote_avs,
            avs.request_count,
            self.w.operator,
            msg.id(),
            target,
        )
    }

    /// Every account a refused step must leave as it was.
    pub fn watched(&self, nonce: u32, msg: &Msg, request_index: u64) -> Vec<Pubkey> {
        vec![
            registry::pda::vaa_buffer(&self.relayer.pubkey(), nonce),
            registry::pda::guardian_set(SET_INDEX),
            registry::pda::xchain_config(),
            self.remote_avs,
            registry::pda::replay_record(msg.chain, &msg.emitter, msg.sequence),
            registry::pda::slash_request(&self.remote_avs, request_index),
            self.relayer.pubkey(),
        ]
    }

    pub async fn guardian_set(&mut self, index: u32) -> GuardianSetAccount {
        self.w.t.decode(registry::pda::guardian_set(index)).await
    }
}

pub use anchor_lang::solana_program::instruction::Instruction;
