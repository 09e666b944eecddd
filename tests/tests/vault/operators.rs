//! The vault's side of restaking: whitelisting registry operators, allocations (WAD
//! fractions of the vault) that count from the next epoch, stay slashable one epoch after
//! a decrease and sum to at most 100%, concentration limits, operator bonds and the
//! insurance fund as internal shares, and `apply_slash` refusing every signer but the
//! registry's PDA.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    events::{ConcentrationLimitSet, DelegationChanged},
    instructions as build, pda,
    state::{AllocationHistory, Delegation, OperatorBond, RewardVesting, SlashDestination, Vault},
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

/// Registers `authority` as an operator (10% commission) in the real slasher registry.
async fn register_operator(t: &mut TestContext, authority: &Keypair) -> Pubkey {
    lrt_fixtures::NewOperator {
        commission_bps: 1_000,
        signing_key: [7; 32],
        metadata_uri: "https://example.org/op.json".into(),
    }
    .register(t, authority)
    .await
    .unwrap()
}

/// The registry's Config (operators register against its commission cap).
async fn initialize_registry(t: &mut TestContext) {
    lrt_fixtures::Protocol {
        veto_window_slots: 20,
        resolution_delay_slots: 30,
        ..protocol(Pubkey::default(), EPOCH_LENGTH, 0, t.payer().pubkey())
    }
    .init_registry(t)
    .await
    .unwrap();
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
    initialize_registry(&mut t).await;
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
            max_fee_bps: 10_000,
        };
        let ixs = [
            create_lrt_account_ix(who.pubkey(), vault.lrt_mint),
            build::deposit(&vault, who.pubkey(), wsol, lrt, args),
        ];
        t.send(&ixs, &[who]).await.unwrap();
    }
    let operator = register_operator(&mut t, &op).await;
    lrt_fixtures::whitelist(&mut t, &curator, vault_key, operator, 5_000)
        .await
        .unwrap();
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
    let e = w.epoch().await;
    let delegation = w.delegation().await;
    assert_eq!(
        (delegation.vault, delegation.operator, delegation.max_bps),
        (w.vault_key, w.operator, 5_000)
    );
    assert_eq!(
        delegation.allocation,
        AllocationHistory {
            epoch: e,
            ..AllocationHistory::default()
        },
        "nothing allocated yet"
    );
    assert_eq!(
        (delegation.decrease_epoch, delegation.slashed_total),
        (0, 0)
    );
    let bond: OperatorBond = w.t.decode(pda::bond(&w.vault_key, &w.operator)).await;
    assert_eq!((bond.authority, bond.shares), (w.op.pubkey(), 0));

    let other = Keypair::new();
    w.t.fund(&[&other], SOL).await;
    let other_operator = register_operator(&mut w.t, &other).await;
    let (alice, curator) = (w.alice.insecure_clone(), w.curator.insecure_clone());
    // not the curator
    let ix = build::whitelist_operator(alice.pubkey(), w.vault_key, other_operator, 5_000);
    assert_program_error(
        w.t.send(&[ix], &[&alice]).await,
        0,
        vault_error(VaultError::NotCurator),
    );
    // an account that is not a registry operator: the vault itself, and a wallet
    for fake in [w.vault_key, alice.pubkey()] {
        let ix = build::whitelist_operator(curator.pubkey(), w.vault_key, fake, 5_000);
        assert_program_error(
            w.t.send(&[ix], &[&curator]).await,
            0,
            vault_error(VaultError::NotRegistryOperator),
        );
    }
    // a limit of 0 or above 100%
    for max_bps in [0, 10_001] {
        let ix = build::whitelist_operator(curator.pubkey(), w.vault_key, other_operator, max_bps);
        assert_program_error(
            w.t.send(&[ix], &[&curator]).await,
            0,
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
    assert_program_error(
        w.t.send(&[ix], &[&curator]).await,
        0,
        vault_error(VaultError::AccountAlreadyExists),
    );
    assert_eq!(w.delegation().await.max_bps, 5_000, "unchanged");
}

/// `pct` percent of the vault, as a WAD fraction.
const fn percent(pct: u64) -> u64 {
    pct * (WAD as u64 / 100)
}

/// An allocation history written out: `(epoch, previous, current, next, later)`.
fn history(epoch: u64, [previous, current, next, later]: [u64; 4]) -> AllocationHistory {
    AllocationHistory {
        epoch,
        previous,
        current,
        next,
        later,
    }
}

impl World {
    /// A second registered operator, whitelisted with a 100% concentration limit (so only
    /// the vault's 100% bounds it). Returns its registry account.
    async fn second_operator(&mut self) -> Pubkey {
        let bob = Keypair::new();
        self.t.fund(&[&bob], SOL).await;
        let operator = register_operator(&mut self.t, &bob).await;
        let curator = self.curator.insecure_clone();
        lrt_fixtures::whitelist(&mut self.t, &curator, self.vault_key, operator, 10_000)
            .await
            .unwrap();
        operator
    }

    /// The bytes of the vault and of the delegations to `operators`: a refused
    /// instruction leaves them all as they were.
    async fn books(&mut self, operators: &[Pubkey]) -> Vec<Vec<u8>> {
        let mut keys = vec![self.vault_key];
        keys.extend(
            operators
                .iter()
                .map(|op| pda::delegation(&self.vault_key, op)),
        );
        let mut out = Vec::new();
        for key in keys {
            out.push(self.t.account(key).await.unwrap().data);
        }
        out
    }

    /// Sends `ix` signed by `signer`, asserts it fails with `error` and that the vault and
    /// the delegations to `operators` did not change.
    async fn refused(
        &mut self,
        ix: lrt_client::Instruction,
        signer: &Keypair,
        error: VaultError,
        operators: &[Pubkey],
    ) {
        let before = self.books(operators).await;
        assert_program_error(self.t.send(&[ix], &[signer]).await, 0, vault_error(error));
        assert_eq!(
            self.books(operators).await,
            before,
            "{error:?}: nothing moved"
        );
    }
}

/// An allocation is a WAD fraction of the vault: an increase made during e counts from
/// e + 1, a decrease made during d counts through d + 1 (an AVS gets a full epoch to report)
/// and stops from d + 2. Each operator's allocation stays within its concentration limit,
/// and the allocations of a vault within 100% in every epoch: the room a decrease frees is
/// only usable by an increase that counts when the decrease no longer does (made during
/// d + 1, counting from d + 2). (This replaces the old lamport delegation and its
/// `complete_undelegation`: nothing is left to complete, the history rolls by itself.)
#[tokio::test]
async fn allocations_count_from_the_next_epoch_and_decreases_stay_slashable_one_epoch_more() {
    let mut w = world().await;
    let (curator, alice) = (w.curator.insecure_clone(), w.alice.insecure_clone());
    let (vault, op1) = (w.vault_key, w.operator);
    let op2 = w.second_operator().await;
    let ops = [op1, op2];
    let e = w.epoch().await;
    let delegate = |op: Pubkey, wad: u64| build::delegate(curator.pubkey(), vault, op, wad);

    // epoch e: 40% to the operator (limit 50%); no price is needed for a fraction
    let events =
        w.t.send_with_events(&[delegate(op1, percent(40))], &[&curator], lrt_vault::ID)
            .await;
    let d = w.delegation().await;
    assert_eq!(d.allocation, history(e, [0, 0, percent(40), percent(40)]));
    assert_eq!(
        d.allocation.at(e, e).unwrap(),
        0,
        "not counted in its own epoch"
    );
    assert_eq!(d.allocation.at(e + 1, e + 1).unwrap(), percent(40));
    // the vault keeps the sums of the allocations' histories (where it used to keep a
    // `delegated_total` in lamports, bounded by its value)
    let v: Vault = w.t.decode(vault).await;
    assert_eq!(
        v.allocations, d.allocation,
        "the vault's sums: one operator"
    );
    let event: DelegationChanged = only(&events);
    assert_eq!(
        (event.vault, event.operator, event.delta_wad, event.epoch),
        (vault, op1, i128::from(percent(40)), e)
    );
    assert_eq!(
        (event.allocation, event.vault_allocations),
        (d.allocation, v.allocations)
    );

    // one unit over the operator's 50% limit; nothing; not the curator
    w.refused(
        delegate(op1, percent(10) + 1),
        &curator,
        VaultError::DelegationLimitExceeded,
        &ops,
    )
    .await;
    w.refused(delegate(op1, 0), &curator, VaultError::ZeroAmount, &ops)
        .await;
    let by_alice = build::delegate(alice.pubkey(), vault, op1, percent(1));
    w.refused(by_alice, &alice, VaultError::NotCurator, &ops)
        .await;
    // the vault's 100%: 60% more to the second operator fits exactly, one unit more not
    w.refused(
        delegate(op2, percent(60) + 1),
        &curator,
        VaultError::AllocationExceedsVault,
        &ops,
    )
    .await;
    w.t.send(&[delegate(op2, percent(60))], &[&curator])
        .await
        .unwrap();
    let v: Vault = w.t.decode(vault).await;
    assert_eq!(
        v.allocations,
        history(e, [0, 0, percent(100), percent(100)])
    );
    w.refused(
        delegate(op2, 1),
        &curator,
        VaultError::AllocationExceedsVault,
        &ops,
    )
    .await;

    // epoch d = e + 1: 10% of the first operator taken back. It keeps counting for captures
    // at d and d + 1 and stops from d + 2
    let d_epoch = e + 1;
    w.t.warp_to_slot(d_epoch * EPOCH_LENGTH).await;
    let undelegate = |wad: u64| build::undelegate(curator.pubkey(), vault, op1, wad);
    let events =
        w.t.send_with_events(&[undelegate(percent(10))], &[&curator], lrt_vault::ID)
            .await;
    let d = w.delegation().await;
    let event: DelegationChanged = only(&events);
    assert_eq!(
        (event.delta_wad, event.epoch, event.allocation),
        (-i128::from(percent(10)), d_epoch, d.allocation)
    );
    assert_eq!(
        d.allocation,
        history(d_epoch, [0, percent(40), percent(40), percent(30)])
    );
    assert_eq!(d.decrease_epoch, d_epoch);
    assert_eq!(d.allocation.at(d_epoch, d_epoch).unwrap(), percent(40));
    assert_eq!(
        d.allocation.at(d_epoch + 1, d_epoch + 1).unwrap(),
        percent(40),
        "capture d + 1"
    );
    assert_eq!(
        d.allocation.at(d_epoch + 1, d_epoch + 2).unwrap(),
        percent(40),
        "... executed during d + 2"
    );
    assert_eq!(
        d.allocation.at(d_epoch + 2, d_epoch + 2).unwrap(),
        percent(30)
    );
    assert!(
        d.allocation.at(d_epoch, d_epoch + 2).is_err(),
        "capture d is out of the execution window in d + 2"
    );
    let v: Vault = w.t.decode(vault).await;
    assert_eq!(
        v.allocations,
        history(d_epoch, [0, percent(100), percent(100), percent(90)])
    );
    // at most the allocation from d + 2 on can be taken back
    w.refused(
        undelegate(percent(30) + 1),
        &curator,
        VaultError::InsufficientDelegation,
        &ops,
    )
    .await;
    w.refused(undelegate(0), &curator, VaultError::ZeroAmount, &ops)
        .await;
    let by_alice = build::undelegate(alice.pubkey(), vault, op1, percent(1));
    w.refused(by_alice, &alice, VaultError::NotCurator, &ops)
        .await;
    // the freed 10% is not free during d: an increase now would count during d + 1, while
    // the decreased 10% still does (110%)
    w.refused(
        delegate(op2, percent(10)),
        &curator,
        VaultError::AllocationExceedsVault,
        &ops,
    )
    .await;

    // during d + 1 an increase counts from d + 2, when the decrease has stopped counting
    w.t.warp_to_slot((d_epoch + 1) * EPOCH_LENGTH).await;
    w.refused(
        delegate(op2, percent(10) + 1),
        &curator,
        VaultError::AllocationExceedsVault,
        &ops,
    )
    .await;
    w.t.send(&[delegate(op2, percent(10))], &[&curator])
        .await
        .unwrap();
    let now = d_epoch + 1;
    let second: Delegation = w.t.decode(pda::delegation(&vault, &op2)).await;
    assert_eq!(
        second.allocation,
        history(now, [percent(60), percent(60), percent(70), percent(70)])
    );
    let v: Vault = w.t.decode(vault).await;
    assert_eq!(
        v.allocations,
        history(
            now,
            [percent(100), percent(100), percent(100), percent(100)]
        ),
        "100% in every epoch: 40 + 60 at d + 1, 30 + 70 from d + 2"
    );
    let first = w.delegation().await;
    assert_eq!(first.allocation.at(now, now).unwrap(), percent(40));
    assert_eq!(first.allocation.at(now + 1, now + 1).unwrap(), percent(30));
    assert_eq!(second.allocation.at(now, now).unwrap(), percent(60));
    assert_eq!(second.allocation.at(now + 1, now + 1).unwrap(), percent(70));
    w.invariants.check(&mut w.t, "after the allocations").await;
}

/// The curator moves an operator's concentration limit, never below what the operator is
/// allocated from the next epoch on (a decrease counts one epoch more, so the limit can
/// follow it down only once it has stopped counting from the next epoch).
#[tokio::test]
async fn set_concentration_limit_only_by_the_curator_and_never_below_the_allocation() {
    let mut w = world().await;
    let (curator, alice) = (w.curator.insecure_clone(), w.alice.insecure_clone());
    let (vault, op) = (w.vault_key, w.operator);
    let ops = [op];
    let set =
        |who: &Keypair, bps: u16| build::set_concentration_limit(who.pubkey(), vault, op, bps);
    let e = w.epoch().await;
    w.t.send(
        &[build::delegate(curator.pubkey(), vault, op, percent(40))],
        &[&curator],
    )
    .await
    .unwrap();

    // only the curator; a limit of 0 or above 100%; below the 40% allocated from e + 1
    w.refused(set(&alice, 6_000), &alice, VaultError::NotCurator, &ops)
        .await;
    for bps in [0, 10_001] {
        w.refused(
            set(&curator, bps),
            &curator,
            VaultError::InvalidConcentrationLimit,
            &ops,
        )
        .await;
    }
    w.refused(
        set(&curator, 3_999),
        &curator,
        VaultError::ConcentrationLimitBelowAllocation,
        &ops,
    )
    .await;

    // exactly the allocation: accepted, with its event; then no more room for the operator
    let events =
        w.t.send_with_events(&[set(&curator, 4_000)], &[&curator], lrt_vault::ID)
            .await;
    let d = w.delegation().await;
    assert_eq!(d.max_bps, 4_000);
    assert_eq!(d.allocation, history(e, [0, 0, percent(40), percent(40)]));
    let event: ConcentrationLimitSet = only(&events);
    assert_eq!(
        (
            event.vault,
            event.operator,
            event.previous_max_bps,
            event.max_bps
        ),
        (vault, op, 5_000, 4_000)
    );
    let one_more = build::delegate(curator.pubkey(), vault, op, 1);
    w.refused(
        one_more,
        &curator,
        VaultError::DelegationLimitExceeded,
        &ops,
    )
    .await;

    // a decrease during d = e + 1 to 25%: the 40% still counts during d + 1, so the limit
    // cannot follow it down yet; during d + 1 the allocation from d + 2 on is 25%
    let d_epoch = e + 1;
    w.t.warp_to_slot(d_epoch * EPOCH_LENGTH).await;
    let undelegate = build::undelegate(curator.pubkey(), vault, op, percent(15));
    w.t.send(&[undelegate], &[&curator]).await.unwrap();
    w.refused(
        set(&curator, 2_500),
        &curator,
        VaultError::ConcentrationLimitBelowAllocation,
        &ops,
    )
    .await;
    w.t.warp_to_slot((d_epoch + 1) * EPOCH_LENGTH).await;
    w.refused(
        set(&curator, 2_499),
        &curator,
        VaultError::ConcentrationLimitBelowAllocation,
        &ops,
    )
    .await;
    w.t.send(&[set(&curator, 2_500)], &[&curator])
        .await
        .unwrap();
    let d = w.delegation().await;
    assert_eq!(d.max_bps, 2_500);
    // the limit does not change the allocation, and is rolled to the present
    assert_eq!(
        d.allocation,
        history(
            d_epoch + 1,
            [percent(40), percent(40), percent(25), percent(25)]
        )
    );
    // raised again, the room is back
    w.t.send(&[set(&curator, 10_000)], &[&curator])
        .await
        .unwrap();
    assert_eq!(w.delegation().await.max_bps, 10_000);
    let more = build::delegate(curator.pubkey(), vault, op, percent(75));
    w.t.send(&[more], &[&curator]).await.unwrap();
    assert_eq!(w.delegation().await.allocation.committed(), percent(100));
    w.invariants.check(&mut w.t, "after the limits").await;
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
    assert_program_error(
        w.t.send(&[forged], &[&alice]).await,
        0,
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
    assert_program_error(
        w.t.send(&[too_much], &[&op]).await,
        0,
        vault_error(VaultError::InsufficientBond),
    );
    let bond: OperatorBond = w.t.decode(pda::bond(&w.vault_key, &w.operator)).await;
    assert_eq!(
        (bond.shares, bond.unbonding_shares),
        (1_100_000_000, 400_000_000)
    );
    let complete = build::complete_unbond(&w.vault, w.operator, op.pubkey());
    w.t.warp_to_slot((e + 3) * EPOCH_LENGTH - 1).await;
    assert_program_error(
        w.t.send(std::slice::from_ref(&complete), &[&op]).await,
        0,
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
    let delegate = build::delegate(curator.pubkey(), w.vault_key, w.operator, percent(40));
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
        assert_program_error(
            w.t.send(&[ix], &[&who]).await,
            0,
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
    assert_program_error(w.t.send(&[ix], &[]).await, 0, ACCOUNT_NOT_SIGNER);
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
async fn rewards_pay_the_commission_keep_fee_shares_in_the_ledgers_and_vest_next_epoch() {
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
    // the reward fee rises 0 -> 10% during epoch e: issue 10 makes it wait a full epoch
    // of notice (in force from e + 2; it used to apply to the next reward at once)
    let e = w.epoch().await;
    let set = build::set_reward_fees(curator.pubkey(), w.vault_key, 1_000, 2_000);
    w.t.send(&[set], &[&curator]).await.unwrap();
    for (who, fee, cut, error) in [
        (&alice, 1_000, 2_000, VaultError::NotFeeAdmin),
        (&curator, 3_001, 0, VaultError::FeeAboveCap),
        (&curator, 0, 10_001, VaultError::FeeAboveCap),
    ] {
        let ix = build::set_reward_fees(who.pubkey(), w.vault_key, fee, cut);
        assert_program_error(w.t.send(&[ix], &[who]).await, 0, vault_error(error));
    }
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.insurance_cut_bps, 2_000, "the cut applies at once");
    assert_eq!(
        (
            vault.fees.at(e + 1).reward_bps,
            vault.fees.at(e + 2).reward_bps
        ),
        (0, 1_000)
    );
    w.t.warp_to_slot((e + 2) * EPOCH_LENGTH).await;
    let keys = |operator_token_account| build::RewardKeys {
        payer: payer.pubkey(),
        payer_token_account: avs,
        operator: w.operator,
        operator_token_account,
    };
    let args = DistributeRewardsArgs {
        asset_index: 0,
        amount: SOL,
    };
    // the commission may only go to the operator authority's own account
    let to_alice = build::distribute_rewards(&w.vault, keys(alice_more), args);
    let refresh = build::refresh_prices(&w.vault);
    assert_program_error(
        w.t.send(&[refresh, to_alice], &[&payer]).await,
        1,
        vault_error(VaultError::NotOperatorAuthority),
    );
    let reward = build::distribute_rewards(&w.vault, keys(op_wsol), args);
    let refresh = build::refresh_prices(&w.vault);
    let paid_in = w.epoch().await;
    assert_eq!(paid_in, e + 2);
    w.t.send(&[refresh, reward], &[&payer]).await.unwrap();

    // commission 0.1; fee ceil(0.9 x 10%) = 0.09, insurance 0.018, treasury 0.072 (both
    // ledgers in the vault); 0.81 joins the epoch's arrivals, vesting over the next epoch.
    // Fee shares at 1 share per lamport (S = V = 10 SOL).
    assert_eq!(w.t.token_balance(op_wsol).await, 100_000_000);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(vault.treasury_shares, 72_000_000);
    assert_eq!(vault.insurance_shares, 18_000_000);
    assert_eq!(vault.share_supply, 10_090_000_000);
    assert_eq!(vault.assets[0].active_amount, 10_090_000_000);
    assert_eq!(
        vault.assets[0].rewards,
        RewardVesting {
            pending: 810_000_000,
            pending_epoch: paid_in,
            ..RewardVesting::default()
        }
    );
    w.invariants.check(&mut w.t, "reward").await;

    // Issue 10: vesting runs over the epoch after the payment's (it used to start at the
    // payment). Half-way through epoch paid_in + 1, a deposit first credits half of it,
    // then prices
    let vesting_start = (paid_in + 1) * EPOCH_LENGTH;
    w.t.warp_to_slot(vesting_start + EPOCH_LENGTH / 2).await;
    let slot_now = w.t.slot().await;
    let vested = 810_000_000u128 * (slot_now - vesting_start) as u128 / EPOCH_LENGTH as u128;
    assert_eq!(vested, 405_000_000);
    let value = 10_090_000_000u128 + vested;
    let expected = (SOL as u128 * 10_090_000_000u128 / value) as u64;
    let alice_lrt = pda::lrt_account(&alice.pubkey(), &w.vault.lrt_mint);
    let before = w.t.token_balance(alice_lrt).await;
    let deposit = build::deposit(
        &w.vault,
        alice.pubkey(),
        alice_more,
        alice_lrt,
        DepositArgs {
            asset_index: 0,
            amount: SOL,
            min_shares_out: expected,
            max_fee_bps: 10_000,
        },
    );
    let refresh = build::refresh_prices(&w.vault);
    w.t.send(&[refresh, deposit], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(alice_lrt).await - before, expected);
    let vault: Vault = w.t.decode(w.vault_key).await;
    assert_eq!(
        vault.assets[0].rewards.unvested().unwrap() as u128,
        810_000_000 - vested
    );
    assert_eq!(vault.assets[0].active_amount as u128, value + SOL as u128);
    w.invariants.check(&mut w.t, "half vested").await;
}
