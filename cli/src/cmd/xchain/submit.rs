//! `lrt xchain submit <VAA>`: a relayer turns a guardian-signed message from a remote AVS
//! into what it asks for: posts the VAA to its buffer in chunks (`post_vaa_chunk`),
//! verifies it (`verify_vaa`, with a compute budget sized from its signatures) and consumes
//! it, the last chunk, the verification and the submission in one transaction when they
//! fit. A `SlashRequest` becomes a slash request on the registry's veto path
//! (`submit_remote_slash`); a `RewardNotice` pays the reward its token transfer brought to
//! the AVS's reward inbox through the vault's own reward path (`submit_remote_reward`).
//!
//! Checked first, at no cost, with the programs' own code: the VAA parses
//! (`xchain::Vaa::parse`) and carries a protocol payload; a registered AVS has the kind
//! `Remote { chain, emitter }` of its emitter now, and is active
//! (`Avs::check_remote_origin`); the message was not processed (its replay record does not
//! exist) and is fresh (`XchainConfig::check_message_age`); its guardian set verifies it
//! at the clock's time (`xchain::verify_vaa`, what the program runs). A slash: the
//! operator's opt-in counts now (`OperatorAvs::check_slashable_at`), a named vault is opted
//! in to the AVS. A reward: a positive amount, the operator opted in now, the mint an asset
//! of the vault, the vault delegating to the operator, and the inbox holding the amount
//! (the token transfer was redeemed to it).
//!
//! Resumable: the buffer's nonce is derived from the message's digest, so a rerun after an
//! interruption finds the same buffer, posts only the bytes after those already there,
//! and skips the verification when the buffer is verified for this digest.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{
    program_events::{ProgramEvent, RegistryEvent, VaultEvent},
    registry::{self, pda as reg_pda, RemoteMessage},
    Instruction,
};
use lrt_vault::state::Vault;
use serde::Serialize;
use slasher_registry::{
    errors::RegistryError,
    state::{ReplayRecord, SlashRequest, VaaBuffer},
};
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use xchain::{encode_vaa, Payload, Vaa};

use super::{clock_unix_time, guardian_set, read_vaa, require_xchain_config};
use crate::{
    chain,
    context::Ctx,
    errors::would_refuse,
    output::{hex, utc},
    relay::{
        actions::{reward_action, slash_action},
        id_text, nonce_of,
        plan::{plan, tx_len, Resume},
        remote_avs, Relay,
    },
    tx,
    views::{
        request::{request_view, RequestView},
        reward_split::RewardSplitView,
    },
};

/// Compute units of `verify_vaa` besides its recoveries (parsing, hashing) and of
/// `submit_remote_slash` in the same transaction: docs/cross-chain.md asks 400,000 for
/// 13 recoveries (325,000); the rest is headroom to re-measure on a real validator.
const VERIFY_AND_SUBMIT_OVERHEAD_CU: u64 = 150_000;
/// The runtime's per-transaction maximum.
const MAX_COMPUTE_UNITS: u64 = 1_400_000;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
The VAA is checked before anything is sent: it parses, its guardian set verifies it now, \
it was not processed yet, it is not stale, its emitter is a registered remote AVS; for a \
slash request, the operator can be slashed and a named vault is opted in; for a reward \
notice, the operator is opted in, the mint is the vault's asset and the AVS's reward inbox \
already holds the amount (redeem the token transfer to it first). A rerun after an \
interruption continues with the same buffer (its nonce comes from the message's digest). \
The signer pays: the buffer's rent comes back in the last transaction; the replay record's \
rent (1,204,080 lamports) comes back with `lrt xchain reclaim` once the message is stale \
for good (the clock past its timestamp + twice the registry's max message age: the time \
is printed); a slash request's rent stays. A 13-signature message takes 2 transactions.

Example:
  lrt xchain demo-sign --avs <AVS> --operator <OPERATOR> --fraction 5% --out slash.vaa
  lrt xchain submit slash.vaa")]
