//! `submit_remote_reward`: a verified `RewardNotice` pays the bridged tokens from the
//! AVS's reward inbox exactly as a local `distribute_rewards` of the same amount would;
//! each refusal changes nothing.
use super::*;
use lrt_client::{
    instructions as build,
    program_events::{event_cpis, AccountKeys, InnerInstruction, ProgramRef},
    registry::RemoteRewardKeys,
};
use lrt_vault::{
    constants::WSOL_MINT, events::RewardsDistributed, instructions::DistributeRewardsArgs,
    state::Vault,
};
use slasher_registry::{errors::RegistryError, events::RemoteRewardReceived};
use solana_transaction::Transaction;
use xchain::VaaId;

pub(super) const AMOUNT: u64 = SOL / 10;
const TRANSFER: VaaId = VaaId {
    emitter_chain: 2,
    emitter_address: [0xee; 32],
    sequence: 77,
};

/// The reward inbox of `avs` for wSOL.
pub(super) fn inbox(avs: &Pubkey) -> Pubkey {
    registry::pda::reward_inbox_token_account(avs, &WSOL_MINT, &anchor_spl::token::ID)
}

/// As the token bridge's redemption would: `avs`'s wSOL inbox holds `amount`.
pub(super) fn bridge(x: &mut XWorld, avs: &Pubkey, amount: u64) {
    let account = wsol_account(registry::pda::reward_inbox(avs), amount);
    x.w.t.ctx.set_account(&inbox(avs), &account.into());
}

/// A notice of `amount` of wSOL for vault A's stake with the operator.
pub(super) fn notice(x: &XWorld, amount: u64) -> xchain::RewardNotice {
    xchain::RewardNotice {
        vault: x.w.vault_a.to_bytes(),
        operator: x.w.operator.to_bytes(),
        mint: WSOL_MINT.to_bytes(),
        amount,
        transfer: TRANSFER,
    }
}

/// Posts and verifies `body` signed by 13 guardians as the relayer's buffer `nonce`.
pub(super) async fn post_verified(x: &mut XWorld, nonce: u32, body: &[u8]) {
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, body);
    x.post(nonce, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let ixs = x.verify_ixs(nonce, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
}

/// `[refresh_prices(vault), submit_remote_reward]` of buffer `nonce` carrying `msg`,
/// for `avs` and asset `asset_index` of `vault`.
pub(super) async fn submit_ixs(
    x: &mut XWorld,
    nonce: u32,
    msg: &Msg,
    avs: Pubkey,
    vault: Pubkey,
) -> Vec<Instruction> {
    let state = x.w.vault(vault).await;
    vec![
        build::refresh_prices(&state),
        registry::submit_remote_reward(
            x.relayer.pubkey(),
            nonce,
            &state,
            RemoteRewardKeys {
                avs,
                operator: x.w.operator,
                operator_token_account: x.w.op_wsol,
                asset_index: 0,
            },
            msg.id(),
        ),
    ]
}

/// Every account a refused submission must leave as it was.
async fn watched(x: &mut XWorld, nonce: u32, msg: &Msg) -> Vec<Pubkey> {
    let a: Vault = x.w.vault(x.w.vault_a).await;
    vec![
        registry::pda::vaa_buffer(&x.relayer.pubkey(), nonce),
        registry::pda::replay_record(msg.chain, &msg.emitter, msg.sequence),
        registry::pda::xchain_config(),
        x.remote_avs,
        inbox(&x.remote_avs),
        x.w.vault_a,
        a.assets[0].reserve,
        x.w.op_wsol,
        x.relayer.pubkey(),
    ]
}

/// Posts and verifies `body` as buffer `nonce`, then asserts that submitting it (for
/// `avs` and vault A, with `edit` applied to the instruction) fails with `expected` and
/// changes nothing.
#[allow(clippy::too_many_arguments)]
async fn reward_refused(
    x: &mut XWorld,
    nonce: u32,
    msg: &Msg,
    body: &[u8],
    avs: Pubkey,
    edit: impl FnOnce(Instruction) -> Instruction,
    expected: impl Into<ExpectedError>,
    step: &str,
) {
    post_verified(x, nonce, body).await;
    let vault_a = x.w.vault_a;
    let mut ixs = submit_ixs(x, nonce, msg, avs, vault_a).await;
    let submit = ixs.pop().unwrap();
    ixs.push(edit(submit));
    let keys = watched(x, nonce, msg).await;
    let relayer = x.relayer.insecure_clone();
    refused(&mut x.w.t, &ixs, &[&relayer], expected, &keys, step).await;
}

/// Replaces every account meta `from` of `ix` by `to`.
fn swap(mut ix: Instruction, from: Pubkey, to: Pubkey) -> Instruction {
    let mut found = false;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == from) {
        meta.pubkey = to;
        found = true;
    }
    assert!(found, "{from} is not an account of the instruction");
    ix
}

