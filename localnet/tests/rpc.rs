//! The local network over real RPC: the Rust `RpcClient` over HTTP, our programs as
//! builtins, a transaction of `lrt_vault` confirmed and read back, a clean shutdown.
use std::{net::TcpStream, time::Duration};

use lrt_client::decode::Config;
use lrt_localnet::{Localnet, LocalnetConfig};
use lrt_vault::instructions::InitializeConfigArgs;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::Transaction;

const SOL: u64 = 1_000_000_000;

#[test]
fn programs_answer_over_rpc_and_the_network_shuts_down() {
    let admin = Keypair::new();
    let net = Localnet::start(LocalnetConfig {
        airdrop: vec![admin.pubkey()],
        airdrop_lamports: 10 * SOL,
        ..LocalnetConfig::default()
    })
    .expect("the network starts");
    let rpc =
        RpcClient::new_with_commitment(net.rpc_url().to_string(), CommitmentConfig::confirmed());

    rpc.get_health().expect("getHealth");
    let version = rpc.get_version().expect("getVersion");
    assert!(!version.solana_core.is_empty());
    assert_eq!(rpc.get_balance(&admin.pubkey()).unwrap(), 10 * SOL);
    for program in [lrt_vault::ID, slasher_registry::ID, example_avs::ID] {
        let account = rpc.get_account(&program).expect("the program account");
        assert!(account.executable, "{program} is executable");
    }
    let ws = net.ws_url().trim_start_matches("ws://").to_string();
    TcpStream::connect(&ws).expect("the WebSocket port accepts connections");

    let treasury = Keypair::new().pubkey();
    let pauser = Keypair::new().pubkey();
    let ix = lrt_client::instructions::initialize_config(
        admin.pubkey(),
        None,
        InitializeConfigArgs {
            pauser,
            treasury,
            registry_program: slasher_registry::ID,
            epoch_length: 150,
            max_deposit_fee_bps: 100,
            max_withdrawal_fee_bps: 200,
        },
    );
    let blockhash = rpc.get_latest_blockhash().unwrap();
    let tx = Transaction::new_signed_with_payer(&[ix], Some(&admin.pubkey()), &[&admin], blockhash);
    rpc.send_and_confirm_transaction(&tx)
        .expect("initialize_config confirms");

    let account = rpc.get_account(&lrt_client::pda::config()).unwrap();
    assert_eq!(account.owner, lrt_vault::ID);
    let config: Config = lrt_client::decode::account(&account.data).unwrap();
    assert_eq!(config.admin, admin.pubkey());
    assert_eq!(config.pending_admin, None);
    assert_eq!(config.pauser, pauser);
    assert_eq!(config.treasury, treasury);
    assert_eq!(config.registry_program, slasher_registry::ID);
    assert_eq!(config.epoch_length, 150);
    assert_eq!(config.max_deposit_fee_bps, 100);
    assert_eq!(config.max_withdrawal_fee_bps, 200);
    assert!(!config.paused);

    // A second initialisation fails: the account exists (the program really ran).
    let again = lrt_client::instructions::initialize_config(
        admin.pubkey(),
        None,
        InitializeConfigArgs {
            pauser,
            treasury,
            registry_program: slasher_registry::ID,
            epoch_length: 1,
            max_deposit_fee_bps: 0,
            max_withdrawal_fee_bps: 0,
        },
    );
    let blockhash = rpc.get_latest_blockhash().unwrap();
    let tx =
        Transaction::new_signed_with_payer(&[again], Some(&admin.pubkey()), &[&admin], blockhash);
    assert!(rpc.send_and_confirm_transaction(&tx).is_err());
    let config: Config =
        lrt_client::decode::account(&rpc.get_account_data(&lrt_client::pda::config()).unwrap())
            .unwrap();
    assert_eq!(config.epoch_length, 150);

    let rpc_url = net.rpc_url().to_string();
    net.shutdown();
    let after = RpcClient::new_with_timeout(rpc_url, Duration::from_secs(2));
    let mut stopped = false;
    for _ in 0..50 {
        if after.get_health().is_err() {
            stopped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(stopped, "the RPC server is closed after shutdown");
}
