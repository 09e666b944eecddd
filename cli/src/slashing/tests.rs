//! The slashing previews' unit tests: request status, execution plans, escrows and
//! pending slashes, from first principles.
use anchor_lang::prelude::Pubkey;
use lrt_client::lrt_vault::{
    constants::MAX_ASSETS,
    state::{
        AllocationHistory, Delegation, EscrowBucket, SlashDestination, SlashEscrow,
        WithdrawalBucket,
    },
};
use restaking_math::WAD;
use slasher_registry::state::{OptInWindow, SlashRequest};

use super::{escrow::*, pending::*, plan::*, status::*};
use crate::stake::{tests::vault_worth, VaultValue};

const L: u64 = 100;

fn request(capture: u64, requested_slot: u64, window: u64) -> SlashRequest {
    SlashRequest {
        avs: Pubkey::new_unique(),
        operator: Pubkey::new_unique(),
        index: 0,
        wad: WAD / 10,
        max_slash_wad: WAD,
        evidence_hash: [0; 32],
        capture_epoch: capture,
        requested_slot,
        veto_deadline_slot: requested_slot + window,
        destination: SlashDestination::Burn,
        vetoed: false,
        executions: 0,
        slashed_lamports: 0,
        bump: 0,
    }
}

fn status(r: &SlashRequest, slot: u64) -> RequestStatus {
    request_status(r, slot, slot / L)
}

#[test]
fn status_follows_the_veto_and_execution_windows() {
    // captured at epoch 5 (slot 510), veto window 20 slots: deadline 530
    let mut r = request(5, 510, 20);
    assert_eq!(status(&r, 510), RequestStatus::VetoWindow);
    assert_eq!(status(&r, 530), RequestStatus::VetoWindow);
    assert_eq!(status(&r, 531), RequestStatus::Executable);
    assert_eq!(r.executable_from_slot(), 531);
    // executable through the end of epoch 6
    assert_eq!(r.executable_until_slot(L), 699);
    assert_eq!(status(&r, 699), RequestStatus::Executable);
    assert_eq!(status(&r, 700), RequestStatus::Expired);
    r.executions = 2;
    assert_eq!(status(&r, 650), RequestStatus::Executable);
    assert_eq!(status(&r, 700), RequestStatus::Executed);
    assert!(RequestStatus::Executed
        .describe(&r, L)
        .contains("executed in 2 vaults"));
    assert!(RequestStatus::Executable
        .describe(&r, L)
        .contains("2 vaults so far"));
    r.vetoed = true;
    assert_eq!(status(&r, 515), RequestStatus::Vetoed);
    assert_eq!(status(&r, 900), RequestStatus::Vetoed);
}

#[test]
fn a_request_near_the_end_of_its_epoch_can_still_execute_in_the_next() {
    // requested at the last slot of epoch 5 with a 99-slot window (< epoch length)
    let r = request(5, 599, 99);
    assert_eq!(r.executable_from_slot(), 699);
    assert_eq!(status(&r, 698), RequestStatus::VetoWindow);
    assert_eq!(status(&r, 699), RequestStatus::Executable);
    assert!(r.executable_from_slot() <= r.executable_until_slot(L));
}

#[test]
fn blockers_follow_the_registrys_status() {
    let r = request(5, 510, 20);
    assert_eq!(
        request_blocker(&r, 520, 5, L, true),
        Some(Blocked::VetoWindowOpen {
            deadline: 530,
            executable_from_slot: 531,
            slot: 520
        })
    );
    let text = request_blocker(&r, 520, 5, L, true).unwrap().to_string();
    assert!(text.contains("from slot 531 (11 slots from now"), "{text}");
    assert_eq!(request_blocker(&r, 531, 5, L, true), None);
    assert_eq!(
        request_blocker(&r, 700, 7, L, true),
        Some(Blocked::Expired {
            capture_epoch: 5,
            last_epoch: 6,
            last_slot: 699
        })
    );
    assert_eq!(
        request_blocker(&r, 600, 6, L, false),
        Some(Blocked::AvsInactive)
    );
    let mut vetoed = r.clone();
    vetoed.vetoed = true;
    assert_eq!(
        request_blocker(&vetoed, 515, 5, L, true),
        Some(Blocked::Vetoed)
    );
}

/// A vault worth 1_000 lamports allocating `allocation` (WAD) to the operator from
/// before epoch 5.
fn facts(allocation: u64) -> VaultFacts {
    VaultFacts {
        operator_window: Some(OptInWindow::opted_in_at(1)),
        opt_in: Some((OptInWindow::opted_in_at(1), 10_000)),
        delegation: Some(Delegation {
            vault: Pubkey::default(),
            operator: Pubkey::default(),
            max_bps: 10_000,
            allocation: AllocationHistory {
                epoch: 5,
                previous: allocation,
                current: allocation,
                next: allocation,
                later: allocation,
            },
            decrease_epoch: 0,
            slashed_total: 0,
            bump: 0,
        }),
        executed: false,
        epoch_ledger: None,
        capture: None,
        avs_slashed: 0,
        value: VaultValue::new(Pubkey::default(), vault_worth(1_000), [None, None]).unwrap(),
    }
}

