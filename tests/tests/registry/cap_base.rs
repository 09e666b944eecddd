//! The base of the caps and of a request's fraction is the operator's stake at capture
//! before any slash of that capture epoch, not what earlier slashes of the epoch left.
//! (Measuring against the stake left let seven 10% requests through and refused the
//! eighth after ~52% of the stake, each taking 10% of what was left.) With allocations the
//! stake left moves more than ever: every slash lowers the vault's value, and the
//! operator's stake is its allocation of that value, while the allocation itself does not
//! change. Amounts are computed here, independently: the stake as `allocated`, what the
//! pool gives up as `pro_rata_taken` (no bond, no insurance in this world).
use lrt_client::Pubkey;
use lrt_client::{
    pda,
    registry::{
        self as reg,
        decode::{SlashExecution, VaultAvsEpochSlash, VaultEpochSlash},
        RegistryError,
    },
    state::Delegation,
};
use lrt_integration_tests::*;

use crate::{
    allocated, pro_rata_taken, registry_error, World, ALLOCATION, STAKE, VAULT_CAP_BPS, VAULT_VALUE,
};

impl World {
    /// Requests of AVS `avs` against the world's operator, all in this slot (one veto
    /// window for all, well inside the epoch), past their deadline.
    async fn requests(&mut self, avs: Pubkey, wads: &[u128]) -> Vec<Pubkey> {
        let mut requests = Vec::new();
        for &wad in wads {
            requests.push(self.request_of(avs, wad).await);
        }
        self.past_deadline(*requests.last().unwrap()).await;
        requests
    }

    async fn loss_of(&mut self, request: Pubkey) -> SlashExecution {
        self.t
            .decode(reg::pda::slash_execution(&request, &self.vault_key))
            .await
    }
}

#[tokio::test]
async fn ten_requests_of_ten_percent_take_exactly_the_stake_at_capture() {
    // both caps at 100%
    let mut w = World::with_registry_cap(10_000).await;
    let avs = w.second_avs(WAD, 10_000).await;
    w.stake().await;
    // 10% of 4 SOL, each time: 0.4 SOL
    let tenth = STAKE / 10;
    assert_eq!(tenth, 400_000_000);
    let requests = w.requests(avs, &[WAD / 10; 11]).await;
    let other = w.requests(w.avs, &[WAD / 10]).await[0];
    assert_eq!(w.epoch().await, 1);
    let mut active = VAULT_VALUE;
    for (k, &request) in (1..=10u64).zip(&requests) {
        w.execute(request)
            .await
            .unwrap_or_else(|e| panic!("request {k}: {e:?}"));
        let execution = w.loss_of(request).await;
        assert_eq!(
            (
                execution.stake_lamports,
                execution.requested_loss_lamports,
                execution.loss_lamports
            ),
            (STAKE, tenth, tenth),
            "request {k}: 10% of the stake at capture"
        );
        // the pool gave up the loss (and the unit f rounds up by); the operator's stake
        // now is its unchanged 40% of what is left, never below the next 0.4 SOL here
        active -= pro_rata_taken(active, tenth);
        assert_eq!(w.active().await, active, "request {k}");
        assert_eq!(
            w.stake_now(1).await,
            allocated(ALLOCATION, active),
            "request {k}"
        );
        let ledger: VaultEpochSlash =
            w.t.decode(reg::pda::vault_epoch_slash(&w.vault_key, &w.operator, 1))
                .await;
        assert_eq!(
            (
                ledger.stake_at_capture_lamports,
                ledger.slashed_lamports,
                ledger.executions
            ),
            (STAKE, k * tenth, k as u32)
        );
    }
    let delegation: Delegation = w.t.decode(pda::delegation(&w.vault_key, &w.operator)).await;
    assert_eq!(delegation.slashed_total, STAKE, "exactly 100% of the stake");
    assert_eq!(
        delegation.allocation.at(1, 1).unwrap(),
        ALLOCATION,
        "slashes leave the allocation alone"
    );
    // the pool lost 4 SOL and the few units the fractions rounded up by
    assert!((VAULT_VALUE - STAKE - 10..=VAULT_VALUE - STAKE).contains(&active));

    // the eleventh finds the cap used up and records nothing
    let request = requests[10];
    assert_program_error(
        w.execute(request).await,
        1,
        registry_error(RegistryError::AvsVaultCapExhausted),
    );
    assert!(w
        .t
        .account(reg::pda::slash_execution(&request, &w.vault_key))
        .await
        .is_none());
    // another AVS (its own curator cap) hits the registry's cap, also used up
    assert_program_error(
        w.execute(other).await,
        1,
        registry_error(RegistryError::VaultEpochCapExhausted),
    );
    assert_eq!(w.active().await, active, "nothing moved");
    assert_eq!(w.epoch().await, 1);
}

