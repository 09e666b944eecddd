//! The attack suite (issue 11, item 2): one test per attack, named for it, on the real
//! programs (native builtins beside the real SPL Token, Token-2022 and ATA programs). Each
//! asserts the safe outcome; where the attack is refused, it asserts the exact error and
//! that nothing changed, byte for byte, on every account the attack touches (and the
//! balances). Expected numbers are computed here from the rules of DESIGN.md sections 3-5,
//! never copied from a run.
//!
//! This is the catalogue a security reviewer reads. Where an existing test already covers
//! an attack in depth, the test here is short and names it (`Covered in depth by ...`).
//!
//! - `share_price`: first-depositor inflation, donation then withdraw, tiny-deposit
//!   rounding farms.
//! - `sequences`: the orderings issues 9 and 10 closed: withdrawal before capture, deposit
//!   before execution, deposit before cancel, reward sniping, vesting griefing, commission
//!   and fee front-running.
//! - `slash_bounds`: slash-order griefing, over-slash across AVSs and capture epochs,
//!   double execution.
//! - `forgery`: a forged registry PDA (`apply_slash`, `cancel_escrow`), forged sysvars,
//!   privilege escalation through a hostile program.
//! - `substitution`: every account of the slashing and governance instructions not
//!   covered elsewhere, replaced by a real look-alike of the right type.
//! - `pools_and_mints`: stale and look-alike stake pools, hostile Token-2022 mints.
//! - `third_party`: a memo-requiring, frozen or closed account of the treasury, the slash
//!   recipient or the operator blocks no deposit, request or claim.
//! - `reinit`: re-initialisation, close-and-revive.
//! - `malicious_avs`: an AVS program that requests what it may not.
//!
//! Two findings of this suite changed the programs: slash-order griefing (executing
//! another operator's slash between two requests against one operator raised what the
//! holders lost; now every operator's base in a capture epoch is its allocation of the
//! vault's value before any slash of that epoch, `VaultCapture` in the registry), and
//! reward fee shares priced at a slashed price that a cancel then raised
//! (`sequences::reward_fee_before_cancel`). One outcome is by design and asserted as such:
//! `sequences::reward_sniping_after_payment`, a deposit made after a reward was paid and
//! held through its vesting epoch takes its time-weighted part of that reward (the vesting
//! that makes sniping unprofitable is what shares it).
//!
//! Hostile programs are native builtins written here (as `tests/tests/slashing/
//! authorization.rs` does). The economics attacks run in the governance target's world
//! (`lrt_integration_tests::governance_world`), the others in the slashing world;
//! Token-2022 accounts come from `lrt_integration_tests::token_2022`.
#![allow(deprecated)] // see tests/src/lib.rs
mod forgery;
mod malicious_avs;
mod pools_and_mints;
mod reinit;
mod sequences;
mod share_price;
mod slash_bounds;
mod substitution;
mod third_party;

