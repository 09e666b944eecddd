//! The vault's side of restaking: whitelisting registry operators, delegations that count
//! from the next epoch and stay slashable after undelegation, operator bonds and the
//! insurance fund as internal shares, and `apply_slash` refusing every signer but the
//! registry's PDA.
use anchor_lang::{prelude::Pubkey, InstructionData, ToAccountMetas};
use lrt_client::{
    instructions as build, pda,
    state::{Delegation, OperatorBond, SlashDestination, Vault},
};
use lrt_integration_tests::*;
use lrt_vault::{constants::WSOL_MINT, errors::VaultError, instructions::*};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;
/// Anchor's `AccountNotSigner`.
const ACCOUNT_NOT_SIGNER: u32 = 3010;

struct World {
    t: TestContext,
    curator: Keypair,
    alice: Keypair,
    op: Keypair,
    vault_key: Pubkey,
    vault: Vault,
    operator: Pubkey,
    invariants: InvariantChecker,
}

/// Registers `authority` as an operator in the real slasher registry.
async fn register_operator(t: &mut TestContext, authority: &Keypair) -> Pubkey {
    let operator = Pubkey::find_program_address(
        &[b"operator", authority.pubkey().as_ref()],
        &slasher_registry::ID,
    )
    .0;
    let (event_authority, _) =
        Pubkey::find_program_address(&[b"__event_authority"], &slasher_registry::ID);
    let ix = anchor_lang::solana_program::instruction::Instruction {
        program_id: slasher_registry::ID,
        accounts: slasher_registry::accounts::RegisterOperator {
            authority: authority.pubkey(),
            operator,
            system_program: anchor_lang::system_program::ID,
            event_authority,
            program: slasher_registry::ID,
        }
        .to_account_metas(None),
        data: slasher_registry::instruction::RegisterOperator {
            args: slasher_registry::instructions::OperatorArgs {
                commission_bps: 1_000,
                signing_key: [7; 32],
                metadata_uri: "https://example.org/op.json".into(),
            },
        }
        .data(),
    };
    t.send(&[ix], &[authority]).await.unwrap();
    operator
}

/// A wSOL vault worth 10 SOL (1 SOL seed, alice 7, the operator 2), an operator
/// registered in the registry and whitelisted with a 50% concentration limit.
async fn world() -> World {
    let [curator, alice, op] = [(); 3].map(|_| Keypair::new());
    let [curator_wsol, alice_wsol, op_wsol] = [(); 3].map(|_| Pubkey::new_unique());
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (curator_wsol, wsol_account(curator.pubkey(), SOL)),
        (alice_wsol, wsol_account(alice.pubkey(), 7 * SOL)),
        (op_wsol, wsol_account(op.pubkey(), 2 * SOL)),
    ])
    .await;
    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &alice, &op], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 0).await;
    let vault_key = t
        .create_wsol_vault(&curator, curator_wsol, treasury, SOL, u64::MAX)
        .await
        .vault;
    let vault: Vault = t.decode(vault_key).await;
    for (who, wsol, amount) in [(&alice, alice_wsol, 7 * SOL), (&op, op_wsol, 2 * SOL)] {
        let lrt = pda::lrt_account(&who.pubkey(), &vault.lrt_mint);
        let args = DepositArgs {
            asset_index: 0,
            amount,
            min_shares_out: amount,
        };
        let ixs = [
            create_lrt_account_ix(who.pubkey(), vault.lrt_mint),
            build::deposit(&vault, treasury, who.pubkey(), wsol, lrt, args),
        ];
        t.send(&ixs, &[who]).await.unwrap();
    }
    let operator = register_operator(&mut t, &op).await;
    let whitelist = build::whitelist_operator(curator.pubkey(), vault_key, operator, 5_000);
    t.send(&[whitelist], &[&curator]).await.unwrap();
    let mut invariants = InvariantChecker::new(vault_key);
    invariants.check(&mut t, "world").await;
    World {
        t,
        curator,
        alice,
        op,
        vault_key,
        vault,
        operator,
        invariants,
    }
}

