//! The AVS's parameters in the registry change only with notice: announced by its admin
//! during epoch `e`, they apply to requests made from `e + 2`; a request keeps the maximum
//! and destination in force when it was made.
use crate::*;
use lrt_integration_tests::slashing_world::EPOCH_LENGTH;
use minimal_avs::slasher_registry::error::SlasherRegistryError as E;
use slasher_registry::{instructions::AnnounceAvsChangeArgs, state::SlashRequest};

#[tokio::test]
async fn changes_announced_during_e_reach_requests_made_from_e_plus_2() {
    let mut kit = Kit::staked().await;
    let (admin, operator) = (kit.admin.insecure_clone(), kit.w.operator);
    let e = kit.w.epoch().await;
    let successor = Keypair::new();
    let announce = registry::announce_avs_change(
        admin.pubkey(),
        kit.avs,
        AnnounceAvsChangeArgs {
            kind: Some(AvsKind::Local {
                slash_authority: successor.pubkey(),
            }),
            max_slash_wad: Some(WAD / 5),
            destination: Some(SlashDestination::Burn),
        },
    );
    kit.w.t.send(&[announce], &[&admin]).await.unwrap();

    // during e and e + 1: the PDA still signs, with the old maximum and destination
    for epoch in [e, e + 1] {
        kit.w.advance_to_slot(epoch * EPOCH_LENGTH + 1).await;
        let key = kit.slash(WAD / 10, [1; 32]).await.unwrap();
        let request: SlashRequest = kit.w.t.decode(key).await;
        assert_eq!(
            (request.max_slash_wad, request.destination),
            (
                MAX_SLASH_WAD,
                SlashDestination::Recipient {
                    owner: kit.w.recipient
                }
            ),
            "epoch {epoch}"
        );
    }
    // from e + 2: the new slash authority is in force, so the PDA is refused
    kit.w.advance_to_slot((e + 2) * EPOCH_LENGTH).await;
    kit.assert_slash_fails(
        &admin,
        operator,
        WAD / 10,
        registry_error(E::NotSlashAuthority),
    )
    .await;
    // and the successor's requests carry the new maximum and destination
    kit.w.t.fund(&[&successor], SOL).await;
    let avs = kit.avs;
    let (_, request) = kit
        .w
        .request_slash_of(avs, &successor, WAD / 10)
        .await
        .unwrap();
    assert_eq!(
        (request.index, request.max_slash_wad, request.destination),
        (2, WAD / 5, SlashDestination::Burn)
    );
}