use anchor_lang::{
    prelude::{AccountInfo, AccountMeta, Pubkey},
    solana_program::{entrypoint::ProgramResult, instruction::Instruction, program::invoke_signed},
};
use lrt_client::{
    instructions as build, pda,
    state::{Config, Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::instructions::RequestWithdrawalArgs;
use slasher_registry::errors::RegistryError;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;
use solana_transaction::InstructionError;

/// As `refused`, for a failure that is not a custom program error (instruction `index`
/// of the transaction fails with `expected`).
pub async fn refused_with(
    t: &mut TestContext,
    ixs: &[Instruction],
    signers: &[&Keypair],
    index: u8,
    expected: InstructionError,
    keys: &[Pubkey],
    step: &str,
) {
    let before = t.snapshot(keys).await;
    if let Err(mismatch) = check_program_error(t.send(ixs, signers).await, index, expected) {
        panic!("{step}: {mismatch}");
    }
    assert_unchanged(t, keys, &before, step).await;
}

/// The restaking epoch now (the vault program's Config).
pub async fn epoch(t: &mut TestContext) -> u64 {
    let config: Config = t.decode(pda::config()).await;
    t.slot().await / config.epoch_length
}

/// `[create LRT account, refresh_prices, deposit]`: `who` deposits `amount` of asset
/// `asset` of `vault` from `from`, accepting any fee.
pub async fn deposit_ixs(
    t: &mut TestContext,
    vault: Pubkey,
    who: &Keypair,
    from: Pubkey,
    asset: u8,
    amount: u64,
) -> Vec<Instruction> {
    let state: Vault = t.decode(vault).await;
    let mut ixs = vec![create_lrt_account_ix(who.pubkey(), state.lrt_mint)];
    ixs.extend(refresh_and_deposit_ixs(
        &state,
        who.pubkey(),
        from,
        asset,
        amount,
        10_000,
    ));
    ixs
}

/// Sends [`deposit_ixs`]; returns the shares `who` received.
pub async fn deposit(
    t: &mut TestContext,
    vault: Pubkey,
    who: &Keypair,
    from: Pubkey,
    asset: u8,
    amount: u64,
) -> Result<u64, BanksClientError> {
    let lrt = lrt_of(t, vault, &who.pubkey()).await;
    let before = balance_or_zero(t, lrt).await;
    let ixs = deposit_ixs(t, vault, who, from, asset, amount).await;
    t.send(&ixs, &[who]).await?;
    Ok(t.token_balance(lrt).await - before)
}

/// `who` asks to withdraw `shares` of `vault` as ticket `id` (any fee accepted): the
/// instruction.
pub async fn request_ix(
    t: &mut TestContext,
    vault: Pubkey,
    who: &Pubkey,
    shares: u64,
    id: u64,
) -> Instruction {
    let state: Vault = t.decode(vault).await;
    let now = epoch(t).await;
    build::request_withdrawal(
        &state,
        *who,
        now,
        RequestWithdrawalArgs {
            shares,
            ticket_id: id,
            max_fee_bps: 10_000,
        },
    )
}

/// Sends [`request_ix`]; returns the ticket and its bucket.
pub async fn request(
    t: &mut TestContext,
    vault: Pubkey,
    who: &Keypair,
    shares: u64,
    id: u64,
) -> Result<(Pubkey, Pubkey), BanksClientError> {
    let now = epoch(t).await;
    let ix = request_ix(t, vault, &who.pubkey(), shares, id).await;
    t.send(&[ix], &[who]).await?;
    Ok((
        pda::ticket(&vault, &who.pubkey(), id),
        pda::bucket(&vault, now + 1),
    ))
}

/// The claim of `who`'s ticket `id` of `vault`, paid into `to(mint)` for each asset.
pub async fn claim_ix(
    t: &mut TestContext,
    vault: Pubkey,
    who: &Pubkey,
    id: u64,
    to: impl Fn(&Pubkey) -> Pubkey,
) -> Instruction {
    let state: Vault = t.decode(vault).await;
    let ticket: WithdrawalTicket = t.decode(pda::ticket(&vault, who, id)).await;
    let bucket: WithdrawalBucket = t.decode(pda::bucket(&vault, ticket.bucket_epoch)).await;
    build::claim_to(&state, &bucket, &ticket, |slot| to(&slot.mint))
}

/// Claims `who`'s ticket `id` into `to(mint)`.
pub async fn claim(
    t: &mut TestContext,
    vault: Pubkey,
    who: &Keypair,
    id: u64,
    to: impl Fn(&Pubkey) -> Pubkey,
) -> Result<(), BanksClientError> {
    let ix = claim_ix(t, vault, &who.pubkey(), id, to).await;
    t.send(&[ix], &[who]).await
}

/// `owner`'s LRT account of `vault`.
pub async fn lrt_of(t: &mut TestContext, vault: Pubkey, owner: &Pubkey) -> Pubkey {
    let state: Vault = t.decode(vault).await;
    pda::lrt_account(owner, &state.lrt_mint)
}

/// A token balance, or 0 where no account exists.
pub async fn balance_or_zero(t: &mut TestContext, key: Pubkey) -> u64 {
    if t.account(key).await.is_some() {
        t.token_balance(key).await
    } else {
        0
    }
}

/// Writes `account` at `key`.
pub fn put(t: &mut TestContext, key: Pubkey, account: Account) {
    t.ctx
        .set_account(&key, &solana_account::AccountSharedData::from(account));
}

/// A copy of the account at `key` (same owner, lamports and bytes) at a fresh address.
pub async fn look_alike(t: &mut TestContext, key: Pubkey) -> Pubkey {
    let account = t.account(key).await.expect("account to copy");
    let copy = Pubkey::new_unique();
    put(t, copy, account);
    copy
}

/// Replaces every account meta `from` of `ix` by `to` (same privileges).
pub fn swap(mut ix: Instruction, from: Pubkey, to: Pubkey) -> Instruction {
    let mut found = false;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == from) {
        meta.pubkey = to;
        found = true;
    }
    assert!(found, "{from} is not an account of the instruction");
    ix
}

/// Replaces account `index` of `ix` by `key`.
pub fn at(mut ix: Instruction, index: usize, key: Pubkey) -> Instruction {
    ix.accounts[index].pubkey = key;
    ix
}

// --- a hostile program -------------------------------------------------------------

/// The hostile program's address (added to a bank with [`add_hostile`]).
pub fn hostile_id() -> Pubkey {
    Pubkey::new_from_array([0x4d; 32])
}

/// Seeds of the PDAs the hostile program signs for: `["slasher"]`, the seed the registry
/// signs `apply_slash` and `cancel_escrow` with, and `["authority"]`, its slash authority
/// when it poses as an AVS.
pub const HOSTILE_SEEDS: [&[u8]; 2] = [b"slasher", b"authority"];

/// The hostile program's PDA of `seed`.
pub fn hostile_pda(seed: &[u8]) -> Pubkey {
    Pubkey::find_program_address(&[seed], &hostile_id()).0
}

/// No escalation requested (see [`hostile`]).
pub const NONE: u8 = u8::MAX;

/// A hostile program: forwards the instruction it is given to the program of its first
/// account, with the other accounts in order, signing with its own PDAs
/// ([`HOSTILE_SEEDS`]). Its data is `[signer, writable] ++ inner data`: unless `NONE`,
/// forwarded account `signer` is marked as signing and `writable` as writable, whatever
/// the caller gave it (a privilege escalation the runtime must refuse).
fn hostile(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let pdas = HOSTILE_SEEDS.map(|seed| Pubkey::find_program_address(&[seed], program_id));
    let (signer, writable) = (data[0] as usize, data[1] as usize);
    let metas = accounts[1..]
        .iter()
        .enumerate()
        .map(|(i, a)| AccountMeta {
            pubkey: *a.key,
            is_signer: a.is_signer || pdas.iter().any(|(k, _)| k == a.key) || i == signer,
            is_writable: a.is_writable || i == writable,
        })
        .collect();
    let ix = Instruction {
        program_id: *accounts[0].key,
        accounts: metas,
        data: data[2..].to_vec(),
    };
    let bumps = pdas.map(|(_, bump)| [bump]);
    invoke_signed(
        &ix,
        accounts,
        &[
            &[HOSTILE_SEEDS[0], &bumps[0]],
            &[HOSTILE_SEEDS[1], &bumps[1]],
        ],
    )
}

/// Adds the hostile program to a bank being built.
pub fn add_hostile(pt: &mut ProgramTest) {
    pt.add_program(
        "hostile",
        hostile_id(),
        solana_program_test::processor!(hostile),
    );
}

/// `inner` sent through the hostile program: the transaction carries its accounts without
/// the signatures of the hostile program's PDAs (it signs for them itself) and without
/// those of `escalate_signer` (the hostile program claims it); `escalate_writable` is
/// passed read-only and claimed writable.
pub fn through_hostile(
    inner: &Instruction,
    escalate_signer: Option<usize>,
    escalate_writable: Option<usize>,
) -> Instruction {
    let own = HOSTILE_SEEDS.map(hostile_pda);
    let mut accounts = vec![AccountMeta::new_readonly(inner.program_id, false)];
    accounts.extend(inner.accounts.iter().enumerate().map(|(i, m)| AccountMeta {
        pubkey: m.pubkey,
        is_signer: m.is_signer && !own.contains(&m.pubkey) && Some(i) != escalate_signer,
        is_writable: m.is_writable && Some(i) != escalate_writable,
    }));
    let index = |i: Option<usize>| i.map_or(NONE, |i| u8::try_from(i).unwrap());
    let mut data = vec![index(escalate_signer), index(escalate_writable)];
    data.extend_from_slice(&inner.data);
    Instruction {
        program_id: hostile_id(),
        accounts,
        data,
    }
}

/// What a privilege escalation in a CPI looks like natively: program-test's CPI stub
/// panics, catches its own panic and reports `ProgramFailedToComplete`
/// (`../shared/docs/solana-native.md`; on chain it is `PrivilegeEscalation`).
pub const ESCALATION_NATIVELY: InstructionError = InstructionError::ProgramFailedToComplete;

/// A wSOL token account of `owner` holding `amount`, written at a fresh address.
pub fn new_wsol(t: &mut TestContext, owner: Pubkey, amount: u64) -> Pubkey {
    let key = Pubkey::new_unique();
    put(t, key, wsol_account(owner, amount));
    key
}

/// The registry's `SlashRequest` at `key`.
pub async fn request_state(
    t: &mut TestContext,
    key: Pubkey,
) -> slasher_registry::state::SlashRequest {
    t.decode(key).await
}
