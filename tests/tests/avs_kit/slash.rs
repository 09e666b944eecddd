//! `slash`: the admin's request reaches the registry by CPI, signed by the AVS's PDA, and
//! runs its course: veto window, execution into a vault, sweep to the AVS's recipient.
use crate::*;
use lrt_client::{
    instructions as build,
    state::{SlashEscrow, Vault},
};
use lrt_integration_tests::slashing_world::{ALLOCATION_B, EPOCH_LENGTH, VETO_WINDOW};
use minimal_avs::slasher_registry::error::SlasherRegistryError as E;
use slasher_registry::state::{Avs, SlashExecution, SlashRequest};

/// Vault B's slashable value (1 SOL seed + carol's 3 SOL) and the operator's stake in it:
/// half of it, allocated during e0.
const VALUE_B: u64 = 4 * SOL;
const STAKE_B: u64 = 2 * SOL;

#[tokio::test]
async fn a_slash_becomes_a_registry_request_that_executes_into_the_vault_after_the_veto_window() {
    let mut kit = Kit::staked().await;
    assert_eq!(
        (u128::from(ALLOCATION_B) * u128::from(VALUE_B) / WAD) as u64,
        STAKE_B
    );
    let capture = kit.w.e0 + 1;
    let vault_b = kit.w.vault_b;
    let requested_slot = capture * EPOCH_LENGTH + 7;
    kit.w.advance_to_slot(requested_slot).await;
    let admin_lamports = kit.w.t.account(kit.admin.pubkey()).await.unwrap().lamports;

    // 10%, with the evidence's hash
    let evidence = [0xAB; 32];
    let key = kit.slash(WAD / 10, evidence).await.unwrap();
    assert_eq!(key, registry::pda::slash_request(&kit.avs, 0));
    let request: SlashRequest = kit.w.t.decode(key).await;
    assert_eq!(request.avs, kit.avs);
    assert_eq!(request.operator, kit.w.operator);
    assert_eq!(request.index, 0);
    assert_eq!(request.wad, WAD / 10);
    assert_eq!(
        request.max_slash_wad, MAX_SLASH_WAD,
        "the AVS's maximum then"
    );
    assert_eq!(request.evidence_hash, evidence);
    assert_eq!(request.capture_epoch, capture);
    assert_eq!(request.requested_slot, requested_slot);
    assert_eq!(request.veto_deadline_slot, requested_slot + VETO_WINDOW);
    assert_eq!(
        request.destination,
        SlashDestination::Recipient {
            owner: kit.w.recipient
        }
    );
    assert!(!request.vetoed);
    assert_eq!((request.executions, request.slashed_lamports), (0, 0));
    let avs: Avs = kit.w.t.decode(kit.avs).await;
    assert_eq!(avs.request_count, 1);
    // the admin paid the request's rent (the transaction fee is the payer's)
    let account = kit.w.t.account(key).await.unwrap();
    // discriminator, avs, operator, index, wad, max, evidence, capture epoch, requested
    // slot, deadline, destination (tag + owner), vetoed, executions, slashed, bump
    let space = 8 + 32 + 32 + 8 + 16 + 16 + 32 + 8 + 8 + 8 + 33 + 1 + 4 + 8 + 1;
    assert_eq!(account.data.len(), space);
    let rent: anchor_lang::prelude::Rent = kit.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    assert_eq!(account.lamports, rent.minimum_balance(space));
    let rent = account.lamports;
    assert_eq!(
        kit.w.t.account(kit.admin.pubkey()).await.unwrap().lamports,
        admin_lamports - rent
    );

    // nobody executes during the veto window
    let before: Vault = kit.w.vault(vault_b).await;
    assert_program_error(
        kit.w.execute(&request, vault_b).await,
        1, // after refresh_prices
        registry_error(E::VetoWindowOpen),
    );
    assert_eq!(kit.w.vault(vault_b).await.assets, before.assets);

    // after it, anyone does: 10% of the 2 SOL of stake, all from the pool (no bond, no
    // insurance in B), so every holder of B loses 0.2 / 4 = 5%
    kit.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let mut check = InvariantChecker::new(vault_b);
    let carol = kit.w.users[2].key.pubkey();
    check.track_holder(carol, pda::lrt_account(&carol, &before.lrt_mint));
    check.check(&mut kit.w.t, "before").await;
    kit.w.execute(&request, vault_b).await.unwrap();
    let loss = STAKE_B / 10;
    assert_eq!(loss, 200_000_000);
    let after: Vault = kit.w.vault(vault_b).await;
    assert_eq!(after.assets[0].active_amount, VALUE_B - loss);
    assert_eq!(after.assets[0].escrowed_amount, loss);
    assert_eq!(
        after.share_supply, before.share_supply,
        "pro rata: no share moves"
    );
    check.expect_slash(WAD / 20, [capture + 1, capture + 2]);
    check.check(&mut kit.w.t, "slashed").await;
    let escrow: SlashEscrow = kit.w.t.decode(pda::escrow(&vault_b, &key)).await;
    assert_eq!(
        (
            escrow.loss_lamports,
            escrow.amounts[0],
            escrow.capture_epoch
        ),
        (loss, loss, capture)
    );
    let execution: SlashExecution = kit
        .w
        .t
        .decode(registry::pda::slash_execution(&key, &vault_b))
        .await;
    assert_eq!(execution.loss_lamports, loss);
    let request: SlashRequest = kit.w.t.decode(key).await;
    assert_eq!((request.executions, request.slashed_lamports), (1, loss));

    // once resolved, the sweep pays the AVS's recipient
    kit.w.advance_to_slot(escrow.resolve_after_slot).await;
    let sweep = build::sweep_escrow(&after, &escrow, 0);
    kit.w.t.send(&[sweep], &[]).await.unwrap();
    let recipient_wsol = pda::associated_token_account(
        &kit.w.recipient,
        &lrt_vault::constants::WSOL_MINT,
        &anchor_spl::token::ID,
    );
    assert_eq!(kit.w.t.token_balance(recipient_wsol).await, loss);
    assert_eq!(kit.w.vault(vault_b).await.assets[0].escrowed_amount, 0);
}

