//! A restaking world on the real programs: the vault Config and the registry, vault A
//! (wSOL and a stake-pool LST at 1.05 SOL) and vault B (wSOL), one operator whitelisted in
//! both with a bond in A, an AVS whose slash authority is a key, every opt-in active, and
//! half of each vault allocated to the operator. Built at restaking epoch `e0`;
//! `capture` = e0 + 1 is the first epoch where all of it is active.
use crate::*;
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda, registry,
    state::{PricingSource, SlashDestination, Vault},
};
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, WSOL_MINT},
    instructions::*,
};
use restaking_math::{encode_stake_pool, StakePoolReading};
use slasher_registry::{
    instructions::{RequestSlashArgs, UpdateOperatorArgs},
    state::{Avs, SlashExecution, SlashRequest},
};
use solana_keypair::Keypair;
use solana_signer::Signer;

pub const EPOCH_LENGTH: u64 = 100;
pub const VETO_WINDOW: u64 = 20;
pub const RESOLUTION_DELAY: u64 = 30;
/// 1.05 SOL per pool token.
pub const POOL_PRICE: u128 = 1_050_000_000_000_000_000;
/// Half of each vault is allocated to the operator (WAD fractions).
pub const ALLOCATION_A: u64 = 500_000_000_000_000_000;
pub const ALLOCATION_B: u64 = 500_000_000_000_000_000;
pub const BOND_A: u64 = 500_000_000;

pub struct World {
    pub t: TestContext,
    pub curator: Keypair,
    pub veto: Keypair,
    pub op: Keypair,
    pub avs_authority: Keypair,
    pub recipient: Pubkey,
    pub treasury: Pubkey,
    pub operator: Pubkey,
    pub avs: Pubkey,
    pub pool: Pubkey,
    pub pool_mint: Pubkey,
    pub vault_a: Pubkey,
    pub vault_b: Pubkey,
    pub e0: u64,
    /// The stake pool's `total_lamports` for 1,000 SOL of pool tokens (1.05 SOL each at
    /// start); `advance_to_slot` keeps the pool updated at this rate.
    pub pool_lamports: u64,
    /// The operator authority's wSOL account (emptied by its seed deposit; it can take
    /// commissions).
    pub op_wsol: Pubkey,
    /// People with wSOL and pool tokens to deposit, and empty accounts to be paid into.
    pub users: Vec<User>,
}

pub struct User {
    pub key: Keypair,
    pub wsol: Pubkey,
    pub pool_tokens: Pubkey,
}

impl World {
    pub async fn new() -> World {
        Self::new_with(|_| {}).await
    }

