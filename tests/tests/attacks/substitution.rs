//! Substituted accounts in the slashing, reward and governance instructions not covered
//! elsewhere (deposit, request and claim: `vault::substitution`; `execute_slash`:
//! `registry::execute_failures`; `cancel_slash`'s escrow: `soundness::escrow_binding`;
//! `refresh_prices` and `add_asset`: `vault_setup_failures`). Each look-alike is a real
//! account of the right type from the other vault of the same world (vaults A and B share
//! the Config, the operator and the AVS, and one request was executed into both), or a
//! faithful copy of a config with one field changed. Each attempt fails with its exact
//! error and changes no byte of any account either vault, the registry or a wallet holds.
use anchor_lang::AccountSerialize;
use lrt_client::{
    instructions as build, registry,
    state::{Config, SlashEscrow, Vault},
};
use lrt_integration_tests::{governance_world, slashing_world::*, *};
use lrt_vault::{errors::VaultError, instructions::DistributeRewardsArgs};
use slasher_registry::state::{RegistryConfig, SlashExecution};
use solana_signer::Signer;

use crate::*;

/// The slashing world after one 10% request executed into both vaults: alice holds shares
/// in A (3 SOL) and B (2 SOL) and has a ticket (id 1) in bucket c + 1 of each; carol holds
/// 3 SOL in B. A's bond covered A's loss; B's holders lost 5% and B's slash may still be
/// cancelled. The treasury is a key of this test (set by the config admin, accepted).
struct Sub {
    w: World,
    alice: Keypair,
    treasury: Keypair,
    request: Pubkey,
    capture: u64,
    a: Vault,
    b: Vault,
    /// The operator authority's wSOL account (receives commissions).
    op_wsol: Pubkey,
    /// Every account that would show a moved value.
    watched: Vec<Pubkey>,
}

async fn sub_world() -> Sub {
    let mut w = World::new().await;
    let (alice, carol) = (
        w.users[0].key.insecure_clone(),
        w.users[2].key.insecure_clone(),
    );
    let (va, vb) = (w.vault_a, w.vault_b);
    w.deposit_from(&alice, w.users[0].wsol, va, 0, 3 * SOL)
        .await;
    w.deposit_from(&alice, w.users[0].wsol, vb, 0, 2 * SOL)
        .await;
    w.deposit_from(&carol, w.users[2].wsol, vb, 0, 3 * SOL)
        .await;
    let treasury = Keypair::new();
    w.t.fund(&[&treasury], SOL).await;
    let admin = w.t.payer().pubkey();
    w.t.send(
        &[
            build::set_treasury(admin, treasury.pubkey()),
            build::accept_treasury(treasury.pubkey()),
        ],
        &[&treasury],
    )
    .await
    .unwrap();
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.epoch().await;
    for vault in [va, vb] {
        w.request_withdrawal(&alice, vault, SOL, 1).await.unwrap();
    }
    let (request, state) = w.request_slash(WAD / 10).await;
    w.advance_to_slot(state.veto_deadline_slot + 1).await;
    for vault in [va, vb] {
        w.execute(&state, vault).await.unwrap();
    }
    let escrow_b: SlashEscrow = w.t.decode(pda::escrow(&vb, &request)).await;
    assert!(escrow_b.fraction_wad > 0);
    let escrow_a: SlashEscrow = w.t.decode(pda::escrow(&va, &request)).await;
    assert_eq!(escrow_a.fraction_wad, 0, "A's bond paid");
    let op_wsol = new_wsol(&mut w.t, w.op.pubkey(), 0);
    let (a, b) = (w.vault(va).await, w.vault(vb).await);
    let mut watched = vec![
        pda::config(),
        registry::pda::registry_config(),
        request,
        a.lrt_mint,
        b.lrt_mint,
        w.users[0].wsol,
        w.users[1].wsol,
        w.users[4].wsol,
        op_wsol,
    ];
    for (vault, state) in [(va, &a), (vb, &b)] {
        watched.extend(state.assets().iter().map(|slot| slot.reserve));
        watched.extend([
            vault,
            pda::escrow(&vault, &request),
            pda::bond(&vault, &w.operator),
            pda::delegation(&vault, &w.operator),
            pda::bucket(&vault, capture + 1),
            pda::ticket(&vault, &alice.pubkey(), 1),
            pda::lrt_account(&alice.pubkey(), &state.lrt_mint),
            registry::pda::slash_execution(&request, &vault),
            registry::pda::vault_epoch_slash(&vault, &w.operator, capture),
            registry::pda::vault_avs(&vault, &w.avs),
        ]);
    }
    Sub {
        w,
        alice,
        treasury,
        request,
        capture,
        a,
        b,
        op_wsol,
        watched,
    }
}

