//! The economics world (reduced from the governance target's `World`): Config with fee
//! caps of 10%, a wSOL vault whose creator is its curator and fee admin (1 SOL of dead
//! shares), the treasury, alice, bob and mallory with wSOL, and on demand the registry
//! with an operator whitelisted in the vault. Built past the Solana warm-up, so restaking
//! epochs (100 slots) pass without prices going stale.
use anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction};
use lrt_client::{instructions as build, pda, registry, state::Vault};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, instructions::*};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_signer::Signer;

pub const EPOCH_LENGTH: u64 = 100;
pub const MAX_FEE_BPS: u16 = 1_000;
pub const WALLET: u64 = 1_000 * SOL;

pub struct Econ {
    pub t: TestContext,
    pub treasury: Keypair,
    /// Created the vault: its curator and fee admin.
    pub curator: Keypair,
    pub alice: Keypair,
    pub bob: Keypair,
    pub mallory: Keypair,
    pub alice_wsol: Pubkey,
    pub bob_wsol: Pubkey,
    pub mallory_wsol: Pubkey,
    pub vault: Pubkey,
    pub lrt_mint: Pubkey,
}

/// A registry operator whitelisted in the vault; `wsol` receives its commissions.
pub struct Op {
    pub authority: Keypair,
    pub operator: Pubkey,
    pub wsol: Pubkey,
}

