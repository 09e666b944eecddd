//! Test harness: the vault program as a native builtin beside the real SPL Token,
//! Token-2022 and ATA programs bundled with solana-program-test.
//!
//! solana-program-test 3.x marks its API as "unstable" (deprecated) ahead of v4; it is the
//! supported harness for this version, so the notices are silenced here.
#![allow(deprecated)]
use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_spl::token::spl_token::state::{Account as TokenAccount, AccountState, Mint};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_pack::Pack;
use solana_program_test::{processor, BanksClientError, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::Transaction;

/// Anchor's `entry` ties every lifetime together; program-test hands out independent
/// ones. Narrowing them is sound because the slice outlives the call.
fn vault_entry(
    program_id: &Pubkey,
    accounts: &[AccountInfo],
    data: &[u8],
) -> anchor_lang::solana_program::entrypoint::ProgramResult {
    let accounts: &[AccountInfo] = unsafe { std::mem::transmute(accounts) };
    lrt_vault::entry(program_id, accounts, data)
}

pub struct TestContext {
    pub ctx: ProgramTestContext,
}

pub const RENT_EXEMPT_TOKEN_ACCOUNT: u64 = 2_039_280;

impl TestContext {
    /// Starts the bank with the vault program and the given pre-made accounts.
    pub async fn start(accounts: Vec<(Pubkey, Account)>) -> Self {
        let mut pt = ProgramTest::default();
        pt.prefer_bpf(false);
        pt.add_program("lrt_vault", lrt_vault::ID, processor!(vault_entry));
        for (key, account) in accounts {
            pt.add_account(key, account);
        }
        Self {
            ctx: pt.start_with_context().await,
        }
    }

    pub fn payer(&self) -> Keypair {
        self.ctx.payer.insecure_clone()
    }

    pub async fn send(
        &mut self,
        ixs: &[anchor_lang::solana_program::instruction::Instruction],
        signers: &[&Keypair],
    ) -> Result<(), BanksClientError> {
        let payer = self.payer();
        let mut all: Vec<&Keypair> = vec![&payer];
        all.extend_from_slice(signers);
        let blockhash = self.ctx.get_new_latest_blockhash().await.unwrap();
        let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &all, blockhash);
        self.ctx.banks_client.process_transaction(tx).await
    }

    pub async fn account(&mut self, key: Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(key).await.unwrap()
    }

    pub async fn token_balance(&mut self, key: Pubkey) -> u64 {
        let account = self.account(key).await.expect("token account exists");
        // base layout is shared by SPL Token and Token-2022 accounts
        TokenAccount::unpack_from_slice(&account.data[..TokenAccount::LEN])
            .unwrap()
            .amount
    }

    pub async fn mint_supply(&mut self, key: Pubkey) -> u64 {
        let account = self.account(key).await.expect("mint exists");
        Mint::unpack_from_slice(&account.data[..Mint::LEN])
            .unwrap()
            .supply
    }

    pub async fn decode<T: anchor_lang::AccountDeserialize>(&mut self, key: Pubkey) -> T {
        let account = self.account(key).await.expect("account exists");
        lrt_client::decode::account(&account.data).unwrap()
    }

    pub async fn warp_to_slot(&mut self, slot: u64) {
        self.ctx.warp_to_slot(slot).unwrap();
    }

    pub async fn slot(&mut self) -> u64 {
        self.ctx.banks_client.get_root_slot().await.unwrap()
    }
}

/// The classic SPL Token wSOL mint, as it exists on every cluster.
pub fn native_mint_account() -> Account {
    let mut data = vec![0; Mint::LEN];
    Mint {
        mint_authority: None.into(),
        supply: 0,
        decimals: 9,
        is_initialized: true,
        freeze_authority: None.into(),
    }
    .pack_into_slice(&mut data);
    Account {
        lamports: 1_461_600,
        data,
        owner: anchor_spl::token::ID,
        executable: false,
        rent_epoch: 0,
    }
}

/// A wrapped-SOL token account of `owner` holding `amount` lamports of wSOL.
pub fn wsol_account(owner: Pubkey, amount: u64) -> Account {
    let mut data = vec![0; TokenAccount::LEN];
    TokenAccount {
        mint: lrt_vault::constants::WSOL_MINT,
        owner,
        amount,
        delegate: None.into(),
        state: AccountState::Initialized,
        is_native: Some(RENT_EXEMPT_TOKEN_ACCOUNT).into(),
        delegated_amount: 0,
        close_authority: None.into(),
    }
    .pack_into_slice(&mut data);
    Account {
        lamports: RENT_EXEMPT_TOKEN_ACCOUNT + amount,
        data,
        owner: anchor_spl::token::ID,
        executable: false,
        rent_epoch: 0,
    }
}

/// Asserts a transaction failed with the given Anchor error code (custom program error).
pub fn assert_error(result: Result<(), BanksClientError>, code: u32) {
    let err = result.expect_err("transaction should have failed");
    let text = format!("{err:?}");
    assert!(
        text.contains(&format!("Custom({code})")),
        "expected Custom({code}), got {text}"
    );
}

/// Anchor code of a vault error.
pub fn vault_error(e: lrt_vault::errors::VaultError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

/// A classic SPL Token mint with `decimals` and `supply`, minted by `authority`.
pub fn mint_account(authority: Pubkey, decimals: u8, supply: u64) -> Account {
    let mut data = vec![0; Mint::LEN];
    Mint {
        mint_authority: Some(authority).into(),
        supply,
        decimals,
        is_initialized: true,
        freeze_authority: None.into(),
    }
    .pack_into_slice(&mut data);
    Account {
        lamports: 1_461_600,
        data,
        owner: anchor_spl::token::ID,
        executable: false,
        rent_epoch: 0,
    }
}

/// A classic SPL Token account of `owner` holding `amount` of `mint`.
pub fn token_account(mint: Pubkey, owner: Pubkey, amount: u64) -> Account {
    let mut data = vec![0; TokenAccount::LEN];
    TokenAccount {
        mint,
        owner,
        amount,
        delegate: None.into(),
        state: AccountState::Initialized,
        is_native: None.into(),
        delegated_amount: 0,
        close_authority: None.into(),
    }
    .pack_into_slice(&mut data);
    Account {
        lamports: RENT_EXEMPT_TOKEN_ACCOUNT,
        data,
        owner: anchor_spl::token::ID,
        executable: false,
        rent_epoch: 0,
    }
}

/// An account owned by `owner` with `data`, rent-exempt enough for tests.
pub fn data_account(owner: Pubkey, data: Vec<u8>) -> Account {
    Account {
        lamports: 100_000_000,
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    }
}
