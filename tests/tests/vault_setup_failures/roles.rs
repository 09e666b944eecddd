//! `set_caps`, `set_vault_pause` and `set_fees`: only their roles may call them, fees
//! stay under Config's caps, and a fee increase waits a full restaking epoch of notice
//! (announced during `e`, in force from `e + 2`) while a decrease applies at once. Each
//! failure leaves the vault and Config byte for byte as before.
use anchor_lang::{error::ErrorCode, solana_program::instruction::Instruction};
use lrt_client::{
    instructions as build, pda,
    state::{FeeSchedule, Fees, Vault},
    VaultError,
};
use lrt_vault::constants::MAX_ASSETS;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::world::*;

/// Sends `ix` signed by `signer` (the payer signs anyway) and asserts it fails with
/// `expected` and leaves the vault and Config untouched.
async fn assert_role_fails(
    w: &mut World,
    v: &TestVault,
    ix: Instruction,
    signer: Option<&Keypair>,
    expected: impl Into<ExpectedError>,
    step: &str,
) {
    let watch = Watch::new(&mut w.t, &[v.key, pda::config()]).await;
    let signers: Vec<&Keypair> = signer.into_iter().collect();
    assert_program_error(w.t.send(&[ix], &signers).await, 0, expected);
    watch.assert_unchanged(&mut w.t, step).await;
}

/// Everyone who is not the named role, as `(name, keypair)`.
fn outsiders(w: &World, except: &[&Keypair]) -> Vec<(&'static str, Keypair)> {
    [
        ("mallory", &w.mallory),
        ("creator", &w.creator),
        ("curator", &w.curator),
        ("fee admin", &w.fee_admin),
        ("config admin", &w.admin),
    ]
    .into_iter()
    .filter(|(_, k)| except.iter().all(|e| e.pubkey() != k.pubkey()))
    .map(|(name, k)| (name, k.insecure_clone()))
    .collect()
}

#[tokio::test]
async fn set_caps_rejects_everyone_but_the_curator_and_unknown_assets() {
    let (mut w, v) = World::with_vault().await;
    for (who, signer) in outsiders(&w, &[&w.curator]) {
        let ix = build::set_caps(signer.pubkey(), v.key, 0, 0);
        assert_role_fails(
            &mut w,
            &v,
            ix,
            Some(&signer),
            vault_error(VaultError::NotCurator),
            who,
        )
        .await;
    }
    let curator = w.curator.insecure_clone();
    let mut ix = build::set_caps(curator.pubkey(), v.key, 0, 0);
    unsign(&mut ix, curator.pubkey());
    assert_role_fails(
        &mut w,
        &v,
        ix,
        None,
        anchor_error(ErrorCode::AccountNotSigner),
        "curator unsigned",
    )
    .await;
    // the vault holds one asset: index 1, the last inline slot and 255 are unknown
    for index in [1, (MAX_ASSETS - 1) as u8, u8::MAX] {
        let ix = build::set_caps(curator.pubkey(), v.key, index, 0);
        assert_role_fails(
            &mut w,
            &v,
            ix,
            Some(&curator),
            vault_error(VaultError::UnknownAsset),
            &format!("index {index}"),
        )
        .await;
    }
    let vault = w.vault(&v).await;
    assert_eq!(vault.assets[0].deposit_cap, SEED_CAP);
    // control: the curator lowers the cap below the current amount (allowed)
    w.t.send(
        &[build::set_caps(curator.pubkey(), v.key, 0, 1)],
        &[&curator],
    )
    .await
    .unwrap();
    assert_eq!(w.vault(&v).await.assets[0].deposit_cap, 1);
}

#[tokio::test]
async fn set_vault_pause_rejects_everyone_but_the_curator_the_pauser_and_the_admin() {
    let (mut w, v) = World::with_vault().await;
    // move the pauser role off the admin, so the pauser is a key of its own. Issue 10: the
    // config admin may pause one vault as well (it used to be an outsider here), so the
    // error names every role that may (`NotPauser`, it was `NotCurator`)
    let pauser = Keypair::new();
    let admin = w.admin.pubkey();
    w.t.send(&[build::set_pauser(admin, pauser.pubkey())], &[])
        .await
        .unwrap();
    for (who, signer) in outsiders(&w, &[&w.curator, &w.admin]) {
        let ix = build::set_vault_pause(signer.pubkey(), v.key, true, true);
        assert_role_fails(
            &mut w,
            &v,
            ix,
            Some(&signer),
            vault_error(VaultError::NotPauser),
            who,
        )
        .await;
    }
    let curator = w.curator.pubkey();
    let mut ix = build::set_vault_pause(curator, v.key, true, true);
    unsign(&mut ix, curator);
    assert_role_fails(
        &mut w,
        &v,
        ix,
        None,
        anchor_error(ErrorCode::AccountNotSigner),
        "curator unsigned",
    )
    .await;
    let vault = w.vault(&v).await;
    assert!(!vault.deposits_paused && !vault.withdrawals_paused);
    // controls: the pauser pauses both, the curator resumes withdrawals
    w.t.send(
        &[build::set_vault_pause(pauser.pubkey(), v.key, true, true)],
        &[&pauser],
    )
    .await
    .unwrap();
    let curator = w.curator.insecure_clone();
    w.t.send(
        &[build::set_vault_pause(curator.pubkey(), v.key, true, false)],
        &[&curator],
    )
    .await
    .unwrap();
    let vault = w.vault(&v).await;
    assert!(vault.deposits_paused && !vault.withdrawals_paused);
    // and the config admin (who is no longer the pauser) resumes deposits
    w.t.send(&[build::set_vault_pause(admin, v.key, false, false)], &[])
        .await
        .unwrap();
    let vault = w.vault(&v).await;
    assert!(!vault.deposits_paused && !vault.withdrawals_paused);
}

