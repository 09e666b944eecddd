//! A remote emitter speaks for one AVS, forever: its claim `["remote_emitter", chain_be,
//! emitter]` is created when an AVS first gets that `Remote` kind and never released, so
//! no other AVS can register or announce it, and every inbound message must present the
//! claim of its emitter naming the AVS it is submitted as. Each refusal changes nothing.
use super::{
    reward::{bridge, inbox, notice, post_verified, submit_ixs, AMOUNT},
    *,
};
use anchor_lang::{
    prelude::{AccountMeta, Rent},
    AccountSerialize,
};
use lrt_integration_tests::slashing_world::EPOCH_LENGTH;
use slasher_registry::{
    errors::RegistryError,
    instructions::AnnounceAvsChangeArgs,
    state::{Avs, RemoteEmitter, SlashRequest},
};

/// The colluder's own emitter (chain 2).
const OTHER: [u8; 32] = [0xcd; 32];

fn remote(emitter: [u8; 32]) -> AvsKind {
    AvsKind::Remote {
        chain: CHAIN,
        emitter,
    }
}

fn claim_key(emitter: &[u8; 32]) -> Pubkey {
    registry::pda::remote_emitter(CHAIN, emitter)
}

fn register_ix(x: &XWorld, id: Pubkey, admin: Pubkey, kind: AvsKind) -> Instruction {
    registry::register_avs(
        x.w.t.payer().pubkey(),
        RegisterAvsArgs {
            id,
            admin,
            kind,
            max_slash_wad: WAD / 2,
            destination: SlashDestination::Recipient {
                owner: x.w.recipient,
            },
            metadata_uri: String::new(),
        },
    )
}

fn announce_ix(authority: Pubkey, avs: Pubkey, kind: AvsKind) -> Instruction {
    registry::announce_avs_change(
        authority,
        avs,
        AnnounceAvsChangeArgs {
            kind: Some(kind),
            ..Default::default()
        },
    )
}

/// `ix` with the account `from` replaced by `to` (read-only, as an absent optional
/// account, when `to` is the registry's id).
fn swap(mut ix: Instruction, from: Pubkey, to: Pubkey) -> Instruction {
    let meta = ix
        .accounts
        .iter_mut()
        .find(|m| m.pubkey == from)
        .expect("an account of the instruction");
    *meta = if to == slasher_registry::ID {
        AccountMeta::new_readonly(to, false)
    } else {
        AccountMeta::new(to, false)
    };
    ix
}

async fn rent(x: &mut XWorld) -> Rent {
    x.w.t.ctx.banks_client.get_sysvar().await.unwrap()
}

/// A colluding AVS: remote with its own emitter `OTHER`, its admin `colluder`, the
/// operator and both vaults opted in.
async fn colluding_avs(x: &mut XWorld) -> (Pubkey, Keypair) {
    let colluder = Keypair::new();
    x.w.t.fund(&[&colluder], SOL).await;
    let id = Pubkey::new_unique();
    let ix = register_ix(x, id, colluder.pubkey(), remote(OTHER));
    x.w.t.send(&[ix], &[]).await.unwrap();
    let avs = registry::pda::avs(&id);
    x.w.opt_in_everyone(avs).await;
    (avs, colluder)
}

#[tokio::test]
async fn registering_a_remote_avs_claims_its_emitter_for_it() {
    let mut x = XWorld::new().await;
    let key = claim_key(&EMITTER);
    let account = x.w.t.account(key).await.expect("the claim exists");
    assert_eq!(account.owner, slasher_registry::ID);
    assert_eq!(account.data.len(), 8 + 2 + 32 + 32 + 1);
    assert_eq!(account.lamports, rent(&mut x).await.minimum_balance(75));
    let claim: RemoteEmitter = x.w.t.decode(key).await;
    let (_, bump) = anchor_lang::prelude::Pubkey::find_program_address(
        &[b"remote_emitter", &CHAIN.to_be_bytes(), &EMITTER],
        &slasher_registry::ID,
    );
    assert_eq!(
        claim,
        RemoteEmitter {
            chain: CHAIN,
            emitter: EMITTER,
            avs: x.remote_avs,
            bump,
        }
    );
    // a local AVS claims nothing
    let (local, _) = x.w.second_avs(WAD / 2, SlashDestination::Burn).await;
    let avs: Avs = x.w.t.decode(local).await;
    assert!(matches!(avs.kind, AvsKind::Local { .. }));
}