pub struct Args {
    /// The VAA: hex (0x optional), or the path to a file holding it as hex or bytes
    pub vaa: String,
    /// The remote AVS the message is for, checked against the one its emitter speaks for
    /// [default: that one]
    #[arg(long)]
    pub avs: Option<String>,
}

/// The message's identity and how it was verified.
#[derive(Serialize)]
pub struct VaaIdView {
    pub emitter_chain: u16,
    /// The emitter address (hex, 32 bytes).
    pub emitter: String,
    pub sequence: String,
    /// keccak256(keccak256(body)), what the guardians signed (hex).
    pub digest: String,
    pub guardian_set: u32,
    /// Signatures sent (and verified).
    pub signatures: usize,
    /// Guardians' Unix time on the source chain.
    pub timestamp: u32,
}

/// One transaction of the relay.
#[derive(Serialize)]
pub struct RelayTx {
    pub what: String,
    pub signature: String,
    pub explorer: String,
    /// Its size on the wire (at most 1,232).
    pub bytes: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let input = read_vaa(&args.vaa)?;
    let vaa = Vaa::parse(&input).map_err(|e| anyhow!("the VAA does not parse: {e}"))?;
    let body = vaa.body();
    let id = body.id();
    let payload = Payload::decode(body.payload)
        .map_err(|e| anyhow!("the VAA's payload is not one of the protocol's messages: {e}"))?;
    if let Payload::StakeAttestation(_) = payload {
        bail!(
            "this VAA is a stake attestation: an outbound message (from Solana to the AVS's \
             chain), there is nothing to submit here"
        );
    }
    let config = require_xchain_config(ctx)?;
    let now = clock_unix_time(ctx)?;
    let (cur, vault_config) = chain::epoch(ctx)?;

    // The AVS this emitter speaks for, and the origin rule.
    let (avs_key, avs, claim) = remote_avs(ctx, &id, args.avs.as_deref())?;
    if let Err(error) = avs.check_remote_origin(
        &avs_key,
        Some(&claim),
        cur,
        id.emitter_chain,
        &id.emitter_address,
    ) {
        bail!(
            "{}\n(AVS {avs_key})",
            would_refuse(&slasher_registry::ID, &error)
        );
    }
    // Processed already, or stale: decided before any signature is checked.
    let replay_key = reg_pda::replay_record(id.emitter_chain, &id.emitter_address, id.sequence);
    if chain::fetch(ctx, &replay_key)?.is_some_and(|a| a.owner == slasher_registry::ID) {
        bail!(
            "message {} was already processed: its replay record {replay_key} exists\n{}",
            id_text(&id),
            would_refuse(
                &slasher_registry::ID,
                &RegistryError::MessageAlreadyProcessed.into()
            )
        );
    }
    if let Err(error) = config.check_message_age(body.timestamp, now) {
        bail!(
            "{}\nthe message is stamped {}, the clock reads {}: more than the {} s the \
             registry accepts",
            would_refuse(&slasher_registry::ID, &error),
            utc(i64::from(body.timestamp)),
            utc(now),
            config.max_message_age
        );
    }
    // The guardians' signatures, checked by the program's own code at the clock's time.
    let set_index = vaa.guardian_set_index();
    let set = guardian_set(ctx, set_index)?.ok_or_else(|| {
        anyhow!(
            "the VAA is signed by guardian set {set_index}, which is not installed on {} (the \
             current set is {}; `lrt xchain guardians show`)",
            ctx.url,
            config.current_guardian_set
        )
    })?;
    let verified = xchain::verify_vaa(&vaa, &set.to_guardian_set(), now)
        .map_err(|e| anyhow!("the registry would refuse to verify the VAA: {e}"))?;
    let digest = verified.digest();
    // Every signature sent is recovered on chain: a quorum is enough.
    let quorum = set.to_guardian_set().quorum();
    let signatures: Vec<_> = vaa.signatures().iter().take(quorum).collect();
    let bytes = if signatures.len() < vaa.signatures().len() {
        ctx.out.note(format!(
            "sending {} of the VAA's {} signatures (the quorum): every signature sent costs a \
             recovery",
            signatures.len(),
            vaa.signatures().len()
        ));
        encode_vaa(set_index, &signatures, vaa.body_bytes())
            .map_err(|e| anyhow!("cannot re-encode the VAA: {e}"))?
    } else {
        input.clone()
    };