#[tokio::test]
async fn set_fees_rejects_everyone_but_the_fee_admin_and_fees_above_the_cap() {
    let (mut w, v) = World::with_vault().await;
    let admin = w.admin.pubkey();
    for (who, signer) in outsiders(&w, &[&w.fee_admin]) {
        let ix = build::set_fees(signer.pubkey(), v.key, 1, 1);
        let signers = (signer.pubkey() != admin).then_some(&signer);
        assert_role_fails(
            &mut w,
            &v,
            ix,
            signers,
            vault_error(VaultError::NotFeeAdmin),
            who,
        )
        .await;
    }
    let fee_admin = w.fee_admin.insecure_clone();
    let mut ix = build::set_fees(fee_admin.pubkey(), v.key, 1, 1);
    unsign(&mut ix, fee_admin.pubkey());
    assert_role_fails(
        &mut w,
        &v,
        ix,
        None,
        anchor_error(ErrorCode::AccountNotSigner),
        "fee admin unsigned",
    )
    .await;
    for (deposit, withdrawal) in [
        (MAX_FEE_BPS + 1, 0),
        (0, MAX_FEE_BPS + 1),
        (MAX_FEE_BPS + 1, MAX_FEE_BPS + 1),
        (u16::MAX, MAX_FEE_BPS),
    ] {
        let ix = build::set_fees(fee_admin.pubkey(), v.key, deposit, withdrawal);
        assert_role_fails(
            &mut w,
            &v,
            ix,
            Some(&fee_admin),
            vault_error(VaultError::FeeAboveCap),
            &format!("fees {deposit}/{withdrawal}"),
        )
        .await;
    }
    assert_eq!(w.vault(&v).await.fees, FeeSchedule::default());
    // control: exactly at the caps is allowed (an increase, so it waits a full epoch of
    // notice: from epoch + 2)
    let epoch = w.restaking_epoch().await;
    w.t.send(
        &[build::set_fees(
            fee_admin.pubkey(),
            v.key,
            MAX_FEE_BPS,
            MAX_FEE_BPS,
        )],
        &[&fee_admin],
    )
    .await
    .unwrap();
    assert_eq!(
        w.vault(&v).await.fees,
        FeeSchedule {
            current: Fees::default(),
            next: fees(MAX_FEE_BPS, MAX_FEE_BPS),
            effective_epoch: epoch + 2,
        }
    );
}

/// Deposit and withdrawal fees (no reward fee).
fn fees(deposit_bps: u16, withdrawal_bps: u16) -> Fees {
    Fees {
        deposit_bps,
        withdrawal_bps,
        reward_bps: 0,
    }
}

/// The fee admin sets fees (must succeed).
async fn set_fees(w: &mut World, v: &TestVault, deposit: u16, withdrawal: u16) {
    let fee_admin = w.fee_admin.insecure_clone();
    let ix = build::set_fees(fee_admin.pubkey(), v.key, deposit, withdrawal);
    w.t.send(&[ix], &[&fee_admin]).await.unwrap();
}

/// Issue 10: an increase announced during `r` is in force from `r + 2` (it used to be
/// `r + 1`, so a raise in the last slot of `r` applied one slot later).
#[tokio::test]
async fn set_fees_increase_waits_a_full_restaking_epoch_and_a_decrease_applies_at_once() {
    let (mut w, v) = World::with_vault().await;
    let r = w.restaking_epoch().await + 1;
    w.warp_to_restaking_epoch(r);
    assert_eq!(w.restaking_epoch().await, r);
    // epoch r: 0/0 -> 50/30, both increases: in force from r + 2, neither in r nor r + 1
    set_fees(&mut w, &v, 50, 30).await;
    let expected = FeeSchedule {
        current: Fees::default(),
        next: fees(50, 30),
        effective_epoch: r + 2,
    };
    let schedule = w.vault(&v).await.fees;
    assert_eq!(schedule, expected);
    assert_eq!(
        [r, r + 1, r + 2].map(|e| schedule.at(e)),
        [fees(0, 0), fees(0, 0), fees(50, 30)]
    );
    // the last slot of r + 1: nothing moved
    warp_to_slot(&mut w.t, (r + 2) * EPOCH_LENGTH - 1);
    assert_eq!(w.restaking_epoch().await, r + 1);
    assert_eq!(w.vault(&v).await.fees, expected);

    // epoch r + 2 (50/30 in force): deposit 50 -> 20 applies at once, withdrawal
    // 30 -> 40 waits for r + 4
    w.warp_to_restaking_epoch(r + 2);
    set_fees(&mut w, &v, 20, 40).await;
    let schedule = w.vault(&v).await.fees;
    assert_eq!(
        schedule,
        FeeSchedule {
            current: fees(20, 30),
            next: fees(20, 40),
            effective_epoch: r + 4,
        }
    );
    assert_eq!(
        [r + 2, r + 3, r + 4].map(|e| schedule.at(e)),
        [fees(20, 30), fees(20, 30), fees(20, 40)]
    );

    // still epoch r + 2: cancelling the pending increase applies at once too
    set_fees(&mut w, &v, 0, 10).await;
    let schedule = w.vault(&v).await.fees;
    assert_eq!(
        schedule,
        FeeSchedule {
            current: fees(0, 10),
            next: fees(0, 10),
            effective_epoch: r + 4,
        }
    );
    assert_eq!(schedule.at(r + 2), fees(0, 10));
    assert_eq!(schedule.at(r + 4), fees(0, 10));
    let vault: Vault = w.vault(&v).await;
    assert_eq!(vault.share_supply, SEED_AMOUNT);
}
