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
use anchor_lang::{prelude::Pubkey, Space};
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{
    instructions as build, pda,
    program_events::{ProgramEvent, RegistryEvent, VaultEvent},
    registry::{self, pda as reg_pda, RemoteMessage, RemoteRewardKeys},
    Instruction,
};
use lrt_vault::state::{Delegation, Vault};
use serde::Serialize;
use slasher_registry::{
    errors::RegistryError,
    state::{
        Avs, AvsKind, Operator, OperatorAvs, RequestTarget, SlashRequest, VaaBuffer, VaultAvs,
    },
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
    views::{
        request::{request_view, RequestView},
        reward_split::RewardSplitView,
    },
};

/// Bytes of an SPL token account without extensions (the operator's commission account).
const TOKEN_ACCOUNT_LEN: usize = 165;

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
it was not processed yet, it is not stale, its emitter is a registered remote AVS; for a \
slash request, the operator can be slashed and a named vault is opted in; for a reward \
notice, the operator is opted in, the mint is the vault's asset and the AVS's reward inbox \
already holds the amount (redeem the token transfer to it first). A rerun after an \
interruption continues with the same buffer (its nonce comes from the message's digest). \
The signer pays: the buffer's rent comes back in the last transaction; the replay record \
(890,880 lamports, kept forever) stays, and so does a slash request's rent. A 13-signature \
message takes 2 transactions.

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

    // The remote AVS whose kind in force is this emitter, and the origin rule.
    let (avs_key, avs) = remote_avs(ctx, &id, cur, args.avs.as_deref())?;
    if let Err(error) = avs.check_remote_origin(cur, id.emitter_chain, &id.emitter_address) {
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
    let mut new_accounts = vec![(buffer_key, VaaBuffer::space(bytes.len())), (replay_key, 0)];
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
        rent_lamports,
        fees_lamports: spent
            .saturating_sub(replay_record_lamports)
            .saturating_sub(rent_lamports),
    };
    ctx.out.print(&result, |r| r.to_string());
    Ok(())
}

/// Who relays which message from which buffer, at which epoch.
struct Relay {
    payer: Pubkey,
    nonce: u32,
    avs: Pubkey,
    cur: u64,
    message: RemoteMessage,
}

/// What consuming the message takes: its instructions, the accounts they create (address,
/// space: the payer pays their rent), and what the outcome names.
struct Action {
    what: &'static str,
    ixs: Vec<Instruction>,
    new_accounts: Vec<(Pubkey, usize)>,
    target_vault: Option<Pubkey>,
    operator_token_account: Option<Pubkey>,
}