    // What the message asks for, checked as its instruction would.
    let payer = ctx.signer()?;
    let nonce = nonce_of(&digest);
    let message = RemoteMessage {
        emitter_chain: id.emitter_chain,
        emitter: id.emitter_address,
        sequence: id.sequence,
    };
    let relay = Relay {
        payer: payer.pubkey(),
        nonce,
        avs: avs_key,
        cur,
        message,
    };
    let action = match payload {
        Payload::SlashRequest(request) => slash_action(ctx, &relay, &request)?,
        Payload::RewardNotice(notice) => reward_action(ctx, &relay, &notice)?,
        Payload::StakeAttestation(_) => bail!("a stake attestation is not submitted"),
    };

    // The buffer: resumed when a run before left it.
    let buffer_key = reg_pda::vaa_buffer(&payer.pubkey(), nonce);
    let buffer =
        chain::fetch_opt::<VaaBuffer>(ctx, &buffer_key, &slasher_registry::ID, "VAA buffer")?;
    let mut new_accounts = vec![
        (buffer_key, VaaBuffer::space(bytes.len())),
        (replay_key, ReplayRecord::SPACE),
    ];
    new_accounts.extend(action.new_accounts.iter().copied());
    chain::require_rent(ctx, &payer.pubkey(), &new_accounts, "the relay")?;
    let existed: Vec<bool> = action
        .new_accounts
        .iter()
        .map(|(key, _)| chain::fetch(ctx, key).map(|a| a.is_some()))
        .collect::<Result<_>>()?;
    let before = balance(ctx, &payer.pubkey())?;
    let mut sent: Vec<RelayTx> = Vec::new();
    let resume = Resume::of(buffer.as_ref(), &bytes, &digest);
    match resume {
        Resume::Fresh => {}
        Resume::Verified => ctx.out.note(format!(
            "buffer {buffer_key} is already verified for this message: posting and \
             verification skipped"
        )),
        Resume::Posted(n) => ctx.out.note(format!(
            "buffer {buffer_key} already holds the first {n} of {} bytes: posting the rest",
            bytes.len()
        )),
        Resume::Other => {
            ctx.out.note(format!(
                "buffer {buffer_key} holds another message: closing it (its rent comes back)"
            ));
            let ix = registry::close_vaa_buffer(payer.pubkey(), nonce);
            sent.push(send(ctx, "VAA buffer closing", &[ix], &payer)?);
        }
    }
    let mut groups: Vec<(String, Vec<Instruction>)> = Vec::new();
    if resume != Resume::Verified {
        let units = xchain::verify_compute_units(signatures.len())
            .and_then(|u| u.checked_add(VERIFY_AND_SUBMIT_OVERHEAD_CU))
            .unwrap_or(MAX_COMPUTE_UNITS)
            .min(MAX_COMPUTE_UNITS);
        groups.push((
            "verification".into(),
            vec![
                ComputeBudgetInstruction::set_compute_unit_limit(
                    u32::try_from(units).unwrap_or(u32::MAX),
                ),
                registry::verify_vaa(payer.pubkey(), nonce, set_index),
            ],
        ));
    }
    groups.push((action.what.to_string(), action.ixs));
    let steps = plan(
        &payer.pubkey(),
        nonce,
        &bytes,
        resume.posted(bytes.len()),
        groups,
    );
    let mut landed = None;
    for (i, step) in steps.iter().enumerate() {
        if i + 1 == steps.len() {
            let result = tx::send_and_read(ctx, &step.what, &step.ixs, &payer, &[])?;
            sent.push(RelayTx {
                what: step.what.clone(),
                signature: result.sent.signature.clone(),
                explorer: result.sent.explorer.clone(),
                bytes: tx_len(&step.ixs, &payer.pubkey()),
            });
            landed = Some(result);
        } else {
            sent.push(send(ctx, &step.what, &step.ixs, &payer)?);
            ctx.out.note(format!("{} posted", step.what));
        }
    }
    let landed = landed.context("nothing to send")?;
    let after = balance(ctx, &payer.pubkey())?;
    let rent_of =
        |key: &Pubkey| -> Result<u64> { Ok(chain::fetch(ctx, key)?.map_or(0, |a| a.lamports)) };
    let replay_record_lamports = rent_of(&replay_key)?;
    let record: ReplayRecord =
        chain::fetch_anchor(ctx, &replay_key, &slasher_registry::ID, "replay record")?;
    let reclaimable_from = record.closable_from(config.max_message_age);
    let mut rent_lamports = 0u64;
    for ((key, _), existed) in action.new_accounts.iter().zip(existed) {
        if !existed {
            rent_lamports = rent_lamports.saturating_add(rent_of(key)?);
        }
    }
    let spent = before.saturating_sub(after);
    let outcome = match payload {
        Payload::SlashRequest(_) => {
            let request_key = landed.event(action.what, "RemoteSlashReceived", |e| match e {
                ProgramEvent::Registry(RegistryEvent::RemoteSlashReceived(r)) => Some(r.request),
                _ => None,
            })?;
            let request: SlashRequest =
                chain::fetch_anchor(ctx, &request_key, &slasher_registry::ID, "slash request")?;
            let slot = chain::slot(ctx)?;
            Outcome::SlashRequest {
                request: request_view(
                    &request_key,
                    &request,
                    slot,
                    vault_config.epoch_at(slot),
                    vault_config.epoch_length,
                ),
                target_vault: action.target_vault.map(|v| v.to_string()),
            }
        }
        _ => {
            let received = landed.event(action.what, "RemoteRewardReceived", |e| match e {
                ProgramEvent::Registry(RegistryEvent::RemoteRewardReceived(r)) => Some(r),
                _ => None,
            })?;
            let split = landed.event(action.what, "RewardsDistributed", |e| match e {
                ProgramEvent::Vault(VaultEvent::RewardsDistributed(r)) => Some(r),
                _ => None,
            })?;
            let asset = chain::mint_info(ctx, &received.mint)?;
            let vault: Vault = chain::fetch_anchor(ctx, &received.vault, &lrt_vault::ID, "vault")?;
            let lrt = chain::mint_info(ctx, &vault.lrt_mint)?;
            Outcome::Reward {
                reward: RewardSplitView::new(
                    split,
                    &asset.symbol,
                    asset.decimals,
                    &lrt.symbol,
                    &action.operator_token_account.unwrap_or_default(),
                ),
                inbox: received.inbox.to_string(),
                transfer: VaaRefView {
                    emitter_chain: received.transfer_chain,
                    emitter: hex(&received.transfer_emitter),
                    sequence: received.transfer_sequence.to_string(),
                },
            }
        }
    };
    let result = Submitted {
        outcome,
        avs: avs_key.to_string(),
        vaa: VaaIdView {
            emitter_chain: id.emitter_chain,
            emitter: hex(&id.emitter_address),
            sequence: id.sequence.to_string(),
            digest: hex(&digest),
            guardian_set: set_index,
            signatures: signatures.len(),
            timestamp: body.timestamp,
        },
        vaa_bytes: bytes.len().saturating_sub(resume.posted(bytes.len())),
        transactions: sent,
        lamports_spent_net: spent,
        replay_record: replay_key.to_string(),
        replay_record_lamports,
        replay_record_reclaimable_from: utc(reclaimable_from),
        replay_record_reclaimable_from_unix: reclaimable_from,
        rent_lamports,
        fees_lamports: spent
            .saturating_sub(replay_record_lamports)
            .saturating_sub(rent_lamports),
    };
    ctx.out.print(&result, |r| r.to_string());
    Ok(())
}