impl Sub {
    /// Sends `ixs`, expects `code`, and checks that no watched account changed.
    async fn refused(&mut self, what: &str, ixs: &[Instruction], signers: &[&Keypair], code: u32) {
        let keys = self.watched.clone();
        refused(&mut self.w.t, ixs, signers, code, &keys, what).await;
    }

    /// Moves past every escrow's resolution delay (sweeps become due).
    async fn resolve(&mut self) {
        let (va, vb) = (self.w.vault_a, self.w.vault_b);
        let ea = escrow(&mut self.w.t, va, self.request).await;
        let eb = escrow(&mut self.w.t, vb, self.request).await;
        let slot = ea.resolve_after_slot.max(eb.resolve_after_slot);
        self.w.advance_to_slot(slot).await;
    }

    async fn escrow(&mut self, vault: Pubkey) -> SlashEscrow {
        let request = self.request;
        escrow(&mut self.w.t, vault, request).await
    }

    /// `[refresh, distribute_rewards]`: bob pays 0.1 SOL of wSOL for vault A's stake with
    /// the operator.
    fn reward_ixs(&self) -> Vec<Instruction> {
        vec![
            build::refresh_prices(&self.a),
            build::distribute_rewards(
                &self.a,
                build::RewardKeys {
                    payer: self.w.users[1].key.pubkey(),
                    payer_token_account: self.w.users[1].wsol,
                    operator: self.w.operator,
                    operator_token_account: self.op_wsol,
                },
                DistributeRewardsArgs {
                    asset_index: 0,
                    amount: SOL / 10,
                },
            ),
        ]
    }

    /// The registry admin's cancel of vault `vault`'s execution.
    async fn cancel_ix(&mut self, vault: Pubkey) -> Instruction {
        let execution: SlashExecution = self
            .w
            .t
            .decode(registry::pda::slash_execution(&self.request, &vault))
            .await;
        registry::cancel_slash(self.w.t.payer().pubkey(), &execution)
    }
}

/// `ixs` with the last instruction's account `from` replaced by `to`.
fn last_swapped(mut ixs: Vec<Instruction>, from: Pubkey, to: Pubkey) -> Vec<Instruction> {
    let last = ixs.pop().unwrap();
    ixs.push(swap(last, from, to));
    ixs
}

#[tokio::test]
async fn substituted_reserve() {
    // Also covered: deposit and claim (vault::substitution).
    let mut s = sub_world().await;
    s.resolve().await;
    let (a_reserve, b_reserve) = (s.a.assets[0].reserve, s.b.assets[0].reserve);
    let escrow_a = s.escrow(s.w.vault_a).await;
    let sweep = build::sweep_escrow(&s.a, &escrow_a, 0);
    let bob = s.w.users[1].key.insecure_clone();
    let code = vault_error(VaultError::WrongReserve);
    s.refused(
        "sweep from B's reserve",
        &[swap(sweep.clone(), a_reserve, b_reserve)],
        &[],
        code,
    )
    .await;
    let reward = last_swapped(s.reward_ixs(), a_reserve, b_reserve);
    s.refused("reward into B's reserve", &reward, &[&bob], code)
        .await;
    let pool_reserve = s.a.assets[1].reserve;
    let reward = last_swapped(s.reward_ixs(), a_reserve, pool_reserve);
    s.refused("reward into A's other reserve", &reward, &[&bob], code)
        .await;
    // controls
    s.w.t.send(&[sweep], &[]).await.unwrap();
    let rewards = s.reward_ixs();
    s.w.t.send(&rewards, &[&bob]).await.unwrap();
}

