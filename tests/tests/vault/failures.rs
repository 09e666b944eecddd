//! Failure paths: each asserts the exact error and that nothing changed.
use anchor_lang::prelude::Pubkey;
use lrt_client::{instructions as build, pda, state::Vault};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;

struct World {
    t: TestContext,
    admin: Keypair,
    curator: Keypair,
    alice: Keypair,
    alice_wsol: Pubkey,
    alice_lrt: Pubkey,
    vault_key: Pubkey,
    vault: Vault,
}

async fn world() -> World {
    let curator = Keypair::new();
    let alice = Keypair::new();
    let curator_wsol = Pubkey::new_unique();
    let alice_wsol = Pubkey::new_unique();
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (curator_wsol, wsol_account(curator.pubkey(), 2 * SOL)),
        (alice_wsol, wsol_account(alice.pubkey(), 10 * SOL)),
    ])
    .await;
    let admin = t.payer();
    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &alice], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 100).await;
    let vault_key = t
        .create_wsol_vault(&curator, curator_wsol, treasury, SOL, 5 * SOL)
        .await
        .vault;
    let vault: Vault = t.decode(vault_key).await;
    let alice_lrt = t.create_lrt_account(&alice, vault.lrt_mint).await;
    World {
        t,
        admin,
        curator,
        alice,
        alice_wsol,
        alice_lrt,
        vault_key,
        vault,
    }
}

impl World {
    fn deposit(&self, amount: u64) -> anchor_lang::solana_program::instruction::Instruction {
        build::deposit(
            &self.vault,
            self.alice.pubkey(),
            self.alice_wsol,
            self.alice_lrt,
            DepositArgs {
                asset_index: 0,
                amount,
                min_shares_out: 0,
                max_fee_bps: 10_000,
            },
        )
    }

    /// Nothing moved: alice's balances and the vault's books are as at setup.
    async fn assert_unchanged(&mut self) {
        assert_eq!(self.t.token_balance(self.alice_wsol).await, 10 * SOL);
        assert_eq!(self.t.token_balance(self.alice_lrt).await, 0);
        let vault: Vault = self.t.decode(self.vault_key).await;
        assert_eq!(vault.share_supply, SOL);
        assert_eq!(vault.assets[0].active_amount, SOL);
        assert_eq!(self.t.token_balance(vault.assets[0].reserve).await, SOL);
    }
}

#[tokio::test]
async fn deposit_rejects_zero_amount_cap_and_pauses() {
    let mut w = world().await;
    let alice = w.alice.insecure_clone();
    assert_program_error(
        w.t.send(&[w.deposit(0)], &[&alice]).await,
        0,
        vault_error(VaultError::ZeroAmount),
    );
    // cap is 5 SOL and the seed holds 1 SOL: 4 SOL + 1 lamport exceeds it
    assert_program_error(
        w.t.send(&[w.deposit(4 * SOL + 1)], &[&alice]).await,
        0,
        vault_error(VaultError::DepositCapExceeded),
    );
    let curator = w.curator.insecure_clone();
    w.t.send(
        &[build::set_vault_pause(
            curator.pubkey(),
            w.vault_key,
            true,
            false,
        )],
        &[&curator],
    )
    .await
    .unwrap();
    assert_program_error(
        w.t.send(&[w.deposit(SOL)], &[&alice]).await,
        0,
        vault_error(VaultError::DepositsPaused),
    );
    w.t.send(
        &[build::set_vault_pause(
            curator.pubkey(),
            w.vault_key,
            false,
            false,
        )],
        &[&curator],
    )
    .await
    .unwrap();
    let admin = w.admin.insecure_clone();
    w.t.send(&[build::pause(admin.pubkey())], &[])
        .await
        .unwrap();
    assert_program_error(
        w.t.send(&[w.deposit(SOL)], &[&alice]).await,
        0,
        vault_error(VaultError::ProtocolPaused),
    );
    // alice is not the admin: she cannot unpause
    assert_program_error(
        w.t.send(&[build::unpause(alice.pubkey())], &[&alice]).await,
        0,
        vault_error(VaultError::NotAdmin),
    );
    w.assert_unchanged().await;
    w.t.send(&[build::unpause(admin.pubkey())], &[])
        .await
        .unwrap();
    w.t.send(&[w.deposit(SOL)], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(w.alice_lrt).await, SOL);
}