/// `submit_remote_slash`, after what it checks of the request.
fn slash_action(ctx: &Ctx, relay: &Relay, request: &xchain::SlashRequest) -> Result<Action> {
    let avs_key = relay.avs;
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
        anyhow!(
            "operator {operator} is not opted in to AVS {avs_key}: the registry cannot take a \
             request against it"
        )
    })?;
    if let Err(error) = opt_in.check_slashable_at(relay.cur) {
        bail!(
            "{}\noperator {operator}'s opt-in to AVS {avs_key} does not count in the current \
             epoch {}",
            would_refuse(&slasher_registry::ID, &error),
            relay.cur
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
    // The request's index is the AVS's count now.
    let avs: Avs = chain::fetch_anchor(ctx, &avs_key, &slasher_registry::ID, "AVS")?;
    let request_key = reg_pda::slash_request(&avs_key, avs.request_count);
    let mut new_accounts = vec![(request_key, 8 + SlashRequest::INIT_SPACE)];
    if target_vault.is_some() {
        new_accounts.push((
            reg_pda::request_target(&request_key),
            8 + RequestTarget::INIT_SPACE,
        ));
    }
    Ok(Action {
        what: "remote slash submission",
        ixs: vec![registry::submit_remote_slash(
            relay.payer,
            relay.nonce,
            avs_key,
            avs.request_count,
            operator,
            relay.message,
            target_vault,
        )],
        new_accounts,
        target_vault,
        operator_token_account: None,
    })
}

/// The operator's commission account (created if missing), fresh prices and
/// `submit_remote_reward`, after what it checks of the notice.
fn reward_action(ctx: &Ctx, relay: &Relay, notice: &xchain::RewardNotice) -> Result<Action> {
    let avs_key = relay.avs;
    let refuse = |error: RegistryError, why: String| -> anyhow::Error {
        anyhow!(
            "{}\n{why}",
            would_refuse(&slasher_registry::ID, &error.into())
        )
    };
    if notice.amount == 0 {
        return Err(refuse(
            RegistryError::ZeroRewardAmount,
            "the notice pays nothing".into(),
        ));
    }
    let vault_key = Pubkey::new_from_array(notice.vault);
    let vault: Vault = chain::fetch_anchor(ctx, &vault_key, &lrt_vault::ID, "vault")
        .with_context(|| format!("the notice names vault {vault_key}"))?;
    let operator_key = Pubkey::new_from_array(notice.operator);
    let operator: Operator = chain::fetch_anchor(
        ctx,
        &operator_key,
        &slasher_registry::ID,
        "registry operator",
    )
    .with_context(|| format!("the notice names operator {operator_key}"))?;
    let opted_in = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&operator_key, &avs_key),
        &slasher_registry::ID,
        "operator opt-in",
    )?
    .is_some_and(|o| o.window.is_active_at(relay.cur));
    if !opted_in {
        return Err(refuse(
            RegistryError::OperatorNotOptedIn,
            format!(
                "operator {operator_key}'s opt-in to AVS {avs_key} does not count in epoch {}",
                relay.cur
            ),
        ));
    }
    let mint = Pubkey::new_from_array(notice.mint);
    let Some(index) = vault.assets().iter().position(|a| a.mint == mint) else {
        return Err(refuse(
            RegistryError::RewardMintNotVaultAsset,
            format!("vault {vault_key} holds no asset of mint {mint}"),
        ));
    };
    let slot = vault.assets()[index];
    if chain::fetch_opt::<Delegation>(
        ctx,
        &pda::delegation(&vault_key, &operator_key),
        &lrt_vault::ID,
        "delegation",
    )?
    .is_none()
    {
        bail!(
            "vault {vault_key} has no delegation to operator {operator_key}: the vault's \
             reward path refuses a reward for it"
        );
    }
    let inbox = reg_pda::reward_inbox_token_account(&avs_key, &mint, &slot.token_program);
    let held = chain::token_balance(ctx, &inbox)?;
    if held < notice.amount {
        return Err(refuse(
            RegistryError::RewardNotBridged,
            format!(
                "the AVS's reward inbox {inbox} holds {held} base units of {mint}, the notice \
                 pays {}: redeem its token transfer ({}) to the inbox first, then submit again",
                notice.amount,
                id_text(&notice.transfer)
            ),
        ));
    }
    let operator_token_account =
        pda::associated_token_account(&operator.authority, &mint, &slot.token_program);
    let asset_index = u8::try_from(index).context("asset index")?;
    // The commission goes to the operator authority's token account: created first when
    // missing (the relayer pays its rent).
    let mut ixs = Vec::new();
    let mut new_accounts = Vec::new();
    if chain::fetch(ctx, &operator_token_account)?.is_none() {
        ixs.push(create_associated_token_account_idempotent(
            &relay.payer,
            &operator.authority,
            &mint,
            &slot.token_program,
        ));
        new_accounts.push((operator_token_account, TOKEN_ACCOUNT_LEN));
    }
    ixs.push(build::refresh_prices(&vault));
    ixs.push(registry::submit_remote_reward(
        relay.payer,
        relay.nonce,
        &vault,
        RemoteRewardKeys {
            avs: avs_key,
            operator: operator_key,
            operator_token_account,
            asset_index,
        },
        relay.message,
    ));
    Ok(Action {
        what: "remote reward submission",
        ixs,
        new_accounts,
        target_vault: None,
        operator_token_account: Some(operator_token_account),
    })
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
    replay_record_lamports: u64,
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
                write!(
                    f,
                    "became slash request {} (#{} of AVS {})\n  operator        {}\n  \
                     fraction        {} of its stake at epoch {}, {target}\n  veto deadline   \
                     slot {}\n  executable      from slot {} to slot {}",
                    q.address,
                    q.index,
                    q.avs,
                    q.operator,
                    q.fraction,
                    q.capture_epoch,
                    q.veto_deadline_slot,
                    q.executable_from_slot,
                    q.executable_until_slot
                )?;
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
             net (replay record {}, rent {}, fees {})",
            self.transactions.len(),
            sizes.join(" + "),
            self.lamports_spent_net,
            self.replay_record_lamports,
            self.rent_lamports,
            self.fees_lamports
        )
    }
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