#[tokio::test]
async fn substituted_mint() {
    let mut s = sub_world().await;
    s.resolve().await;
    let (wsol, pool_mint) = (s.a.assets[0].mint, s.a.assets[1].mint);
    let (a_lrt, b_lrt) = (s.a.lrt_mint, s.b.lrt_mint);
    let escrow_a = s.escrow(s.w.vault_a).await;
    let sweep = build::sweep_escrow(&s.a, &escrow_a, 0);
    let bob = s.w.users[1].key.insecure_clone();
    s.refused(
        "sweep naming another asset's mint",
        &[swap(sweep.clone(), wsol, pool_mint)],
        &[],
        vault_error(VaultError::WrongAssetMint),
    )
    .await;
    let reward = last_swapped(s.reward_ixs(), wsol, pool_mint);
    s.refused(
        "reward naming another asset's mint",
        &reward,
        &[&bob],
        vault_error(VaultError::WrongAssetMint),
    )
    .await;
    // the LRT mint of the other vault, where the vault is derived from it
    let seeds = anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds);
    let alice = s.alice.insecure_clone();
    let fund = build::fund_insurance(&s.a, alice.pubkey(), SOL / 10);
    s.refused(
        "insurance gift with B's LRT mint",
        &[swap(fund.clone(), a_lrt, b_lrt)],
        &[&alice],
        seeds,
    )
    .await;
    let treasury = s.treasury.insecure_clone();
    let destination = pda::lrt_account(&treasury.pubkey(), &a_lrt);
    s.w.t
        .send(
            &[create_lrt_account_ix(treasury.pubkey(), a_lrt)],
            &[&treasury],
        )
        .await
        .unwrap();
    s.watched.push(destination);
    let claim = build::claim_treasury_fees(&s.a, treasury.pubkey(), destination);
    s.refused(
        "treasury claim with B's LRT mint",
        &[swap(claim, a_lrt, b_lrt)],
        &[&treasury],
        seeds,
    )
    .await;
    let op = s.w.op.insecure_clone();
    let bond = build::bond(&s.a, s.w.operator, op.pubkey(), 1);
    s.refused(
        "bond with B's LRT mint",
        &[swap(bond, a_lrt, b_lrt)],
        &[&op],
        seeds,
    )
    .await;
    // controls
    s.w.t.send(&[sweep], &[]).await.unwrap();
    s.w.t.send(&[fund], &[&alice]).await.unwrap();
}

#[tokio::test]
async fn substituted_ticket() {
    // Covered in depth by vault::substitution::claim_with_any_account_substituted_moves_nothing.
    // alice has ticket 1 in both vaults: her B ticket presented against vault A's books.
    let mut s = sub_world().await;
    s.resolve().await;
    let alice = s.alice.insecure_clone();
    let (va, vb) = (s.w.vault_a, s.w.vault_b);
    let wallets = [s.w.users[0].wsol, s.w.users[0].pool_tokens];
    let pool_mint = s.w.pool_mint;
    let to = move |mint: &Pubkey| {
        if *mint == pool_mint {
            wallets[1]
        } else {
            wallets[0]
        }
    };
    s.w.advance_to_slot((s.capture + 2) * EPOCH_LENGTH).await;
    let claim = claim_ix(&mut s.w.t, va, &alice.pubkey(), 1, to).await;
    let (a_ticket, b_ticket) = (
        pda::ticket(&va, &alice.pubkey(), 1),
        pda::ticket(&vb, &alice.pubkey(), 1),
    );
    s.refused(
        "B's ticket against A",
        &[swap(claim.clone(), a_ticket, b_ticket)],
        &[&alice],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
    )
    .await;
    s.w.t.send(&[claim], &[&alice]).await.unwrap();
}

#[tokio::test]
async fn substituted_bucket() {
    // Also covered: claim and request_withdrawal (vault::substitution), execute_slash
    // (registry::execute_failures). Here: the cancel of B's slash, told to restore A's
    // bucket of the same epoch (which the slash never touched) in place of B's.
    let mut s = sub_world().await;
    let vb = s.w.vault_b;
    let cancel = s.cancel_ix(vb).await;
    let (a_bucket, b_bucket) = (
        pda::bucket(&s.w.vault_a, s.capture + 1),
        pda::bucket(&vb, s.capture + 1),
    );
    s.refused(
        "cancel restoring A's bucket",
        &[swap(cancel.clone(), b_bucket, a_bucket)],
        &[],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
    )
    .await;
    s.w.t.send(&[cancel], &[]).await.unwrap();
}

