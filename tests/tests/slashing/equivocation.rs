//! The life of a slash as the issue tells it, through all three programs: an operator
//! signs two different values for one round of the example AVS; anyone proves it with the
//! two signatures; the AVS program requests the slash by CPI; the veto window passes; the
//! request executes into two vaults; the escrows are swept to the AVS's recipient. Every
//! amount is computed here from the rules.
use anchor_lang::prelude::Pubkey;
use lrt_client::{avs, instructions as build, pda, registry, state::SlashEscrow};
use lrt_integration_tests::{slashing_world::*, *};
use slasher_registry::state::SlashRequest;
use solana_keypair::Keypair;
use solana_signer::Signer;

#[tokio::test]
async fn an_equivocation_proof_slashes_two_vaults_and_the_escrows_are_swept() {
    let mut w = World::new().await;
    let [alice, bob, carol] = [0, 1, 2].map(|i| w.users[i].key.insecure_clone());
    let (vault_a, vault_b) = (w.vault_a, w.vault_b);
    // A: 1 + 1 (operator) + 5.9 SOL of wSOL and 2 pool tokens at 1.05 = 10 SOL
    w.deposit_from(&alice, w.users[0].wsol, vault_a, 0, 5_900_000_000)
        .await;
    w.deposit_from(&bob, w.users[1].pool_tokens, vault_a, 1, 2 * SOL)
        .await;
    w.deposit_from(&carol, w.users[2].wsol, vault_b, 0, 3 * SOL)
        .await;

    // the operator's real ed25519 attestation key, registered in the registry; the
    // example AVS admitted with its config PDA as slash authority, requesting 10% per
    // equivocation
    let attester = Keypair::new();
    let avs_key = w.example_avs(&attester, WAD / 10).await;
    // the operator and both vaults opt in during e0, active from e0 + 1
    w.opt_in_everyone(avs_key).await;
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.epoch().await;

    // the operator signs two values for a round (a slot) of the capture epoch; a watcher
    // reports them
    let round = w.t.slot().await;
    assert_eq!(round / EPOCH_LENGTH, capture);
    let watcher = Keypair::new();
    w.t.fund(&[&watcher], SOL).await;
    let proof = avs::equivocation_proof(
        watcher.pubkey(),
        avs_key,
        0,
        w.operator,
        &attester,
        round,
        [1; 32],
        [2; 32],
    );
    w.t.send(&proof, &[&watcher]).await.unwrap();
    let request_key = registry::pda::slash_request(&avs_key, 0);
    let request: SlashRequest = w.t.decode(request_key).await;
    assert_eq!((request.operator, request.wad), (w.operator, WAD / 10));
    assert_eq!(request.capture_epoch, capture);

    // after the veto window, anyone executes it into both vaults
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let mut checks = [
        InvariantChecker::new(vault_a),
        InvariantChecker::new(vault_b),
    ];
    let lrt_b = w.vault(vault_b).await.lrt_mint;
    checks[1].track_holder(carol.pubkey(), pda::lrt_account(&carol.pubkey(), &lrt_b));
    for (check, name) in checks.iter_mut().zip(["A before", "B before"]) {
        check.check(&mut w.t, name).await;
    }
    w.execute(&request, vault_a).await.unwrap();
    w.execute(&request, vault_b).await.unwrap();
    // A: 10% of 5 SOL (half of 10) = 0.5 SOL, the operator's whole bond: 0.5e9 of 10e9
    // shares burn with floor(active_k * 0.5e9 / 10e9) of each asset. B: 10% of 2 SOL (half
    // of 4) = 0.2 SOL, no bond: 5% of its 4 SOL pool.
    let escrow_a = [395_000_000u64, 100_000_000];
    assert_eq!(
        escrow_a[0],
        (7_900_000_000u128 * 500_000_000 / 10_000_000_000) as u64
    );
    assert_eq!(
        escrow_a[1],
        (2 * SOL as u128 * 500_000_000 / 10_000_000_000) as u64
    );
    let a = w.vault(vault_a).await;
    let b = w.vault(vault_b).await;
    assert_eq!(
        [a.assets[0].escrowed_amount, a.assets[1].escrowed_amount],
        escrow_a
    );
    assert_eq!(a.share_supply, 9_500_000_000);
    assert_eq!(b.assets[0].active_amount, 3_800_000_000);
    assert_eq!(b.assets[0].escrowed_amount, 200_000_000);
    checks[0].check(&mut w.t, "A slashed").await;
    checks[1].expect_slash(WAD / 20, [capture + 1, capture + 2]);
    checks[1].check(&mut w.t, "B slashed").await;

    // after the resolution delay, the recipient is paid exactly the escrows
    let escrow: SlashEscrow = w.t.decode(pda::escrow(&vault_a, &request_key)).await;
    let escrow_b: SlashEscrow = w.t.decode(pda::escrow(&vault_b, &request_key)).await;
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let sweeps = [
        build::sweep_escrow(&a, &escrow, 0),
        build::sweep_escrow(&a, &escrow, 1),
        build::sweep_escrow(&b, &escrow_b, 0),
    ];
    w.t.send(&sweeps, &[]).await.unwrap();
    let wsol_ata = |owner: &Pubkey| {
        pda::associated_token_account(
            owner,
            &lrt_vault::constants::WSOL_MINT,
            &anchor_spl::token::ID,
        )
    };
    let pool_ata =
        pda::associated_token_account(&w.recipient, &w.pool_mint, &anchor_spl::token::ID);
    assert_eq!(
        w.t.token_balance(wsol_ata(&w.recipient)).await,
        escrow_a[0] + 200_000_000
    );
    assert_eq!(w.t.token_balance(pool_ata).await, escrow_a[1]);
    for (check, name) in checks.iter_mut().zip(["A swept", "B swept"]) {
        check.check(&mut w.t, name).await;
    }

    // the same round again: already recorded, no second request
    assert_eq!(w.epoch().await, capture, "the round is still reportable");
    let again = avs::equivocation_proof(
        watcher.pubkey(),
        avs_key,
        1,
        w.operator,
        &attester,
        round,
        [2; 32],
        [3; 32],
    );
    let result = w.t.send(&again, &[&watcher]).await;
    assert_program_error(
        result,
        2,
        avs_error(example_avs::errors::AvsError::AlreadyReported),
    );
    assert!(w
        .t
        .account(registry::pda::slash_request(&avs_key, 1))
        .await
        .is_none());
}
