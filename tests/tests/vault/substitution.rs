//! No value moves by substituting an account. Two vaults share the Config: alice's vault A
//! and mallory's vault B, so every look-alike is a real account of the right type (B's
//! vault, LRT mint, reserve, bucket, ticket; mallory's token accounts) in the wrong place.
//! Each of deposit, request_withdrawal and claim is tried with every account position
//! substituted; each attempt must fail with the exact error and leave every balance and
//! both vaults' books as they were.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lrt_client::{
    instructions as build, pda,
    state::{Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;

/// Anchor framework error codes met by look-alikes.
mod anchor_code {
    pub const CONSTRAINT_SEEDS: u32 = 2006;
    pub const CONSTRAINT_ADDRESS: u32 = 2012;
    pub const CONSTRAINT_TOKEN_MINT: u32 = 2014;
    pub const CONSTRAINT_TOKEN_OWNER: u32 = 2015;
    pub const CONSTRAINT_DUPLICATE_MUTABLE_ACCOUNT: u32 = 2040;
    pub const CONSTRAINT_MINT_TOKEN_PROGRAM: u32 = 2022;
    pub const ACCOUNT_DISCRIMINATOR_MISMATCH: u32 = 3002;
    pub const INVALID_PROGRAM_ID: u32 = 3008;
}
use anchor_code::*;

struct World {
    t: TestContext,
    alice: Keypair,
    mallory: Keypair,
    alice_wsol: Pubkey,
    mallory_wsol: Pubkey,
    vault_a: Pubkey,
    vault_b: Pubkey,
    a: Vault,
    b: Vault,
    /// Every balance and account whose change would mean value moved.
    watched: Vec<Pubkey>,
    before: Vec<Option<solana_account::Account>>,
}

impl World {
    async fn snapshot(&mut self) -> Vec<Option<solana_account::Account>> {
        let mut out = Vec::new();
        for key in self.watched.clone() {
            out.push(self.t.account(key).await);
        }
        out
    }

    /// Sends `ix`, expects exactly `code`, and checks that no watched account changed.
    async fn rejected(&mut self, case: &str, ix: Instruction, signer: &Keypair, code: u32) {
        let result = self.t.send(&[ix], &[signer]).await;
        if let Err(mismatch) = check_program_error(result, 0, code) {
            panic!("{case}: {mismatch}");
        }
        let now = self.snapshot().await;
        for ((key, before), after) in self.watched.iter().zip(&self.before).zip(&now) {
            assert_eq!(before, after, "{case}: account {key} changed");
        }
    }
}

/// Config, vault A (alice deposited 3 SOL, requested 1 SOL back) and vault B (mallory's,
/// same shape), all at restaking epoch `e`; tickets mature at `e + 2`.
async fn world() -> (World, u64) {
    let [curator, alice, mallory] = [(); 3].map(|_| Keypair::new());
    let [curator_wsol, alice_wsol, mallory_wsol, mallory_seed] =
        [(); 4].map(|_| Pubkey::new_unique());
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (curator_wsol, wsol_account(curator.pubkey(), SOL)),
        (alice_wsol, wsol_account(alice.pubkey(), 10 * SOL)),
        (mallory_wsol, wsol_account(mallory.pubkey(), 10 * SOL)),
        (mallory_seed, wsol_account(mallory.pubkey(), SOL)),
    ])
    .await;
    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &alice, &mallory], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 0).await;
    let vault_a = t
        .create_wsol_vault(&curator, curator_wsol, treasury, SOL, u64::MAX)
        .await
        .vault;
    let vault_b = t
        .create_wsol_vault(&mallory, mallory_seed, treasury, SOL, u64::MAX)
        .await
        .vault;
    let a: Vault = t.decode(vault_a).await;
    let b: Vault = t.decode(vault_b).await;
    let epoch = t.slot().await / EPOCH_LENGTH;
    // alice in A, mallory in B: 3 SOL each, 1 SOL of shares requested back
    for (who, wsol, vault) in [(&alice, alice_wsol, &a), (&mallory, mallory_wsol, &b)] {
        let lrt = pda::lrt_account(&who.pubkey(), &vault.lrt_mint);
        let deposit = build::deposit(
            vault,
            who.pubkey(),
            wsol,
            lrt,
            DepositArgs {
                asset_index: 0,
                amount: 3 * SOL,
                min_shares_out: 3 * SOL,
                max_fee_bps: 10_000,
            },
        );
        let request = build::request_withdrawal(
            vault,
            who.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares: SOL,
                ticket_id: 1,
                max_fee_bps: 10_000,
            },
        );
        let ata = create_lrt_account_ix(who.pubkey(), vault.lrt_mint);
        t.send(&[ata, deposit, request], &[who]).await.unwrap();
    }
    // mallory also holds an (empty) LRT account of vault A
    t.create_lrt_account(&mallory, a.lrt_mint).await;
    let watched = vec![
        vault_a,
        vault_b,
        a.assets[0].reserve,
        b.assets[0].reserve,
        a.lrt_mint,
        b.lrt_mint,
        alice_wsol,
        mallory_wsol,
        pda::lrt_account(&alice.pubkey(), &a.lrt_mint),
        pda::lrt_account(&mallory.pubkey(), &a.lrt_mint),
        pda::lrt_account(&mallory.pubkey(), &b.lrt_mint),
        pda::bucket(&vault_a, epoch + 1),
        pda::bucket(&vault_b, epoch + 1),
        pda::ticket(&vault_a, &alice.pubkey(), 1),
        pda::ticket(&vault_b, &mallory.pubkey(), 1),
    ];
    let mut w = World {
        t,
        alice,
        mallory,
        alice_wsol,
        mallory_wsol,
        vault_a,
        vault_b,
        a,
        b,
        watched,
        before: Vec::new(),
    };
    w.before = w.snapshot().await;
    (w, epoch)
}

