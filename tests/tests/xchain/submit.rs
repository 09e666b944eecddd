//! `submit_remote_slash`: the happy path with its costs, the local path after it, and
//! each refusal (nothing changes).
use super::*;
use slasher_registry::{
    errors::RegistryError,
    state::{SlashExecution, SlashRequest},
};
use solana_transaction::Transaction;

/// Bytes of a transaction of `ixs` paid and signed by `relayer` alone (as a relayer
/// sends them; the tests' bank adds its own fee payer).
fn tx_len(ixs: &[Instruction], relayer: &Keypair) -> usize {
    let tx = Transaction::new_signed_with_payer(
        ixs,
        Some(&relayer.pubkey()),
        &[relayer],
        Default::default(),
    );
    bincode::serialize(&tx).unwrap().len()
}

/// The transactions that carry `vaa` from the relayer's buffer `nonce` to a request:
/// the first chunk as large as fits, then the rest with verify and submit if that fits
/// (else one more chunk transaction).
fn plan(x: &XWorld, nonce: u32, vaa: &[u8], submit: Instruction) -> Vec<Vec<Instruction>> {
    let relayer = &x.relayer;
    let chunk = |offset: usize, end: usize| {
        registry::post_vaa_chunk(
            relayer.pubkey(),
            nonce,
            vaa.len() as u32,
            offset as u32,
            vaa[offset..end].to_vec(),
        )
    };
    let first = (1..vaa.len())
        .rev()
        .find(|&len| tx_len(&[chunk(0, len)], relayer) <= PACKET_DATA_SIZE)
        .unwrap();
    let mut last = vec![chunk(first, vaa.len())];
    last.extend(x.verify_ixs(nonce, SET_INDEX));
    last.push(submit.clone());
    if tx_len(&last, relayer) <= PACKET_DATA_SIZE {
        return vec![vec![chunk(0, first)], last];
    }
    let mut verify_submit = x.verify_ixs(nonce, SET_INDEX);
    verify_submit.push(submit);
    assert!(tx_len(&verify_submit, relayer) <= PACKET_DATA_SIZE);
    vec![
        vec![chunk(0, first)],
        vec![chunk(first, vaa.len())],
        verify_submit,
    ]
}

async fn lamports(t: &mut TestContext, key: Pubkey) -> u64 {
    t.account(key).await.map_or(0, |a| a.lamports)
}

/// What executing a request of `WAD / 10` against vault A did, in numbers only.
async fn outcome(w: &mut World, request: Pubkey) -> Vec<u128> {
    let execution: SlashExecution =
        w.t.decode(registry::pda::slash_execution(&request, &w.vault_a))
            .await;
    let vault = w.vault(w.vault_a).await;
    let mut numbers = vec![
        u128::from(execution.capture_epoch),
        u128::from(execution.stake_lamports),
        u128::from(execution.requested_loss_lamports),
        u128::from(execution.loss_lamports),
        u128::from(vault.share_supply),
        u128::from(vault.bonded_shares),
        u128::from(vault.insurance_shares),
    ];
    for asset in &vault.assets[..usize::from(vault.asset_count)] {
        numbers.extend([
            u128::from(asset.active_amount),
            u128::from(asset.queued_amount),
            u128::from(asset.escrowed_amount),
        ]);
    }
    numbers
}

