//! The commission in force (issue 10, item 1; DESIGN.md section 5): an operator that
//! raises its commission from 10% to 100% in the last slot of epoch `e` takes 10% of a
//! reward paid during `e + 1`, and 100% only from `e + 2`. The registry announces the
//! change (`update_operator`); the vault reads the registry `Operator` at its documented
//! offsets (commission 40..42, next 42..44, u64 epoch from which next applies 44..52) and
//! applies the one in force in the payment's epoch.
use lrt_client::registry;
use lrt_integration_tests::*;
use slasher_registry::{events::OperatorUpdated, instructions::OperatorArgs, state::Operator};
use solana_signer::Signer;

use crate::*;

#[tokio::test]
async fn a_commission_raised_in_the_last_slot_of_an_epoch_applies_from_the_epoch_after_next() {
    let mut w = World::new().await;
    let op = w.with_operator(1_000).await;
    let (alice, mallory) = (w.alice.insecure_clone(), w.mallory.insecure_clone());
    let (alice_wsol, mallory_wsol) = (w.alice_wsol, w.mallory_wsol);
    w.deposit(&alice, alice_wsol, 9 * SOL, 0).await.unwrap();
    let e = w.epoch().await;

    // the operator raises its commission to 100% in the last slot of e, in front of a
    // reward it knows is coming
    w.warp_to_last_slot(e).await;
    let update = registry::update_operator(
        op.authority.pubkey(),
        OperatorArgs {
            commission_bps: 10_000,
            signing_key: op.signing_key,
            metadata_uri: "https://example.org/op.json".into(),
        },
    );
    let events =
        w.t.send_with_events(&[update], &[&op.authority], slasher_registry::ID)
            .await;
    let updated: OperatorUpdated = only(&events);
    assert_eq!(
        (
            updated.commission_bps,
            updated.next_commission_bps,
            updated.commission_effective_epoch
        ),
        (1_000, 10_000, e + 2)
    );
    // the bytes the vault reads, at their documented offsets
    let data = w.t.account(op.operator).await.unwrap().data;
    assert_eq!(&data[40..42], &1_000u16.to_le_bytes());
    assert_eq!(&data[42..44], &10_000u16.to_le_bytes());
    assert_eq!(&data[44..52], &(e + 2).to_le_bytes());
    let operator: Operator = w.t.decode(op.operator).await;
    assert_eq!(
        [e, e + 1, e + 2].map(|epoch| operator.commission_at(epoch)),
        [1_000, 1_000, 10_000]
    );

    // e + 1: a 1 SOL reward is split at 10%
    w.warp(e + 1, 0).await;
    let paid = w.reward(&op, &mallory, mallory_wsol, SOL).await;
    let commission = bps_floor(SOL, 1_000);
    assert_eq!(
        (paid.commission_bps, paid.operator_commission, paid.to_pool),
        (1_000, commission, SOL - commission)
    );
    assert_eq!(w.t.token_balance(op.wsol).await, commission);
    w.check.check(&mut w.t, "reward in e + 1").await;
    // its last slot too
    w.warp_to_last_slot(e + 1).await;
    let paid = w.reward(&op, &mallory, mallory_wsol, SOL).await;
    assert_eq!(
        (paid.commission_bps, paid.operator_commission),
        (1_000, commission)
    );
    w.check.check(&mut w.t, "reward at the end of e + 1").await;

    // e + 2: the announced 100% is in force
    w.warp(e + 2, 0).await;
    let paid = w.reward(&op, &mallory, mallory_wsol, SOL).await;
    assert_eq!(
        (paid.commission_bps, paid.operator_commission, paid.to_pool),
        (10_000, SOL, 0)
    );
    assert_eq!(w.t.token_balance(op.wsol).await, 2 * commission + SOL);
    w.check.check(&mut w.t, "reward in e + 2").await;
}
