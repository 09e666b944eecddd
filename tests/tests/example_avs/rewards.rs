//! `pay_reward`: anyone funds the AVS's reward treasury (a token account of its
//! `["rewards"]` PDA); the AVS admin pays a reward for (vault, operator) from it through
//! `lrt_vault::distribute_rewards`, and the vault splits it (commission at the operator's
//! rate in force, the vault fee as treasury and insurance shares in the vault's ledgers,
//! the rest vesting over the epoch after the payment's). Expected numbers are computed
//! here from those rules; every refusal asserts its exact error and that no account
//! changed.
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use lrt_client::{
    avs::{
        self, decode::RewardPaid, example_avs::instructions::PayRewardArgs, AvsError, PayRewardKeys,
    },
    instructions as build, registry as reg,
    state::{RewardVesting, Vault},
    Instruction, VaultError,
};
use lrt_integration_tests::*;
use lrt_vault::constants::WSOL_MINT;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::world::*;

/// The vault's seed deposit: its whole value.
const VAULT_VALUE: u64 = 10 * SOL;
/// What the funder puts in the AVS's treasury.
const FUNDED: u64 = 3 * SOL;
/// The reward: an amount where every part rounds.
const AMOUNT: u64 = 1_234_567_891;
/// The vault's fee on rewards and the insurance fund's cut of it (set by its fee admin).
const REWARD_FEE_BPS: u16 = 1_000;
const INSURANCE_CUT_BPS: u16 = 2_500;
/// Anchor's `ConstraintTokenOwner` and `AccountNotInitialized`.
const CONSTRAINT_TOKEN_OWNER: u32 = 2015;
const ACCOUNT_NOT_INITIALIZED: u32 = 3012;

struct RewardWorld {
    w: World,
    vault_key: Pubkey,
    /// Funded the treasury; also holds a wSOL account of its own.
    funder: Keypair,
    funder_wsol: Pubkey,
    /// The operator authority's wSOL account: receives the commission.
    op_wsol: Pubkey,
    /// `avs::reward_treasury(wSOL)`.
    reward_treasury: Pubkey,
}

impl RewardWorld {
    /// The initialised AVS; a wSOL vault worth `VAULT_VALUE` whose curator whitelists the
    /// operator and sets the reward fees, in force after their full epoch of notice (the
    /// world then stands at the start of that epoch); a funder creates the AVS's wSOL
    /// treasury and puts `FUNDED` in it with a plain token transfer.
    async fn new() -> Self {
        let (curator, funder) = (Keypair::new(), Keypair::new());
        let (curator_wsol, funder_wsol, op_wsol) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let mut w = World::registered_with(vec![
            (WSOL_MINT, native_mint_account()),
            (curator_wsol, wsol_account(curator.pubkey(), VAULT_VALUE)),
            (funder_wsol, wsol_account(funder.pubkey(), FUNDED + SOL)),
        ])
        .await;
        w.initialize(SLASH_WAD).await.unwrap();
        w.t.ctx
            .set_account(&op_wsol, &wsol_account(w.op.pubkey(), 0).into());
        w.t.fund(&[&curator, &funder], SOL).await;
        let treasury = w.treasury;
        let vault_key =
            w.t.create_wsol_vault(&curator, curator_wsol, treasury, VAULT_VALUE, u64::MAX)
                .await
                .vault;
        let mut ixs =
            lrt_fixtures::whitelist_ixs(curator.pubkey(), vault_key, &[w.operator], 5_000);
        ixs.push(build::set_reward_fees(
            curator.pubkey(),
            vault_key,
            REWARD_FEE_BPS,
            INSURANCE_CUT_BPS,
        ));
        w.t.send(&ixs, &[&curator]).await.unwrap();
        // a reward fee raised during e is in force from e + 2 (issue 10)
        let e = w.epoch().await;
        let fees = w.t.decode::<Vault>(vault_key).await.fees;
        assert_eq!(
            [e + 1, e + 2].map(|epoch| fees.at(epoch).reward_bps),
            [0, REWARD_FEE_BPS]
        );
        w.t.warp_to_slot((e + 2) * EPOCH_LENGTH).await;

        let reward_treasury = avs::reward_treasury(&WSOL_MINT, &spl_token::ID);
        let fund = [
            avs::create_reward_treasury(funder.pubkey(), WSOL_MINT, spl_token::ID),
            spl_token::instruction::transfer_checked(
                &spl_token::ID,
                &funder_wsol,
                &WSOL_MINT,
                &reward_treasury,
                &funder.pubkey(),
                &[],
                FUNDED,
                9,
            )
            .unwrap(),
        ];
        w.t.send(&fund, &[&funder]).await.unwrap();
        RewardWorld {
            w,
            vault_key,
            funder,
            funder_wsol,
            op_wsol,
            reward_treasury,
        }
    }

    async fn vault(&mut self) -> Vault {
        self.w.t.decode(self.vault_key).await
    }