/// What the message became.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// A slash request on the veto path.
    SlashRequest {
        request: RequestView,
        /// Vault the request is limited to (the message named one), else every vault.
        target_vault: Option<String>,
    },
    /// A reward paid into the vault.
    Reward {
        reward: RewardSplitView,
        /// The AVS's reward inbox it was paid from.
        inbox: String,
        /// The token transfer that carried the tokens.
        transfer: VaaRefView,
    },
}

/// A message's identity, as another message names it.
#[derive(Serialize)]
pub struct VaaRefView {
    pub emitter_chain: u16,
    pub emitter: String,
    pub sequence: String,
}

#[derive(Serialize)]
struct Submitted {
    #[serde(flatten)]
    outcome: Outcome,
    avs: String,
    vaa: VaaIdView,
    /// Bytes of VAA posted (this run).
    vaa_bytes: usize,
    transactions: Vec<RelayTx>,
    /// The signer's balance before minus after: the replay record and the rent of the
    /// accounts it created (kept), plus fees; the buffer's rent came back.
    lamports_spent_net: u64,
    replay_record: String,
    /// Its rent, back to the signer with `lrt xchain reclaim` from the time below.
    replay_record_lamports: u64,
    /// When the replay record becomes closable (UTC; `ReplayRecord::closable_from`).
    replay_record_reclaimable_from: String,
    replay_record_reclaimable_from_unix: i64,
    /// Rent of the other accounts it created: the slash request (and its target record), as
    /// a local request pays it; for a reward, the operator's token account if it was missing.
    rent_lamports: u64,
    fees_lamports: u64,
}