#[tokio::test]
async fn a_second_avs_cannot_register_a_claimed_emitter() {
    let mut x = XWorld::new().await;
    let admin = x.w.t.payer().pubkey();
    let id = Pubkey::new_unique();
    // (the admin pays the fee: every transaction's fee payer is the registry admin here)
    let keys = [registry::pda::avs(&id), claim_key(&EMITTER)];
    let ix = register_ix(&x, id, admin, remote(EMITTER));
    let step = "the registered emitter, for another AVS";
    let expected = registry_error(RegistryError::EmitterClaimedByAnotherAvs);
    refused(
        &mut x.w.t,
        std::slice::from_ref(&ix),
        &[],
        expected,
        &keys,
        step,
    )
    .await;
    assert!(x.w.t.account(keys[0]).await.is_none(), "no AVS B");

    // the claim account left out, or another emitter's in its place
    let keys = [registry::pda::avs(&id), claim_key(&OTHER)];
    let ix = register_ix(&x, id, admin, remote(OTHER));
    let missing = swap(ix.clone(), claim_key(&OTHER), slasher_registry::ID);
    let expected = registry_error(RegistryError::MissingEmitterClaim);
    refused(&mut x.w.t, &[missing], &[], expected, &keys, "no claim").await;
    let wrong = swap(ix, claim_key(&OTHER), claim_key(&EMITTER));
    let expected = registry_error(RegistryError::WrongEmitterClaim);
    refused(
        &mut x.w.t,
        &[wrong],
        &[],
        expected,
        &keys,
        "A's claim for B's",
    )
    .await;
}

#[tokio::test]
async fn no_avs_can_announce_another_avs_emitter() {
    let mut x = XWorld::new().await;
    let (avs_b, colluder) = colluding_avs(&mut x).await;
    let registry_admin = x.w.t.payer();
    let keys = [avs_b, claim_key(&EMITTER), colluder.pubkey()];
    // B's admin may not announce a remote kind at all (the registry admin's decision)
    let ix = announce_ix(colluder.pubkey(), avs_b, remote(EMITTER));
    refused(
        &mut x.w.t,
        &[ix],
        &[&colluder],
        registry_error(RegistryError::RemoteKindByRegistryAdmin),
        &keys,
        "B's admin",
    )
    .await;
    // nor may the registry admin give B A's emitter
    let ix_admin = announce_ix(registry_admin.pubkey(), avs_b, remote(EMITTER));
    refused(
        &mut x.w.t,
        std::slice::from_ref(&ix_admin),
        &[],
        registry_error(RegistryError::EmitterClaimedByAnotherAvs),
        &keys,
        "registry admin",
    )
    .await;
    // ... without the claim account, with B's own claim in its place
    let missing = swap(ix_admin.clone(), claim_key(&EMITTER), slasher_registry::ID);
    let expected = registry_error(RegistryError::MissingEmitterClaim);
    refused(&mut x.w.t, &[missing], &[], expected, &keys, "no claim").await;
    let wrong = swap(ix_admin, claim_key(&EMITTER), claim_key(&OTHER));
    let expected = registry_error(RegistryError::WrongEmitterClaim);
    refused(&mut x.w.t, &[wrong], &[], expected, &keys, "B's claim").await;
    // a stranger announcing an unclaimed emitter for A creates nothing
    let stranger = Keypair::new();
    x.w.t.fund(&[&stranger], SOL).await;
    let fresh = [0x33; 32];
    let keys = [x.remote_avs, claim_key(&fresh), stranger.pubkey()];
    let ix = announce_ix(stranger.pubkey(), x.remote_avs, remote(fresh));
    let expected = registry_error(RegistryError::NotAvsAdmin);
    refused(
        &mut x.w.t,
        &[ix],
        &[&stranger],
        expected,
        &keys,
        "a stranger",
    )
    .await;
    let claim: RemoteEmitter = x.w.t.decode(claim_key(&EMITTER)).await;
    assert_eq!(claim.avs, x.remote_avs);
    let b: Avs = x.w.t.decode(avs_b).await;
    assert_eq!((b.kind, b.next_kind), (remote(OTHER), remote(OTHER)));
}