#[tokio::test]
async fn deposit_rejects_stale_price_until_refreshed() {
    let mut w = world().await;
    let alice = w.alice.insecure_clone();
    // move to a later Solana epoch: the cached price is stale
    w.t.warp_to_slot(2_000_000).await;
    assert_program_error(
        w.t.send(&[w.deposit(SOL)], &[&alice]).await,
        0,
        vault_error(VaultError::StalePrice),
    );
    w.assert_unchanged().await;
    let refresh = build::refresh_prices(&w.vault);
    w.t.send(&[refresh, w.deposit(SOL)], &[&alice])
        .await
        .unwrap();
    assert_eq!(w.t.token_balance(w.alice_lrt).await, SOL);
}

#[tokio::test]
async fn role_instructions_reject_wrong_signers() {
    let mut w = world().await;
    let alice = w.alice.insecure_clone();
    let vault_key = w.vault_key;
    assert_program_error(
        w.t.send(
            &[build::set_fees(alice.pubkey(), vault_key, 10, 10)],
            &[&alice],
        )
        .await,
        0,
        vault_error(VaultError::NotFeeAdmin),
    );
    assert_program_error(
        w.t.send(
            &[build::set_caps(alice.pubkey(), vault_key, 0, u64::MAX)],
            &[&alice],
        )
        .await,
        0,
        vault_error(VaultError::NotCurator),
    );
    assert_program_error(
        w.t.send(
            &[build::set_vault_pause(
                alice.pubkey(),
                vault_key,
                true,
                true,
            )],
            &[&alice],
        )
        .await,
        0, // issue 10: the config admin may pause one vault too, hence the wider error
        vault_error(VaultError::NotPauser),
    );
    assert_program_error(
        w.t.send(&[build::pause(alice.pubkey())], &[&alice]).await,
        0,
        vault_error(VaultError::NotPauser),
    );
    assert_program_error(
        w.t.send(
            &[build::transfer_admin(alice.pubkey(), alice.pubkey())],
            &[&alice],
        )
        .await,
        0,
        vault_error(VaultError::NotAdmin),
    );
    assert_program_error(
        w.t.send(&[build::accept_admin(alice.pubkey())], &[&alice])
            .await,
        0,
        vault_error(VaultError::NotPendingAdmin),
    );
    // fee above the Config cap
    let curator = w.curator.insecure_clone();
    assert_program_error(
        w.t.send(
            &[build::set_fees(curator.pubkey(), vault_key, 101, 0)],
            &[&curator],
        )
        .await,
        0,
        vault_error(VaultError::FeeAboveCap),
    );
    let vault: Vault = w.t.decode(vault_key).await;
    assert_eq!(vault.fees, w.vault.fees);
    assert_eq!(vault.assets[0].deposit_cap, 5 * SOL);
    assert!(!vault.deposits_paused && !vault.withdrawals_paused);
    // two-step admin transfer works end to end
    let admin = w.admin.insecure_clone();
    w.t.send(
        &[build::transfer_admin(admin.pubkey(), alice.pubkey())],
        &[],
    )
    .await
    .unwrap();
    w.t.send(&[build::accept_admin(alice.pubkey())], &[&alice])
        .await
        .unwrap();
    let config: lrt_client::state::Config = w.t.decode(pda::config()).await;
    assert_eq!(config.admin, alice.pubkey());
    assert_eq!(config.pending_admin, None);
}