impl std::fmt::Display for Submitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = &self.vaa;
        write!(
            f,
            "message chain {} emitter {} sequence {} ({} signatures of guardian set {}) ",
            v.emitter_chain, v.emitter, v.sequence, v.signatures, v.guardian_set
        )?;
        match &self.outcome {
            Outcome::SlashRequest {
                request: q,
                target_vault,
            } => {
                let target = target_vault
                    .as_ref()
                    .map_or("every vault".to_string(), |v| format!("vault {v} only"));
                write!(f, "became {q}\n  reaches         {target}")?;
            }
            Outcome::Reward {
                reward,
                inbox,
                transfer,
            } => write!(
                f,
                "paid from AVS {}'s inbox {inbox} (transfer chain {} sequence {}):\n{reward}",
                self.avs, transfer.emitter_chain, transfer.sequence
            )?,
        }
        let sizes: Vec<String> = self
            .transactions
            .iter()
            .map(|t| t.bytes.to_string())
            .collect();
        write!(
            f,
            "\n  relayed in      {} transactions of {} bytes\n  spent           {} lamports \
             net (replay record {}, rent {}, fees {})\n  replay record   {}: its {} \
             lamports are reclaimable from {} with `lrt xchain reclaim`",
            self.transactions.len(),
            sizes.join(" + "),
            self.lamports_spent_net,
            self.replay_record_lamports,
            self.rent_lamports,
            self.fees_lamports,
            self.replay_record,
            self.replay_record_lamports,
            self.replay_record_reclaimable_from
        )
    }
}

fn send(ctx: &Ctx, what: &str, ixs: &[Instruction], payer: &Keypair) -> Result<RelayTx> {
    let sent = tx::send(ctx, what, ixs, payer, &[])?;
    Ok(RelayTx {
        what: what.to_string(),
        signature: sent.signature,
        explorer: sent.explorer,
        bytes: tx_len(ixs, &payer.pubkey()),
    })
}

fn balance(ctx: &Ctx, key: &Pubkey) -> Result<u64> {
    Ok(ctx
        .rpc
        .get_balance_with_commitment(key, ctx.commitment)
        .with_context(|| format!("cannot read the balance of {key}"))?
        .value)
}