impl World {
    async fn epoch(&mut self) -> u64 {
        self.t.slot().await / EPOCH_LENGTH
    }

    async fn delegation(&mut self) -> Delegation {
        let key = pda::delegation(&self.vault_key, &self.operator);
        self.t.decode(key).await
    }
}

#[tokio::test]
async fn whitelisting_checks_the_curator_the_operator_and_the_limit() {
    let mut w = world().await;
    let delegation = w.delegation().await;
    assert_eq!(delegation.max_bps, 5_000);
    assert_eq!(
        (delegation.stake_current, delegation.stake_next),
        (0, 0),
        "nothing delegated yet"
    );
    let bond: OperatorBond = w.t.decode(pda::bond(&w.vault_key, &w.operator)).await;
    assert_eq!((bond.authority, bond.shares), (w.op.pubkey(), 0));

    let other = Keypair::new();
    w.t.fund(&[&other], SOL).await;
    let other_operator = register_operator(&mut w.t, &other).await;
    let (alice, curator) = (w.alice.insecure_clone(), w.curator.insecure_clone());
    // not the curator
    let ix = build::whitelist_operator(alice.pubkey(), w.vault_key, other_operator, 5_000);
    assert_error(
        w.t.send(&[ix], &[&alice]).await,
        vault_error(VaultError::NotCurator),
    );
    // an account that is not a registry operator: the vault itself, and a wallet
    for fake in [w.vault_key, alice.pubkey()] {
        let ix = build::whitelist_operator(curator.pubkey(), w.vault_key, fake, 5_000);
        assert_error(
            w.t.send(&[ix], &[&curator]).await,
            vault_error(VaultError::NotRegistryOperator),
        );
    }
    // a limit of 0 or above 100%
    for max_bps in [0, 10_001] {
        let ix = build::whitelist_operator(curator.pubkey(), w.vault_key, other_operator, max_bps);
        assert_error(
            w.t.send(&[ix], &[&curator]).await,
            vault_error(VaultError::InvalidConcentrationLimit),
        );
    }
    assert!(w
        .t
        .account(pda::delegation(&w.vault_key, &other_operator))
        .await
        .is_none());
    // twice the same operator
    let ix = build::whitelist_operator(curator.pubkey(), w.vault_key, w.operator, 5_000);
    assert_error(
        w.t.send(&[ix], &[&curator]).await,
        vault_error(VaultError::AccountAlreadyExists),
    );
}