#[tokio::test]
async fn a_fraction_above_the_avs_maximum_is_recorded_and_takes_only_the_maximum() {
    let mut kit = Kit::staked().await;
    let vault_b = kit.w.vault_b;
    // 80% asked; the registry admitted the AVS with 50% at most per request: the request
    // is accepted with the maximum recorded, and executes as a 50% request
    let key = kit.slash(WAD / 10 * 8, [8; 32]).await.unwrap();
    let request: SlashRequest = kit.w.t.decode(key).await;
    assert_eq!(
        (request.wad, request.max_slash_wad),
        (WAD / 10 * 8, MAX_SLASH_WAD)
    );
    kit.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    kit.w.execute(&request, vault_b).await.unwrap();
    let loss = STAKE_B / 2;
    let escrow: SlashEscrow = kit.w.t.decode(pda::escrow(&vault_b, &key)).await;
    assert_eq!(escrow.loss_lamports, loss, "ceil(50% of 2 SOL), not 80%");
    let after: Vault = kit.w.vault(vault_b).await;
    assert_eq!(after.assets[0].active_amount, VALUE_B - loss);
}

#[tokio::test]
async fn an_operator_counts_from_the_epoch_after_its_opt_in() {
    let mut kit = Kit::staked().await;
    let capture = kit.w.e0 + 1;
    // opted in during the capture epoch: not slashable yet
    let (authority, late) = kit.another_operator().await;
    let opt_in = registry::opt_in_avs(authority.pubkey(), kit.avs);
    kit.w.t.send(&[opt_in], &[&authority]).await.unwrap();
    let admin = kit.admin.insecure_clone();
    kit.assert_slash_fails(
        &admin,
        late,
        WAD / 10,
        registry_error(E::OperatorNotSlashable),
    )
    .await;
    // from the next epoch it is
    kit.w.advance_to_slot((capture + 1) * EPOCH_LENGTH).await;
    let key = kit.slash_by(&admin, late, WAD / 10, [4; 32]).await.unwrap();
    let request: SlashRequest = kit.w.t.decode(key).await;
    assert_eq!(
        (request.operator, request.capture_epoch),
        (late, capture + 1)
    );
}