#[tokio::test]
async fn substituted_escrow() {
    // Also covered: cancel_slash with another execution's escrow (soundness::escrow_binding).
    // The same request was executed into both vaults: each escrow is its vault's.
    let mut s = sub_world().await;
    let (va, vb) = (s.w.vault_a, s.w.vault_b);
    let (a_escrow, b_escrow) = (pda::escrow(&va, &s.request), pda::escrow(&vb, &s.request));
    let seeds = anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds);
    // cancelling B's execution with A's escrow (the registry binds it to the execution)
    let cancel = s.cancel_ix(vb).await;
    s.refused(
        "cancel of B with A's escrow",
        &[swap(cancel.clone(), b_escrow, a_escrow)],
        &[],
        seeds,
    )
    .await;
    // sweeping A's reserve by B's escrow (B's escrow took more: 0.3 SOL against 0.25)
    s.resolve().await;
    let escrow_b = s.escrow(vb).await;
    let mut sweep = build::sweep_escrow(&s.b, &escrow_b, 0);
    sweep = swap(sweep, vb, va);
    sweep = swap(sweep, s.b.assets[0].reserve, s.a.assets[0].reserve);
    s.refused("sweep of A by B's escrow", &[sweep], &[], seeds)
        .await;
    let escrow_a = s.escrow(va).await;
    s.w.t
        .send(&[build::sweep_escrow(&s.a, &escrow_a, 0)], &[])
        .await
        .unwrap();
}

#[tokio::test]
async fn substituted_pricing_account() {
    // Covered in depth by vault_setup_failures::refresh_prices (missing, extra, reordered,
    // look-alike and re-created pricing accounts) and add_asset.
    // In a new Solana epoch, mallory refreshes vault A with a copy of its stake pool that
    // says 2 SOL per token, then deposits pool tokens at that price.
    let mut s = sub_world().await;
    let va = s.w.vault_a;
    let solana_epoch =
        s.w.t
            .ctx
            .banks_client
            .get_sysvar::<anchor_lang::prelude::Clock>()
            .await
            .unwrap()
            .epoch;
    let next =
        s.w.t
            .ctx
            .genesis_config()
            .epoch_schedule
            .get_first_slot_in_epoch(solana_epoch + 1);
    s.w.advance_to_slot(next).await;
    let pool = s.w.pool;
    let copy = look_alike(&mut s.w.t, pool).await;
    put(
        &mut s.w.t,
        copy,
        data_account(
            lrt_vault::constants::ALLOWED_STAKE_POOL_PROGRAMS[0],
            restaking_math::encode_stake_pool(&restaking_math::StakePoolReading {
                pool_mint: s.w.pool_mint.to_bytes(),
                token_program_id: anchor_spl::token::ID.to_bytes(),
                total_lamports: 2_000 * SOL,
                pool_token_supply: 1_000 * SOL,
                last_update_epoch: solana_epoch + 1,
            }),
        ),
    );
    let mallory = s.w.users[4].key.insecure_clone();
    s.watched.push(s.w.users[4].pool_tokens);
    let refresh = swap(build::refresh_prices(&s.a), pool, copy);
    s.refused(
        "refresh with a look-alike pool",
        &[refresh],
        &[],
        vault_error(VaultError::WrongPricingAccount),
    )
    .await;
    // without a fresh price nothing that values the vault runs
    let mut ixs = deposit_ixs(&mut s.w.t, va, &mallory, s.w.users[4].pool_tokens, 1, SOL).await;
    ixs.remove(1);
    let lrt = pda::lrt_account(&mallory.pubkey(), &s.a.lrt_mint);
    s.watched.push(lrt);
    s.refused(
        "deposit at the stale price",
        &ixs,
        &[&mallory],
        vault_error(VaultError::StalePrice),
    )
    .await;
    // the pinned pool prices it at 1.05
    let state = s.w.vault(va).await;
    s.w.t
        .send(&[build::refresh_prices(&state)], &[])
        .await
        .unwrap();
    assert_eq!(s.w.vault(va).await.assets[1].price_wad, POOL_PRICE);
}

/// A copy of the account at `key` with its decoded state changed by `edit`, at a fresh
/// address with the same owner.
async fn edited_copy<T: anchor_lang::AccountDeserialize + AccountSerialize>(
    t: &mut TestContext,
    key: Pubkey,
    edit: impl FnOnce(&mut T),
) -> Pubkey {
    let mut account = t.account(key).await.unwrap();
    let mut state: T = t.decode(key).await;
    edit(&mut state);
    let mut data = Vec::new();
    state.try_serialize(&mut data).unwrap();
    data.resize(account.data.len(), 0);
    account.data = data;
    let copy = Pubkey::new_unique();
    put(t, copy, account);
    copy
}