#[tokio::test]
async fn a_slash_front_run_into_a_colluding_avs_fails_and_lands_on_the_real_one() {
    let mut x = XWorld::new().await;
    let (avs_b, colluder) = colluding_avs(&mut x).await;
    // B cannot take A's emitter, so its kind never names it
    let ix = announce_ix(colluder.pubkey(), avs_b, remote(EMITTER));
    let expected = registry_error(RegistryError::RemoteKindByRegistryAdmin);
    refused(
        &mut x.w.t,
        &[ix],
        &[&colluder],
        expected,
        &[avs_b],
        "announce",
    )
    .await;
    let slot = x.w.t.slot().await;
    x.w.advance_to_slot(slot + 2 * EPOCH_LENGTH).await;

    // the victim's slash, submitted first as B's
    let msg = x.msg(1, WAD / 10).await;
    post_verified(&mut x, 1, &msg.body()).await;
    let relayer = x.relayer.insecure_clone();
    let b: Avs = x.w.t.decode(avs_b).await;
    let front_run = registry::submit_remote_slash(
        relayer.pubkey(),
        1,
        avs_b,
        b.request_count,
        x.w.operator,
        msg.id(),
        None,
    );
    let mut keys = x.watched(1, &msg, 0);
    keys.extend([avs_b, registry::pda::slash_request(&avs_b, b.request_count)]);
    let expected = registry_error(RegistryError::WrongEmitter);
    refused(
        &mut x.w.t,
        &[front_run],
        &[&relayer],
        expected,
        &keys,
        "as B",
    )
    .await;

    // it lands on A, once
    let submit = x.submit_ix(1, &msg, None).await;
    x.w.t.send(&[submit], &[&relayer]).await.unwrap();
    let request: SlashRequest =
        x.w.t
            .decode(registry::pda::slash_request(&x.remote_avs, 0))
            .await;
    assert_eq!((request.avs, request.wad), (x.remote_avs, WAD / 10));
    let replay = registry::pda::replay_record(CHAIN, &EMITTER, 1);
    assert!(x.w.t.account(replay).await.is_some());
    let b_after: Avs = x.w.t.decode(avs_b).await;
    assert_eq!(b_after.request_count, b.request_count, "nothing for B");
}

/// An AVS of a registry from before claims, sharing A's emitter: its kind says the
/// emitter, but the claim (A's) does not name it.
async fn legacy_duplicate(x: &mut XWorld, avs_b: Pubkey) {
    let mut b: Avs = x.w.t.decode(avs_b).await;
    b.kind = remote(EMITTER);
    b.next_kind = remote(EMITTER);
    let mut data = Vec::new();
    b.try_serialize(&mut data).unwrap();
    let mut account = x.w.t.account(avs_b).await.unwrap();
    account.data[..data.len()].copy_from_slice(&data);
    x.w.t.ctx.set_account(&avs_b, &account.into());
}

#[tokio::test]
async fn a_message_speaks_only_for_the_avs_its_emitter_claim_names() {
    let mut x = XWorld::new().await;
    let (avs_b, _) = colluding_avs(&mut x).await;
    legacy_duplicate(&mut x, avs_b).await;
    let relayer = x.relayer.insecure_clone();
    let slot = x.w.t.slot().await;
    x.w.advance_to_slot(slot + 2 * EPOCH_LENGTH).await;

    // A's slash as B's
    let msg = x.msg(1, WAD / 10).await;
    post_verified(&mut x, 1, &msg.body()).await;
    let front_run =
        registry::submit_remote_slash(relayer.pubkey(), 1, avs_b, 0, x.w.operator, msg.id(), None);
    let mut keys = x.watched(1, &msg, 0);
    keys.extend([avs_b, registry::pda::slash_request(&avs_b, 0)]);
    let expected = || registry_error(RegistryError::EmitterClaimedByAnotherAvs);
    refused(
        &mut x.w.t,
        std::slice::from_ref(&front_run),
        &[&relayer],
        expected(),
        &keys,
        "slash as B",
    )
    .await;
    // with B's own claim in place of the emitter's; with no claim; with another account
    let wrong = swap(front_run.clone(), claim_key(&EMITTER), claim_key(&OTHER));
    let expected_wrong = registry_error(RegistryError::WrongEmitterClaim);
    refused(
        &mut x.w.t,
        &[wrong],
        &[&relayer],
        expected_wrong,
        &keys,
        "B's claim",
    )
    .await;
    let none = swap(
        front_run.clone(),
        claim_key(&EMITTER),
        claim_key(&[0x44; 32]),
    );
    let expected_none = registry_error(RegistryError::MissingEmitterClaim);
    refused(
        &mut x.w.t,
        &[none],
        &[&relayer],
        expected_none,
        &keys,
        "no claim",
    )
    .await;
    let not_claim = swap(front_run, claim_key(&EMITTER), x.remote_avs);
    let expected_type = anchor_error(anchor_lang::error::ErrorCode::AccountDiscriminatorMismatch);
    refused(
        &mut x.w.t,
        &[not_claim],
        &[&relayer],
        expected_type,
        &keys,
        "an AVS",
    )
    .await;

    // A's reward notice as B's: B's funded inbox is not spent
    bridge(&mut x, &avs_b, AMOUNT);
    let reward = x.msg(2, 0).await;
    let body = reward.body_with(&notice(&x, AMOUNT).encode());
    post_verified(&mut x, 2, &body).await;
    let vault_a = x.w.vault_a;
    let ixs = submit_ixs(&mut x, 2, &reward, avs_b, vault_a).await;
    let keys = [
        inbox(&avs_b),
        registry::pda::replay_record(CHAIN, &EMITTER, 2),
        vault_a,
    ];
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        expected(),
        &keys,
        "reward as B",
    )
    .await;
    assert_eq!(x.w.t.token_balance(inbox(&avs_b)).await, AMOUNT);

    // the slash still lands on A
    let submit = x.submit_ix(1, &msg, None).await;
    x.w.t.send(&[submit], &[&relayer]).await.unwrap();
    let request: SlashRequest =
        x.w.t
            .decode(registry::pda::slash_request(&x.remote_avs, 0))
            .await;
    assert_eq!(request.avs, x.remote_avs);
}