    /// `[refresh_prices, pay_reward(amount)]` signed by `admin`, for `operator` with its
    /// commission to `operator_token_account`.
    async fn pay_ixs(
        &mut self,
        admin: Pubkey,
        operator: Pubkey,
        operator_token_account: Pubkey,
        amount: u64,
    ) -> [Instruction; 2] {
        let vault = self.vault().await;
        let keys = PayRewardKeys {
            admin,
            operator,
            operator_token_account,
        };
        let args = PayRewardArgs {
            asset_index: 0,
            amount,
        };
        [
            build::refresh_prices(&vault),
            avs::pay_reward(&vault, keys, args),
        ]
    }

    /// Every account a payment may change.
    async fn payment_accounts(&mut self) -> Vec<Pubkey> {
        let vault = self.vault().await;
        vec![
            avs::pda::config(),
            self.reward_treasury,
            self.vault_key,
            vault.assets[0].reserve,
            vault.lrt_mint,
            self.op_wsol,
            self.funder_wsol,
        ]
    }

    /// Sends `ixs` signed by `signer` and asserts they fail in the payment (instruction 1)
    /// with `code`, and that no account a payment touches changed.
    async fn assert_payment_fails(&mut self, ixs: &[Instruction], signer: &Keypair, code: u32) {
        let keys = self.payment_accounts().await;
        let before = self.w.t.snapshot(&keys).await;
        assert_program_error(self.w.t.send(ixs, &[signer]).await, 1, code);
        assert_eq!(self.w.t.snapshot(&keys).await, before, "no account changed");
    }
}

#[tokio::test]
async fn the_admin_pays_a_reward_from_the_treasury_and_the_vault_splits_it() {
    let mut r = RewardWorld::new().await;
    assert_eq!(r.w.t.token_balance(r.reward_treasury).await, FUNDED);
    let treasury_account = r.w.t.account(r.reward_treasury).await.unwrap();
    assert_eq!(treasury_account.owner, spl_token::ID);
    let vault_key = r.vault_key;
    let mut check = InvariantChecker::new(vault_key);
    check.check(&mut r.w.t, "before the reward").await;

    let before = r.vault().await;
    let (reserve, lrt_mint) = (before.assets[0].reserve, before.lrt_mint);
    let reserve_before = r.w.t.token_balance(reserve).await;
    let lrt_supply_before = r.w.t.mint_supply(lrt_mint).await;
    assert_eq!(before.assets[0].rewards, RewardVesting::default());

    let admin = r.w.avs_admin.insecure_clone();
    let (operator, op_wsol) = (r.w.operator, r.op_wsol);
    let ixs = r.pay_ixs(admin.pubkey(), operator, op_wsol, AMOUNT).await;
    let paid_at = r.w.t.slot().await;
    let paid_in = paid_at / EPOCH_LENGTH;
    let events =
        r.w.t
            .send_with_events(&ixs, &[&admin], avs::AVS_PROGRAM_ID)
            .await;

    // the split, from the rules: commission at the operator's registered 5% (down), the
    // vault's 10% fee on the rest (up), a quarter of it to insurance (down), the rest of
    // the fee to the treasury, and what is left vests
    let bps = |amount: u64, bps: u16| u128::from(amount) * u128::from(bps);
    let commission = (bps(AMOUNT, COMMISSION_BPS) / 10_000) as u64;
    let after_commission = AMOUNT - commission;
    let vault_fee = bps(after_commission, REWARD_FEE_BPS).div_ceil(10_000) as u64;
    let insurance_part = (bps(vault_fee, INSURANCE_CUT_BPS) / 10_000) as u64;
    let treasury_part = vault_fee - insurance_part;
    let to_pool = after_commission - vault_fee;
    assert_eq!(
        (
            commission,
            vault_fee,
            insurance_part,
            treasury_part,
            to_pool
        ),
        (
            61_728_394,
            117_283_950,
            29_320_987,
            87_962_963,
            1_055_555_547
        )
    );
    // fee shares at the deposit price before the fee joins the pool: floor(part x S / V),
    // with V the wSOL pool at 1 SOL per token (no Marinade asset, so no margin)
    let (supply, value) = (before.share_supply, before.assets[0].active_amount);
    let shares = |part: u64| (u128::from(part) * u128::from(supply) / u128::from(value)) as u64;
    let (treasury_shares, insurance_shares) = (shares(treasury_part), shares(insurance_part));

    // tokens: out of the AVS's treasury, commission to the operator's authority, the rest
    // into the reserve
    assert_eq!(
        r.w.t.token_balance(r.reward_treasury).await,
        FUNDED - AMOUNT
    );
    assert_eq!(r.w.t.token_balance(op_wsol).await, commission);
    assert_eq!(
        r.w.t.token_balance(reserve).await,
        reserve_before + AMOUNT - commission
    );
    // shares: the treasury's and the insurance fund's both in the vault's ledgers (issue
    // 10: the treasury's used to be minted to its LRT account); no LRT is minted
    assert_eq!(r.w.t.mint_supply(lrt_mint).await, lrt_supply_before);
    let after = r.vault().await;
    assert_eq!(
        after.treasury_shares,
        before.treasury_shares + treasury_shares
    );
    assert_eq!(
        after.share_supply,
        supply + treasury_shares + insurance_shares
    );
    assert_eq!(
        after.insurance_shares,
        before.insurance_shares + insurance_shares
    );
    // books: the fee in the pool now, the rest joins the payment epoch's arrivals, which
    // vest linearly over the next epoch
    let slot = &after.assets[0];
    assert_eq!(slot.active_amount, value + vault_fee);
    assert_eq!(
        slot.rewards,
        RewardVesting {
            pending: to_pool,
            pending_epoch: paid_in,
            ..RewardVesting::default()
        }
    );

    // the AVS's record and event
    assert_eq!(r.w.config().await.reward_payments, 1);
    let event: RewardPaid = find_event(&events).expect("RewardPaid");
    assert_eq!(
        (event.admin, event.vault, event.operator),
        (admin.pubkey(), vault_key, operator)
    );
    assert_eq!(
        (event.asset_index, event.asset_mint, event.amount),
        (0, WSOL_MINT, AMOUNT)
    );
    assert_eq!(
        (event.reward_treasury, event.treasury_balance),
        (r.reward_treasury, FUNDED - AMOUNT)
    );
    assert_eq!((event.reward_payments, event.slot), (1, paid_at));
    check.check(&mut r.w.t, "reward paid").await;
}