fn with(mut ix: Instruction, index: usize, key: Pubkey) -> Instruction {
    ix.accounts[index].pubkey = key;
    ix
}

#[tokio::test]
async fn deposit_with_any_account_substituted_moves_nothing() {
    let (mut w, _) = world().await;
    let alice = w.alice.insecure_clone();
    let a_lrt = pda::lrt_account(&alice.pubkey(), &w.a.lrt_mint);
    let ix = build::deposit(
        &w.a,
        alice.pubkey(),
        w.alice_wsol,
        a_lrt,
        DepositArgs {
            asset_index: 0,
            amount: SOL,
            min_shares_out: 0,
            max_fee_bps: 10_000,
        },
    );
    // accounts: 0 depositor, 1 config, 2 vault, 3 lrt_mint, 4 asset_mint, 5 reserve,
    // 6 depositor asset account, 7 recipient LRT, 8 asset token program,
    // 9 LRT token program, 10 event authority, 11 program (issue 10: no treasury account
    // any more, the fee stays in the vault's ledger)
    let cases: Vec<(&str, usize, Pubkey, u32)> = vec![
        (
            "config -> a vault",
            1,
            w.vault_a,
            ACCOUNT_DISCRIMINATOR_MISMATCH,
        ),
        ("vault -> vault B", 2, w.vault_b, CONSTRAINT_SEEDS),
        ("lrt mint -> B's", 3, w.b.lrt_mint, CONSTRAINT_SEEDS),
        (
            "asset mint -> A's LRT mint",
            4,
            w.a.lrt_mint,
            CONSTRAINT_MINT_TOKEN_PROGRAM,
        ),
        (
            "reserve -> B's reserve",
            5,
            w.b.assets[0].reserve,
            vault_error(VaultError::WrongReserve),
        ),
        (
            "reserve -> alice's wSOL",
            5,
            w.alice_wsol,
            CONSTRAINT_DUPLICATE_MUTABLE_ACCOUNT,
        ),
        (
            "asset account -> mallory's",
            6,
            w.mallory_wsol,
            CONSTRAINT_TOKEN_OWNER,
        ),
        (
            "recipient -> a B LRT account",
            7,
            pda::lrt_account(&w.mallory.pubkey(), &w.b.lrt_mint),
            CONSTRAINT_TOKEN_MINT,
        ),
        (
            "asset token program -> Token-2022",
            8,
            anchor_spl::token_2022::ID,
            CONSTRAINT_MINT_TOKEN_PROGRAM,
        ),
        (
            "LRT token program -> SPL Token",
            9,
            anchor_spl::token::ID,
            INVALID_PROGRAM_ID,
        ),
        (
            "event authority -> mallory",
            10,
            w.mallory.pubkey(),
            CONSTRAINT_ADDRESS,
        ),
    ];
    for (case, index, key, code) in cases {
        w.rejected(case, with(ix.clone(), index, key), &alice, code)
            .await;
    }
    // the untouched instruction goes through, so each failure above is the substitution's
    w.t.send(&[ix], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(a_lrt).await, 3 * SOL);
}