#[tokio::test]
async fn delegations_count_from_the_next_epoch_and_undelegations_stay_slashable() {
    let mut w = world().await;
    let curator = w.curator.insecure_clone();
    let e = w.epoch().await;
    let delegate = |amount| build::delegate(curator.pubkey(), w.vault_key, w.operator, amount);
    w.t.send(&[delegate(4 * SOL)], &[&curator]).await.unwrap();
    // 50% of 10 SOL: one lamport more than the 1 SOL left under the limit fails
    assert_error(
        w.t.send(&[delegate(SOL + 1)], &[&curator]).await,
        vault_error(VaultError::DelegationLimitExceeded),
    );
    let alice = w.alice.insecure_clone();
    let by_alice = build::delegate(alice.pubkey(), w.vault_key, w.operator, SOL);
    assert_error(
        w.t.send(&[by_alice], &[&alice]).await,
        vault_error(VaultError::NotCurator),
    );
    let mut d = w.delegation().await;
    assert_eq!(d.stake_at(e, e).unwrap(), 0, "not counted in its own epoch");
    assert_eq!(d.stake_at(e + 1, e + 1).unwrap(), 4 * SOL);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.delegated_total, 4 * SOL);

    // epoch u = e+1: undelegate 1 SOL; like an opt-out it still counts for captures at
    // u and u + 1, and stops counting from u + 2
    let u = e + 1;
    w.t.warp_to_slot(u * EPOCH_LENGTH).await;
    let undelegate = build::undelegate(curator.pubkey(), w.vault_key, w.operator, SOL);
    w.t.send(&[undelegate], &[&curator]).await.unwrap();
    let too_much = build::undelegate(curator.pubkey(), w.vault_key, w.operator, 3 * SOL + 1);
    assert_error(
        w.t.send(&[too_much], &[&curator]).await,
        vault_error(VaultError::InsufficientDelegation),
    );
    let mut d = w.delegation().await;
    assert_eq!(
        (d.stake_current, d.stake_next, d.stake_later, d.undelegating),
        (4 * SOL, 4 * SOL, 3 * SOL, SOL)
    );
    assert_eq!(d.stake_at(u + 1, u + 1).unwrap(), 4 * SOL, "capture u + 1");
    assert_eq!(
        d.stake_at(u + 1, u + 2).unwrap(),
        4 * SOL,
        "... run in u + 2"
    );
    assert_eq!(d.stake_at(u + 2, u + 2).unwrap(), 3 * SOL);
    assert!(
        d.stake_at(u, u + 2).is_err(),
        "capture u is out of window in u + 2"
    );
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.delegated_total, 3 * SOL);

    // completion waits until no capture that still counted it can execute: after u + 2
    let complete = build::complete_undelegation(w.vault_key, w.operator);
    w.t.warp_to_slot((u + 3) * EPOCH_LENGTH - 1).await;
    assert_error(
        w.t.send(std::slice::from_ref(&complete), &[]).await,
        vault_error(VaultError::CooldownNotOver),
    );
    w.t.warp_to_slot((u + 3) * EPOCH_LENGTH).await;
    w.t.send(std::slice::from_ref(&complete), &[])
        .await
        .unwrap();
    let d = w.delegation().await;
    assert_eq!(
        (d.undelegating, d.stake_current, d.stake_next),
        (0, 3 * SOL, 3 * SOL)
    );
    assert_error(
        w.t.send(&[complete], &[]).await,
        vault_error(VaultError::NothingPending),
    );
    w.invariants.check(&mut w.t, "after delegations").await;
}

#[tokio::test]
async fn bonds_and_insurance_are_shares_kept_in_the_vaults_ledger() {
    let mut w = world().await;
    let (op, alice) = (w.op.insecure_clone(), w.alice.insecure_clone());
    let (op_lrt, alice_lrt) = (
        pda::lrt_account(&op.pubkey(), &w.vault.lrt_mint),
        pda::lrt_account(&alice.pubkey(), &w.vault.lrt_mint),
    );
    let price_before: Vault = w.t.decode(w.vault_key).await;
    // the operator bonds 1.5 of its 2 LRT; alice cannot bond on its behalf
    let bond = build::bond(&w.vault, w.operator, op.pubkey(), 1_500_000_000);
    w.t.send(&[bond], &[&op]).await.unwrap();
    let forged = build::bond(&w.vault, w.operator, alice.pubkey(), SOL);
    assert_error(
        w.t.send(&[forged], &[&alice]).await,
        vault_error(VaultError::NotOperatorAuthority),
    );
    assert_eq!(w.t.token_balance(op_lrt).await, 500_000_000);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.bonded_shares, 1_500_000_000);
    assert_eq!(
        vault.share_supply, price_before.share_supply,
        "shares unchanged"
    );
    assert_eq!(w.t.mint_supply(vault.lrt_mint).await, 8_500_000_000);
    w.invariants.check(&mut w.t, "bond").await;

    // alice gives 1 LRT to the insurance fund
    let fund = build::fund_insurance(&w.vault, alice.pubkey(), SOL);
    w.t.send(&[fund], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(alice_lrt).await, 6 * SOL);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.insurance_shares, SOL);
    w.invariants.check(&mut w.t, "insurance").await;

    // unbonded in e: first in line for captures up to e + 1, completed from e + 3
    let e = w.epoch().await;
    let unbond = build::unbond(w.vault_key, w.operator, op.pubkey(), 400_000_000);
    w.t.send(&[unbond], &[&op]).await.unwrap();
    let too_much = build::unbond(w.vault_key, w.operator, op.pubkey(), 1_100_000_001);
    assert_error(
        w.t.send(&[too_much], &[&op]).await,
        vault_error(VaultError::InsufficientBond),
    );
    let bond: OperatorBond = w.t.decode(pda::bond(&w.vault_key, &w.operator)).await;
    assert_eq!(
        (bond.shares, bond.unbonding_shares),
        (1_100_000_000, 400_000_000)
    );
    let complete = build::complete_unbond(&w.vault, w.operator, op.pubkey());
    w.t.warp_to_slot((e + 3) * EPOCH_LENGTH - 1).await;
    assert_error(
        w.t.send(std::slice::from_ref(&complete), &[&op]).await,
        vault_error(VaultError::CooldownNotOver),
    );
    w.t.warp_to_slot((e + 3) * EPOCH_LENGTH).await;
    w.t.send(&[complete], &[&op]).await.unwrap();
    assert_eq!(w.t.token_balance(op_lrt).await, 900_000_000);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.bonded_shares, 1_100_000_000);
    w.invariants.check(&mut w.t, "unbond").await;
}

