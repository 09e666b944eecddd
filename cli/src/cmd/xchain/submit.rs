//! `lrt xchain submit <VAA>`: a relayer turns a guardian-signed slash request from a remote
//! AVS into a slash request on the registry's veto path: posts the VAA to its buffer in
//! chunks (`post_vaa_chunk`), verifies it (`verify_vaa`, with a compute budget sized from
//! its signatures) and consumes it (`submit_remote_slash`), the last chunk, the
//! verification and the submission in one transaction when they fit.
//!
//! Checked first, at no cost, with the programs' own code: the VAA parses
//! (`xchain::Vaa::parse`) and carries a protocol payload; a registered AVS has the kind
//! `Remote { chain, emitter }` of its emitter now, and is active; the message was not
//! processed (its replay record does not exist) and is fresh
//! (`XchainConfig::check_message_age`); its guardian set verifies it at the clock's time
//! (`xchain::verify_vaa`, what the program runs); the operator's opt-in counts now
//! (`OperatorAvs::check_slashable_at`); a named vault is opted in to the AVS.
//!
//! Resumable: the buffer's nonce is derived from the message's digest, so a rerun after an
//! interruption finds the same buffer, posts only the bytes after those already there,
//! and skips the verification when the buffer is verified for this digest.
use anchor_lang::{prelude::Pubkey, Space};
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{
    program_events::{ProgramEvent, RegistryEvent},
    registry::{self, pda as reg_pda, RemoteMessage},
    Instruction,
};
use serde::Serialize;
use slasher_registry::{
    errors::RegistryError,
    state::{Avs, AvsKind, OperatorAvs, RequestTarget, SlashRequest, VaaBuffer, VaultAvs},
};
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::Transaction;
use xchain::{encode_vaa, Payload, Vaa, VaaId};

use super::{clock_unix_time, guardian_set, read_vaa, require_xchain_config};
use crate::{
    chain,
    cmd::watch::utc,
    context::Ctx,
    errors::would_refuse,
    output::hex,
    tx,
    views::request::{request_view, RequestView},
};

/// A transaction's size limit (a packet's data).
const PACKET_DATA_SIZE: usize = 1_232;
/// Compute units of `verify_vaa` besides its recoveries (parsing, hashing) and of
/// `submit_remote_slash` in the same transaction: docs/cross-chain.md asks 400,000 for
/// 13 recoveries (325,000); the rest is headroom to re-measure on a real validator.
const VERIFY_AND_SUBMIT_OVERHEAD_CU: u64 = 150_000;
/// The runtime's per-transaction maximum.
const MAX_COMPUTE_UNITS: u64 = 1_400_000;