#[tokio::test]
async fn only_the_avs_admin_pays() {
    let mut r = RewardWorld::new().await;
    let (operator, op_wsol) = (r.w.operator, r.op_wsol);
    // the operator's authority, the funder and a reporter are not the AVS admin
    for who in [
        r.w.op.insecure_clone(),
        r.funder.insecure_clone(),
        r.w.reporter.insecure_clone(),
    ] {
        let ixs = r.pay_ixs(who.pubkey(), operator, op_wsol, AMOUNT).await;
        r.assert_payment_fails(&ixs, &who, avs_error(AvsError::NotAdmin))
            .await;
    }
    assert_eq!(r.w.config().await.reward_payments, 0);
}

#[tokio::test]
async fn an_operator_the_vault_did_not_whitelist_is_not_paid() {
    let mut r = RewardWorld::new().await;
    // a second registered operator, with a wSOL account of its authority's
    let other = Keypair::new();
    r.w.t.fund(&[&other], SOL).await;
    let register = reg::register_operator(other.pubkey(), operator_args(&Keypair::new()));
    r.w.t.send(&[register], &[&other]).await.unwrap();
    let other_wsol = Pubkey::new_unique();
    r.w.t
        .ctx
        .set_account(&other_wsol, &wsol_account(other.pubkey(), 0).into());
    let admin = r.w.avs_admin.insecure_clone();
    let ixs = r
        .pay_ixs(
            admin.pubkey(),
            reg::pda::operator(&other.pubkey()),
            other_wsol,
            AMOUNT,
        )
        .await;
    // refused inside the CPI: the vault has no delegation for it
    r.assert_payment_fails(&ixs, &admin, ACCOUNT_NOT_INITIALIZED)
        .await;
    assert_eq!(r.w.t.token_balance(other_wsol).await, 0);
}

#[tokio::test]
async fn the_commission_goes_only_to_an_account_of_the_operators_authority() {
    let mut r = RewardWorld::new().await;
    let admin = r.w.avs_admin.insecure_clone();
    let (operator, funder_wsol) = (r.w.operator, r.funder_wsol);
    // the funder's own wSOL account in the commission's place
    let ixs = r
        .pay_ixs(admin.pubkey(), operator, funder_wsol, AMOUNT)
        .await;
    r.assert_payment_fails(&ixs, &admin, vault_error(VaultError::NotOperatorAuthority))
        .await;
}

#[tokio::test]
async fn the_treasury_pays_only_what_it_holds_and_only_from_the_avs_pda() {
    let mut r = RewardWorld::new().await;
    let admin = r.w.avs_admin.insecure_clone();
    let (operator, op_wsol) = (r.w.operator, r.op_wsol);
    let ixs = r
        .pay_ixs(admin.pubkey(), operator, op_wsol, FUNDED + 1)
        .await;
    r.assert_payment_fails(&ixs, &admin, avs_error(AvsError::RewardTreasuryTooSmall))
        .await;
    // somebody else's account in the treasury's place
    let mut ixs = r.pay_ixs(admin.pubkey(), operator, op_wsol, AMOUNT).await;
    let treasury = r.reward_treasury;
    let meta = ixs[1]
        .accounts
        .iter_mut()
        .find(|m| m.pubkey == treasury)
        .expect("the payment passes the treasury");
    meta.pubkey = r.funder_wsol;
    r.assert_payment_fails(&ixs, &admin, CONSTRAINT_TOKEN_OWNER)
        .await;
    // the whole treasury is fine
    let ixs = r.pay_ixs(admin.pubkey(), operator, op_wsol, FUNDED).await;
    r.w.t.send(&ixs, &[&admin]).await.unwrap();
    assert_eq!(r.w.t.token_balance(r.reward_treasury).await, 0);
}