#[tokio::test]
async fn a_half_curator_cap_takes_exactly_half_of_the_stake_at_capture() {
    // registry cap 100%: only the curator's 50% binds
    let mut w = World::with_registry_cap(10_000).await;
    let avs = w.second_avs(WAD, 5_000).await;
    w.stake().await;
    let half = STAKE / 2;
    let fifth = STAKE / 5; // 20% of 4 SOL = 0.8 SOL
    let requests = w.requests(avs, &[WAD / 5, WAD / 5, WAD / 5, 1, 1]).await;
    let everything = w.requests(w.avs, &[WAD]).await[0];
    assert_eq!(w.epoch().await, 1);
    let mut taken = 0;
    let mut active = VAULT_VALUE;
    // 20%, 20%, then 20% of which only 10% is left under the cap
    for (k, expected) in [(1, fifth), (2, fifth), (3, half - 2 * fifth)] {
        let request = requests[k - 1];
        w.execute(request)
            .await
            .unwrap_or_else(|e| panic!("request {k}: {e:?}"));
        let execution = w.loss_of(request).await;
        assert_eq!(
            (
                execution.stake_lamports,
                execution.requested_loss_lamports,
                execution.loss_lamports
            ),
            (STAKE, fifth, expected),
            "request {k}"
        );
        taken += expected;
        active -= pro_rata_taken(active, expected);
        assert_eq!(w.stake_now(1).await, allocated(ALLOCATION, active));
    }
    assert_eq!(taken, half);
    assert_eq!(taken, 2_000_000_000);
    let vault_avs = reg::pda::vault_avs(&w.vault_key, &avs);
    let avs_ledger: VaultAvsEpochSlash =
        w.t.decode(reg::pda::vault_avs_epoch_slash(&vault_avs, &w.operator, 1))
            .await;
    assert_eq!(
        (avs_ledger.slashed_lamports, avs_ledger.executions),
        (half, 3)
    );
    // the smallest request finds the curator's cap used up
    assert_program_error(
        w.execute(requests[3]).await,
        1,
        registry_error(RegistryError::AvsVaultCapExhausted),
    );

    // the world's AVS has its own curator cap (30%) of the same stake at capture, not of
    // the half that is left: 1.2 SOL, within the registry's room (2 SOL) and the stake
    // now (40% of the ~8 SOL left, 3.2 SOL)
    let stake_now = w.stake_now(1).await;
    w.execute(everything).await.unwrap();
    let execution = w.loss_of(everything).await;
    let thirty = STAKE * u64::from(VAULT_CAP_BPS) / 10_000;
    assert_eq!(thirty, 1_200_000_000);
    assert!(thirty < stake_now);
    assert_eq!(
        (
            execution.stake_lamports,
            execution.requested_loss_lamports,
            execution.loss_lamports
        ),
        (STAKE, STAKE, thirty)
    );
    active -= pro_rata_taken(active, thirty);
    assert_eq!(w.stake_now(1).await, allocated(ALLOCATION, active));

    // executed in the next epoch, a request of the same capture still measures 1e-18 of
    // the stake at capture and the cap against it
    assert_eq!(w.epoch().await, 1);
    w.warp(2, 0).await;
    assert_program_error(
        w.execute(requests[4]).await,
        1,
        registry_error(RegistryError::AvsVaultCapExhausted),
    );
    // a new capture epoch: a new base, the stake then: the same 40% of what the slashes of
    // capture 1 left (they took 3.2 SOL of value, not of the allocation)
    let base2 = allocated(ALLOCATION, active);
    assert!((allocated(ALLOCATION, VAULT_VALUE - half - thirty - 4)
        ..=allocated(ALLOCATION, VAULT_VALUE - half - thirty))
        .contains(&base2));
    let request = w.requests(avs, &[WAD / 2]).await[0];
    w.execute(request).await.unwrap();
    let execution = w.loss_of(request).await;
    assert_eq!(execution.capture_epoch, 2);
    // 50% of it rounded up, within the curator's 50% cap rounded down
    let loss = base2.div_ceil(2).min(base2 * 5_000 / 10_000);
    assert_eq!(
        (execution.stake_lamports, execution.loss_lamports),
        (base2, loss)
    );
}