#[tokio::test]
async fn substituted_config() {
    // Also covered: deposit, request and claim with another account in Config's place
    // (vault::substitution), registry::admin (the registry reads only the vault program's
    // Config). Look-alikes here are faithful copies of the real configs, owned by the
    // right program, with one field changed in the attacker's favour.
    let mut s = sub_world().await;
    let vb = s.w.vault_b;
    let mallory = s.w.users[4].key.insecure_clone();
    let seeds = anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds);
    // a vault Config naming mallory as treasury, and the hostile program as registry
    let fake_treasury =
        edited_copy::<Config>(&mut s.w.t, pda::config(), |c| c.treasury = mallory.pubkey()).await;
    let fake_registry = edited_copy::<Config>(&mut s.w.t, pda::config(), |c| {
        c.registry_program = hostile_id()
    })
    .await;
    // a RegistryConfig naming mallory as admin
    let fake_admin =
        edited_copy::<RegistryConfig>(&mut s.w.t, registry::pda::registry_config(), |c| {
            c.admin = mallory.pubkey()
        })
        .await;

    let destination = pda::lrt_account(&mallory.pubkey(), &s.b.lrt_mint);
    s.w.t
        .send(
            &[create_lrt_account_ix(mallory.pubkey(), s.b.lrt_mint)],
            &[&mallory],
        )
        .await
        .unwrap();
    s.watched.push(destination);
    let claim = build::claim_treasury_fees(&s.b, mallory.pubkey(), destination);
    s.refused(
        "treasury claim under a Config naming mallory",
        &[swap(claim, pda::config(), fake_treasury)],
        &[&mallory],
        seeds,
    )
    .await;
    let cancel = s.cancel_ix(vb).await;
    let by_mallory = swap(
        swap(cancel.clone(), s.w.t.payer().pubkey(), mallory.pubkey()),
        registry::pda::registry_config(),
        fake_admin,
    );
    s.refused(
        "cancel under a RegistryConfig naming mallory",
        &[by_mallory],
        &[&mallory],
        seeds,
    )
    .await;
    s.refused(
        "cancel with a vault Config naming another registry",
        &[swap(cancel.clone(), pda::config(), fake_registry)],
        &[],
        seeds,
    )
    .await;
    // a second request, executed against vault B under a look-alike vault Config
    let (request_key, request) = s.w.request_slash(WAD / 10).await;
    s.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    let state = s.w.vault(vb).await;
    let execute = registry::execute_slash(s.w.t.payer().pubkey(), &request, vb);
    s.watched.extend([
        request_key,
        pda::escrow(&vb, &request_key),
        registry::pda::slash_execution(&request_key, &vb),
    ]);
    s.refused(
        "execution under a look-alike vault Config",
        &[
            build::refresh_prices(&state),
            swap(execute.clone(), pda::config(), fake_registry),
        ],
        &[],
        seeds,
    )
    .await;
    s.w.t
        .send(&[build::refresh_prices(&state), execute], &[])
        .await
        .unwrap();
}

#[tokio::test]
async fn substituted_delegation() {
    // Also covered: execute_slash (registry::execute_failures).
    let mut s = sub_world().await;
    let (va, vb) = (s.w.vault_a, s.w.vault_b);
    let op = s.w.operator;
    let (a_delegation, b_delegation) = (pda::delegation(&va, &op), pda::delegation(&vb, &op));
    let seeds = anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds);
    let bob = s.w.users[1].key.insecure_clone();
    let reward = last_swapped(s.reward_ixs(), a_delegation, b_delegation);
    s.refused("reward through B's delegation", &reward, &[&bob], seeds)
        .await;
    // the curator of both vaults: allocations of one vault moved through the other's books
    let curator = s.w.curator.insecure_clone();
    let changes = [
        build::undelegate(curator.pubkey(), va, op, WAD as u64 / 10),
        build::delegate(curator.pubkey(), va, op, WAD as u64 / 10),
        build::set_concentration_limit(curator.pubkey(), va, op, 9_000),
    ];
    for change in changes {
        s.refused(
            "an allocation change with B's delegation",
            &[swap(change, a_delegation, b_delegation)],
            &[&curator],
            seeds,
        )
        .await;
    }
    let cancel = s.cancel_ix(vb).await;
    s.refused(
        "cancel of B through A's delegation",
        &[swap(cancel.clone(), b_delegation, a_delegation)],
        &[],
        seeds,
    )
    .await;
    s.w.t.send(&[cancel], &[]).await.unwrap();
    let rewards = s.reward_ixs();
    s.w.t.send(&rewards, &[&bob]).await.unwrap();
}

