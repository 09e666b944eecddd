//! Advancing the clock for cooldowns and slash windows: `advance_to_slot` over RPC, and
//! the Clock sysvar our programs read afterwards.
use anchor_lang::prelude::Clock;
use lrt_localnet::{advance_to_slot, Localnet, LocalnetConfig};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_sdk_ids::sysvar;

fn clock(rpc: &RpcClient) -> Clock {
    let data = rpc.get_account_data(&sysvar::clock::ID).unwrap();
    bincode::deserialize(&data).unwrap()
}

#[test]
fn advance_to_slot_moves_the_clock_sysvar_and_solana_epochs() {
    let net = Localnet::start(LocalnetConfig::default()).unwrap();
    let rpc =
        RpcClient::new_with_commitment(net.rpc_url().to_string(), CommitmentConfig::processed());
    let slots_per_epoch = rpc.get_epoch_schedule().unwrap().slots_per_epoch;
    let start = rpc.get_slot().unwrap();

    let target = start + 1_000;
    let now = advance_to_slot(&rpc, target).unwrap();
    assert!(now > target);
    let c = clock(&rpc);
    assert!(
        c.slot > target && c.slot <= rpc.get_slot().unwrap(),
        "{c:?}"
    );
    assert_eq!(c.epoch, c.slot / slots_per_epoch);

    // Across two Solana epoch boundaries.
    let target = (c.epoch + 2) * slots_per_epoch + 7;
    advance_to_slot(&rpc, target).unwrap();
    let c = clock(&rpc);
    assert!(c.slot > target, "{c:?}");
    assert_eq!(c.epoch, c.slot / slots_per_epoch);
    assert_eq!(rpc.get_epoch_info().unwrap().epoch, c.epoch);

    // The past is refused by surfpool; asking for it only waits for the next block.
    let before = rpc.get_slot().unwrap();
    assert!(advance_to_slot(&rpc, 5).unwrap() > before);
}