    /// As `new`, letting a test add to the bank first (see `TestContext::start_with`).
    pub async fn new_with(configure: impl FnOnce(&mut ProgramTest)) -> World {
        let [curator, veto, op, avs_authority, avs_admin] = [(); 5].map(|_| Keypair::new());
        let (pool, pool_mint, recipient) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let users: Vec<User> = (0..5)
            .map(|_| User {
                key: Keypair::new(),
                wsol: Pubkey::new_unique(),
                pool_tokens: Pubkey::new_unique(),
            })
            .collect();
        let curator_wsol = [Pubkey::new_unique(), Pubkey::new_unique()];
        let op_wsol = Pubkey::new_unique();
        let mut accounts = vec![
            (WSOL_MINT, native_mint_account()),
            (
                pool_mint,
                mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
            ),
            (
                pool,
                data_account(ALLOWED_STAKE_POOL_PROGRAMS[0], pool_data(pool_mint, 0)),
            ),
            (curator_wsol[0], wsol_account(curator.pubkey(), SOL)),
            (curator_wsol[1], wsol_account(curator.pubkey(), SOL)),
            (op_wsol, wsol_account(op.pubkey(), SOL)),
            // the AVS's recipient: associated token accounts for both assets
            (
                pda::associated_token_account(&recipient, &WSOL_MINT, &anchor_spl::token::ID),
                wsol_account(recipient, 0),
            ),
            (
                pda::associated_token_account(&recipient, &pool_mint, &anchor_spl::token::ID),
                token_account(pool_mint, recipient, 0),
            ),
        ];
        for user in &users {
            accounts.push((user.wsol, wsol_account(user.key.pubkey(), 10 * SOL)));
            accounts.push((
                user.pool_tokens,
                token_account(pool_mint, user.key.pubkey(), 10 * SOL),
            ));
        }
        let mut t = TestContext::start_with(accounts, configure).await;
        let treasury = Pubkey::new_unique();
        let mut funded: Vec<&Keypair> = vec![&curator, &op, &avs_authority, &avs_admin, &veto];
        funded.extend(users.iter().map(|u| &u.key));
        t.fund(&funded, SOL).await;
        // fee caps at the protocol's ceiling: the vaults' fees start at 0 and tests that
        // want fees set them
        lrt_fixtures::Protocol {
            veto_authority: veto.pubkey(),
            veto_window_slots: VETO_WINDOW,
            resolution_delay_slots: RESOLUTION_DELAY,
            ..protocol(treasury, EPOCH_LENGTH, 1_000, t.payer().pubkey())
        }
        .init(&mut t)
        .await
        .unwrap();

        // the vaults: A holds wSOL and the pool LST, B only wSOL; 1 SOL seed each
        let mut with_pool = wsol_vault(SOL, u64::MAX);
        with_pool.assets.push(lrt_fixtures::Asset {
            mint: pool_mint,
            token_program: anchor_spl::token::ID,
            pricing: PricingSource::SplStakePool { pool },
            deposit_cap: u64::MAX,
        });
        let vault_a = with_pool
            .create(&mut t, &curator, &Keypair::new(), curator_wsol[0])
            .await
            .unwrap();
        let vault_b = t
            .create_wsol_vault(&curator, curator_wsol[1], treasury, SOL, u64::MAX)
            .await
            .vault;

        // the operator: registered, whitelisted in both, 0.5 SOL of shares bonded in A
        let operator = lrt_fixtures::NewOperator {
            commission_bps: 1_000,
            signing_key: [9; 32],
            metadata_uri: "https://example.org/op.json".into(),
        }
        .register(&mut t, &op)
        .await
        .unwrap();
        for vault in [vault_a, vault_b] {
            lrt_fixtures::whitelist(&mut t, &curator, vault, operator, 10_000)
                .await
                .unwrap();
        }
        let mut w = World {
            t,
            curator,
            veto,
            op,
            avs_authority,
            recipient,
            treasury,
            operator,
            avs: Pubkey::default(),
            pool,
            pool_mint,
            vault_a,
            vault_b,
            e0: 0,
            pool_lamports: 1_050 * SOL,
            op_wsol,
            users,
        };
        let op_key = w.op.insecure_clone();
        w.deposit_from(&op_key, op_wsol, vault_a, 0, SOL).await;
        let a = w.vault(vault_a).await;
        let bond = build::bond(&a, operator, op_key.pubkey(), BOND_A);
        w.t.send(&[bond], &[&op_key]).await.unwrap();

        // the AVS: a key signs its requests; slashed tokens go to `recipient`
        let avs_id = Pubkey::new_unique();
        // (the registry admin admits AVSs; the AVS's own admin may later deactivate it)
        w.avs = lrt_fixtures::NewAvs {
            id: avs_id,
            admin: avs_admin.pubkey(),
            slash_authority: w.avs_authority.pubkey(),
            max_slash_wad: WAD / 2,
            destination: SlashDestination::Recipient { owner: recipient },
            metadata_uri: "https://example.org/avs.json".into(),
        }
        .register(&mut w.t)
        .await
        .unwrap();
        lrt_fixtures::opt_in_operator(&mut w.t, &op_key, w.avs)
            .await
            .unwrap();
        let curator = w.curator.insecure_clone();
        for vault in [vault_a, vault_b] {
            lrt_fixtures::opt_in_vault(&mut w.t, &curator, vault, w.avs, 10_000)
                .await
                .unwrap();
        }
        w.e0 = w.epoch().await;
        w
    }

    /// Both allocations made during e0 (so they count from e0 + 1) and the world moved to
    /// the first slot of e0 + 1, the capture epoch.
    pub async fn delegate_and_enter_capture_epoch(&mut self) {
        for (vault, allocation) in [(self.vault_a, ALLOCATION_A), (self.vault_b, ALLOCATION_B)] {
            self.allocate(vault, allocation).await;
        }
        self.advance_to_slot((self.e0 + 1) * EPOCH_LENGTH).await;
    }

    /// The curator allocates `allocation_wad` more of `vault` to the operator.
    pub async fn allocate(&mut self, vault: Pubkey, allocation_wad: u64) {
        let curator = self.curator.insecure_clone();
        lrt_fixtures::allocate(&mut self.t, &curator, vault, self.operator, allocation_wad)
            .await
            .unwrap();
    }