/// Sends `ixs` and returns the event-CPI data of the registry and of the vault program,
/// read from a simulation of the same transaction (as `TestContext::send_with_events`).
async fn send_with_both_events(
    t: &mut TestContext,
    ixs: &[Instruction],
    signers: &[&Keypair],
) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let payer = t.payer();
    let mut all: Vec<&Keypair> = vec![&payer];
    all.extend_from_slice(signers);
    let blockhash = t.ctx.banks_client.get_latest_blockhash().await.unwrap();
    let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &all, blockhash);
    let simulation = t
        .ctx
        .banks_client
        .simulate_transaction(tx.clone())
        .await
        .unwrap();
    if let Some(Err(e)) = simulation.result {
        panic!("simulation failed: {e:?}");
    }
    let inner = simulation
        .simulation_details
        .expect("simulation details")
        .inner_instructions
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .map(|inner| InnerInstruction {
            program: ProgramRef::Index(inner.instruction.program_id_index),
            data: inner.instruction.data,
        });
    let keys = AccountKeys::legacy(&tx.message.account_keys);
    let cpis = event_cpis(&keys, inner);
    let of = |program: Pubkey| -> Vec<Vec<u8>> {
        cpis.iter()
            .filter(|cpi| cpi.program.id() == program)
            .map(|cpi| cpi.data.clone())
            .collect()
    };
    let events = (of(slasher_registry::ID), of(lrt_vault::ID));
    t.ctx.banks_client.process_transaction(tx).await.unwrap();
    events
}

/// What a reward did to the vault and its operator, in numbers only (keys differ
/// between worlds).
async fn paid(w: &mut World, event: &RewardsDistributed) -> Vec<String> {
    let vault = w.vault(w.vault_a).await;
    let mut asset = vault.assets[0];
    let reserve = w.t.token_balance(asset.reserve).await;
    asset.reserve = Pubkey::default();
    vec![
        format!(
            "{} {} {} {} {} {} {} {} {}",
            event.asset_index,
            event.amount,
            event.operator_commission,
            event.commission_bps,
            event.vault_fee,
            event.treasury_shares,
            event.insurance_shares,
            event.to_pool,
            event.vesting_epoch
        ),
        format!("{:?}", event.snapshot),
        format!(
            "{} {} {} {}",
            vault.share_supply, vault.treasury_shares, vault.insurance_shares, reserve
        ),
        format!("{asset:?}"),
        format!("{}", w.t.token_balance(w.op_wsol).await),
    ]
}