#[tokio::test]
async fn request_withdrawal_with_any_account_substituted_moves_nothing() {
    let (mut w, epoch) = world().await;
    let (alice, mallory) = (w.alice.insecure_clone(), w.mallory.insecure_clone());
    let vault_a_state = w.a.clone();
    let request = |owner: Pubkey, ticket_id| {
        build::request_withdrawal(
            &vault_a_state,
            owner,
            epoch,
            RequestWithdrawalArgs {
                shares: SOL,
                ticket_id,
                max_fee_bps: 10_000,
            },
        )
    };
    let ix = request(alice.pubkey(), 2);
    // accounts: 0 owner, 1 config, 2 vault, 3 lrt_mint, 4 owner LRT, 5 bucket, 6 ticket,
    // 7 LRT token program, 8 system program, 9 event authority (issue 10: no treasury
    // account any more)
    let cases: Vec<(&str, usize, Pubkey, u32)> = vec![
        (
            "config -> a vault",
            1,
            w.vault_a,
            ACCOUNT_DISCRIMINATOR_MISMATCH,
        ),
        ("vault -> vault B", 2, w.vault_b, CONSTRAINT_SEEDS),
        ("lrt mint -> B's", 3, w.b.lrt_mint, CONSTRAINT_SEEDS),
        (
            "bucket -> B's bucket",
            5,
            pda::bucket(&w.vault_b, epoch + 1),
            CONSTRAINT_SEEDS,
        ),
        (
            "bucket -> an older epoch's",
            5,
            pda::bucket(&w.vault_a, epoch),
            CONSTRAINT_SEEDS,
        ),
        (
            "ticket -> another id's",
            6,
            pda::ticket(&w.vault_a, &alice.pubkey(), 3),
            CONSTRAINT_SEEDS,
        ),
        (
            "event authority -> mallory",
            9,
            mallory.pubkey(),
            CONSTRAINT_ADDRESS,
        ),
    ];
    for (case, index, key, code) in cases {
        w.rejected(case, with(ix.clone(), index, key), &alice, code)
            .await;
    }
    // mallory signs and points at alice's LRT account: not hers to burn
    let theft = with(
        request(mallory.pubkey(), 2),
        4,
        pda::lrt_account(&alice.pubkey(), &w.a.lrt_mint),
    );
    w.rejected(
        "owner LRT -> alice's, mallory signs",
        theft,
        &mallory,
        CONSTRAINT_TOKEN_OWNER,
    )
    .await;
    w.t.send(&[ix], &[&alice]).await.unwrap();
}