#[derive(clap::Args, Debug)]
#[command(after_help = "\
The VAA is checked before anything is sent: it parses, its guardian set verifies it now, \
it was not processed yet, it is not stale, its emitter is a registered remote AVS, the \
operator can be slashed. A rerun after an interruption continues with the same buffer \
(its nonce comes from the message's digest). The signer pays: the buffer's rent comes \
back in the last transaction; the replay record (890,880 lamports, kept forever) and \
the slash request's rent stay.

Example:
  lrt xchain demo-sign --avs <AVS> --operator <OPERATOR> --fraction 5% --out slash.vaa
  lrt xchain submit slash.vaa")]
pub struct Args {
    /// The VAA: hex (0x optional), or the path to a file holding it as hex or bytes
    pub vaa: String,
    /// The remote AVS, when more than one is registered with the VAA's emitter [default:
    /// the only one]
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
    let request = match Payload::decode(body.payload)
        .map_err(|e| anyhow!("the VAA's payload is not one of the protocol's messages: {e}"))?
    {
        Payload::SlashRequest(request) => request,
        Payload::RewardNotice(_) => bail!(
            "this VAA is a reward notice: the registry on {} has no instruction to credit \
             remote rewards yet (submit_remote_reward)",
            ctx.url
        ),
        Payload::StakeAttestation(_) => bail!(
            "this VAA is a stake attestation: an outbound message (from Solana to the AVS's \
             chain), there is nothing to submit here"
        ),
    };
    let config = require_xchain_config(ctx)?;
    let now = clock_unix_time(ctx)?;
    let (cur, vault_config) = chain::epoch(ctx)?;

    // The remote AVS whose kind in force is this emitter.
    let (avs_key, avs) = remote_avs(ctx, &id, cur, args.avs.as_deref())?;
    if !avs.active {
        bail!(
            "{}\nAVS {avs_key} is inactive",
            would_refuse(&slasher_registry::ID, &RegistryError::AvsInactive.into())
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

    // What submit_remote_slash checks of the request.
    if request.fraction_wad == 0 {
        bail!(
            "{}\nthe message asks to slash 0%",
            would_refuse(
                &slasher_registry::ID,
                &RegistryError::InvalidSlashWad.into()
            )
        );
    }
    let operator = Pubkey::new_from_array(request.operator);
    let opt_in = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&operator, &avs_key),
        &slasher_registry::ID,
        "operator opt-in",
    )?
    .ok_or_else(|| {
        anyhow!("operator {operator} is not opted in to AVS {avs_key}: the registry cannot take a request against it")
    })?;
    if let Err(error) = opt_in.check_slashable_at(cur) {
        bail!(
            "{}\noperator {operator}'s opt-in to AVS {avs_key} does not count in the current \
             epoch {cur}",
            would_refuse(&slasher_registry::ID, &error)
        );
    }
    let target_vault = match request.target {
        xchain::SlashTarget::AllVaults => None,
        xchain::SlashTarget::Vault(vault) => {
            let vault = Pubkey::new_from_array(vault);
            let opted_in = chain::fetch_opt::<VaultAvs>(
                ctx,
                &reg_pda::vault_avs(&vault, &avs_key),
                &slasher_registry::ID,
                "vault opt-in",
            )?
            .is_some();
            if !opted_in {
                bail!(
                    "{}\nvault {vault} is not opted in to AVS {avs_key}",
                    would_refuse(&slasher_registry::ID, &RegistryError::UnknownVault.into())
                );
            }
            Some(vault)
        }
    };

    // The buffer: resumed when a run before left it.
    let payer = ctx.signer()?;
    let nonce = nonce_of(&digest);
    let buffer_key = reg_pda::vaa_buffer(&payer.pubkey(), nonce);
    let buffer =
        chain::fetch_opt::<VaaBuffer>(ctx, &buffer_key, &slasher_registry::ID, "VAA buffer")?;
    let request_key = reg_pda::slash_request(&avs_key, avs.request_count);
    let mut new_accounts = vec![
        (buffer_key, VaaBuffer::space(bytes.len())),
        (replay_key, 0),
        (request_key, 8 + SlashRequest::INIT_SPACE),
    ];
    if target_vault.is_some() {
        new_accounts.push((
            reg_pda::request_target(&request_key),
            8 + RequestTarget::INIT_SPACE,
        ));
    }
    chain::require_rent(ctx, &payer.pubkey(), &new_accounts, "the relay")?;
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
    let verified_already = matches!(resume, Resume::Verified);
    let mut tail: Vec<Instruction> = Vec::new();
    if !verified_already {
        let units = xchain::verify_compute_units(signatures.len())
            .and_then(|u| u.checked_add(VERIFY_AND_SUBMIT_OVERHEAD_CU))
            .unwrap_or(MAX_COMPUTE_UNITS)
            .min(MAX_COMPUTE_UNITS);
        tail.push(ComputeBudgetInstruction::set_compute_unit_limit(
            u32::try_from(units).unwrap_or(u32::MAX),
        ));
        tail.push(registry::verify_vaa(payer.pubkey(), nonce, set_index));
    }
    // The request's index is the AVS's count now.
    let (_, avs_now) = chain_avs(ctx, &avs_key)?;
    let message = RemoteMessage {
        emitter_chain: id.emitter_chain,
        emitter: id.emitter_address,
        sequence: id.sequence,
    };
    tail.push(registry::submit_remote_slash(
        payer.pubkey(),
        nonce,
        avs_key,
        avs_now.request_count,
        operator,
        message,
        target_vault,
    ));
    let steps = plan(
        &payer.pubkey(),
        nonce,
        &bytes,
        resume.posted(bytes.len()),
        tail,
    );
    let chunks = steps.iter().filter(|s| s.chunk.is_some()).count();
    let mut landed = None;
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let mut what = match step.chunk {
            Some((offset, len)) => format!(
                "VAA chunk {}/{chunks} ({len} bytes at offset {offset})",
                step.chunk_number
            ),
            None => String::new(),
        };
        if last {
            let finish = if verified_already {
                "remote slash submission"
            } else {
                "verification and remote slash submission"
            };
            what = if what.is_empty() {
                finish.to_string()
            } else {
                format!("{what}, {finish}")
            };
            let result = tx::send_and_read(ctx, &what, &step.ixs, &payer, &[])?;
            sent.push(RelayTx {
                what: what.clone(),
                signature: result.sent.signature.clone(),
                explorer: result.sent.explorer.clone(),
                bytes: tx_len(&step.ixs, &payer.pubkey()),
            });
            landed = Some(result);
        } else {
            sent.push(send(ctx, &what, &step.ixs, &payer)?);
            ctx.out.note(format!("{what} posted"));
        }
    }
    let landed = landed.context("nothing to send")?;
    let received = landed.event(
        "remote slash submission",
        "RemoteSlashReceived",
        |e| match e {
            ProgramEvent::Registry(RegistryEvent::RemoteSlashReceived(r)) => Some(r.request),
            _ => None,
        },
    )?;
    let after = balance(ctx, &payer.pubkey())?;
    let request_key = received;
    let request: SlashRequest =
        chain::fetch_anchor(ctx, &request_key, &slasher_registry::ID, "slash request")?;
    let slot = chain::slot(ctx)?;
    let rent_of =
        |key: &Pubkey| -> Result<u64> { Ok(chain::fetch(ctx, key)?.map_or(0, |a| a.lamports)) };
    let replay_record_lamports = rent_of(&replay_key)?;
    let request_lamports =
        rent_of(&request_key)? + rent_of(&reg_pda::request_target(&request_key))?;
    let spent = before.saturating_sub(after);
    #[derive(Serialize)]
    struct Submitted {
        request: RequestView,
        /// Vault the request is limited to (the message named one), else every vault.
        target_vault: Option<String>,
        vaa: VaaIdView,
        /// Bytes of VAA posted (this run).
        vaa_bytes: usize,
        transactions: Vec<RelayTx>,
        /// The signer's balance before minus after: the replay record and the request's
        /// rent (kept) plus fees; the buffer's rent came back.
        lamports_spent_net: u64,
        replay_record: String,
        replay_record_lamports: u64,
        /// The slash request's rent (and its target record's), as a local request pays.
        request_lamports: u64,
        fees_lamports: u64,
    }
    let result = Submitted {
        request: request_view(
            &request_key,
            &request,
            slot,
            vault_config.epoch_at(slot),
            vault_config.epoch_length,
        ),
        target_vault: target_vault.map(|v| v.to_string()),
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
        request_lamports,
        fees_lamports: spent
            .saturating_sub(replay_record_lamports)
            .saturating_sub(request_lamports),
    };
    ctx.out.print(&result, |r| {
        let q = &r.request;
        let target = r
            .target_vault
            .as_ref()
            .map_or("every vault".to_string(), |v| format!("vault {v} only"));
        let sizes: Vec<String> = r.transactions.iter().map(|t| t.bytes.to_string()).collect();
        format!(
            "message chain {} emitter {} sequence {} ({} signatures of guardian set {}) became \
             slash request {} (#{} of AVS {})\n  operator        {}\n  fraction        {} of \
             its stake at epoch {}, {target}\n  veto deadline   slot {}\n  executable      \
             from slot {} to slot {}\n  relayed in      {} transactions of {} bytes\n  \
             spent           {} lamports net (replay record {}, request {}, fees {})",
            r.vaa.emitter_chain,
            r.vaa.emitter,
            r.vaa.sequence,
            r.vaa.signatures,
            r.vaa.guardian_set,
            q.address,
            q.index,
            q.avs,
            q.operator,
            q.fraction,
            q.capture_epoch,
            q.veto_deadline_slot,
            q.executable_from_slot,
            q.executable_until_slot,
            r.transactions.len(),
            sizes.join(" + "),
            r.lamports_spent_net,
            r.replay_record_lamports,
            r.request_lamports,
            r.fees_lamports
        )
    });
    Ok(())
}

