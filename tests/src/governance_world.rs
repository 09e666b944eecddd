//! The governance world (issue 10), shared by the governance target and the attack suite's
//! economics attacks: Config (the payer is admin and pauser, fee caps of 10%), a wSOL
//! vault whose creator is its curator and fee admin, alice, bob and mallory with wSOL and
//! LRT accounts, and on demand the registry with an operator whitelisted in the vault.
//! Built past the Solana warm-up, so restaking epochs pass without prices going stale.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lrt_client::{
    instructions as build, pda,
    state::{Config, Vault},
};
use lrt_vault::{constants::WSOL_MINT, instructions::*};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

use crate::*;

/// Slots per restaking epoch.
pub const EPOCH_LENGTH: u64 = 100;
/// Config's cap on deposit and withdrawal fees: 10%, the fee of the example.
pub const MAX_FEE_BPS: u16 = 1_000;
/// The vault's wSOL seed deposit (dead shares, one per lamport).
pub const SEED: u64 = SOL;
/// wSOL each of alice, bob and mallory holds.
pub const WALLET: u64 = 1_000 * SOL;
/// BPS denominator.
pub const BPS: u128 = 10_000;

/// Config (the payer is admin and pauser, `treasury` a key of its own), a wSOL vault whose
/// creator is its curator and fee admin, three users with wSOL and LRT accounts (the
/// invariant checker tracks alice's and bob's). Built at the first slot of a restaking
/// epoch inside a long Solana epoch (432,000 slots), so restaking epochs pass without
/// prices going stale unless a test moves the Solana epoch.
pub struct World {
    pub t: TestContext,
    /// Fee payer of every transaction; Config admin and pauser; registry admin.
    pub admin: Keypair,
    pub treasury: Keypair,
    /// Created the vault: its curator and fee admin.
    pub curator: Keypair,
    pub alice: Keypair,
    pub bob: Keypair,
    /// Holds no role anywhere.
    pub mallory: Keypair,
    pub curator_wsol: Pubkey,
    pub alice_wsol: Pubkey,
    pub bob_wsol: Pubkey,
    pub mallory_wsol: Pubkey,
    pub vault_key: Pubkey,
    pub lrt_mint: Pubkey,
    pub check: InvariantChecker,
}

/// A registry operator whitelisted in the world's vault.
pub struct Op {
    pub authority: Keypair,
    /// The registry `Operator` account.
    pub operator: Pubkey,
    /// Its authority's wSOL account: receives commissions.
    pub wsol: Pubkey,
    pub signing_key: [u8; 32],
}

impl World {
    pub async fn new() -> Self {
        Self::new_with(Vec::new()).await
    }

    /// As `new`, with more accounts in the bank from the start.
    pub async fn new_with(extra: Vec<(Pubkey, Account)>) -> Self {
        let [treasury, curator, alice, bob, mallory] = [(); 5].map(|_| Keypair::new());
        let [curator_wsol, alice_wsol, bob_wsol, mallory_wsol] =
            [(); 4].map(|_| Pubkey::new_unique());
        let mut accounts = vec![
            (WSOL_MINT, native_mint_account()),
            (curator_wsol, wsol_account(curator.pubkey(), 10 * SOL)),
            (alice_wsol, wsol_account(alice.pubkey(), WALLET)),
            (bob_wsol, wsol_account(bob.pubkey(), WALLET)),
            (mallory_wsol, wsol_account(mallory.pubkey(), WALLET)),
        ];
        accounts.extend(extra);
        let mut t = TestContext::start(accounts).await;
        // past the warm-up: Solana epochs of 432,000 slots from here
        let schedule = t.ctx.genesis_config().epoch_schedule.clone();
        let start = schedule.first_normal_slot.div_ceil(EPOCH_LENGTH) * EPOCH_LENGTH;
        t.warp_to_slot(start).await;
        let admin = t.payer();
        t.fund(&[&treasury, &curator, &alice, &bob, &mallory], 10 * SOL)
            .await;
        t.initialize_config(treasury.pubkey(), EPOCH_LENGTH, MAX_FEE_BPS)
            .await;
        let created = t
            .create_wsol_vault(&curator, curator_wsol, treasury.pubkey(), SEED, u64::MAX)
            .await;
        let (vault_key, lrt_mint) = (created.vault, created.lrt_mint);
        // naming the creator itself proposes nothing: the roles are the creator's at once
        let vault: Vault = t.decode(vault_key).await;
        assert_eq!(
            (vault.curator, vault.fee_admin),
            (curator.pubkey(), curator.pubkey())
        );
        assert_eq!(
            (vault.pending_curator, vault.pending_fee_admin),
            (None, None)
        );
        let mut check = InvariantChecker::new(vault_key);
        for who in [&alice, &bob] {
            let lrt = t.create_lrt_account(who, lrt_mint).await;
            check.track_holder(who.pubkey(), lrt);
        }
        t.create_lrt_account(&mallory, lrt_mint).await;
        check.check(&mut t, "world").await;
        World {
            t,
            admin,
            treasury,
            curator,
            alice,
            bob,
            mallory,
            curator_wsol,
            alice_wsol,
            bob_wsol,
            mallory_wsol,
            vault_key,
            lrt_mint,
            check,
        }
    }

