//! Issue 9, scenario 5: a vault a slash wiped out says so. Before, the rounding residue a
//! closed bucket returned revived the pool to a few lamports behind ~1e10 shares: dust
//! deposits went through and a 2 SOL deposit failed with `MathOverflow`. Now a slash that
//! takes the whole pool while shares exist marks the vault wiped out: once the slash can
//! no longer be cancelled, every deposit is refused with `VaultWipedOut` (a cancel within
//! the delay reopens it); withdrawals and claims go on.
use super::*;
use lrt_vault::errors::VaultError;

#[tokio::test]
async fn a_wiped_out_vault_refuses_every_deposit_by_name_and_still_pays_its_tickets() {
    let mut w = World::new().await;
    let [holder, leaver, newcomer] = [0, 1, 2].map(|i| w.users[i].key.insecure_clone());
    let vault = w.vault_b;
    let (avs, authority) = second_avs(&mut w, WAD).await;
    w.deposit_from(&holder, w.users[0].wsol, vault, 0, 3 * SOL)
        .await;
    w.deposit_from(&leaver, w.users[1].wsol, vault, 0, SOL)
        .await;
    // the leaver's request in e0 lands in bucket e0 + 1, out of a capture at e0 + 1
    w.request_withdrawal(&leaver, vault, SOL, 1).await.unwrap();
    w.allocate(vault, WAD as u64).await;
    w.advance_to_slot((w.e0 + 1) * EPOCH_LENGTH).await;
    let (request_key, request) = w.request_slash_of(avs, &authority, WAD).await.unwrap();
    w.advance_to_slot(request.veto_deadline_slot + 1).await;
    w.execute(&request, vault).await.unwrap();
    let escrow = escrow(&mut w.t, vault, request_key).await;
    assert_eq!((escrow.loss_lamports, escrow.fraction_wad), (4 * SOL, WAD));
    assert!(escrow.wiped_pool);
    let state = w.vault(vault).await;
    assert!(state.wiped_out);
    assert_eq!(state.assets[0].active_amount, 0);
    assert_eq!(
        state.share_supply,
        4 * SOL,
        "the holders keep worthless shares"
    );

    let newcomer_wsol = w.users[2].wsol;
    let deposit = |state: &lrt_client::state::Vault, amount: u64| {
        [
            create_lrt_account_ix(newcomer.pubkey(), state.lrt_mint),
            build::deposit(
                state,
                newcomer.pubkey(),
                newcomer_wsol,
                pda::lrt_account(&newcomer.pubkey(), &state.lrt_mint),
                lrt_vault::instructions::DepositArgs {
                    asset_index: 0,
                    amount,
                    min_shares_out: 0,
                    max_fee_bps: 10_000,
                },
            ),
        ]
    };
    // while the slash may be cancelled, deposits wait for that
    assert_program_error(
        w.t.send(&deposit(&state, 2 * SOL), &[&newcomer]).await,
        1,
        vault_error(VaultError::DepositsAwaitSlashResolution),
    );
    // once it is final: refused for good, dust and 2 SOL alike, nothing moves
    w.advance_to_slot(escrow.resolve_after_slot).await;
    let state = w.vault(vault).await;
    let balance = w.t.token_balance(w.users[2].wsol).await;
    for amount in [1, 2 * SOL] {
        let refresh = build::refresh_prices(&state);
        let [open, pay] = deposit(&state, amount);
        assert_program_error(
            w.t.send(&[open, refresh, pay], &[&newcomer]).await,
            2,
            vault_error(VaultError::VaultWipedOut),
        );
    }
    assert_eq!(w.t.token_balance(w.users[2].wsol).await, balance);
    assert_eq!(w.vault(vault).await.share_supply, 4 * SOL);

    // nothing is left to withdraw, and the ticket from before the capture is paid in full
    assert_program_error(
        w.request_withdrawal(&holder, vault, SOL, 2)
            .await
            .map(|_| ()),
        0,
        vault_error(VaultError::WithdrawalTooSmall),
    );
    w.advance_to_slot((w.e0 + 2) * EPOCH_LENGTH).await;
    let wsol = w.users[1].wsol;
    let before = w.t.token_balance(wsol).await;
    claim_wsol(&mut w, &leaver, vault, 1, wsol).await.unwrap();
    assert_eq!(w.t.token_balance(wsol).await, before + SOL);
    assert!(w.vault(vault).await.wiped_out);
}
