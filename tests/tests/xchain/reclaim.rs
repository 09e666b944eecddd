//! `close_replay_record`: a consumed message's replay record comes back to its payer once
//! the message is stale for good, and closing it never re-opens a replay.
use super::*;
use anchor_lang::{error::ErrorCode as AnchorErrorCode, prelude::Rent};
use slasher_registry::{errors::RegistryError, events::ReplayRecordClosed, state::ReplayRecord};

async fn lamports(t: &mut TestContext, key: Pubkey) -> u64 {
    t.account(key).await.map_or(0, |a| a.lamports)
}

/// Sets the cluster clock's Unix time to `unix_timestamp` (nothing else moves).
async fn set_unix_time(x: &mut XWorld, unix_timestamp: i64) {
    let mut clock: Clock = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    clock.unix_timestamp = unix_timestamp;
    x.w.t.ctx.set_sysvar(&clock);
}

/// Posts, verifies and submits `msg` (13 signatures) through the relayer's buffer `nonce`.
async fn consume(x: &mut XWorld, nonce: u32, msg: &Msg) {
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(nonce, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let mut ixs = x.verify_ixs(nonce, SET_INDEX);
    ixs.push(x.submit_ix(nonce, msg, None).await);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
}

/// Posts and verifies `msg` again in buffer `nonce`, then asserts that submitting it is
/// refused as `StaleMessage` and changes nothing (the record stays closed).
async fn resubmission_is_stale(x: &mut XWorld, nonce: u32, msg: &Msg, step: &str) {
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(nonce, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let ixs = x.verify_ixs(nonce, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    let avs: slasher_registry::state::Avs = x.w.t.decode(x.remote_avs).await;
    let keys = x.watched(nonce, msg, avs.request_count);
    let submit = x.submit_ix(nonce, msg, None).await;
    refused(
        &mut x.w.t,
        &[submit],
        &[&relayer],
        registry_error(RegistryError::StaleMessage),
        &keys,
        step,
    )
    .await;
}

#[tokio::test]
async fn a_replay_record_returns_its_rent_after_twice_the_max_age_and_never_reopens_a_replay() {
    let mut x = XWorld::new().await;
    let relayer = x.relayer.insecure_clone();
    let msg = x.msg(1, WAD / 10).await;
    let record_key = registry::pda::replay_record(CHAIN, &EMITTER, 1);
    let relayer_before = lamports(&mut x.w.t, relayer.pubkey()).await;
    consume(&mut x, 1, &msg).await;
    let request_rent = lamports(&mut x.w.t, registry::pda::slash_request(&x.remote_avs, 0)).await;

    // the record: typed, sized, owned by the registry, rent-exempt for its size
    let rent: Rent = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    let account = x.w.t.account(record_key).await.expect("the record exists");
    assert_eq!(account.owner, slasher_registry::ID);
    assert_eq!(account.data.len(), 8 + 32 + 4 + 1);
    assert_eq!(account.data.len(), ReplayRecord::SPACE);
    let record_rent = rent.minimum_balance(ReplayRecord::SPACE);
    assert_eq!(account.lamports, record_rent);
    let record: ReplayRecord = x.w.t.decode(record_key).await;
    let (_, bump) = slasher_registry::instructions::replay_record_address(CHAIN, &EMITTER, 1);
    assert_eq!(
        record,
        ReplayRecord {
            payer: relayer.pubkey(),
            timestamp: msg.timestamp,
            bump,
        }
    );
    // the relayer paid the record and the request (the tests' bank pays the fees)
    let relayer_after_submit = lamports(&mut x.w.t, relayer.pubkey()).await;
    assert_eq!(
        relayer_before - relayer_after_submit,
        record_rent + request_rent
    );

    // closable from the first second past timestamp + 2 * max age, from first principles
    let from = i64::from(msg.timestamp) + 2 * i64::from(MAX_MESSAGE_AGE) + 1;
    assert_eq!(record.closable_from(MAX_MESSAGE_AGE), from);
    let watched = [record_key, relayer.pubkey(), registry::pda::xchain_config()];
    let cranker = Keypair::new();
    x.w.t.fund(&[&cranker], SOL).await;
    let close = registry::close_replay_record(cranker.pubkey(), record_key, relayer.pubkey());

    // early: at the end of the window and one second before the close, refused
    for (now, step) in [
        (
            i64::from(msg.timestamp) + i64::from(MAX_MESSAGE_AGE),
            "while fresh",
        ),
        (
            i64::from(msg.timestamp) + i64::from(MAX_MESSAGE_AGE) + 1,
            "just stale",
        ),
        (from - 1, "one second early"),
    ] {
        set_unix_time(&mut x, now).await;
        refused(
            &mut x.w.t,
            std::slice::from_ref(&close),
            &[&cranker],
            registry_error(RegistryError::ReplayRecordInUse),
            &watched,
            step,
        )
        .await;
    }

    // on time, the rent cannot be redirected: not to the cranker, not to anyone else
    set_unix_time(&mut x, from).await;
    for thief in [cranker.pubkey(), Pubkey::new_unique()] {
        let mut keys = watched.to_vec();
        keys.push(thief);
        refused(
            &mut x.w.t,
            &[registry::close_replay_record(
                cranker.pubkey(),
                record_key,
                thief,
            )],
            &[&cranker],
            registry_error(RegistryError::NotReplayRecordPayer),
            &keys,
            "wrong payer",
        )
        .await;
    }

    // on time, anyone closes it; every lamport goes to the relayer
    let events =
        x.w.t
            .send_with_events(
                std::slice::from_ref(&close),
                &[&cranker],
                slasher_registry::ID,
            )
            .await;
    assert!(
        x.w.t.account(record_key).await.is_none(),
        "the record is closed"
    );
    let relayer_after_close = lamports(&mut x.w.t, relayer.pubkey()).await;
    assert_eq!(relayer_after_close - relayer_after_submit, record_rent);
    assert_eq!(
        relayer_before - relayer_after_close,
        request_rent,
        "net of the reclaim, the relayer paid only the request (as a local one) and fees"
    );
    let closed = only::<ReplayRecordClosed>(&events);
    assert_eq!(
        (
            closed.replay_record,
            closed.payer,
            closed.lamports,
            closed.timestamp,
            closed.closed_at,
            closed.closer
        ),
        (
            record_key,
            relayer.pubkey(),
            record_rent,
            msg.timestamp,
            from,
            cranker.pubkey()
        )
    );

    // twice: there is nothing left to close
    refused(
        &mut x.w.t,
        &[close],
        &[&cranker],
        anchor_error(AnchorErrorCode::AccountNotInitialized),
        &watched,
        "closed twice",
    )
    .await;

    // the very same message again, re-posted and re-verified: stale now, and at a clock a
    // full max age behind the one that closed the record (the margin)
    resubmission_is_stale(&mut x, 2, &msg, "replay after the close").await;
    set_unix_time(&mut x, from - i64::from(MAX_MESSAGE_AGE)).await;
    resubmission_is_stale(&mut x, 3, &msg, "replay at a clock set back").await;
    assert!(x.w.t.account(record_key).await.is_none());
    let avs: slasher_registry::state::Avs = x.w.t.decode(x.remote_avs).await;
    assert_eq!(
        avs.request_count, 1,
        "one request, from the first submission"
    );

    let record_len = bincode::serialize(&solana_transaction::Transaction::new_signed_with_payer(
        &[registry::close_replay_record(
            relayer.pubkey(),
            record_key,
            relayer.pubkey(),
        )],
        Some(&relayer.pubkey()),
        &[&relayer],
        Default::default(),
    ))
    .unwrap()
    .len();
    println!(
        "replay record: {} bytes, {} lamports of rent; a close transaction (relayer signs \
         and is the payer): {} bytes; closes per transaction: {}",
        ReplayRecord::SPACE,
        record_rent,
        record_len,
        closes_per_transaction(&relayer)
    );
}

/// How many `close_replay_record` of distinct records fit one transaction signed by the
/// relayer (who is also the records' payer).
fn closes_per_transaction(relayer: &Keypair) -> usize {
    (1..)
        .find(|&n| {
            let ixs: Vec<Instruction> = (0..n + 1)
                .map(|s| {
                    registry::close_replay_record(
                        relayer.pubkey(),
                        registry::pda::replay_record(CHAIN, &EMITTER, s as u64),
                        relayer.pubkey(),
                    )
                })
                .collect();
            let tx = solana_transaction::Transaction::new_signed_with_payer(
                &ixs,
                Some(&relayer.pubkey()),
                &[relayer],
                Default::default(),
            );
            bincode::serialize(&tx).unwrap().len() > PACKET_DATA_SIZE
        })
        .unwrap()
}

#[tokio::test]
async fn a_prefunded_record_address_still_records_the_message_and_returns_everything_to_the_payer()
{
    let mut x = XWorld::new().await;
    let relayer = x.relayer.insecure_clone();
    let msg = x.msg(1, WAD / 10).await;
    let record_key = registry::pda::replay_record(CHAIN, &EMITTER, 1);
    // a griefer sends lamports to the record's address before the message is relayed
    let griefer = Keypair::new();
    x.w.t.fund(&[&griefer], SOL).await;
    // (the least a system account may hold, less than the record's rent)
    let rent: Rent = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    let gift = rent.minimum_balance(0);
    assert!(gift < rent.minimum_balance(ReplayRecord::SPACE));
    x.w.t
        .send(
            &[anchor_lang::solana_program::system_instruction::transfer(
                &griefer.pubkey(),
                &record_key,
                gift,
            )],
            &[&griefer],
        )
        .await
        .unwrap();
    let relayer_before = lamports(&mut x.w.t, relayer.pubkey()).await;
    consume(&mut x, 1, &msg).await;
    let request_rent = lamports(&mut x.w.t, registry::pda::slash_request(&x.remote_avs, 0)).await;
    let record_rent = rent.minimum_balance(ReplayRecord::SPACE);
    assert_eq!(lamports(&mut x.w.t, record_key).await, record_rent);
    let record: ReplayRecord = x.w.t.decode(record_key).await;
    assert_eq!(
        (record.payer, record.timestamp),
        (relayer.pubkey(), msg.timestamp)
    );
    // the relayer topped the address up to the rent
    let relayer_after_submit = lamports(&mut x.w.t, relayer.pubkey()).await;
    assert_eq!(
        relayer_before - relayer_after_submit,
        record_rent - gift + request_rent
    );
    // still refused as a replay while it guards the message
    let relayer_key = relayer.pubkey();
    let second = {
        let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
        x.post(2, &vaa, 600).await;
        let ixs = x.verify_ixs(2, SET_INDEX);
        x.w.t.send(&ixs, &[&relayer]).await.unwrap();
        x.submit_ix(2, &msg, None).await
    };
    let avs: slasher_registry::state::Avs = x.w.t.decode(x.remote_avs).await;
    let keys = x.watched(2, &msg, avs.request_count);
    refused(
        &mut x.w.t,
        &[second],
        &[&relayer],
        registry_error(RegistryError::MessageAlreadyProcessed),
        &keys,
        "replay of a pre-funded record",
    )
    .await;

    // the close returns the whole balance, the gift included, to the relayer
    // (the relayer closes its unconsumed second buffer, back to where it was)
    x.w.t
        .send(&[registry::close_vaa_buffer(relayer_key, 2)], &[&relayer])
        .await
        .unwrap();
    assert_eq!(
        lamports(&mut x.w.t, relayer_key).await,
        relayer_after_submit
    );
    set_unix_time(&mut x, record.closable_from(MAX_MESSAGE_AGE)).await;
    x.w.t
        .send(
            &[registry::close_replay_record(
                relayer_key,
                record_key,
                relayer_key,
            )],
            &[&relayer],
        )
        .await
        .unwrap();
    assert!(x.w.t.account(record_key).await.is_none());
    let relayer_after_close = lamports(&mut x.w.t, relayer_key).await;
    assert_eq!(relayer_after_close - relayer_after_submit, record_rent);
    assert_eq!(relayer_before + gift - relayer_after_close, request_rent);
}