/// One transaction of the relay, named for what it carries.
struct Step {
    what: String,
    ixs: Vec<Instruction>,
    chunk: Option<(usize, usize)>,
}

/// The transactions that carry `vaa[from..]` and then each named group of instructions in
/// order: chunks as large as fit a transaction alone, then the last chunk and the groups
/// packed into as few transactions as fit.
fn plan(
    payer: &Pubkey,
    nonce: u32,
    vaa: &[u8],
    from: usize,
    groups: Vec<(String, Vec<Instruction>)>,
) -> Vec<Step> {
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
    // the chunks: each as large as fits alone
    let mut chunks = Vec::new();
    let mut offset = from;
    while offset < vaa.len() {
        let fits = (1..=vaa.len() - offset)
            .rev()
            .find(|&n| tx_len(&[chunk(offset, offset + n)], payer) <= PACKET_DATA_SIZE)
            .unwrap_or(1);
        chunks.push((offset, fits));
        offset += fits;
    }
    let count = chunks.len();
    let mut units: Vec<Step> = chunks
        .into_iter()
        .enumerate()
        .map(|(i, (offset, len))| Step {
            what: format!(
                "VAA chunk {}/{count} ({len} bytes at offset {offset})",
                i + 1
            ),
            ixs: vec![chunk(offset, offset + len)],
            chunk: Some((offset, len)),
        })
        .collect();
    units.extend(groups.into_iter().map(|(what, ixs)| Step {
        what,
        ixs,
        chunk: None,
    }));
    // packed greedily, in order
    let mut steps: Vec<Step> = Vec::new();
    for Step { what, ixs, chunk } in units {
        if let Some(last) = steps.last_mut() {
            let mut joined = last.ixs.clone();
            joined.extend(ixs.iter().cloned());
            if tx_len(&joined, payer) <= PACKET_DATA_SIZE {
                last.ixs = joined;
                last.what = format!("{}, {what}", last.what);
                last.chunk = last.chunk.or(chunk);
                continue;
            }
        }
        steps.push(Step { what, ixs, chunk });
    }
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

    fn groups(payer: Pubkey) -> Vec<(String, Vec<Instruction>)> {
        vec![
            (
                "verification".into(),
                vec![
                    ComputeBudgetInstruction::set_compute_unit_limit(475_000),
                    registry::verify_vaa(payer, 1, 0),
                ],
            ),
            (
                "remote slash submission".into(),
                vec![registry::submit_remote_slash(
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
                )],
            ),
        ]
    }

    #[test]
    fn a_13_signature_slash_request_goes_in_two_transactions() {
        let payer = Pubkey::new_unique();
        let vaa = vaa_of(1_034);
        let steps = plan(&payer, 1, &vaa, 0, groups(payer));
        assert_eq!(steps.len(), 2);
        for step in &steps {
            assert!(tx_len(&step.ixs, &payer) <= PACKET_DATA_SIZE);
        }
        let (first, rest) = (steps[0].chunk.unwrap(), steps[1].chunk.unwrap());
        assert_eq!((first.0, rest.0, first.1 + rest.1), (0, first.1, 1_034));
        assert_eq!(
            steps[1].what,
            format!(
                "VAA chunk 2/2 ({} bytes at offset {}), verification, remote slash submission",
                rest.1, first.1
            )
        );
        // one byte more would not fit
        let bigger = registry::post_vaa_chunk(payer, 1, 1_034, 0, vaa[..first.1 + 1].to_vec());
        assert!(tx_len(&[bigger], &payer) > PACKET_DATA_SIZE);
        // resumed after the first chunk: one transaction
        let resumed = plan(&payer, 1, &vaa, first.1, groups(payer));
        assert_eq!(resumed.len(), 1);
        assert_eq!(resumed[0].chunk, Some((first.1, rest.1)));
        // everything posted and verified: the submission alone
        let mut submit_only = groups(payer);
        submit_only.remove(0);
        let done = plan(&payer, 1, &vaa, 1_034, submit_only);
        assert_eq!((done.len(), done[0].chunk), (1, None));
        assert_eq!(done[0].what, "remote slash submission");
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