#[tokio::test]
async fn a_remote_reward_pays_exactly_like_a_local_one() {
    let mut x = XWorld::new().await;
    let mut twin = XWorld::new().await;
    assert_eq!(x.w.t.slot().await, twin.w.t.slot().await);
    let remote_avs = x.remote_avs;
    bridge(&mut x, &remote_avs, AMOUNT);
    let msg = x.msg(1, 0).await;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &body);
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let vault_a = x.w.vault_a;
    let mut ixs = x.verify_ixs(1, SET_INDEX);
    ixs.extend(submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await);
    // what a relayer sends, paying alone: [compute budget, verify, refresh, submit] in one
    // transaction if it fits, else verify and [refresh, submit] apart (the buffer stays
    // verified in between)
    let size = |ixs: &[Instruction]| {
        let tx = Transaction::new_signed_with_payer(
            ixs,
            Some(&relayer.pubkey()),
            &[&relayer],
            Default::default(),
        );
        bincode::serialize(&tx).unwrap().len()
    };
    let (together, submit_alone) = (size(&ixs), size(&ixs[2..]));
    println!(
        "remote reward: verify + refresh + submit {together} bytes, refresh + submit \
         {submit_alone} bytes (limit {PACKET_DATA_SIZE})"
    );
    assert!(together <= PACKET_DATA_SIZE && submit_alone <= PACKET_DATA_SIZE);
    let before = x.w.t.account(relayer.pubkey()).await.unwrap().lamports;
    let buffer_rent =
        x.w.t
            .account(registry::pda::vaa_buffer(&relayer.pubkey(), 1))
            .await
            .unwrap()
            .lamports;
    let (registry_events, vault_events) =
        send_with_both_events(&mut x.w.t, &ixs, &[&relayer]).await;
    let after = x.w.t.account(relayer.pubkey()).await.unwrap().lamports;

    // the registry's record of it
    let received = only::<RemoteRewardReceived>(&registry_events);
    assert_eq!(
        (
            received.avs,
            received.vault,
            received.operator,
            received.mint
        ),
        (remote_avs, vault_a, x.w.operator, WSOL_MINT)
    );
    assert_eq!(
        (received.amount, received.inbox),
        (AMOUNT, inbox(&remote_avs))
    );
    assert_eq!(
        (
            received.emitter_chain,
            received.emitter,
            received.sequence,
            received.timestamp
        ),
        (CHAIN, EMITTER, 1, msg.timestamp)
    );
    assert_eq!(received.digest, xchain::digest(&body));
    assert_eq!(
        (
            received.transfer_chain,
            received.transfer_emitter,
            received.transfer_sequence
        ),
        (
            TRANSFER.emitter_chain,
            TRANSFER.emitter_address,
            TRANSFER.sequence
        )
    );
    let remote = only::<RewardsDistributed>(&vault_events);
    assert_eq!(
        remote.payer,
        registry::pda::reward_inbox(&remote_avs),
        "the inbox authority paid"
    );
    assert_eq!(x.w.t.token_balance(inbox(&remote_avs)).await, 0);
    let record =
        x.w.t
            .account(registry::pda::replay_record(CHAIN, &EMITTER, 1))
            .await
            .expect("the replay record exists");
    assert_eq!(record.owner, slasher_registry::ID);
    let replay: slasher_registry::state::ReplayRecord =
        x.w.t
            .decode(registry::pda::replay_record(CHAIN, &EMITTER, 1))
            .await;
    assert_eq!(
        (record.data.len(), replay.payer, replay.timestamp),
        (
            slasher_registry::state::ReplayRecord::SPACE,
            relayer.pubkey(),
            msg.timestamp
        )
    );
    assert!(x
        .w
        .t
        .account(registry::pda::vaa_buffer(&relayer.pubkey(), 1))
        .await
        .is_none());
    // the relayer paid the replay record only (and got the buffer's rent back)
    assert_eq!(before + buffer_rent - after, record.lamports);
    assert!(remote.operator_commission > 0 && remote.to_pool > 0);

    // the twin pays the same amount locally, at the same slot
    assert_eq!(x.w.t.slot().await, twin.w.t.slot().await);
    let payer = twin.w.users[1].key.insecure_clone();
    let state = twin.w.vault(twin.w.vault_a).await;
    let local_ixs = [
        build::refresh_prices(&state),
        build::distribute_rewards(
            &state,
            build::RewardKeys {
                payer: payer.pubkey(),
                payer_token_account: twin.w.users[1].wsol,
                operator: twin.w.operator,
                operator_token_account: twin.w.op_wsol,
            },
            DistributeRewardsArgs {
                asset_index: 0,
                amount: AMOUNT,
            },
        ),
    ];
    let local_events = twin
        .w
        .t
        .send_with_events(&local_ixs, &[&payer], lrt_vault::ID)
        .await;
    let local = only::<RewardsDistributed>(&local_events);
    assert_eq!(
        paid(&mut x.w, &remote).await,
        paid(&mut twin.w, &local).await,
        "a remote reward splits, vests and books exactly like a local one"
    );
}

#[tokio::test]
async fn a_replayed_notice_is_refused_and_shares_the_slash_sequence_space() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    bridge(&mut x, &remote_avs, 2 * AMOUNT);
    let msg = x.msg(1, 0).await;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    post_verified(&mut x, 1, &body).await;
    let vault_a = x.w.vault_a;
    let ixs = submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await;
    let relayer = x.relayer.insecure_clone();
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    assert_eq!(x.w.t.token_balance(inbox(&remote_avs)).await, AMOUNT);

    // the same bytes through another buffer
    reward_refused(
        &mut x,
        2,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::MessageAlreadyProcessed),
        "replayed notice",
    )
    .await;

    // a slash request with the same (chain, emitter, sequence)
    let slash = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &slash.body());
    x.post(3, &vaa, 600).await;
    let mut ixs = x.verify_ixs(3, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    ixs = vec![x.submit_ix(3, &slash, None).await];
    let keys = x.watched(3, &slash, 0);
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(RegistryError::MessageAlreadyProcessed),
        &keys,
        "a slash with a reward's sequence",
    )
    .await;
}