/// The remote AVS whose kind in force at epoch `cur` is the message's emitter.
fn remote_avs(ctx: &Ctx, id: &VaaId, cur: u64, chosen: Option<&str>) -> Result<(Pubkey, Avs)> {
    let emitter = AvsKind::Remote {
        chain: id.emitter_chain,
        emitter: id.emitter_address,
    };
    let mut matching: Vec<(Pubkey, Avs)> = chain::list_all::<Avs>(ctx, &slasher_registry::ID)?
        .into_iter()
        .filter(|(_, avs)| avs.kind_at(cur) == emitter)
        .collect();
    if let Some(text) = chosen {
        let (key, avs) = crate::registry_accounts::resolve_avs(ctx, text)?;
        if avs.kind_at(cur) != emitter {
            bail!(
                "AVS {key} is not the remote AVS of emitter {} on chain {} in epoch {cur}",
                hex(&id.emitter_address),
                id.emitter_chain
            );
        }
        return Ok((key, avs));
    }
    match matching.len() {
        0 => bail!(
            "no AVS on {} is the remote AVS of emitter {} on chain {} (in epoch {cur}): the \
             registry admin registers it with that kind first",
            ctx.url,
            hex(&id.emitter_address),
            id.emitter_chain
        ),
        1 => Ok(matching.remove(0)),
        _ => {
            let keys: Vec<String> = matching.iter().map(|(k, _)| k.to_string()).collect();
            bail!(
                "{} AVSs have emitter {} on chain {}: choose one with --avs ({})",
                keys.len(),
                hex(&id.emitter_address),
                id.emitter_chain,
                keys.join(", ")
            )
        }
    }
}