    pub async fn epoch(&mut self) -> u64 {
        self.t.slot().await / EPOCH_LENGTH
    }

    pub async fn vault(&mut self, key: Pubkey) -> Vault {
        self.t.decode(key).await
    }

    /// Warps to `slot` and, as the stake pool's own crank would, marks the pool updated
    /// in the new Solana epoch (same 1.05 rate), so prices can be refreshed.
    pub async fn advance_to_slot(&mut self, slot: u64) {
        self.t.warp_to_slot(slot).await;
        let clock: anchor_lang::prelude::Clock =
            self.t.ctx.banks_client.get_sysvar().await.unwrap();
        let account = data_account(
            ALLOWED_STAKE_POOL_PROGRAMS[0],
            pool_data_at(self.pool_mint, clock.epoch, self.pool_lamports),
        );
        self.t.ctx.set_account(&self.pool, &account.into());
    }

    /// `who` deposits `amount` of asset `asset_index` into `vault` from `from`, creating
    /// their LRT account; prices are refreshed in the same transaction.
    pub async fn deposit_from(
        &mut self,
        who: &Keypair,
        from: Pubkey,
        vault: Pubkey,
        asset_index: u8,
        amount: u64,
    ) -> u64 {
        let state = self.vault(vault).await;
        let lrt = pda::lrt_account(&who.pubkey(), &state.lrt_mint);
        let mut ixs = vec![create_lrt_account_ix(who.pubkey(), state.lrt_mint)];
        ixs.extend(refresh_and_deposit_ixs(
            &state,
            who.pubkey(),
            from,
            asset_index,
            amount,
            10_000,
        ));
        self.t.send(&ixs, &[who]).await.unwrap();
        self.t.token_balance(lrt).await
    }

    /// The AVS requests a slash of `wad` against the operator; returns the request.
    pub async fn request_slash(&mut self, wad: u128) -> (Pubkey, SlashRequest) {
        let avs: slasher_registry::state::Avs = self.t.decode(self.avs).await;
        let authority = self.avs_authority.insecure_clone();
        let ix = registry::request_slash(
            authority.pubkey(),
            authority.pubkey(),
            self.avs,
            avs.request_count,
            self.operator,
            RequestSlashArgs {
                wad,
                evidence_hash: [1; 32],
            },
        );
        self.t.send(&[ix], &[&authority]).await.unwrap();
        let key = registry::pda::slash_request(&self.avs, avs.request_count);
        (key, self.t.decode(key).await)
    }

    /// `authority` of `avs` requests a slash of `wad` against the operator; returns the
    /// request, or the refusal.
    pub async fn request_slash_of(
        &mut self,
        avs: Pubkey,
        authority: &Keypair,
        wad: u128,
    ) -> Result<(Pubkey, SlashRequest), solana_program_test::BanksClientError> {
        let state: Avs = self.t.decode(avs).await;
        let ix = registry::request_slash(
            authority.pubkey(),
            authority.pubkey(),
            avs,
            state.request_count,
            self.operator,
            RequestSlashArgs {
                wad,
                evidence_hash: [7; 32],
            },
        );
        self.t.send(&[ix], &[authority]).await?;
        let key = registry::pda::slash_request(&avs, state.request_count);
        Ok((key, self.t.decode(key).await))
    }

    /// A second AVS whose requests may take up to `max_slash_wad`, sending slashed tokens
    /// to `destination`, its slash authority a key (returned); the operator and both
    /// vaults opt in now (active from the next epoch).
    pub async fn second_avs(
        &mut self,
        max_slash_wad: u128,
        destination: SlashDestination,
    ) -> (Pubkey, Keypair) {
        let authority = Keypair::new();
        self.t.fund(&[&authority], SOL).await;
        let avs = lrt_fixtures::NewAvs {
            id: Pubkey::new_unique(),
            admin: authority.pubkey(),
            slash_authority: authority.pubkey(),
            max_slash_wad,
            destination,
            metadata_uri: String::new(),
        }
        .register(&mut self.t)
        .await
        .unwrap();
        self.opt_in_everyone(avs).await;
        (avs, authority)
    }

    /// The operator and both vaults (with a 100% cap) opt in to `avs` now.
    pub async fn opt_in_everyone(&mut self, avs: Pubkey) {
        let op = self.op.insecure_clone();
        lrt_fixtures::opt_in_operator(&mut self.t, &op, avs)
            .await
            .unwrap();
        let curator = self.curator.insecure_clone();
        for vault in [self.vault_a, self.vault_b] {
            lrt_fixtures::opt_in_vault(&mut self.t, &curator, vault, avs, 10_000)
                .await
                .unwrap();
        }
    }