const ALL: u64 = WAD as u64;

fn loss(plan: std::result::Result<Planned, Skip>) -> std::result::Result<u64, Skip> {
    plan.map(|p| p.loss)
}

#[test]
fn plans_the_loss_of_the_allocated_stake() {
    let r = request(5, 510, 20); // 10%
                                 // all of a 1_000-lamport vault, executed during 5 and during 6
    let f = facts(ALL);
    assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(100));
    assert_eq!(loss(plan_execution(&r, 10_000, &f, 6)), Ok(100));
    // the AVS's max slash the request recorded binds: 5%
    let capped = SlashRequest {
        max_slash_wad: WAD / 20,
        ..r.clone()
    };
    assert_eq!(loss(plan_execution(&capped, 10_000, &f, 5)), Ok(50));
    // 30% of the vault: 300 lamports of stake, 30 lost
    let plan = plan_execution(&r, 10_000, &facts(ALL / 10 * 3), 5).unwrap();
    assert_eq!(
        (plan.allocation_wad, plan.stake_at_capture, plan.loss),
        (ALL / 10 * 3, 300, 30)
    );
    // rounds up: 10% of 1_001 = 100.1 -> 101
    let mut f = facts(ALL);
    f.value = VaultValue::new(Pubkey::default(), vault_worth(1_001), [None, None]).unwrap();
    assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(101));
}

#[test]
fn the_slashable_value_counts_the_buckets_after_the_capture() {
    let r = request(5, 510, 20); // 10%
    let mut amounts = [0u128; MAX_ASSETS];
    amounts[0] = 500;
    let bucket = WithdrawalBucket {
        vault: Pubkey::default(),
        epoch: 6,
        scale_wad: WAD,
        unscaled_amounts: amounts,
        queued_amounts: [0; MAX_ASSETS],
        open_tickets: 1,
        rent_payer: Pubkey::default(),
        hold_until_slot: 0,
        bump: 0,
    };
    let mut f = facts(ALL);
    f.value = VaultValue::new(Pubkey::default(), vault_worth(1_000), [Some(bucket), None]).unwrap();
    assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(150));
}

#[test]
fn caps_are_rooms_of_the_stake_at_capture() {
    let r = request(5, 510, 20); // 10%
    let mut f = facts(ALL / 10 * 9); // 900 now
                                     // an earlier slash of epoch 5 took 100 of 1_000: the base stays 1_000
    f.epoch_ledger = Some((1_000, 100));
    f.avs_slashed = 100;
    f.opt_in = Some((OptInWindow::opted_in_at(1), 1_500)); // 15% = 150, 50 left
    assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(50));
    // registry cap 20% = 200, 100 used: 100 left, AVS cap no longer binds
    f.opt_in = Some((OptInWindow::opted_in_at(1), 10_000));
    assert_eq!(loss(plan_execution(&r, 2_000, &f, 5)), Ok(100));
    assert_eq!(
        loss(plan_execution(&r, 1_000, &f, 5)),
        Err(Skip::VaultCapUsed {
            capture_epoch: 5,
            cap_bps: 1_000
        })
    );
    f.opt_in = Some((OptInWindow::opted_in_at(1), 1_000));
    assert_eq!(
        loss(plan_execution(&r, 10_000, &f, 5)),
        Err(Skip::AvsCapUsed {
            capture_epoch: 5,
            cap_bps: 1_000
        })
    );
    // the stake left binds last
    let mut f = facts(ALL / 100 * 3); // 30 now
    f.epoch_ledger = Some((1_000, 970));
    assert_eq!(loss(plan_execution(&r, 10_000, &f, 5)), Ok(30));
}