#[tokio::test]
async fn an_avs_may_announce_back_its_own_old_emitter() {
    let mut x = XWorld::new().await;
    let admin = x.w.t.payer();
    let fresh = [0x55; 32];
    // A moves to a fresh emitter: claimed for A, paid by the signer
    let before = x.w.t.snapshot(&[claim_key(&EMITTER)]).await;
    let ix = announce_ix(admin.pubkey(), x.remote_avs, remote(fresh));
    x.w.t.send(&[ix], &[]).await.unwrap();
    let claim: RemoteEmitter = x.w.t.decode(claim_key(&fresh)).await;
    assert_eq!(
        (claim.chain, claim.emitter, claim.avs),
        (CHAIN, fresh, x.remote_avs)
    );
    let slot = x.w.t.slot().await;
    x.w.advance_to_slot(slot + 2 * EPOCH_LENGTH).await;
    let epoch = x.w.epoch().await;
    let avs: Avs = x.w.t.decode(x.remote_avs).await;
    assert_eq!(avs.kind_at(epoch), remote(fresh));

    // and back: the old claim is A's still, nothing is created
    let claims = [claim_key(&EMITTER), claim_key(&fresh)];
    let both = x.w.t.snapshot(&claims).await;
    assert_eq!(both[0], before[0]);
    let ix = announce_ix(admin.pubkey(), x.remote_avs, remote(EMITTER));
    x.w.t.send(&[ix], &[]).await.unwrap();
    assert_unchanged(&mut x.w.t, &claims, &both, "claims").await;
    let avs: Avs = x.w.t.decode(x.remote_avs).await;
    assert_eq!(avs.next_kind, remote(EMITTER));

    // neither emitter is ever released: another AVS takes neither
    for emitter in [EMITTER, fresh] {
        let id = Pubkey::new_unique();
        let ix = register_ix(&x, id, admin.pubkey(), remote(emitter));
        let expected = registry_error(RegistryError::EmitterClaimedByAnotherAvs);
        let keys = [registry::pda::avs(&id), claim_key(&emitter)];
        refused(&mut x.w.t, &[ix], &[], expected, &keys, "released?").await;
    }
}

#[tokio::test]
async fn a_prefunded_claim_address_blocks_neither_registration_nor_announcement() {
    let mut x = XWorld::new().await;
    let admin = x.w.t.payer().pubkey();
    let minimum = rent(&mut x).await.minimum_balance(75);
    let (registered, announced) = ([0x66; 32], [0x77; 32]);
    let grief = |emitter: &[u8; 32], lamports| {
        anchor_lang::solana_program::system_instruction::transfer(
            &admin,
            &claim_key(emitter),
            lamports,
        )
    };
    x.w.t
        .send(
            &[
                grief(&registered, 1_000_000),
                grief(&announced, minimum + 1),
            ],
            &[],
        )
        .await
        .unwrap();

    // registering an AVS of a pre-funded emitter: topped up to exactly rent-exempt
    let id = Pubkey::new_unique();
    let ix = register_ix(&x, id, admin, remote(registered));
    x.w.t.send(&[ix], &[]).await.unwrap();
    let account = x.w.t.account(claim_key(&registered)).await.unwrap();
    assert_eq!(
        (account.owner, account.lamports),
        (slasher_registry::ID, minimum)
    );
    let claim: RemoteEmitter = x.w.t.decode(claim_key(&registered)).await;
    assert_eq!(claim.avs, registry::pda::avs(&id));

    // announcing one: what was there stays
    let ix = announce_ix(admin, x.remote_avs, remote(announced));
    x.w.t.send(&[ix], &[]).await.unwrap();
    let account = x.w.t.account(claim_key(&announced)).await.unwrap();
    assert_eq!(
        (account.owner, account.lamports),
        (slasher_registry::ID, minimum + 1)
    );
    let claim: RemoteEmitter = x.w.t.decode(claim_key(&announced)).await;
    assert_eq!(claim.avs, x.remote_avs);
}