#[tokio::test]
async fn a_remote_slash_is_vetoable_and_executes_pro_rata_exactly_like_a_local_one() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    assert_eq!(vaa.len(), 1_034, "a SlashRequest VAA with 13 signatures");
    let relayer = x.relayer.insecure_clone();

    // relay it, measuring
    let submit = x.submit_ix(1, &msg, None).await;
    let txs = plan(&x, 1, &vaa, submit);
    let bytes: Vec<usize> = txs.iter().map(|ixs| tx_len(ixs, &relayer)).collect();
    // the first chunk's data: discriminator, nonce, total_len, offset, vec length, bytes
    let first_chunk = txs[0][0].data.len() - 8 - 4 * 4;
    let before = lamports(&mut x.w.t, relayer.pubkey()).await;
    for ixs in &txs {
        x.w.t.send(ixs, &[&relayer]).await.unwrap();
    }
    let after = lamports(&mut x.w.t, relayer.pubkey()).await;
    let request_key = registry::pda::slash_request(&x.remote_avs, 0);
    let request: SlashRequest = x.w.t.decode(request_key).await;
    let rent: anchor_lang::prelude::Rent = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    let request_rent = lamports(&mut x.w.t, request_key).await;
    let replay = registry::pda::replay_record(CHAIN, &EMITTER, 1);
    let record =
        x.w.t
            .account(replay)
            .await
            .expect("the replay record exists");
    assert_eq!(record.owner, slasher_registry::ID);
    assert_eq!(
        record.data.len(),
        slasher_registry::state::ReplayRecord::SPACE
    );
    assert_eq!(
        record.lamports,
        rent.minimum_balance(slasher_registry::state::ReplayRecord::SPACE)
    );
    let typed: slasher_registry::state::ReplayRecord = x.w.t.decode(replay).await;
    assert_eq!(
        (typed.payer, typed.timestamp),
        (relayer.pubkey(), msg.timestamp)
    );
    assert!(
        x.w.t
            .account(registry::pda::vaa_buffer(&relayer.pubkey(), 1))
            .await
            .is_none(),
        "the buffer is closed"
    );
    // the relayer paid exactly the replay record and the request: the buffer's rent
    // came back
    assert_eq!(before - after, record.lamports + request_rent);
    let fees = 5_000 * txs.len() as u64;
    println!(
        "verified remote SlashRequest (13 of 19 signatures, {} bytes): {} transactions of {:?} bytes \
         (first chunk {} bytes of VAA); \
         {} secp256k1 recoveries; net lamports: replay record {} + fees {} = {} \
         (+ the slash request's rent {}, as a local request pays)",
        vaa.len(),
        txs.len(),
        bytes,
        first_chunk,
        xchain::signature_recoveries_needed(19),
        record.lamports,
        fees,
        record.lamports + fees,
        request_rent
    );
    assert!(bytes.iter().all(|&b| b <= PACKET_DATA_SIZE));

    // the request is a local request's
    let slot = x.w.t.slot().await;
    assert_eq!(request.avs, x.remote_avs);
    assert_eq!(request.operator, x.w.operator);
    assert_eq!((request.wad, request.max_slash_wad), (WAD / 10, WAD / 2));
    assert_eq!(request.evidence_hash, [1; 32]);
    assert_eq!(request.capture_epoch, x.w.e0 + 1);
    assert_eq!(
        request.veto_deadline_slot,
        request.requested_slot + slasher_registry_veto_window()
    );
    assert!(request.requested_slot <= slot);

    // a second message is vetoed like a local request
    let msg2 = x.msg(2, WAD / 10).await;
    let vaa2 = sign_vaa(SET_INDEX, &x.keys, 13, &msg2.body());
    x.post(2, &vaa2, 600).await;
    let mut ixs = x.verify_ixs(2, SET_INDEX);
    ixs.push(x.submit_ix(2, &msg2, None).await);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    let vetoed_key = registry::pda::slash_request(&x.remote_avs, 1);
    let veto = x.w.veto.insecure_clone();
    x.w.t
        .send(&[registry::veto_slash(veto.pubkey(), vetoed_key)], &[&veto])
        .await
        .unwrap();
    let vetoed: SlashRequest = x.w.t.decode(vetoed_key).await;
    assert!(vetoed.vetoed);

    // the first executes into vault A after its deadline
    x.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    x.w.execute(&request, x.w.vault_a).await.unwrap();
    let remote = outcome(&mut x.w, request_key).await;

    // the same slash, requested locally in the same world
    let mut local = World::new().await;
    local.delegate_and_enter_capture_epoch().await;
    let (local_key, local_request) = local.request_slash(WAD / 10).await;
    local
        .advance_to_slot(local_request.veto_deadline_slot + 1)
        .await;
    local.execute(&local_request, local.vault_a).await.unwrap();
    let local = outcome(&mut local, local_key).await;
    assert_eq!(
        remote, local,
        "remote and local slashes take exactly the same"
    );
    assert!(remote[3] > 0, "something was slashed");
}

fn slasher_registry_veto_window() -> u64 {
    lrt_integration_tests::slashing_world::VETO_WINDOW
}