#[tokio::test]
async fn substituted_bond() {
    // Also covered: execute_slash (registry::execute_failures).
    // A's bond holds 0.25 SOL of shares after the slash; B's bond is empty.
    let mut s = sub_world().await;
    let (va, vb) = (s.w.vault_a, s.w.vault_b);
    let op_key = s.w.operator;
    let (a_bond, b_bond) = (pda::bond(&va, &op_key), pda::bond(&vb, &op_key));
    let seeds = anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds);
    let op = s.w.op.insecure_clone();
    let op_lrt_b = s.w.t.create_lrt_account(&op, s.b.lrt_mint).await;
    s.watched.push(op_lrt_b);
    let moves = [
        build::unbond(vb, op_key, op.pubkey(), 1),
        build::bond(&s.b, op_key, op.pubkey(), 1),
        build::complete_unbond(&s.b, op_key, op.pubkey()),
    ];
    for ix in moves {
        s.refused(
            "B's books with A's bond",
            &[swap(ix, b_bond, a_bond)],
            &[&op],
            seeds,
        )
        .await;
    }
    let cancel = s.cancel_ix(vb).await;
    s.refused(
        "cancel of B restoring A's bond",
        &[swap(cancel.clone(), b_bond, a_bond)],
        &[],
        seeds,
    )
    .await;
    s.w.t.send(&[cancel], &[]).await.unwrap();
    s.w.t
        .send(&[build::unbond(va, op_key, op.pubkey(), 1)], &[&op])
        .await
        .unwrap();
}

#[tokio::test]
async fn substituted_governance_accounts() {
    // Roles are covered by vault_setup_failures::roles, governance::roles and
    // registry::opt_ins; here each role holder points its instruction at a vault it holds
    // no role in (mallory's), or at a copy of Config naming it admin.
    let mut e = governance_world::World::new().await;
    let (curator, mallory) = (e.curator.insecure_clone(), e.mallory.insecure_clone());
    let treasury = e.treasury.pubkey();
    let theirs =
        e.t.create_wsol_vault(&mallory, e.mallory_wsol, treasury, SOL, u64::MAX)
            .await
            .vault;
    let admin_copy =
        edited_copy::<Config>(&mut e.t, pda::config(), |c| c.admin = curator.pubkey()).await;
    let keys = [pda::config(), e.vault_key, theirs];
    let vault_code = |err| vault_error(err);
    let cases = [
        (
            "fees of mallory's vault",
            build::set_fees(curator.pubkey(), theirs, 100, 100),
            vault_code(VaultError::NotFeeAdmin),
        ),
        (
            "reward fees of mallory's vault",
            build::set_reward_fees(curator.pubkey(), theirs, 100, 0),
            vault_code(VaultError::NotFeeAdmin),
        ),
        (
            "caps of mallory's vault",
            build::set_caps(curator.pubkey(), theirs, 0, 0),
            vault_code(VaultError::NotCurator),
        ),
        (
            "pause of mallory's vault",
            build::set_vault_pause(curator.pubkey(), theirs, true, true),
            vault_code(VaultError::NotPauser),
        ),
        (
            "curator handover of mallory's vault",
            build::transfer_curator(curator.pubkey(), theirs, curator.pubkey()),
            vault_code(VaultError::NotCurator),
        ),
        (
            "fee-admin handover of mallory's vault",
            build::transfer_fee_admin(curator.pubkey(), theirs, curator.pubkey()),
            vault_code(VaultError::NotFeeAdmin),
        ),
        (
            "accepting mallory's vault, proposed to nobody",
            build::accept_curator(curator.pubkey(), theirs),
            vault_code(VaultError::NotPendingCurator),
        ),
        (
            "protocol pause under a Config naming the curator admin",
            swap(build::pause(curator.pubkey()), pda::config(), admin_copy),
            anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        ),
        (
            "treasury change under a Config naming the curator admin",
            swap(
                build::set_treasury(curator.pubkey(), curator.pubkey()),
                pda::config(),
                admin_copy,
            ),
            anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        ),
    ];
    for (what, ix, code) in cases {
        refused(&mut e.t, &[ix], &[&curator], code, &keys, what).await;
    }
    // the curator's own vault: the same instruction goes through
    let own = build::set_fees(curator.pubkey(), e.vault_key, 100, 100);
    e.t.send(&[own], &[&curator]).await.unwrap();
}
