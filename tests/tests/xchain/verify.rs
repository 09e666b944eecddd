//! `verify_vaa`: every refusal names its reason and changes nothing; the same bytes
//! verify in the pure crate and on chain.
use super::*;
use slasher_registry::{errors::RegistryError, state::VaaBuffer};

/// Posts `vaa` as buffer 1 and asserts that verifying it against `set_index` fails with
/// `expected` and leaves every watched account as it was.
async fn verify_refused(
    x: &mut XWorld,
    msg: &Msg,
    vaa: &[u8],
    set_index: u32,
    expected: RegistryError,
    step: &str,
) {
    x.post(1, vaa, 600).await;
    let ixs = x.verify_ixs(1, set_index);
    let mut keys = x.watched(1, msg, 0);
    keys.push(registry::pda::guardian_set(set_index));
    let relayer = x.relayer.insecure_clone();
    refused(
        &mut x.w.t,
        &ixs,
        &[&relayer],
        registry_error(expected),
        &keys,
        step,
    )
    .await;
    let buffer: VaaBuffer =
        x.w.t
            .decode(registry::pda::vaa_buffer(&relayer.pubkey(), 1))
            .await;
    assert!(!buffer.verified, "{step}: the buffer stays unverified");
}

#[tokio::test]
async fn the_same_vaa_bytes_verify_in_the_pure_crate_and_on_chain() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let ixs = x.verify_ixs(1, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    let buffer: VaaBuffer =
        x.w.t
            .decode(registry::pda::vaa_buffer(&relayer.pubkey(), 1))
            .await;
    assert!(buffer.verified);
    assert_eq!(
        buffer.data, vaa,
        "the buffer holds exactly the posted bytes"
    );
    assert_eq!(buffer.guardian_set_index, SET_INDEX);
    // off chain, against the set as stored on chain
    let set = x.guardian_set(SET_INDEX).await.to_guardian_set();
    let now = x.now().await;
    let parsed = xchain::Vaa::parse(&vaa).unwrap();
    let verified = xchain::verify_vaa(&parsed, &set, now).unwrap();
    assert_eq!(verified.signatures_verified(), 13);
    assert_eq!(buffer.digest, verified.digest());
    assert_eq!(buffer.digest, digest(&msg.body()));
}

#[tokio::test]
async fn below_quorum_is_refused() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 12, &msg.body());
    verify_refused(
        &mut x,
        &msg,
        &vaa,
        SET_INDEX,
        RegistryError::BelowQuorum,
        "12 of 19",
    )
    .await;
}

#[tokio::test]
async fn more_signatures_than_guardians_are_refused() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    // a 20th key beside the set's 19: its index 19 is past the set
    let twenty = GuardianKeys::deterministic("xchain test guardian", 20);
    let vaa = sign_vaa(SET_INDEX, &twenty, 20, &msg.body());
    verify_refused(
        &mut x,
        &msg,
        &vaa,
        SET_INDEX,
        RegistryError::TooManySignatures,
        "20 of 19",
    )
    .await;
}

#[tokio::test]
async fn malformed_vaas_are_refused() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let body = msg.body();
    // guardians 1, 0, 2, ...: each signature is valid, their order is not
    let mut indices: Vec<u8> = (0..13).collect();
    indices.swap(0, 1);
    let unordered = x.keys.sign_vaa(SET_INDEX, &indices, &body).unwrap();
    verify_refused(
        &mut x,
        &msg,
        &unordered,
        SET_INDEX,
        RegistryError::MalformedVaa,
        "unordered guardian indices",
    )
    .await;

    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let mut version_2 = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    version_2[0] = 2;
    verify_refused(
        &mut x,
        &msg,
        &version_2,
        SET_INDEX,
        RegistryError::MalformedVaa,
        "VAA version 2",
    )
    .await;
}

#[tokio::test]
async fn a_tampered_body_is_refused() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let mut vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    // change the slash fraction after the guardians signed
    let last = vaa.len() - 40;
    vaa[last] ^= 0x01;
    verify_refused(
        &mut x,
        &msg,
        &vaa,
        SET_INDEX,
        RegistryError::InvalidGuardianSignature,
        "tampered",
    )
    .await;
}

#[tokio::test]
async fn a_vaa_of_another_set_is_refused() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX + 1, &x.keys, 13, &msg.body());
    verify_refused(
        &mut x,
        &msg,
        &vaa,
        SET_INDEX,
        RegistryError::WrongGuardianSet,
        "set 5 VAA against set 4",
    )
    .await;
}