/// Posts and verifies `msg` signed by 13 guardians as buffer `nonce`, then asserts that
/// submitting it fails with `expected` and changes nothing.
async fn submit_refused(
    x: &mut XWorld,
    nonce: u32,
    msg: &Msg,
    target: Option<Pubkey>,
    expected: RegistryError,
    step: &str,
) {
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(nonce, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let ixs = x.verify_ixs(nonce, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    let avs: slasher_registry::state::Avs = x.w.t.decode(x.remote_avs).await;
    let keys = x.watched(nonce, msg, avs.request_count);
    let submit = x.submit_ix(nonce, msg, target).await;
    refused(
        &mut x.w.t,
        &[submit],
        &[&relayer],
        registry_error(expected),
        &keys,
        step,
    )
    .await;
}

#[tokio::test]
async fn a_message_from_another_emitter_is_refused() {
    let mut x = XWorld::new().await;
    let mut msg = x.msg(1, WAD / 10).await;
    msg.emitter = [0xcd; 32];
    submit_refused(
        &mut x,
        1,
        &msg,
        None,
        RegistryError::WrongEmitter,
        "wrong emitter",
    )
    .await;
}

#[tokio::test]
async fn a_message_from_another_chain_is_refused() {
    let mut x = XWorld::new().await;
    let mut msg = x.msg(1, WAD / 10).await;
    msg.chain = 3;
    submit_refused(
        &mut x,
        1,
        &msg,
        None,
        RegistryError::WrongEmitterChain,
        "wrong chain",
    )
    .await;
}

#[tokio::test]
async fn a_stale_message_is_refused() {
    let mut x = XWorld::new().await;
    let mut msg = x.msg(1, WAD / 10).await;
    msg.timestamp -= MAX_MESSAGE_AGE + 1;
    submit_refused(&mut x, 1, &msg, None, RegistryError::StaleMessage, "stale").await;
}

#[tokio::test]
async fn a_replayed_message_is_refused() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let mut ixs = x.verify_ixs(1, SET_INDEX);
    ixs.push(x.submit_ix(1, &msg, None).await);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    // the very same bytes again, through another buffer
    submit_refused(
        &mut x,
        2,
        &msg,
        None,
        RegistryError::MessageAlreadyProcessed,
        "replay",
    )
    .await;
}

#[tokio::test]
async fn a_slash_of_an_unknown_vault_is_refused() {
    let mut x = XWorld::new().await;
    let mut msg = x.msg(1, WAD / 10).await;
    msg.target = SlashTarget::Vault(Pubkey::new_unique().to_bytes());
    submit_refused(
        &mut x,
        1,
        &msg,
        None,
        RegistryError::UnknownVault,
        "unknown vault",
    )
    .await;
}

#[tokio::test]
async fn an_unverified_buffer_is_not_submitted() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let keys = x.watched(1, &msg, 0);
    let submit = x.submit_ix(1, &msg, None).await;
    refused(
        &mut x.w.t,
        &[submit],
        &[&relayer],
        registry_error(RegistryError::VaaNotVerified),
        &keys,
        "unverified",
    )
    .await;
}

#[tokio::test]
async fn a_message_naming_one_vault_executes_against_that_vault_only() {
    let mut x = XWorld::new().await;
    let mut msg = x.msg(1, WAD / 10).await;
    let vault_a = x.w.vault_a;
    msg.target = SlashTarget::Vault(vault_a.to_bytes());
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let mut ixs = x.verify_ixs(1, SET_INDEX);
    ixs.push(x.submit_ix(1, &msg, Some(vault_a)).await);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    let request_key = registry::pda::slash_request(&x.remote_avs, 0);
    let target: slasher_registry::state::RequestTarget =
        x.w.t
            .decode(registry::pda::request_target(&request_key))
            .await;
    assert_eq!((target.request, target.vault), (request_key, vault_a));
    let request: SlashRequest = x.w.t.decode(request_key).await;
    x.w.advance_to_slot(request.veto_deadline_slot + 1).await;

    // vault B is not the target
    let vault_b = x.w.vault_b;
    let state = x.w.vault(vault_b).await;
    let executor = x.w.t.payer();
    let ixs = [
        lrt_client::instructions::refresh_prices(&state),
        registry::execute_slash(executor.pubkey(), &request, vault_b),
    ];
    let keys = [
        vault_b,
        request_key,
        registry::pda::slash_execution(&request_key, &vault_b),
        lrt_client::pda::escrow(&vault_b, &request_key),
    ];
    refused(
        &mut x.w.t,
        &ixs,
        &[],
        registry_error(RegistryError::VaultNotTargeted),
        &keys,
        "execution against another vault",
    )
    .await;
    // vault A is
    x.w.execute(&request, vault_a).await.unwrap();
    let execution: SlashExecution =
        x.w.t
            .decode(registry::pda::slash_execution(&request_key, &vault_a))
            .await;
    assert!(execution.loss_lamports > 0);
}
