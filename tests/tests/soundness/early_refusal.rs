//! Issue 9, scenario 4: a request that could never execute is refused when made, and the
//! example AVS cannot have a round reported before it happens. Before, `request_slash`
//! accepted a request against an operator not slashable for the AVS (it failed only at
//! execution), and the example AVS recorded (operator, round) once whatever became of
//! the request, with rounds carrying no time: in the epoch it opted in, an operator could
//! report its own conflicting pair for a future round, and the honest report of its real
//! equivocation in that round later failed with `AlreadyReported`.
use super::*;
use lrt_client::avs;

#[tokio::test]
async fn a_request_against_an_operator_not_slashable_now_is_refused_and_leaves_nothing() {
    let mut w = World::new().await;
    // opted in during e0: slashable from e0 + 1
    let (avs, authority) = second_avs(&mut w, WAD).await;
    let count = |state: slasher_registry::state::Avs| state.request_count;
    let before = count(w.t.decode(avs).await);
    assert_program_error(
        w.request_slash_of(avs, &authority, WAD / 10)
            .await
            .map(|_| ()),
        0,
        registry_error(RegistryError::OperatorNotSlashable),
    );
    assert_eq!(count(w.t.decode(avs).await), before);
    assert!(w
        .t
        .account(registry::pda::slash_request(&avs, before))
        .await
        .is_none());

    // from e0 + 1 on it is accepted
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (_, request) = w.request_slash_of(avs, &authority, WAD / 10).await.unwrap();
    assert_eq!(request.capture_epoch, w.e0 + 1);

    // after an opt-out during d the operator stays slashable through d + 1, no longer
    let op = w.op.insecure_clone();
    let d = w.epoch().await;
    w.t.send(&[registry::opt_out_avs(op.pubkey(), avs)], &[&op])
        .await
        .unwrap();
    w.advance_to_slot((d + 1) * EPOCH_LENGTH).await;
    w.request_slash_of(avs, &authority, WAD / 10).await.unwrap();
    w.advance_to_slot((d + 2) * EPOCH_LENGTH).await;
    assert_program_error(
        w.request_slash_of(avs, &authority, WAD / 10)
            .await
            .map(|_| ()),
        0,
        registry_error(RegistryError::OperatorNotSlashable),
    );
}

#[tokio::test]
async fn no_one_can_burn_a_round_before_it_happens_and_the_honest_report_succeeds() {
    let mut w = World::new().await;
    let attester = Keypair::new();
    let op = w.op.insecure_clone();
    let avs_key = w.example_avs(&attester, WAD / 10).await;

    // the operator opts in during epoch a; in the same epoch it reports its own pair
    let a = w.epoch().await;
    w.t.send(&[registry::opt_in_avs(op.pubkey(), avs_key)], &[&op])
        .await
        .unwrap();
    let report = |round: u64, values: ([u8; 32], [u8; 32]), index: u64| {
        avs::equivocation_proof(
            op.pubkey(),
            avs_key,
            index,
            w.operator,
            &attester,
            round,
            values.0,
            values.1,
        )
    };
    // a round of this epoch: the registry refuses (not slashable yet), no record is kept
    let now = w.t.slot().await;
    let own = report(now, ([1; 32], [2; 32]), 0);
    assert_program_error(
        w.t.send(&own, &[&op]).await,
        2,
        registry_error(RegistryError::OperatorNotSlashable),
    );
    assert!(w
        .t
        .account(avs::pda::equivocation(&w.operator, now))
        .await
        .is_none());
    // a round that has not come: refused by the AVS, whatever the registry would say
    let later_round = (a + 2) * EPOCH_LENGTH + 10;
    let early = report(later_round, ([1; 32], [2; 32]), 0);
    assert_program_error(
        w.t.send(&early, &[&op]).await,
        2,
        avs_error(example_avs::errors::AvsError::RoundOutsideReportWindow),
    );
    assert!(w
        .t
        .account(avs::pda::equivocation(&w.operator, later_round))
        .await
        .is_none());

    // in a + 2 the operator really equivocates in that round; an honest watcher reports
    w.advance_to_slot(later_round + 5).await;
    let watcher = Keypair::new();
    w.t.fund(&[&watcher], SOL).await;
    let honest = avs::equivocation_proof(
        watcher.pubkey(),
        avs_key,
        0,
        w.operator,
        &attester,
        later_round,
        [3; 32],
        [4; 32],
    );
    w.t.send(&honest, &[&watcher]).await.unwrap();
    let request_key = registry::pda::slash_request(&avs_key, 0);
    let request: SlashRequest = w.t.decode(request_key).await;
    assert_eq!(
        (request.operator, request.capture_epoch),
        (w.operator, a + 2)
    );
    let record: example_avs::state::Equivocation =
        w.t.decode(avs::pda::equivocation(&w.operator, later_round))
            .await;
    assert_eq!(record.slash_request, request_key);

    // a round of the previous epoch is still reported; two epochs back is out of reach
    w.advance_to_slot((a + 3) * EPOCH_LENGTH + 5).await;
    let previous_epoch_round = (a + 2) * EPOCH_LENGTH + 50;
    let late = avs::equivocation_proof(
        watcher.pubkey(),
        avs_key,
        1,
        w.operator,
        &attester,
        previous_epoch_round,
        [5; 32],
        [6; 32],
    );
    w.t.send(&late, &[&watcher]).await.unwrap();
    let too_old = avs::equivocation_proof(
        watcher.pubkey(),
        avs_key,
        2,
        w.operator,
        &attester,
        (a + 1) * EPOCH_LENGTH + 50,
        [5; 32],
        [6; 32],
    );
    assert_program_error(
        w.t.send(&too_old, &[&watcher]).await,
        2,
        avs_error(example_avs::errors::AvsError::RoundOutsideReportWindow),
    );

    // a vetoed report keeps its record: the round was judged and is not reported twice
    let veto = w.veto.insecure_clone();
    let second_request = registry::pda::slash_request(&avs_key, 1);
    w.t.send(
        &[registry::veto_slash(veto.pubkey(), second_request)],
        &[&veto],
    )
    .await
    .unwrap();
    let again = avs::equivocation_proof(
        watcher.pubkey(),
        avs_key,
        2,
        w.operator,
        &attester,
        previous_epoch_round,
        [7; 32],
        [8; 32],
    );
    assert_program_error(
        w.t.send(&again, &[&watcher]).await,
        2,
        avs_error(example_avs::errors::AvsError::AlreadyReported),
    );
}