#[tokio::test]
async fn a_replaced_set_verifies_through_its_grace_period_then_is_expired() {
    let mut x = XWorld::new().await;
    let admin = x.w.t.payer();
    let new_keys: Vec<[u8; 20]> = x.keys.addresses().into_iter().rev().collect();
    let rotate = registry::rotate_guardian_set(admin.pubkey(), SET_INDEX, new_keys.clone());
    x.w.t.send(&[rotate], &[]).await.unwrap();
    let now = x.now().await;
    let old = x.guardian_set(SET_INDEX).await;
    assert_eq!(
        i64::from(old.expiration_time),
        now + i64::from(GUARDIAN_SET_EXPIRATION)
    );
    let new = x.guardian_set(SET_INDEX + 1).await;
    assert_eq!(
        (new.index, new.expiration_time, new.keys),
        (SET_INDEX + 1, 0, new_keys)
    );
    let config: slasher_registry::state::XchainConfig =
        x.w.t.decode(registry::pda::xchain_config()).await;
    assert_eq!(config.current_guardian_set, SET_INDEX + 1);

    // the old set still verifies within the grace period
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(2, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let ixs = x.verify_ixs(2, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();

    // one second after its expiration it does not
    let mut clock: Clock = x.w.t.ctx.banks_client.get_sysvar().await.unwrap();
    clock.unix_timestamp = i64::from(old.expiration_time) + 1;
    x.w.t.ctx.set_sysvar(&clock);
    let msg = x.msg(2, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    verify_refused(
        &mut x,
        &msg,
        &vaa,
        SET_INDEX,
        RegistryError::GuardianSetExpired,
        "expired set",
    )
    .await;
}

#[tokio::test]
async fn only_the_admin_rotates_and_only_the_payer_writes_its_buffer() {
    let mut x = XWorld::new().await;
    let stranger = x.relayer.insecure_clone();
    let rotate = registry::rotate_guardian_set(stranger.pubkey(), SET_INDEX, vec![[1; 20]]);
    let keys = [
        registry::pda::guardian_set(SET_INDEX),
        registry::pda::guardian_set(SET_INDEX + 1),
        registry::pda::xchain_config(),
    ];
    refused(
        &mut x.w.t,
        &[rotate],
        &[&stranger],
        registry_error(RegistryError::NotAdmin),
        &keys,
        "rotation by a stranger",
    )
    .await;
    let admin = x.w.t.payer();
    let bad = registry::rotate_guardian_set(admin.pubkey(), SET_INDEX, vec![[1; 20], [1; 20]]);
    refused(
        &mut x.w.t,
        &[bad],
        &[],
        registry_error(RegistryError::InvalidGuardianKeys),
        &keys,
        "repeated key",
    )
    .await;

    // a stranger cannot write the relayer's buffer: the seeds name the payer
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 13, &msg.body());
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let intruder = Keypair::new();
    x.w.t.fund(&[&intruder], SOL).await;
    let mut write = registry::post_vaa_chunk(intruder.pubkey(), 1, vaa.len() as u32, 0, vec![0; 8]);
    write.accounts[1].pubkey = registry::pda::vaa_buffer(&relayer.pubkey(), 1);
    let buffer = [registry::pda::vaa_buffer(&relayer.pubkey(), 1)];
    refused(
        &mut x.w.t,
        &[write],
        &[&intruder],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        &buffer,
        "a stranger writes the buffer",
    )
    .await;

    // a verified buffer is frozen
    let ixs = x.verify_ixs(1, SET_INDEX);
    x.w.t.send(&ixs, &[&relayer]).await.unwrap();
    let write = registry::post_vaa_chunk(relayer.pubkey(), 1, vaa.len() as u32, 0, vec![0; 8]);
    refused(
        &mut x.w.t,
        &[write],
        &[&relayer],
        registry_error(RegistryError::VaaAlreadyVerified),
        &buffer,
        "write after verify",
    )
    .await;
}

#[tokio::test]
async fn an_unconsumed_buffer_is_closed_by_its_payer_alone_with_its_rent_back() {
    let mut x = XWorld::new().await;
    let msg = x.msg(1, WAD / 10).await;
    let vaa = sign_vaa(SET_INDEX, &x.keys, 12, &msg.body());
    x.post(1, &vaa, 600).await;
    let relayer = x.relayer.insecure_clone();
    let buffer = registry::pda::vaa_buffer(&relayer.pubkey(), 1);
    // a stranger cannot close it: the seeds name the payer
    let stranger = Keypair::new();
    x.w.t.fund(&[&stranger], SOL).await;
    let mut ix = registry::close_vaa_buffer(stranger.pubkey(), 1);
    ix.accounts[1].pubkey = buffer;
    refused(
        &mut x.w.t,
        &[ix],
        &[&stranger],
        anchor_error(anchor_lang::error::ErrorCode::ConstraintSeeds),
        &[buffer, relayer.pubkey()],
        "a stranger closes the buffer",
    )
    .await;
    let rent = x.w.t.account(buffer).await.unwrap().lamports;
    let before = x.w.t.account(relayer.pubkey()).await.unwrap().lamports;
    x.w.t
        .send(
            &[registry::close_vaa_buffer(relayer.pubkey(), 1)],
            &[&relayer],
        )
        .await
        .unwrap();
    assert!(x.w.t.account(buffer).await.is_none());
    let after = x.w.t.account(relayer.pubkey()).await.unwrap().lamports;
    assert_eq!(after - before, rent);
}

#[tokio::test]
async fn the_first_guardian_set_is_installed_once() {
    let mut x = XWorld::new().await;
    let set = x.guardian_set(SET_INDEX).await;
    assert_eq!(set.keys, x.keys.addresses());
    assert_eq!((set.index, set.expiration_time), (SET_INDEX, 0));
    let admin = x.w.t.payer();
    let again = registry::set_guardian_set(
        admin.pubkey(),
        SetGuardianSetArgs {
            index: SET_INDEX + 7,
            keys: vec![[1; 20]],
            guardian_set_expiration: 1,
            max_message_age: 1,
        },
    );
    let keys = [
        registry::pda::xchain_config(),
        registry::pda::guardian_set(SET_INDEX + 7),
    ];
    refused(
        &mut x.w.t,
        &[again],
        &[],
        registry_error(RegistryError::AccountAlreadyExists),
        &keys,
        "a second initial set",
    )
    .await;
}