#[tokio::test]
async fn a_notice_from_another_emitter_or_chain_is_refused() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    bridge(&mut x, &remote_avs, AMOUNT);
    let mut msg = x.msg(1, 0).await;
    msg.emitter = [0xcd; 32];
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    reward_refused(
        &mut x,
        1,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::WrongEmitter),
        "wrong emitter",
    )
    .await;
    let mut msg = x.msg(1, 0).await;
    msg.chain = 3;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    reward_refused(
        &mut x,
        2,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::WrongEmitterChain),
        "wrong chain",
    )
    .await;
    let mut msg = x.msg(1, 0).await;
    msg.timestamp -= MAX_MESSAGE_AGE + 1;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    reward_refused(
        &mut x,
        3,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::StaleMessage),
        "stale",
    )
    .await;
}

#[tokio::test]
async fn a_notice_before_its_tokens_arrive_is_refused_then_paid_on_retry() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    let msg = x.msg(1, 0).await;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());

    // no inbox at all yet
    reward_refused(
        &mut x,
        1,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized),
        "no inbox",
    )
    .await;
    // an inbox one base unit short
    bridge(&mut x, &remote_avs, AMOUNT - 1);
    let vault_a = x.w.vault_a;
    let ixs = submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await;
    let keys = watched(&mut x, 1, &msg).await;
    let relayer = x.relayer.insecure_clone();
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(RegistryError::RewardNotBridged),
        &keys,
        "not bridged",
    )
    .await;

    // the transfer is redeemed: the same verified buffer goes through
    bridge(&mut x, &remote_avs, AMOUNT + 5);
    let ixs = submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await;
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    assert_eq!(x.w.t.token_balance(inbox(&remote_avs)).await, 5);
}

#[tokio::test]
async fn a_notice_cannot_spend_another_avs_inbox() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    // AVS B: another remote AVS (another emitter), its inbox funded; A's is empty
    let admin = x.w.t.payer();
    let id = Pubkey::new_unique();
    let register = registry::register_avs(
        admin.pubkey(),
        slasher_registry::instructions::RegisterAvsArgs {
            id,
            admin: admin.pubkey(),
            kind: AvsKind::Remote {
                chain: CHAIN,
                emitter: [0xcd; 32],
            },
            max_slash_wad: WAD / 2,
            destination: SlashDestination::Recipient {
                owner: x.w.recipient,
            },
            metadata_uri: String::new(),
        },
    );
    x.w.t.send(&[register], &[]).await.unwrap();
    let avs_b = registry::pda::avs(&id);
    x.w.opt_in_everyone(avs_b).await;
    bridge(&mut x, &avs_b, AMOUNT);
    let msg = x.msg(1, 0).await;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());

    // A's notice, B's inbox in place of A's
    let (a_inbox, b_inbox) = (inbox(&remote_avs), inbox(&avs_b));
    let keys_b = [b_inbox];
    let before = x.w.t.snapshot(&keys_b).await;
    reward_refused(
        &mut x,
        1,
        &msg,
        &body,
        remote_avs,
        |ix| swap(ix, a_inbox, b_inbox),
        anchor_error(anchor_lang::error::ErrorCode::ConstraintTokenOwner),
        "B's inbox for A's notice",
    )
    .await;
    // A's notice submitted as B's: B's emitter is not A's
    reward_refused(
        &mut x,
        2,
        &msg,
        &body,
        avs_b,
        |ix| ix,
        registry_error(RegistryError::WrongEmitter),
        "A's notice as B's",
    )
    .await;
    assert_unchanged(&mut x.w.t, &keys_b, &before, "B's inbox").await;
    assert_eq!(x.w.t.token_balance(b_inbox).await, AMOUNT);
}