#[tokio::test]
async fn apply_slash_refuses_every_signer_but_the_registry_pda() {
    let mut w = world().await;
    let curator = w.curator.insecure_clone();
    let delegate = build::delegate(curator.pubkey(), w.vault_key, w.operator, 4 * SOL);
    w.t.send(&[delegate], &[&curator]).await.unwrap();
    let e = w.epoch().await;
    w.t.warp_to_slot((e + 1) * EPOCH_LENGTH).await;
    let args = ApplySlashArgs {
        request: Pubkey::new_unique(),
        operator: w.operator,
        capture_epoch: e + 1,
        loss_lamports: SOL,
        destination: SlashDestination::Burn,
        resolve_after_slot: 0,
    };
    let before = w.t.account(w.vault_key).await.unwrap();
    // anyone signing as the slasher: the curator, the operator, a fresh key
    for who in [
        curator.insecure_clone(),
        w.op.insecure_clone(),
        Keypair::new(),
    ] {
        let ix = build::apply_slash(who.pubkey(), who.pubkey(), w.vault_key, args);
        w.t.fund(&[&who], SOL).await;
        assert_error(
            w.t.send(&[ix], &[&who]).await,
            vault_error(VaultError::NotSlasher),
        );
    }
    // the ["slasher"] PDA of another program (here the vault's own id) is no better
    let forged = Pubkey::find_program_address(&[b"slasher"], &lrt_vault::ID).0;
    assert_ne!(forged, pda::slasher(&slasher_registry::ID));
    // it cannot sign a transaction at all; the real PDA can only sign through the
    // registry's invoke_signed (exercised by the registry's execute_slash tests)
    let payer = w.t.payer();
    let mut ix = build::apply_slash(forged, payer.pubkey(), w.vault_key, args);
    ix.accounts[0].is_signer = false;
    assert_error(w.t.send(&[ix], &[]).await, ACCOUNT_NOT_SIGNER);
    assert_eq!(
        w.t.account(w.vault_key).await.unwrap(),
        before,
        "nothing changed"
    );
    assert!(w
        .t
        .account(pda::escrow(&w.vault_key, &args.request))
        .await
        .is_none());
}