#[test]
fn vaults_out_of_reach_are_skipped_with_the_reason() {
    let r = request(5, 510, 20);
    let mut f = facts(ALL);
    f.executed = true;
    assert_eq!(
        loss(plan_execution(&r, 10_000, &f, 5)),
        Err(Skip::AlreadyExecuted)
    );
    let mut f = facts(ALL);
    f.opt_in = None;
    assert_eq!(
        loss(plan_execution(&r, 10_000, &f, 5)),
        Err(Skip::VaultNotOptedIn)
    );
    // opted in during epoch 5: not active at capture 5
    f.opt_in = Some((OptInWindow::opted_in_at(5), 10_000));
    assert!(matches!(
        plan_execution(&r, 10_000, &f, 5),
        Err(Skip::VaultNotActiveAtCapture { .. })
    ));
    let mut f = facts(ALL);
    f.operator_window = Some(OptInWindow::opted_in_at(5));
    assert!(matches!(
        plan_execution(&r, 10_000, &f, 5),
        Err(Skip::OperatorNotActiveAtCapture { .. })
    ));
    f.operator_window = None;
    assert_eq!(
        loss(plan_execution(&r, 10_000, &f, 5)),
        Err(Skip::OperatorNotOptedIn)
    );
    let mut f = facts(ALL);
    f.delegation = None;
    assert_eq!(
        loss(plan_execution(&r, 10_000, &f, 5)),
        Err(Skip::NotWhitelisted)
    );
    // allocated during epoch 5: counts from 6, nothing at capture 5
    let mut f = facts(0);
    if let Some(d) = f.delegation.as_mut() {
        d.allocation.increase(ALL, 5).unwrap();
    }
    assert_eq!(
        loss(plan_execution(&r, 10_000, &f, 5)),
        Err(Skip::NoStakeAtCapture { capture_epoch: 5 })
    );
    // outside the window the history cannot answer: no stake either
    assert_eq!(
        loss(plan_execution(&r, 10_000, &facts(ALL), 7)),
        Err(Skip::NoStakeAtCapture { capture_epoch: 5 })
    );
    assert!(Skip::NoStakeAtCapture { capture_epoch: 5 }
        .to_string()
        .contains("allocated nothing"));
}

fn escrow(amounts: [u64; 3], swept: [bool; 3], resolve: u64) -> SlashEscrow {
    let mut a = [0; MAX_ASSETS];
    a[..3].copy_from_slice(&amounts);
    let mut s = [false; MAX_ASSETS];
    s[..3].copy_from_slice(&swept);
    SlashEscrow {
        vault: Pubkey::default(),
        request: Pubkey::default(),
        operator: Pubkey::default(),
        capture_epoch: 5,
        loss_lamports: 1,
        amounts: a,
        bond_shares_burnt: 0,
        bond_unbonding_shares_burnt: 0,
        insurance_shares_burnt: 0,
        pool_taken: a,
        fraction_wad: 0,
        buckets: [EscrowBucket::default(); 2],
        wiped_pool: false,
        destination: SlashDestination::Burn,
        resolve_after_slot: resolve,
        swept: s,
        cancelled: false,
        bump: 0,
    }
}

#[test]
fn escrows_sweep_assets_with_an_unswept_amount_after_the_delay() {
    let e = escrow([10, 0, 5], [false, false, false], 800);
    assert_eq!(
        escrow_state(&e, 3, 799),
        EscrowState::Waiting {
            resolve_after_slot: 800
        }
    );
    assert_eq!(escrow_state(&e, 3, 800), EscrowState::Ready(vec![0, 2]));
    // an asset added after the slash has nothing in the escrow
    assert_eq!(escrow_state(&e, 2, 800), EscrowState::Ready(vec![0]));
    let e = escrow([10, 0, 5], [true, false, false], 800);
    assert_eq!(escrow_state(&e, 3, 900), EscrowState::Ready(vec![2]));
    let e = escrow([10, 0, 5], [true, false, true], 800);
    assert_eq!(escrow_state(&e, 3, 900), EscrowState::Done);
    assert_eq!(escrow_state(&e, 3, 10), EscrowState::Done);
    let mut e = escrow([10, 0, 5], [false; 3], 800);
    e.cancelled = true;
    assert_eq!(escrow_state(&e, 3, 900), EscrowState::Cancelled);
}

#[test]
fn pending_slashes_read_in_words() {
    let view = PendingSlashView {
        request: "R".into(),
        avs: "A".into(),
        operator: "O".into(),
        fraction: "5%".into(),
        wad: (WAD / 20).to_string(),
        capture_epoch: 7,
        status: RequestStatus::VetoWindow,
        veto_deadline_slot: 1_440,
        executable_from_slot: 1_441,
        executable_until_epoch: 8,
        executable_until_slot: 1_799,
        allocation_at_capture: "30%".into(),
        allocation_at_capture_wad: (WAD / 10 * 3).to_string(),
        stake_sol: "90".into(),
        max_loss_sol: "4.5".into(),
        max_loss_lamports: 4_500_000_000,
        max_loss_share: "1.5%".into(),
        max_loss_share_wad: (WAD / 1000 * 15).to_string(),
        share_wad: WAD / 1000 * 15,
    };
    let text = pending_text(&view);
    assert!(text.contains("veto window until slot 1440"), "{text}");
    assert!(text.contains("end of epoch 8 (slot 1799)"), "{text}");
    assert!(text.contains("up to 4.5 SOL to it, 1.5% of"), "{text}");
}