    /// The example AVS's registration here: its config PDA as slash authority, `admin` as
    /// its admin, at most 50% per request, slashed tokens to `recipient`.
    pub fn example_avs_registration(&self, admin: Pubkey) -> lrt_fixtures::NewAvs {
        lrt_fixtures::NewAvs {
            id: example_avs::ID,
            admin,
            slash_authority: lrt_client::avs::pda::slash_authority(),
            max_slash_wad: WAD / 2,
            destination: SlashDestination::Recipient {
                owner: self.recipient,
            },
            metadata_uri: "https://example.org/example-avs.json".into(),
        }
    }

    /// The example AVS, admitted by the registry admin with its config PDA as slash
    /// authority (max 50% per request, slashed tokens to `recipient`) and initialised by
    /// its admin to request `slash_wad` per equivocation; the operator's registered
    /// signing key becomes `attester`'s. Nobody opts in yet. Returns the registry `Avs`.
    pub async fn example_avs(&mut self, attester: &Keypair, slash_wad: u128) -> Pubkey {
        use lrt_client::avs;
        let op = self.op.insecure_clone();
        let update = registry::update_operator(
            op.pubkey(),
            UpdateOperatorArgs {
                signing_key: Some(attester.pubkey().to_bytes()),
                ..UpdateOperatorArgs::default()
            },
        );
        self.t.send(&[update], &[&op]).await.unwrap();
        let avs_admin = Keypair::new();
        self.t.fund(&[&avs_admin], SOL).await;
        let avs_key = self
            .example_avs_registration(avs_admin.pubkey())
            .register(&mut self.t)
            .await
            .unwrap();
        let init = avs::initialize(
            avs_admin.pubkey(),
            avs_key,
            example_avs::instructions::InitializeArgs { slash_wad },
        );
        self.t.send(&[init], &[&avs_admin]).await.unwrap();
        avs_key
    }

    /// `who` asks to withdraw `shares` of `vault` as ticket `id`, into the bucket of the
    /// next epoch; returns the ticket and the bucket, or the refusal.
    pub async fn request_withdrawal(
        &mut self,
        who: &Keypair,
        vault: Pubkey,
        shares: u64,
        id: u64,
    ) -> Result<(Pubkey, Pubkey), solana_program_test::BanksClientError> {
        let state = self.vault(vault).await;
        let epoch = self.epoch().await;
        let ix = build::request_withdrawal(
            &state,
            who.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares,
                ticket_id: id,
                max_fee_bps: 10_000,
            },
        );
        self.t.send(&[ix], &[who]).await?;
        Ok((
            pda::ticket(&vault, &who.pubkey(), id),
            pda::bucket(&vault, epoch + 1),
        ))
    }

    /// Refreshes `vault`'s prices and executes `request` against it.
    pub async fn execute(
        &mut self,
        request: &SlashRequest,
        vault: Pubkey,
    ) -> Result<(), solana_program_test::BanksClientError> {
        let state = self.vault(vault).await;
        let executor = self.t.payer();
        let ixs = [
            build::refresh_prices(&state),
            registry::execute_slash(executor.pubkey(), request, vault),
        ];
        self.t.send(&ixs, &[]).await
    }
}

/// The registry admin (the payer) cancels the execution of `request` against `vault`.
pub async fn cancel(
    t: &mut TestContext,
    request: Pubkey,
    vault: Pubkey,
) -> Result<(), solana_program_test::BanksClientError> {
    let execution: SlashExecution = t
        .decode(registry::pda::slash_execution(&request, &vault))
        .await;
    let admin = t.payer();
    t.send(&[registry::cancel_slash(admin.pubkey(), &execution)], &[])
        .await
}

pub fn pool_data(pool_mint: Pubkey, epoch: u64) -> Vec<u8> {
    pool_data_at(pool_mint, epoch, 1_050 * SOL)
}

/// The pool at `total_lamports` for 1,000 SOL of pool tokens, updated in Solana `epoch`.
pub fn pool_data_at(pool_mint: Pubkey, epoch: u64, total_lamports: u64) -> Vec<u8> {
    encode_stake_pool(&StakePoolReading {
        pool_mint: pool_mint.to_bytes(),
        token_program_id: anchor_spl::token::ID.to_bytes(),
        total_lamports,
        pool_token_supply: 1_000 * SOL,
        last_update_epoch: epoch,
    })
}