#[tokio::test]
async fn rewards_pay_the_commission_mint_fee_shares_and_vest_the_rest() {
    let mut w = world().await;
    let (curator, op, alice) = (
        w.curator.insecure_clone(),
        w.op.insecure_clone(),
        w.alice.insecure_clone(),
    );
    // the avs pays 1 SOL of wSOL; the operator's commission is 10% (registered),
    // the vault takes 10% of the rest, a fifth of which goes to the insurance fund
    let [avs, op_wsol, alice_more] = [(); 3].map(|_| Pubkey::new_unique());
    let payer = Keypair::new();
    w.t.fund(&[&payer], SOL).await;
    for (key, owner, amount) in [
        (avs, payer.pubkey(), SOL),
        (op_wsol, op.pubkey(), 0),
        (alice_more, alice.pubkey(), SOL),
    ] {
        w.t.ctx
            .set_account(&key, &wsol_account(owner, amount).into());
    }
    let set = build::set_reward_fees(curator.pubkey(), w.vault_key, 1_000, 2_000);
    w.t.send(&[set], &[&curator]).await.unwrap();
    for (who, fee, cut, error) in [
        (&alice, 1_000, 2_000, VaultError::NotFeeAdmin),
        (&curator, 3_001, 0, VaultError::FeeAboveCap),
        (&curator, 0, 10_001, VaultError::FeeAboveCap),
    ] {
        let ix = build::set_reward_fees(who.pubkey(), w.vault_key, fee, cut);
        assert_error(w.t.send(&[ix], &[who]).await, vault_error(error));
    }
    let treasury =
        w.t.decode::<lrt_client::state::Config>(pda::config())
            .await
            .treasury;
    let keys = |operator_token_account| build::RewardKeys {
        payer: payer.pubkey(),
        payer_token_account: avs,
        operator: w.operator,
        operator_token_account,
        treasury,
    };
    let args = DistributeRewardsArgs {
        asset_index: 0,
        amount: SOL,
    };
    // the commission may only go to the operator authority's own account
    let to_alice = build::distribute_rewards(&w.vault, keys(alice_more), args);
    assert_error(
        w.t.send(&[to_alice], &[&payer]).await,
        vault_error(VaultError::NotOperatorAuthority),
    );
    let reward = build::distribute_rewards(&w.vault, keys(op_wsol), args);
    let paid_at = w.t.slot().await;
    w.t.send(&[reward], &[&payer]).await.unwrap();

    // commission 0.1; fee ceil(0.9 x 10%) = 0.09, insurance 0.018, treasury 0.072;
    // vesting 0.81. Fee shares at 1 share per lamport (S = V = 10 SOL).
    assert_eq!(w.t.token_balance(op_wsol).await, 100_000_000);
    assert_eq!(
        w.t.token_balance(pda::lrt_account(&treasury, &w.vault.lrt_mint))
            .await,
        72_000_000
    );
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.insurance_shares, 18_000_000);
    assert_eq!(vault.share_supply, 10_090_000_000);
    assert_eq!(vault.assets[0].active_amount, 10_090_000_000);
    assert_eq!(vault.assets[0].unvested_amount, 810_000_000);
    assert_eq!(vault.assets[0].vesting_end_slot, paid_at + EPOCH_LENGTH);
    w.invariants.check(&mut w.t, "reward").await;

    // half-way through the vesting, a deposit first credits half of it, then prices
    w.t.warp_to_slot(paid_at + EPOCH_LENGTH / 2).await;
    let slot_now = w.t.slot().await;
    let vested = 810_000_000u128 * (slot_now - paid_at) as u128 / EPOCH_LENGTH as u128;
    let value = 10_090_000_000u128 + vested;
    let expected = (SOL as u128 * 10_090_000_000u128 / value) as u64;
    let alice_lrt = pda::lrt_account(&alice.pubkey(), &w.vault.lrt_mint);
    let before = w.t.token_balance(alice_lrt).await;
    let deposit = build::deposit(
        &w.vault,
        treasury,
        alice.pubkey(),
        alice_more,
        alice_lrt,
        DepositArgs {
            asset_index: 0,
            amount: SOL,
            min_shares_out: expected,
        },
    );
    let refresh = build::refresh_prices(&w.vault);
    w.t.send(&[refresh, deposit], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(alice_lrt).await - before, expected);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(
        vault.assets[0].unvested_amount as u128,
        810_000_000 - vested
    );
    assert_eq!(vault.assets[0].active_amount as u128, value + SOL as u128);
    w.invariants.check(&mut w.t, "half vested").await;
}