impl Econ {
    pub async fn new() -> Self {
        let [treasury, curator, alice, bob, mallory] = [(); 5].map(|_| Keypair::new());
        let [curator_wsol, alice_wsol, bob_wsol, mallory_wsol] =
            [(); 4].map(|_| Pubkey::new_unique());
        let mut t = TestContext::start(vec![
            (WSOL_MINT, native_mint_account()),
            (curator_wsol, wsol_account(curator.pubkey(), 10 * SOL)),
            (alice_wsol, wsol_account(alice.pubkey(), WALLET)),
            (bob_wsol, wsol_account(bob.pubkey(), WALLET)),
            (mallory_wsol, wsol_account(mallory.pubkey(), WALLET)),
        ])
        .await;
        // past the warm-up: Solana epochs of 432,000 slots from here
        let schedule = t.ctx.genesis_config().epoch_schedule.clone();
        let start = schedule.first_normal_slot.div_ceil(EPOCH_LENGTH) * EPOCH_LENGTH;
        t.warp_to_slot(start).await;
        t.fund(&[&treasury, &curator, &alice, &bob, &mallory], 10 * SOL)
            .await;
        t.initialize_config(treasury.pubkey(), EPOCH_LENGTH, MAX_FEE_BPS)
            .await;
        let created = t
            .create_wsol_vault(&curator, curator_wsol, treasury.pubkey(), SOL, u64::MAX)
            .await;
        Econ {
            t,
            treasury,
            curator,
            alice,
            bob,
            mallory,
            alice_wsol,
            bob_wsol,
            mallory_wsol,
            vault: created.vault,
            lrt_mint: created.lrt_mint,
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

    pub async fn state(&mut self) -> Vault {
        self.t.decode(self.vault).await
    }

    pub fn lrt(&self, who: &Keypair) -> Pubkey {
        pda::lrt_account(&who.pubkey(), &self.lrt_mint)
    }

    /// `[create LRT account, refresh, deposit]` of `amount` wSOL from `from` by `who`,
    /// accepting at most `max_fee_bps`.
    pub async fn deposit_ixs(
        &mut self,
        who: &Keypair,
        from: Pubkey,
        amount: u64,
        max_fee_bps: u16,
    ) -> Vec<Instruction> {
        let vault = self.state().await;
        vec![
            create_lrt_account_ix(who.pubkey(), self.lrt_mint),
            build::refresh_prices(&vault),
            build::deposit(
                &vault,
                who.pubkey(),
                from,
                self.lrt(who),
                DepositArgs {
                    asset_index: 0,
                    amount,
                    min_shares_out: 0,
                    max_fee_bps,
                },
            ),
        ]
    }

    /// Deposits (see `deposit_ixs`); returns the shares received.
    pub async fn deposit(
        &mut self,
        who: &Keypair,
        from: Pubkey,
        amount: u64,
        max_fee_bps: u16,
    ) -> Result<u64, BanksClientError> {
        let lrt = self.lrt(who);
        let before = crate::balance_or_zero(&mut self.t, lrt).await;
        let ixs = self.deposit_ixs(who, from, amount, max_fee_bps).await;
        self.t.send(&ixs, &[who]).await?;
        Ok(self.t.token_balance(self.lrt(who)).await - before)
    }

    /// The registry (admin: the payer; commissions up to 100%) and an operator registered
    /// at `commission_bps`, whitelisted in the vault, with an empty wSOL account.
    pub async fn with_operator(&mut self, commission_bps: u16) -> Op {
        let admin = self.t.payer().pubkey();
        let init = registry::initialize_registry(
            admin,
            None,
            slasher_registry::instructions::InitializeRegistryArgs {
                veto_authority: admin,
                veto_window_slots: 20,
                resolution_delay_slots: 30,
                max_vault_slash_bps_per_epoch: 10_000,
                max_commission_bps: 10_000,
            },
        );
        self.t.send(&[init], &[]).await.unwrap();
        let authority = Keypair::new();
        self.t.fund(&[&authority], SOL).await;
        let register = registry::register_operator(
            authority.pubkey(),
            slasher_registry::instructions::OperatorArgs {
                commission_bps,
                signing_key: [3; 32],
                metadata_uri: "https://example.org/op.json".into(),
            },
        );
        self.t.send(&[register], &[&authority]).await.unwrap();
        let operator = registry::pda::operator(&authority.pubkey());
        let curator = self.curator.insecure_clone();
        let whitelist = build::whitelist_operator(curator.pubkey(), self.vault, operator, 10_000);
        self.t.send(&[whitelist], &[&curator]).await.unwrap();
        let wsol = crate::new_wsol(&mut self.t, authority.pubkey(), 0);
        Op {
            authority,
            operator,
            wsol,
        }
    }

    /// `[refresh_prices, distribute_rewards]`: `payer` pays `amount` of wSOL from `from`
    /// for the vault's stake with `op`, the commission into `commission_to`.
    pub async fn reward_ixs(
        &mut self,
        op: &Op,
        commission_to: Pubkey,
        payer: &Keypair,
        from: Pubkey,
        amount: u64,
    ) -> Vec<Instruction> {
        let vault = self.state().await;
        vec![
            build::refresh_prices(&vault),
            build::distribute_rewards(
                &vault,
                build::RewardKeys {
                    payer: payer.pubkey(),
                    payer_token_account: from,
                    operator: op.operator,
                    operator_token_account: commission_to,
                },
                DistributeRewardsArgs {
                    asset_index: 0,
                    amount,
                },
            ),
        ]
    }

    /// Pays a reward into the operator's own wSOL account.
    pub async fn reward(
        &mut self,
        op: &Op,
        payer: &Keypair,
        from: Pubkey,
        amount: u64,
    ) -> Result<(), BanksClientError> {
        let ixs = self.reward_ixs(op, op.wsol, payer, from, amount).await;
        self.t.send(&ixs, &[payer]).await
    }

    /// The fee admin (the curator) sets deposit and withdrawal fees.
    pub async fn set_fees(&mut self, deposit_bps: u16, withdrawal_bps: u16) {
        let curator = self.curator.insecure_clone();
        let ix = build::set_fees(curator.pubkey(), self.vault, deposit_bps, withdrawal_bps);
        self.t.send(&[ix], &[&curator]).await.unwrap();
    }
}

/// `ceil(amount * bps / 10_000)`: how every fee of the vault rounds.
pub fn bps_ceil(amount: u64, bps: u16) -> u64 {
    (u128::from(amount) * u128::from(bps)).div_ceil(10_000) as u64
}