fn chain_avs(ctx: &Ctx, key: &Pubkey) -> Result<(Pubkey, Avs)> {
    let avs = chain::fetch_anchor(ctx, key, &slasher_registry::ID, "AVS")?;
    Ok((*key, avs))
}

/// `chain 2 emitter 00…ab sequence 7`.
pub fn id_text(id: &VaaId) -> String {
    format!(
        "chain {} emitter {} sequence {}",
        id.emitter_chain,
        hex(&id.emitter_address),
        id.sequence
    )
}

/// The buffer nonce of a message: the first four bytes of its digest, so every run for
/// the same message finds the same buffer.
pub fn nonce_of(digest: &[u8; 32]) -> u32 {
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// What a run before left in the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    /// No buffer.
    Fresh,
    /// Verified for this message's digest.
    Verified,
    /// Unverified, of this length, its first `n` bytes are this VAA's.
    Posted(usize),
    /// Another message (or verified for another digest): to close first.
    Other,
}

impl Resume {
    fn of(buffer: Option<&VaaBuffer>, vaa: &[u8], digest: &[u8; 32]) -> Resume {
        match buffer {
            None => Resume::Fresh,
            Some(b) if b.verified && b.digest == *digest => Resume::Verified,
            Some(b) if b.verified => Resume::Other,
            Some(b) if b.data.len() == vaa.len() => {
                let n = b.data.iter().zip(vaa).take_while(|(a, b)| a == b).count();
                Resume::Posted(n)
            }
            Some(_) => Resume::Other,
        }
    }

    /// Bytes already in place.
    fn posted(self, len: usize) -> usize {
        match self {
            Resume::Verified => len,
            Resume::Posted(n) => n,
            Resume::Fresh | Resume::Other => 0,
        }
    }
}

/// One transaction of the relay: a chunk (offset, length), and the tail when it is last.
struct Step {
    ixs: Vec<Instruction>,
    chunk: Option<(usize, usize)>,
    chunk_number: usize,
}