    pub async fn epoch(&mut self) -> u64 {
        self.t.slot().await / EPOCH_LENGTH
    }

    /// Warps to slot `offset` of restaking epoch `epoch` (forward only).
    pub async fn warp(&mut self, epoch: u64, offset: u64) {
        let slot = epoch * EPOCH_LENGTH + offset;
        assert!(self.t.slot().await < slot, "warp backwards to {slot}");
        self.t.warp_to_slot(slot).await;
    }

    /// Warps to the last slot of restaking epoch `epoch`.
    pub async fn warp_to_last_slot(&mut self, epoch: u64) {
        self.warp(epoch, EPOCH_LENGTH - 1).await;
    }

    pub async fn vault(&mut self) -> Vault {
        self.t.decode(self.vault_key).await
    }

    pub async fn config(&mut self) -> Config {
        self.t.decode(pda::config()).await
    }

    pub fn lrt(&self, who: &Keypair) -> Pubkey {
        pda::lrt_account(&who.pubkey(), &self.lrt_mint)
    }

    /// `[refresh_prices, deposit]` of `amount` wSOL from `from` by `who`, accepting at
    /// most `max_fee_bps`.
    pub async fn deposit_ixs(
        &mut self,
        who: &Keypair,
        from: Pubkey,
        amount: u64,
        max_fee_bps: u16,
    ) -> Vec<Instruction> {
        let vault = self.vault().await;
        crate::refresh_and_deposit_ixs(&vault, who.pubkey(), from, 0, amount, max_fee_bps)
    }

    /// Deposits (see `deposit_ixs`); returns the shares `who` received.
    pub async fn deposit(
        &mut self,
        who: &Keypair,
        from: Pubkey,
        amount: u64,
        max_fee_bps: u16,
    ) -> Result<u64, BanksClientError> {
        let lrt = self.lrt(who);
        let before = self.t.token_balance(lrt).await;
        let ixs = self.deposit_ixs(who, from, amount, max_fee_bps).await;
        self.t.send(&ixs, &[who]).await?;
        Ok(self.t.token_balance(lrt).await - before)
    }

    /// `who` asks to withdraw `shares` as ticket `ticket_id`, accepting `max_fee_bps`.
    pub async fn request_ix(
        &mut self,
        who: &Keypair,
        shares: u64,
        ticket_id: u64,
        max_fee_bps: u16,
    ) -> Instruction {
        let vault = self.vault().await;
        let epoch = self.epoch().await;
        build::request_withdrawal(
            &vault,
            who.pubkey(),
            epoch,
            RequestWithdrawalArgs {
                shares,
                ticket_id,
                max_fee_bps,
            },
        )
    }

    pub async fn request(
        &mut self,
        who: &Keypair,
        shares: u64,
        ticket_id: u64,
        max_fee_bps: u16,
    ) -> Result<(), BanksClientError> {
        let ix = self.request_ix(who, shares, ticket_id, max_fee_bps).await;
        let epoch = self.epoch().await;
        self.t.send(&[ix], &[who]).await?;
        self.check.track_ticket(
            pda::ticket(&self.vault_key, &who.pubkey(), ticket_id),
            pda::bucket(&self.vault_key, epoch + 1),
        );
        Ok(())
    }

    /// The fee admin (the curator) sets deposit and withdrawal fees.
    pub async fn set_fees(&mut self, deposit_bps: u16, withdrawal_bps: u16) -> Vec<Vec<u8>> {
        let curator = self.curator.insecure_clone();
        let ix = build::set_fees(
            curator.pubkey(),
            self.vault_key,
            deposit_bps,
            withdrawal_bps,
        );
        self.events(&[ix], &[&curator]).await
    }