#[tokio::test]
async fn claim_with_any_account_substituted_moves_nothing() {
    let (mut w, epoch) = world().await;
    let (alice, mallory) = (w.alice.insecure_clone(), w.mallory.insecure_clone());
    w.t.warp_to_slot((epoch + 2) * EPOCH_LENGTH).await;
    let ticket_a: WithdrawalTicket =
        w.t.decode(pda::ticket(&w.vault_a, &alice.pubkey(), 1))
            .await;
    let ticket_b: WithdrawalTicket =
        w.t.decode(pda::ticket(&w.vault_b, &mallory.pubkey(), 1))
            .await;
    let bucket_b: WithdrawalBucket = w.t.decode(pda::bucket(&w.vault_b, epoch + 1)).await;
    assert_eq!(
        bucket_b.epoch, ticket_a.bucket_epoch,
        "same-epoch look-alike"
    );
    let bucket_a: WithdrawalBucket = w.t.decode(pda::bucket(&w.vault_a, epoch + 1)).await;
    let ix = build::claim_to(&w.a, &bucket_a, &ticket_a, |_| w.alice_wsol);
    // accounts: 0 owner, 1 config, 2 vault, 3 ticket, 4 bucket, 5 token program,
    // 6 token-2022 program, 7 bucket rent payer, 8 event authority, 9 program, then
    // (reserve, mint, to) per asset
    let cases: Vec<(&str, usize, Pubkey, u32)> = vec![
        (
            "config -> a vault",
            1,
            w.vault_a,
            ACCOUNT_DISCRIMINATOR_MISMATCH,
        ),
        ("vault -> vault B", 2, w.vault_b, CONSTRAINT_SEEDS),
        (
            "ticket -> mallory's B ticket",
            3,
            pda::ticket(&w.vault_b, &mallory.pubkey(), 1),
            CONSTRAINT_SEEDS,
        ),
        (
            "bucket -> B's bucket",
            4,
            pda::bucket(&w.vault_b, epoch + 1),
            CONSTRAINT_SEEDS,
        ),
        (
            "token program -> Token-2022",
            5,
            anchor_spl::token_2022::ID,
            CONSTRAINT_ADDRESS,
        ),
        (
            "bucket rent payer -> mallory",
            7,
            mallory.pubkey(),
            vault_error(VaultError::WrongRentPayer),
        ),
        (
            "token-2022 program -> SPL Token",
            6,
            anchor_spl::token::ID,
            CONSTRAINT_ADDRESS,
        ),
        (
            "event authority -> mallory",
            8,
            mallory.pubkey(),
            CONSTRAINT_ADDRESS,
        ),
        (
            "reserve -> B's reserve",
            10,
            w.b.assets[0].reserve,
            vault_error(VaultError::WrongReserve),
        ),
        (
            "mint -> A's LRT mint",
            11,
            w.a.lrt_mint,
            vault_error(VaultError::WrongAssetMint),
        ),
        (
            "payout -> mallory's wSOL",
            12,
            w.mallory_wsol,
            vault_error(VaultError::WrongOwnerTokenAccount),
        ),
    ];
    for (case, index, key, code) in cases {
        w.rejected(case, with(ix.clone(), index, key), &alice, code)
            .await;
    }
    // mallory claims alice's ticket: as herself, or naming alice without her signature
    let as_mallory = with(ix.clone(), 0, mallory.pubkey());
    w.rejected("owner -> mallory", as_mallory, &mallory, CONSTRAINT_SEEDS)
        .await;
    // mallory's own matured ticket of vault B presented against vault A's books
    let cross = build::claim_to(&w.b, &bucket_b, &ticket_b, |_| w.mallory_wsol);
    let cross = with(
        with(cross, 2, w.vault_a),
        4,
        pda::bucket(&w.vault_a, epoch + 1),
    );
    w.rejected(
        "B ticket against vault A",
        cross,
        &mallory,
        CONSTRAINT_SEEDS,
    )
    .await;
    // a claim without the asset triplet pays nothing and fails
    let mut short = ix.clone();
    short.accounts.truncate(10);
    w.rejected(
        "no payout accounts",
        short,
        &alice,
        vault_error(VaultError::WrongClaimAccounts),
    )
    .await;
    w.t.send(&[ix], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(w.alice_wsol).await, 7 * SOL + SOL);
}
