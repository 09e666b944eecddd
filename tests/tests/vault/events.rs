//! Events as an indexer sees them: every state change of a depositor's life emits one
//! `emit_cpi!` event whose numbers match the books afterwards, so a UI can chart the share
//! price (supply, value, prices) without reading accounts. Fees are charged here too, as
//! shares in the vault's treasury ledger, rounded up, which the treasury then claims.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, events::*, instructions::*, state::Fees};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;

#[tokio::test]
async fn every_depositor_step_emits_an_event_that_matches_the_books() {
    let curator = Keypair::new();
    let alice = Keypair::new();
    let (curator_wsol, alice_wsol) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (curator_wsol, wsol_account(curator.pubkey(), SOL)),
        (alice_wsol, wsol_account(alice.pubkey(), 5 * SOL)),
    ])
    .await;
    let treasury = Keypair::new();
    t.fund(&[&curator, &alice, &treasury], SOL).await;
    t.initialize_config(treasury.pubkey(), EPOCH_LENGTH, 100)
        .await;
    let created = t
        .create_wsol_vault(&curator, curator_wsol, treasury.pubkey(), SOL, u64::MAX)
        .await;
    let (lrt_mint, vault_key) = (created.lrt_mint, created.vault);
    let program = lrt_vault::ID;

    // fees: 0.5% on deposits, 0.3% on withdrawals, announced in epoch e. Issue 10: an
    // increase waits a full epoch of notice, so it is due from e + 2 (it was e + 1)
    let e = t.slot().await / EPOCH_LENGTH;
    let events = t
        .send_with_events(
            &[build::set_fees(curator.pubkey(), vault_key, 50, 30)],
            &[&curator],
            program,
        )
        .await;
    let fees: FeesSet = only(&events);
    assert_eq!(fees.vault, vault_key);
    assert_eq!(fees.fees, Fees::default(), "nothing in force yet");
    assert_eq!(
        fees.next,
        Fees {
            deposit_bps: 50,
            withdrawal_bps: 30,
            reward_bps: 0,
        }
    );
    assert_eq!((fees.effective_epoch, fees.insurance_cut_bps), (e + 2, 0));
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.fees.next, fees.next);
    assert_eq!(vault.fees.effective_epoch, e + 2);
    assert_eq!(vault.fees.at(e + 1), Fees::default());
    t.warp_to_slot((e + 2) * EPOCH_LENGTH).await;

    // refresh and deposit 2 SOL in one transaction: two events, fee = ceil(2e9 * 0.5%)
    let alice_lrt = pda::lrt_account(&alice.pubkey(), &lrt_mint);
    let deposit = build::deposit(
        &vault,
        alice.pubkey(),
        alice_wsol,
        alice_lrt,
        DepositArgs {
            asset_index: 0,
            amount: 2 * SOL,
            min_shares_out: 1_990_000_000,
            max_fee_bps: 10_000,
        },
    );
    let events = t
        .send_with_events(
            &[
                create_lrt_account_ix(alice.pubkey(), lrt_mint),
                build::refresh_prices(&vault),
                deposit,
            ],
            &[&alice],
            program,
        )
        .await;
    assert_eq!(events.len(), 2, "one event per vault instruction");
    let vault: Vault = t.decode(vault_key).await;
    let refreshed: PricesRefreshed = only(&events);
    assert_eq!(refreshed.vault, vault_key);
    assert_eq!(refreshed.solana_epoch, vault.assets[0].price_epoch);
    let deposited: Deposited = only(&events);
    assert_eq!(deposited.depositor, alice.pubkey());
    assert_eq!(deposited.recipient_lrt_account, alice_lrt);
    assert_eq!((deposited.asset_index, deposited.mint), (0, WSOL_MINT));
    assert_eq!(deposited.amount, 2 * SOL);
    assert_eq!(deposited.price_wad, WAD);
    assert_eq!(deposited.value_wad, 2 * SOL as u128 * WAD);
    assert_eq!(deposited.fee_shares, 10_000_000);
    assert_eq!(deposited.fee_bps, 50, "the rate charged");
    assert_eq!(deposited.shares_out, 1_990_000_000);
    assert_eq!(t.token_balance(alice_lrt).await, deposited.shares_out);
    // the fee stays in the vault's treasury ledger (no transfer to the treasury's account)
    assert_eq!(vault.treasury_shares, deposited.fee_shares);
    assert_eq!(deposited.snapshot.treasury_shares, deposited.fee_shares);
    assert_eq!(
        t.mint_supply(lrt_mint).await,
        3 * SOL - deposited.fee_shares
    );
    assert_eq!(deposited.snapshot, vault.snapshot());
    assert_eq!(deposited.snapshot.share_supply, 3 * SOL);
    assert_eq!(
        deposited.snapshot.active_value_wad,
        Some(3 * SOL as u128 * WAD)
    );

    // request 1e9 shares: fee = ceil(1e9 * 0.3%) = 3e6 shares into the treasury ledger,
    // 997e6 leave the share supply; all 1e9 LRT are burnt from alice
    let epoch = t.slot().await / EPOCH_LENGTH;
    let request = build::request_withdrawal(
        &vault,
        alice.pubkey(),
        epoch,
        RequestWithdrawalArgs {
            shares: SOL,
            ticket_id: 42,
            max_fee_bps: 10_000,
        },
    );
    let events = t.send_with_events(&[request], &[&alice], program).await;
    let requested: WithdrawalRequested = only(&events);
    let ticket_key = pda::ticket(&vault_key, &alice.pubkey(), 42);
    let expected_basket = (3 * SOL as u128 * 997_000_000 / (3 * SOL as u128)) as u64;
    assert_eq!(requested.owner, alice.pubkey());
    assert_eq!((requested.ticket, requested.ticket_id), (ticket_key, 42));
    assert_eq!(requested.bucket_epoch, epoch + 1);
    assert_eq!(requested.shares_in, SOL);
    assert_eq!(requested.fee_shares, 3_000_000);
    assert_eq!(requested.shares_burned, 997_000_000);
    assert_eq!(requested.amounts[0], expected_basket);
    assert_eq!(t.token_balance(alice_lrt).await, deposited.shares_out - SOL);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(
        vault.treasury_shares,
        deposited.fee_shares + requested.fee_shares
    );
    assert_eq!(vault.share_supply, 3 * SOL - 997_000_000);
    assert_eq!(requested.snapshot, vault.snapshot());
    assert_eq!(requested.snapshot.queued_amounts[0], expected_basket);

    // the treasury claims its ledger: as many LRT into its own account, the share supply
    // (and so every share's value) unchanged
    let treasury_lrt = t.create_lrt_account(&treasury, lrt_mint).await;
    let owed = vault.treasury_shares;
    let events = t
        .send_with_events(
            &[build::claim_treasury_fees(
                &vault,
                treasury.pubkey(),
                treasury_lrt,
            )],
            &[&treasury],
            program,
        )
        .await;
    let claimed: TreasuryFeesClaimed = only(&events);
    assert_eq!(
        (claimed.vault, claimed.treasury, claimed.destination),
        (vault_key, treasury.pubkey(), treasury_lrt)
    );
    assert_eq!(claimed.shares, 13_000_000);
    assert_eq!(t.token_balance(treasury_lrt).await, owed);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.treasury_shares, 0);
    assert_eq!(vault.share_supply, 3 * SOL - 997_000_000);
    assert_eq!(claimed.snapshot, vault.snapshot());

    // claim two epochs later: the event carries the bucket's scale and the payout
    let ticket: WithdrawalTicket = t.decode(ticket_key).await;
    let bucket: WithdrawalBucket = t.decode(pda::bucket(&vault_key, epoch + 1)).await;
    t.warp_to_slot((epoch + 2) * EPOCH_LENGTH).await;
    let claim = build::claim_to(&vault, &bucket, &ticket, |_| alice_wsol);
    let events = t.send_with_events(&[claim], &[&alice], program).await;
    let claimed: WithdrawalClaimed = only(&events);
    assert_eq!(
        (claimed.owner, claimed.ticket),
        (alice.pubkey(), ticket_key)
    );
    assert_eq!(claimed.bucket_epoch, epoch + 1);
    assert_eq!(claimed.bucket_scale_wad, WAD);
    assert!(
        claimed.bucket_closed,
        "the only ticket's claim closes the bucket"
    );
    assert_eq!(claimed.amounts[0], expected_basket);
    assert_eq!(t.token_balance(alice_wsol).await, 3 * SOL + expected_basket);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(claimed.snapshot, vault.snapshot());

    // curator controls: caps and the vault-level pause
    let events = t
        .send_with_events(
            &[build::set_caps(curator.pubkey(), vault_key, 0, 7 * SOL)],
            &[&curator],
            program,
        )
        .await;
    let caps: CapsSet = only(&events);
    assert_eq!(
        (caps.vault, caps.asset_index, caps.deposit_cap),
        (vault_key, 0, 7 * SOL)
    );
    let events = t
        .send_with_events(
            &[build::set_vault_pause(
                curator.pubkey(),
                vault_key,
                true,
                false,
            )],
            &[&curator],
            program,
        )
        .await;
    let paused: VaultPauseSet = only(&events);
    assert_eq!(paused.by, curator.pubkey());
    assert!(paused.deposits_paused && !paused.withdrawals_paused);
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.assets[0].deposit_cap, 7 * SOL);
    assert!(vault.deposits_paused && !vault.withdrawals_paused);
}