    /// Sends `ixs` and returns the vault program's events.
    pub async fn events(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> Vec<Vec<u8>> {
        self.t.send_with_events(ixs, signers, lrt_vault::ID).await
    }

    /// Sends `ixs`, asserts the vault error `code`, and that no account of `keys` changed.
    pub async fn refused(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        code: u32,
        keys: &[Pubkey],
        step: &str,
    ) {
        refused(&mut self.t, ixs, signers, code, keys, step).await;
    }

    /// Every account a depositor's step may touch: Config, the vault, its reserve and LRT
    /// mint, the users' wSOL and LRT accounts.
    pub async fn books(&mut self) -> Vec<Pubkey> {
        let vault = self.vault().await;
        vec![
            pda::config(),
            self.vault_key,
            vault.assets[0].reserve,
            self.lrt_mint,
            self.alice_wsol,
            self.bob_wsol,
            self.lrt(&self.alice),
            self.lrt(&self.bob),
        ]
    }

    /// The registry (admin: the payer; commissions up to 100%) and an operator registered
    /// at `commission_bps`, whitelisted in the vault.
    pub async fn with_operator(&mut self, commission_bps: u16) -> Op {
        let admin = self.admin.pubkey();
        lrt_fixtures::Protocol {
            veto_window_slots: 20,
            resolution_delay_slots: 30,
            ..protocol(self.treasury.pubkey(), EPOCH_LENGTH, MAX_FEE_BPS, admin)
        }
        .init_registry(&mut self.t)
        .await
        .unwrap();
        let authority = Keypair::new();
        self.t.fund(&[&authority], SOL).await;
        let signing_key = [3; 32];
        let operator = lrt_fixtures::NewOperator {
            commission_bps,
            signing_key,
            metadata_uri: "https://example.org/op.json".into(),
        }
        .register(&mut self.t, &authority)
        .await
        .unwrap();
        let curator = self.curator.insecure_clone();
        lrt_fixtures::whitelist(&mut self.t, &curator, self.vault_key, operator, 10_000)
            .await
            .unwrap();
        let wsol = Pubkey::new_unique();
        self.t
            .ctx
            .set_account(&wsol, &wsol_account(authority.pubkey(), 0).into());
        Op {
            authority,
            operator,
            wsol,
            signing_key,
        }
    }

    /// `[refresh_prices, distribute_rewards]`: `payer` pays `amount` of wSOL from `from`
    /// for the vault's stake with `op`.
    pub async fn reward_ixs(
        &mut self,
        op: &Op,
        payer: &Keypair,
        from: Pubkey,
        amount: u64,
    ) -> Vec<Instruction> {
        let vault = self.vault().await;
        vec![
            build::refresh_prices(&vault),
            build::distribute_rewards(
                &vault,
                build::RewardKeys {
                    payer: payer.pubkey(),
                    payer_token_account: from,
                    operator: op.operator,
                    operator_token_account: op.wsol,
                },
                DistributeRewardsArgs {
                    asset_index: 0,
                    amount,
                },
            ),
        ]
    }

    /// Pays a reward (see `reward_ixs`) and returns its `RewardsDistributed` event.
    pub async fn reward(
        &mut self,
        op: &Op,
        payer: &Keypair,
        from: Pubkey,
        amount: u64,
    ) -> lrt_vault::events::RewardsDistributed {
        let ixs = self.reward_ixs(op, payer, from, amount).await;
        let events = self.events(&ixs, &[payer]).await;
        only(&events)
    }
}

/// `floor(amount * bps / 10_000)`.
pub fn bps_floor(amount: u64, bps: u16) -> u64 {
    (u128::from(amount) * u128::from(bps) / BPS) as u64
}

/// `ceil(amount * bps / 10_000)`: how every fee of the vault rounds.
pub fn bps_ceil(amount: u64, bps: u16) -> u64 {
    (u128::from(amount) * u128::from(bps)).div_ceil(BPS) as u64
}

/// `floor(value_wad * supply / total_wad)`: the shares a value buys.
pub fn shares_for(value_wad: u128, supply: u64, total_wad: u128) -> u64 {
    restaking_math::mul_div_floor(value_wad, u128::from(supply), total_wad).unwrap() as u64
}