#[tokio::test]
async fn malformed_notices_are_refused() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    bridge(&mut x, &remote_avs, AMOUNT);
    let msg = x.msg(1, 0).await;

    // a SlashRequest is not a RewardNotice
    let slash = x.msg(1, WAD / 10).await;
    reward_refused(
        &mut x,
        1,
        &msg,
        &slash.body(),
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::InvalidRewardPayload),
        "slash payload",
    )
    .await;
    // nothing to pay
    let body = msg.body_with(&notice(&x, 0).encode());
    reward_refused(
        &mut x,
        2,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::ZeroRewardAmount),
        "zero amount",
    )
    .await;
    // another vault than the one given
    let mut n = notice(&x, AMOUNT);
    n.vault = x.w.vault_b.to_bytes();
    reward_refused(
        &mut x,
        3,
        &msg,
        &msg.body_with(&n.encode()),
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::WrongRewardVault),
        "another vault",
    )
    .await;
    // another operator
    let mut n = notice(&x, AMOUNT);
    n.operator = Pubkey::new_unique().to_bytes();
    reward_refused(
        &mut x,
        4,
        &msg,
        &msg.body_with(&n.encode()),
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::WrongOperator),
        "another operator",
    )
    .await;
    // another mint than the one given
    let mut n = notice(&x, AMOUNT);
    n.mint = x.w.pool_mint.to_bytes();
    reward_refused(
        &mut x,
        5,
        &msg,
        &msg.body_with(&n.encode()),
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::WrongRewardMint),
        "another mint",
    )
    .await;
    // a mint the vault does not hold: vault B has only wSOL; the pool token's inbox is
    // funded
    let pool_mint = x.w.pool_mint;
    let pool_inbox =
        registry::pda::reward_inbox_token_account(&remote_avs, &pool_mint, &anchor_spl::token::ID);
    let account = token_account(pool_mint, registry::pda::reward_inbox(&remote_avs), AMOUNT);
    x.w.t.ctx.set_account(&pool_inbox, &account.into());
    let mut n = notice(&x, AMOUNT);
    n.vault = x.w.vault_b.to_bytes();
    n.mint = pool_mint.to_bytes();
    let body = msg.body_with(&n.encode());
    post_verified(&mut x, 6, &body).await;
    let vault_b = x.w.vault_b;
    let mut ixs = submit_ixs(&mut x, 6, &msg, remote_avs, vault_b).await;
    let submit = ixs.pop().unwrap();
    let submit = swap(
        swap(submit, WSOL_MINT, pool_mint),
        inbox(&remote_avs),
        pool_inbox,
    );
    ixs.push(submit);
    let mut keys = watched(&mut x, 6, &msg).await;
    keys.extend([vault_b, pool_inbox]);
    let relayer = x.relayer.insecure_clone();
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(RegistryError::RewardMintNotVaultAsset),
        &keys,
        "a mint vault B does not hold",
    )
    .await;
}

#[tokio::test]
async fn a_reward_for_an_operator_no_longer_opted_in_is_refused() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    bridge(&mut x, &remote_avs, AMOUNT);
    let op = x.w.op.insecure_clone();
    x.w.t
        .send(&[registry::opt_out_avs(op.pubkey(), remote_avs)], &[&op])
        .await
        .unwrap();
    // still slashable through the next epoch; out from the one after
    let cur = x.w.epoch().await;
    x.w.advance_to_slot((cur + 2) * lrt_integration_tests::slashing_world::EPOCH_LENGTH)
        .await;
    let msg = x.msg(1, 0).await;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    reward_refused(
        &mut x,
        1,
        &msg,
        &body,
        remote_avs,
        |ix| ix,
        registry_error(RegistryError::OperatorNotOptedIn),
        "operator opted out",
    )
    .await;
}

#[tokio::test]
async fn only_the_buffer_payer_submits_and_only_from_the_inbox_ata() {
    let mut x = XWorld::new().await;
    let remote_avs = x.remote_avs;
    bridge(&mut x, &remote_avs, AMOUNT);
    let msg = x.msg(1, 0).await;
    let body = msg.body_with(&notice(&x, AMOUNT).encode());
    post_verified(&mut x, 1, &body).await;
    let vault_a = x.w.vault_a;
    let relayer = x.relayer.insecure_clone();
    let mut keys = watched(&mut x, 1, &msg).await;

    // another signer submits the relayer's verified buffer
    let mallory = Keypair::new();
    x.w.t.fund(&[&mallory], SOL).await;
    keys.push(mallory.pubkey());
    let mut ixs = submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await;
    let submit = ixs.pop().unwrap();
    ixs.push(swap(submit, relayer.pubkey(), mallory.pubkey()));
    refused(
        &mut x.w.t,
        &ixs,
        &[&mallory],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        &keys,
        "someone else's buffer",
    )
    .await;

    // a token account of the inbox authority that is not its associated one
    let stray = Pubkey::new_unique();
    let account = wsol_account(registry::pda::reward_inbox(&remote_avs), AMOUNT);
    x.w.t.ctx.set_account(&stray, &account.into());
    keys.push(stray);
    let mut ixs = submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await;
    let submit = ixs.pop().unwrap();
    ixs.push(swap(submit, inbox(&remote_avs), stray));
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintAssociated),
        &keys,
        "not the associated token account",
    )
    .await;

    // the relayer, from the inbox
    let ixs = submit_ixs(&mut x, 1, &msg, remote_avs, vault_a).await;
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    assert_eq!(x.w.t.token_balance(inbox(&remote_avs)).await, 0);
    assert_eq!(x.w.t.token_balance(stray).await, AMOUNT);
}
