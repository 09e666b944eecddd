//! Accounts at predictable addresses must not be blockable by sending lamports there first.
//! Next epoch's bucket address and a user's next ticket address are known in advance; a
//! griefer who pre-funds them must not stop withdrawal requests (DESIGN section 4: nobody
//! may be kept from leaving). The reserve of a not-yet-added asset is covered in
//! `vault_setup_failures`.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;

#[tokio::test]
async fn prefunded_bucket_and_ticket_addresses_do_not_block_withdrawal_requests() {
    let [curator, alice, mallory] = [(); 3].map(|_| Keypair::new());
    let (curator_wsol, alice_wsol) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (curator_wsol, wsol_account(curator.pubkey(), SOL)),
        (alice_wsol, wsol_account(alice.pubkey(), 5 * SOL)),
    ])
    .await;
    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &alice, &mallory], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 0).await;
    let vault_key = t
        .create_wsol_vault(&curator, curator_wsol, treasury, SOL, u64::MAX)
        .await
        .vault;
    let vault: Vault = t.decode(vault_key).await;
    let alice_lrt = pda::lrt_account(&alice.pubkey(), &vault.lrt_mint);
    let deposit = build::deposit(
        &vault,
        alice.pubkey(),
        alice_wsol,
        alice_lrt,
        DepositArgs {
            asset_index: 0,
            amount: 2 * SOL,
            min_shares_out: 2 * SOL,
            max_fee_bps: 10_000,
        },
    );
    let ata = create_lrt_account_ix(alice.pubkey(), vault.lrt_mint);
    t.send(&[ata, deposit], &[&alice]).await.unwrap();

    // mallory pre-funds next epoch's bucket and alice's ticket 1, with less and with more
    // lamports than their rent
    let epoch = t.slot().await / EPOCH_LENGTH;
    let bucket_key = pda::bucket(&vault_key, epoch + 1);
    let ticket_key = pda::ticket(&vault_key, &alice.pubkey(), 1);
    let rent = t.ctx.banks_client.get_rent().await.unwrap();
    let empty_minimum = rent.minimum_balance(0);
    let grief: Vec<_> = [(bucket_key, empty_minimum), (ticket_key, 5_000_000)]
        .into_iter()
        .map(|(to, lamports)| {
            anchor_lang::solana_program::system_instruction::transfer(
                &mallory.pubkey(),
                &to,
                lamports,
            )
        })
        .collect();
    t.send(&grief, &[&mallory]).await.unwrap();

    let request = |ticket_id| {
        build::request_withdrawal(
            &vault,
            alice.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares: SOL,
                ticket_id,
                max_fee_bps: 10_000,
            },
        )
    };
    t.send(&[request(1)], &[&alice]).await.unwrap();
    let bucket: WithdrawalBucket = t.decode(bucket_key).await;
    let ticket: WithdrawalTicket = t.decode(ticket_key).await;
    assert_eq!((bucket.epoch, bucket.open_tickets), (epoch + 1, 1));
    assert_eq!(bucket.rent_payer, alice.pubkey());
    assert_eq!(ticket.unscaled_amounts[0], SOL as u128);
    // the pre-funded lamports stayed; each account is rent-exempt for its size
    for (key, extra) in [(bucket_key, empty_minimum), (ticket_key, 5_000_000)] {
        let account = t.account(key).await.unwrap();
        assert_eq!(account.owner, lrt_vault::ID);
        let minimum = rent.minimum_balance(account.data.len());
        assert_eq!(account.lamports, minimum.max(extra));
    }

    // the same ticket id again is refused with a clear error, and changes nothing
    assert_program_error(
        t.send(&[request(1)], &[&alice]).await,
        0,
        vault_error(VaultError::AccountAlreadyExists),
    );
    assert_eq!(t.token_balance(alice_lrt).await, SOL);
    // a second ticket joins the pre-funded bucket
    t.send(&[request(2)], &[&alice]).await.unwrap();
    let bucket: WithdrawalBucket = t.decode(bucket_key).await;
    assert_eq!(
        (bucket.open_tickets, bucket.unscaled_amounts[0]),
        (2, 2 * SOL as u128)
    );
    assert_eq!(t.token_balance(alice_lrt).await, 0);
}
