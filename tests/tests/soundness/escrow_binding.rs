//! Issue 9, scenario 3: `cancel_slash` must cancel the execution's own escrow. Before, its
//! account list did not tie `escrow` to the execution's request and `cancel_escrow`
//! accepted any escrow of the vault: an old escrow past its delay could be returned while
//! the young execution was marked cancelled and later swept anyway.
use super::*;

#[tokio::test]
async fn a_cancel_refuses_another_executions_escrow_and_changes_nothing() {
    let mut w = World::new().await;
    let holder = w.users[0].key.insecure_clone();
    let vault = w.vault_b;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;

    // an old slash, executed and past its delay; a young one, still cancellable
    let (old_key, old) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(old.veto_deadline_slot + 1).await;
    w.execute(&old, vault).await.unwrap();
    let old_escrow = escrow(&mut w.t, vault, old_key).await;
    w.advance_to_slot(old_escrow.resolve_after_slot).await;
    let (young_key, young) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(young.veto_deadline_slot + 1).await;
    w.execute(&young, vault).await.unwrap();

    // the young execution's cancel with the old escrow in its place
    let execution: SlashExecution =
        w.t.decode(registry::pda::slash_execution(&young_key, &vault))
            .await;
    let admin = w.t.payer();
    let mut forged = registry::cancel_slash(admin.pubkey(), &execution);
    let (young_escrow, old_escrow_key) = (
        pda::escrow(&vault, &young_key),
        pda::escrow(&vault, &old_key),
    );
    let mut swapped = 0;
    for meta in forged.accounts.iter_mut() {
        if meta.pubkey == young_escrow {
            meta.pubkey = old_escrow_key;
            swapped += 1;
        }
    }
    assert_eq!(swapped, 1);
    let watched = [
        vault,
        old_escrow_key,
        young_escrow,
        registry::pda::slash_execution(&young_key, &vault),
    ];
    let mut before = Vec::new();
    for key in watched {
        before.push(w.t.account(key).await.unwrap().data);
    }
    assert_program_error(
        w.t.send(&[forged], &[]).await,
        0,
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
    );
    for (key, data) in watched.iter().zip(before) {
        assert_eq!(w.t.account(*key).await.unwrap().data, data, "{key} changed");
    }

    // the execution's own cancel works; the old escrow is still swept to the AVS
    cancel(&mut w.t, young_key, vault).await.unwrap();
    assert!(escrow(&mut w.t, vault, young_key).await.cancelled);
    let old_escrow = escrow(&mut w.t, vault, old_key).await;
    assert!(!old_escrow.cancelled);
    let state = w.vault(vault).await;
    let sweep = build::sweep_escrow(&state, &old_escrow, 0);
    w.t.send(&[sweep], &[]).await.unwrap();
    let recipient_wsol = pda::associated_token_account(
        &w.recipient,
        &lrt_vault::constants::WSOL_MINT,
        &anchor_spl::token::ID,
    );
    assert_eq!(
        w.t.token_balance(recipient_wsol).await,
        old_escrow.amounts[0]
    );
    // nothing is left in escrow: one escrow cancelled, the other swept
    let state = w.vault(vault).await;
    assert_eq!(state.assets[0].escrowed_amount, 0);
}