/// The transactions that carry `vaa[from..]` and then `tail`: each chunk as large as fits,
/// the last one with `tail` when that fits, else `tail` alone after it.
fn plan(payer: &Pubkey, nonce: u32, vaa: &[u8], from: usize, tail: Vec<Instruction>) -> Vec<Step> {
    let total = u32::try_from(vaa.len()).unwrap_or(u32::MAX);
    let chunk = |start: usize, end: usize| {
        registry::post_vaa_chunk(
            *payer,
            nonce,
            total,
            u32::try_from(start).unwrap_or(u32::MAX),
            vaa[start..end].to_vec(),
        )
    };
    let mut steps = Vec::new();
    let mut offset = from;
    while offset < vaa.len() {
        let mut last = vec![chunk(offset, vaa.len())];
        last.extend(tail.iter().cloned());
        if tx_len(&last, payer) <= PACKET_DATA_SIZE {
            steps.push(Step {
                ixs: last,
                chunk: Some((offset, vaa.len() - offset)),
                chunk_number: steps.len() + 1,
            });
            return steps;
        }
        let fits = (1..=vaa.len() - offset)
            .rev()
            .find(|&n| tx_len(&[chunk(offset, offset + n)], payer) <= PACKET_DATA_SIZE)
            .unwrap_or(1);
        steps.push(Step {
            ixs: vec![chunk(offset, offset + fits)],
            chunk: Some((offset, fits)),
            chunk_number: steps.len() + 1,
        });
        offset += fits;
    }
    steps.push(Step {
        ixs: tail,
        chunk: None,
        chunk_number: 0,
    });
    steps
}

/// Bytes of a transaction of `ixs` paid and signed by `payer` alone: the signatures (a
/// one-byte count and 64 bytes each) and the message.
fn tx_len(ixs: &[Instruction], payer: &Pubkey) -> usize {
    let tx = Transaction::new_with_payer(ixs, Some(payer));
    1 + 64 * tx.signatures.len() + tx.message_data().len()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn vaa_of(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn a_13_signature_slash_request_goes_in_two_transactions() {
        let payer = Pubkey::new_unique();
        let vaa = vaa_of(1_034);
        let tail = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(475_000),
            registry::verify_vaa(payer, 1, 0),
            registry::submit_remote_slash(
                payer,
                1,
                Pubkey::new_unique(),
                0,
                Pubkey::new_unique(),
                RemoteMessage {
                    emitter_chain: 2,
                    emitter: [1; 32],
                    sequence: 1,
                },
                None,
            ),
        ];
        let steps = plan(&payer, 1, &vaa, 0, tail.clone());
        assert_eq!(steps.len(), 2);
        for step in &steps {
            assert!(tx_len(&step.ixs, &payer) <= PACKET_DATA_SIZE);
        }
        let (first, rest) = (steps[0].chunk.unwrap(), steps[1].chunk.unwrap());
        assert_eq!((first.0, rest.0, first.1 + rest.1), (0, first.1, 1_034));
        // one byte more would not fit
        let bigger = registry::post_vaa_chunk(payer, 1, 1_034, 0, vaa[..first.1 + 1].to_vec());
        assert!(tx_len(&[bigger], &payer) > PACKET_DATA_SIZE);
        // resumed after the first chunk: one transaction
        let resumed = plan(&payer, 1, &vaa, first.1, tail.clone());
        assert_eq!(resumed.len(), 1);
        assert_eq!(resumed[0].chunk, Some((first.1, rest.1)));
        // everything posted: the tail alone
        let done = plan(&payer, 1, &vaa, 1_034, tail);
        assert_eq!((done.len(), done[0].chunk), (1, None));
    }

    #[test]
    fn a_rerun_resumes_where_the_buffer_stands() {
        let vaa = vaa_of(10);
        let digest = [7; 32];
        let buffer = |data: Vec<u8>, verified: bool, digest: [u8; 32]| VaaBuffer {
            payer: Pubkey::default(),
            nonce: 0,
            verified,
            digest,
            guardian_set_index: 0,
            bump: 0,
            data,
        };
        assert_eq!(Resume::of(None, &vaa, &digest), Resume::Fresh);
        let mut half = vaa.clone();
        half[6..].fill(0);
        let b = buffer(half, false, [0; 32]);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Posted(6));
        let b = buffer(vaa.clone(), true, digest);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Verified);
        assert_eq!(Resume::Verified.posted(10), 10);
        let b = buffer(vaa.clone(), true, [8; 32]);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Other);
        let b = buffer(vec![0; 11], false, [0; 32]);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Other);
        assert_eq!(
            nonce_of(&[
                1, 0, 0, 0, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0
            ]),
            1
        );
    }
}
