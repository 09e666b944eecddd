//! The demo world over real RPC: it seeds; every address it reports exists with the right
//! owner; the vault, operators, AVSs and opt-ins are as built; the wallet deposits each
//! LST; the stake pool stays fresh across a Solana epoch; the web app's demo wallet is
//! funded as the wallet and written to `demo.json` and `demo-wallet.json`; the cross-chain
//! path (the local guardian set, the simulated remote AVS and its opt-ins) is set up.
use std::{
    path::{Path, PathBuf},
    str::FromStr,
    time::{Duration, Instant},
};

use anchor_lang::prelude::{Clock, Pubkey};
use lrt_client::{
    decode::Config,
    pda,
    registry::{
        self,
        decode::{
            Avs, GuardianSetAccount, Operator, OperatorAvs, RegistryConfig, VaultAvs, XchainConfig,
        },
    },
    state::{Delegation, OperatorBond, PricingSource, SlashDestination},
    token_programs::{TOKEN, TOKEN_2022},
};
use lrt_localnet::{
    advance_to_slot,
    demo::{self, DemoWorld, DEMO_EPOCH_LENGTH, SOL},
    Localnet, LocalnetConfig,
};
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_sdk_ids::sysvar;
use solana_signer::Signer;

const WAD: u128 = 1_000_000_000_000_000_000;

fn start() -> (Localnet, RpcClient) {
    let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
    let rpc =
        RpcClient::new_with_commitment(net.rpc_url().to_string(), CommitmentConfig::confirmed());
    (net, rpc)
}

/// A fresh directory under the system's temp dir (removed by the test).
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lrt-demo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn key(value: &serde_json::Value) -> Pubkey {
    Pubkey::from_str(value.as_str().unwrap_or_else(|| panic!("{value} is a key"))).unwrap()
}

fn decode<T: anchor_lang::AccountDeserialize>(rpc: &RpcClient, address: &Pubkey) -> T {
    lrt_client::decode::account(&rpc.get_account_data(address).unwrap()).unwrap()
}

fn token_balance(rpc: &RpcClient, account: &Pubkey) -> u64 {
    rpc.get_token_account_balance(account)
        .unwrap()
        .amount
        .parse()
        .unwrap()
}

fn clock(rpc: &RpcClient) -> Clock {
    bincode::deserialize(&rpc.get_account_data(&sysvar::clock::ID).unwrap()).unwrap()
}

fn assert_owner(rpc: &RpcClient, address: &Pubkey, owner: &Pubkey, what: &str) {
    let account = rpc
        .get_account(address)
        .unwrap_or_else(|e| panic!("{what} {address} exists: {e}"));
    assert_eq!(account.owner, *owner, "owner of {what} {address}");
}

fn read_keypair(path: &Path) -> Keypair {
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    Keypair::try_from(bytes.as_slice()).unwrap()
}

#[test]
fn every_address_in_demo_json_exists_with_its_owner() {
    let (net, rpc) = start();
    let dir = temp_dir("files");
    let world = demo::seed(&net, Some(&dir)).expect("the demo seeds");
    assert!(
        world.seeded_in < Duration::from_secs(10),
        "{:?}",
        world.seeded_in
    );
    let files = world.files.as_ref().expect("files written");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files.demo_json).unwrap()).unwrap();

    assert_eq!(json["rpc_url"], net.rpc_url());
    assert_eq!(json["ws_url"], net.ws_url());
    assert_eq!(json["epoch_length"], DEMO_EPOCH_LENGTH);
    for (name, program) in [
        ("lrt_vault", lrt_vault::ID),
        ("slasher_registry", registry::REGISTRY_PROGRAM_ID),
        ("example_avs", example_avs::ID),
        ("spl_token", TOKEN),
        ("token_2022", TOKEN_2022),
    ] {
        assert_eq!(key(&json["programs"][name]), program);
        assert!(rpc.get_account(&program).unwrap().executable, "{name}");
    }

    let config = key(&json["config"]);
    assert_owner(&rpc, &config, &lrt_vault::ID, "config");
    let registry_config = key(&json["registry_config"]);
    assert_owner(
        &rpc,
        &registry_config,
        &registry::REGISTRY_PROGRAM_ID,
        "registry config",
    );

    let vault = &json["vault"];
    let vault_key = key(&vault["address"]);
    assert_owner(&rpc, &vault_key, &lrt_vault::ID, "vault");
    // (no treasury LRT account: fees accrue in the vault's treasury ledger)
    for field in ["lrt_mint", "dead_shares"] {
        assert_owner(&rpc, &key(&vault[field]), &TOKEN_2022, field);
    }

    let assets = json["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 3);
    let symbols: Vec<_> = assets
        .iter()
        .map(|a| a["symbol"].as_str().unwrap())
        .collect();
    assert_eq!(symbols, ["wSOL", "dsSOL", "dmSOL"]);
    for asset in assets {
        let symbol = asset["symbol"].as_str().unwrap();
        let mint = key(&asset["mint"]);
        // wSOL is SPL Token's; the demo LSTs are Token-2022 mints with metadata
        let program = if symbol == "wSOL" { TOKEN } else { TOKEN_2022 };
        assert_eq!(key(&asset["token_program"]), program);
        assert_owner(&rpc, &mint, &program, symbol);
        let reserve = key(&asset["reserve"]);
        assert_owner(&rpc, &reserve, &program, "reserve");
        assert_eq!(reserve, pda::reserve(&vault_key, &mint));
        assert_owner(
            &rpc,
            &key(&asset["wallet_account"]),
            &program,
            "wallet account",
        );
        let expected_owner = match asset["pricing"].as_str().unwrap() {
            "wsol" => {
                assert!(asset["pricing_account"].is_null());
                continue;
            }
            "spl_stake_pool" => lrt_vault::constants::ALLOWED_STAKE_POOL_PROGRAMS[0],
            "marinade" => lrt_vault::constants::MARINADE_PROGRAM,
            other => panic!("unknown pricing {other}"),
        };
        assert_owner(
            &rpc,
            &key(&asset["pricing_account"]),
            &expected_owner,
            "pricing",
        );
    }

    for (name, avs) in json["avs"].as_object().unwrap() {
        let account = key(&avs["account"]);
        assert_owner(&rpc, &account, &registry::REGISTRY_PROGRAM_ID, name);
        assert_eq!(account, registry::pda::avs(&key(&avs["id"])));
        let state: Avs = decode(&rpc, &account);
        assert!(state.active, "{name} is active");
        if !avs["program_config"].is_null() {
            assert_owner(
                &rpc,
                &key(&avs["program_config"]),
                &example_avs::ID,
                "AVS config",
            );
        }
    }
    assert_eq!(
        key(&json["avs"]["example"]["program_config"]),
        lrt_client::avs::pda::config()
    );

    let operators = json["operators"].as_array().unwrap();
    assert_eq!(operators.len(), 3);
    for op in operators {
        assert_owner(
            &rpc,
            &key(&op["operator"]),
            &registry::REGISTRY_PROGRAM_ID,
            "operator",
        );
        assert_owner(&rpc, &key(&op["delegation"]), &lrt_vault::ID, "delegation");
        assert!(op["allocation_bps"].as_u64().unwrap() > 0);
        assert_owner(&rpc, &key(&op["bond"]), &lrt_vault::ID, "bond");
        let keypair = read_keypair(Path::new(op["keypair"].as_str().unwrap()));
        assert_eq!(keypair.pubkey(), key(&op["authority"]));
    }

    // The recipient can be paid every asset without set-up.
    let recipient = key(&json["recipient"]);
    for asset in assets {
        let program = key(&asset["token_program"]);
        let account = pda::associated_token_account(&recipient, &key(&asset["mint"]), &program);
        assert_owner(&rpc, &account, &program, "recipient account");
    }
    let wallet = key(&json["wallet"]["address"]);
    assert_eq!(
        rpc.get_balance(&wallet).unwrap() / SOL,
        demo::WALLET_SOL / SOL - 101,
        "airdrop less 100 wrapped (and fees)"
    );

    // Keypair files: one per role, each the key demo.json names; config.yml points at the
    // wallet.
    let roles = &json["roles"];
    for (name, address) in [
        ("wallet", wallet),
        ("admin", key(&roles["admin"])),
        ("curator", key(&roles["curator"])),
        ("avs-authority", key(&roles["avs_authority"])),
        ("faucet", key(&roles["faucet"])),
        ("treasury", key(&json["treasury"])),
    ] {
        let path = json["keypairs"][name].as_str().unwrap();
        assert_eq!(read_keypair(Path::new(path)).pubkey(), address, "{name}");
    }
    let config_yml = std::fs::read_to_string(&files.config_yml).unwrap();
    assert!(config_yml.contains(&format!("json_rpc_url: \"{}\"", net.rpc_url())));
    assert!(config_yml.contains(&format!("websocket_url: \"{}\"", net.ws_url())));
    assert!(config_yml.contains(&format!(
        "keypair_path: \"{}\"",
        files.keypairs["wallet"].display()
    )));
    assert!(config_yml.contains("commitment: confirmed"));
    assert_eq!(key(&roles["treasury"]), key(&json["treasury"]));
    assert!(
        rpc.get_balance(&key(&json["treasury"])).unwrap() > 0,
        "the treasury can pay for its claims"
    );

    drop(world);
    net.shutdown();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_world_is_built_and_active_at_hand_over() {
    let (net, rpc) = start();
    let world = demo::seed(&net, None).expect("the demo seeds");
    assert!(world.files.is_none());

    // Config and registry as specified; the clock in the active epoch.
    let config: Config = decode(&rpc, &pda::config());
    assert_eq!(config.epoch_length, DEMO_EPOCH_LENGTH);
    assert_eq!(config.admin, world.admin.pubkey());
    assert_eq!(config.treasury, world.treasury);
    let registry_config: RegistryConfig = decode(&rpc, &registry::pda::registry_config());
    let now = clock(&rpc).slot / DEMO_EPOCH_LENGTH;
    assert_eq!(now, world.active_epoch);
    let params = registry_config.params_at(now);
    assert_eq!(params.veto_window_slots, 40);
    assert_eq!(params.resolution_delay_slots, 40);
    assert_eq!(params.max_vault_slash_bps_per_epoch, 10_000);
    assert_eq!(params.max_commission_bps, 5_000);
    assert_eq!(
        registry_config.params_at(u64::MAX),
        params,
        "no change announced"
    );
    assert_eq!(registry_config.veto_authority, world.admin.pubkey());

    // The vault: three assets in order, fees, the curator's deposits.
    let vault = world.fetch_vault(&rpc).unwrap();
    assert_eq!(vault.curator, world.curator.pubkey());
    assert_eq!(vault.asset_count, 3);
    let assets = vault.assets();
    assert_eq!(assets[0].mint, lrt_vault::constants::WSOL_MINT);
    assert_eq!(assets[0].pricing, PricingSource::Wsol);
    assert_eq!(assets[1].mint, world.assets[1].mint);
    assert!(matches!(
        assets[1].pricing,
        PricingSource::SplStakePool { .. }
    ));
    assert_eq!(assets[2].mint, world.assets[2].mint);
    assert!(matches!(assets[2].pricing, PricingSource::Marinade { .. }));
    assert_eq!(
        assets[0].active_amount,
        demo::SEED_WSOL + demo::CURATOR_WSOL_DEPOSIT + demo::OPERATOR1_WSOL_DEPOSIT
    );
    assert_eq!(assets[1].active_amount, demo::CURATOR_LST_DEPOSIT);
    assert_eq!(assets[2].active_amount, demo::CURATOR_LST_DEPOSIT);
    for (slot, asset) in assets.iter().zip(&world.assets) {
        assert_eq!(token_balance(&rpc, &slot.reserve), slot.active_amount);
        assert_eq!(slot.reserve, asset.reserve);
    }
    // Rates written into the pricing accounts: jitoSOL's and mSOL's at mainnet epoch 793.
    assert_eq!(
        assets[1].price_wad,
        u128::from(demo::DS_SOL_POOL_LAMPORTS) * WAD / u128::from(demo::DS_SOL_POOL_SUPPLY)
    );
    assert_eq!(
        assets[2].price_wad,
        u128::from(demo::DM_SOL_MSOL_PRICE) * WAD / (1u128 << 32)
    );
    // Set during seeding, the fees (increases) waited a full epoch: in force at hand-over.
    let fees = vault.fees.at(now);
    assert_eq!(
        (fees.deposit_bps, fees.withdrawal_bps, fees.reward_bps),
        (0, demo::WITHDRAWAL_FEE_BPS, demo::REWARD_FEE_BPS),
        "the fee increases apply from the active epoch"
    );
    assert_eq!(
        vault.fees.at(now - 1),
        lrt_client::state::Fees::default(),
        "not before: a full epoch of notice"
    );
    assert_eq!(vault.insurance_cut_bps, demo::INSURANCE_CUT_BPS);
    assert_eq!(vault.treasury_shares, 0);
    assert_eq!(vault.curator, world.curator.pubkey());
    assert_eq!(vault.pending_curator, None);
    // 30%, 20% and 10% of the vault allocated, in force now: 60% in all.
    let bps_wad = |bps: u16| u64::from(bps) * 100_000_000_000_000;
    assert_eq!(demo::ALLOCATIONS_BPS, [3_000, 2_000, 1_000]);
    assert_eq!(
        vault.allocations.at(now, now).unwrap(),
        demo::ALLOCATIONS_BPS
            .iter()
            .map(|&b| bps_wad(b))
            .sum::<u64>()
    );
    assert_eq!(vault.allocations.committed(), 6 * WAD as u64 / 10);
    // The vault's value at hand-over: every asset's active amount at its price.
    let value_wad: u128 = assets
        .iter()
        .map(|a| u128::from(a.active_amount) * a.price_wad)
        .sum();

    // Three operators: registered, whitelisted with their allocations in force now, opted
    // in (as the vault is) to both AVSs before now; operator 1 bonded.
    assert_eq!(world.operators.len(), 3);
    for (i, op) in world.operators.iter().enumerate() {
        let authority = op.authority.pubkey();
        assert_eq!(op.operator, registry::pda::operator(&authority));
        let state: Operator = decode(&rpc, &op.operator);
        assert_eq!(state.authority, authority);
        assert_eq!(state.signing_key, authority.to_bytes());
        assert_eq!(state.commission_at(now), demo::COMMISSIONS_BPS[i]);
        assert_eq!(state.commission_at(u64::MAX), demo::COMMISSIONS_BPS[i]);

        let delegation: Delegation = decode(&rpc, &pda::delegation(&world.vault, &op.operator));
        assert_eq!(delegation.vault, world.vault);
        assert_eq!(delegation.max_bps, demo::OPERATOR_MAX_BPS);
        let bps = demo::ALLOCATIONS_BPS[i];
        assert_eq!(op.allocation_bps, bps);
        assert_eq!(delegation.allocation.at(now, now).unwrap(), bps_wad(bps));
        assert_eq!(op.allocation_wad, bps_wad(bps));
        // its stake: floor(value x bps / 1e4), in lamports
        let stake = value_wad * u128::from(bps) / 10_000 / WAD;
        assert_eq!(u128::from(op.stake_at_hand_over), stake);
        assert!(
            (30 * SOL..=92 * SOL).contains(&op.stake_at_hand_over),
            "about 91.5, 61 and 30.5 SOL: {}",
            op.stake_at_hand_over
        );

        for avs in [&world.example_avs, &world.demo_avs] {
            let opt_in: OperatorAvs = decode(
                &rpc,
                &registry::pda::operator_avs(&op.operator, &avs.account),
            );
            assert!(opt_in.window.activation_epoch < now, "{} active", avs.name);
            assert_eq!(opt_in.window.deactivation_epoch, u64::MAX);
        }
        let bond: OperatorBond = decode(&rpc, &pda::bond(&world.vault, &op.operator));
        let bonded = if i == 0 {
            demo::OPERATOR1_BOND_SHARES
        } else {
            0
        };
        assert_eq!(bond.shares, bonded);
        assert_eq!(bond.authority, authority);
    }
    assert_eq!(vault.bonded_shares, demo::OPERATOR1_BOND_SHARES);
    for avs in [&world.example_avs, &world.demo_avs] {
        let opt_in: VaultAvs = decode(&rpc, &registry::pda::vault_avs(&world.vault, &avs.account));
        assert!(opt_in.window.activation_epoch < now);
        assert_eq!(opt_in.cap_bps, 10_000);
        let state: Avs = decode(&rpc, &avs.account);
        assert_eq!(state.admin, avs.admin);
        assert_eq!(state.destination_at(now), avs.destination);
        assert_eq!(state.max_slash_wad_at(now), WAD);
        assert!(matches!(
            state.kind_at(now),
            registry::slasher_registry::state::AvsKind::Local { slash_authority }
                if slash_authority == avs.slash_authority
        ));
    }
    assert_eq!(world.demo_avs.slash_authority, world.avs_authority.pubkey());
    assert_eq!(
        world.demo_avs.destination,
        SlashDestination::Recipient {
            owner: world.recipient
        }
    );
    assert_eq!(world.example_avs.destination, SlashDestination::Burn);

    // The wallet: 100 of each LST and 100 wSOL; no LRT yet.
    for asset in &world.assets {
        let account = asset.account_of(&world.wallet.pubkey());
        assert_eq!(
            token_balance(&rpc, &account),
            demo::WALLET_TOKENS,
            "{}",
            asset.symbol
        );
    }
    let lrt = pda::lrt_account(&world.wallet.pubkey(), &world.lrt_mint);
    assert!(
        rpc.get_account(&lrt).is_err(),
        "the wallet has no LRT account yet"
    );

    drop(world);
    net.shutdown();
}

/// floor(a * b / c) in 256 bits (the vault's share math, recomputed independently).
#[test]
fn the_cross_chain_path_is_set_up_at_hand_over() {
    let (net, rpc) = start();
    let dir = temp_dir("xchain");
    let world = demo::seed(&net, Some(&dir)).expect("the demo seeds");
    let now = clock(&rpc).slot / DEMO_EPOCH_LENGTH;

    // The local guardian set, installed first with the documented parameters.
    let keys = xchain::signing::GuardianKeys::local();
    assert_eq!(keys.len(), 19);
    let config: XchainConfig = decode(&rpc, &registry::pda::xchain_config());
    assert_eq!(config.current_guardian_set, demo::GUARDIAN_SET_INDEX);
    assert_eq!(config.guardian_set_expiration, 86_400);
    assert_eq!(config.max_message_age, 3_600);
    let set: GuardianSetAccount =
        decode(&rpc, &registry::pda::guardian_set(demo::GUARDIAN_SET_INDEX));
    assert_eq!(set.index, demo::GUARDIAN_SET_INDEX);
    assert_eq!(set.keys, keys.addresses());
    assert_eq!(set.expiration_time, 0, "current");

    // The remote AVS: Sepolia (Wormhole 10002), the made-up emitter left-padded.
    let remote = &world.remote_avs;
    assert_eq!(remote.chain, 10_002);
    assert_eq!(
        remote.emitter_hex(),
        "0x000000000000000000000000de150000000000000000000000000000000a0015"
    );
    let state: Avs = decode(&rpc, &remote.account);
    assert!(state.active);
    assert_eq!(state.admin, world.admin.pubkey());
    assert_eq!(state.max_slash_wad_at(now), WAD);
    assert_eq!(
        state.destination_at(now),
        SlashDestination::Recipient {
            owner: world.recipient
        }
    );
    assert!(matches!(
        state.kind_at(now),
        registry::slasher_registry::state::AvsKind::Remote { chain: 10_002, emitter }
            if emitter == demo::REMOTE_AVS_EMITTER
    ));
    // Every operator and the vault opted in before now: a remote slash reaches the vault.
    for op in &world.operators {
        let opt_in: OperatorAvs = decode(
            &rpc,
            &registry::pda::operator_avs(&op.operator, &remote.account),
        );
        assert!(opt_in.window.activation_epoch < now);
        assert_eq!(opt_in.window.deactivation_epoch, u64::MAX);
    }
    let opt_in: VaultAvs = decode(
        &rpc,
        &registry::pda::vault_avs(&world.vault, &remote.account),
    );
    assert!(opt_in.window.activation_epoch < now);
    assert_eq!(opt_in.cap_bps, 10_000);

    // demo.json records it.
    let files = world.files.as_ref().expect("files written");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files.demo_json).unwrap()).unwrap();
    let r = &json["avs"]["remote"];
    assert_eq!(key(&r["account"]), remote.account);
    assert_eq!(key(&r["id"]), remote.id);
    assert_eq!(r["kind"], "remote");
    assert_eq!(r["chain"], 10_002);
    assert_eq!(r["chain_name"], "Sepolia");
    assert_eq!(r["emitter"], remote.emitter_hex());
    assert_eq!(r["simulated"], true);
    let x = &json["xchain"];
    assert_eq!(key(&x["config"]), registry::pda::xchain_config());
    assert_eq!(x["guardian_set_index"], demo::GUARDIAN_SET_INDEX);
    assert_eq!(
        key(&x["guardian_set"]),
        registry::pda::guardian_set(demo::GUARDIAN_SET_INDEX)
    );
    assert_eq!(x["guardians"], 19);
    assert_eq!(x["quorum"], 13);
    assert_eq!(x["guardian_label"], xchain::signing::LOCAL_GUARDIAN_LABEL);
    assert_eq!(x["guardian_addresses"].as_array().unwrap().len(), 19);
    assert_eq!(x["guardian_set_expiration_seconds"], 86_400);
    assert_eq!(x["max_message_age_seconds"], 3_600);
    assert_eq!(key(&x["remote_avs"]), remote.account);
    drop(world);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Sends `ixs` paid and signed by `payer`, confirmed.
fn send(rpc: &RpcClient, payer: &Keypair, ixs: &[lrt_client::Instruction]) {
    let blockhash = rpc.get_latest_blockhash().unwrap();
    let tx = solana_transaction::Transaction::new_signed_with_payer(
        ixs,
        Some(&payer.pubkey()),
        &[payer],
        blockhash,
    );
    rpc.send_and_confirm_transaction(&tx).unwrap();
}

#[test]
fn a_remote_slash_signed_by_the_local_guardians_executes_against_the_demo_vault() {
    let (net, rpc) = start();
    let world = demo::seed(&net, None).expect("the demo seeds");
    let remote = &world.remote_avs;
    let operator = world.operators[0].operator;
    let relayer = &world.wallet;

    // What a guardian network would produce after the AVS contract on Sepolia emitted a
    // slash request: 5% of operator-1's stake, every vault, signed by a quorum (13 of 19).
    let body = xchain::Body {
        timestamp: u32::try_from(clock(&rpc).unix_timestamp).unwrap(),
        nonce: 0,
        emitter_chain: remote.chain,
        emitter_address: remote.emitter,
        sequence: 1,
        consistency_level: 1,
        payload: &xchain::SlashRequest {
            operator: operator.to_bytes(),
            target: xchain::SlashTarget::AllVaults,
            fraction_wad: WAD / 20,
            evidence_hash: [7; 32],
        }
        .encode()
        .unwrap(),
    }
    .encode();
    let vaa = xchain::signing::GuardianKeys::local()
        .sign_vaa_by_first(demo::GUARDIAN_SET_INDEX, 13, &body)
        .unwrap();

    // Relayed: posted in chunks, verified against the installed set, submitted.
    for ix in registry::post_vaa_chunks(relayer.pubkey(), 0, &vaa, 900) {
        send(&rpc, relayer, &[ix]);
    }
    send(
        &rpc,
        relayer,
        &[
            registry::verify_vaa(relayer.pubkey(), 0, demo::GUARDIAN_SET_INDEX),
            registry::submit_remote_slash(
                relayer.pubkey(),
                0,
                remote.account,
                0,
                operator,
                registry::RemoteMessage {
                    emitter_chain: remote.chain,
                    emitter: remote.emitter,
                    sequence: 1,
                },
                None,
            ),
        ],
    );
    let request_key = registry::pda::slash_request(&remote.account, 0);
    let request: registry::decode::SlashRequest = decode(&rpc, &request_key);
    assert_eq!(request.avs, remote.account);
    assert_eq!(request.operator, operator);
    assert_eq!(request.wad, WAD / 20);
    assert!(rpc
        .get_account(&registry::pda::vaa_buffer(&relayer.pubkey(), 0))
        .is_err());

    // Past the veto window, anyone executes it against the vault, as a local request.
    advance_to_slot(&rpc, request.veto_deadline_slot + 1).unwrap();
    let vault = world.fetch_vault(&rpc).unwrap();
    send(
        &rpc,
        relayer,
        &[
            lrt_client::instructions::refresh_prices(&vault),
            registry::execute_slash(relayer.pubkey(), &request, world.vault),
        ],
    );
    let execution: registry::decode::SlashExecution = decode(
        &rpc,
        &registry::pda::slash_execution(&request_key, &world.vault),
    );
    assert_eq!(execution.avs, remote.account);
    let after = world.fetch_vault(&rpc).unwrap();
    assert!(
        after.bonded_shares < vault.bonded_shares,
        "the bond paid first"
    );
}

fn mul_div_floor(a: u128, b: u128, c: u128) -> u128 {
    const LOW: u128 = u64::MAX as u128;
    let (a_hi, a_lo, b_hi, b_lo) = (a >> 64, a & LOW, b >> 64, b & LOW);
    let (ll, lh, hl, hh) = (a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi);
    let mid = (ll >> 64) + (lh & LOW) + (hl & LOW);
    let lo = (ll & LOW) | (mid << 64);
    let hi = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
    assert!(c < 1 << 127, "divisor in range");
    let (mut quotient, mut rest) = (0u128, 0u128);
    for bit in (0..256).rev() {
        let next = if bit >= 128 {
            (hi >> (bit - 128)) & 1
        } else {
            (lo >> bit) & 1
        };
        rest = (rest << 1) | next;
        if rest >= c {
            rest -= c;
            assert!(bit < 128, "quotient fits 128 bits");
            quotient |= 1 << bit;
        }
    }
    quotient
}

/// The wallet deposits `amount` of asset `index` (refresh + deposit in one transaction)
/// and the books move by exactly the amount and floor(value * S / V) shares.
fn deposit_and_check(rpc: &RpcClient, world: &DemoWorld, index: u8, amount: u64) {
    let wallet = world.wallet.pubkey();
    let asset = &world.assets[usize::from(index)];
    let lrt = pda::lrt_account(&wallet, &world.lrt_mint);
    let before = world.fetch_vault(rpc).unwrap();
    let shares_before = rpc
        .get_token_account_balance(&lrt)
        .map(|b| b.amount.parse::<u64>().unwrap())
        .unwrap_or(0);
    let tokens_before = token_balance(rpc, &asset.account_of(&wallet));

    let ixs = world.deposit_instructions(&before, &wallet, index, amount);
    let blockhash = rpc.get_latest_blockhash().unwrap();
    let tx = solana_transaction::Transaction::new_signed_with_payer(
        &ixs,
        Some(&wallet),
        &[&world.wallet],
        blockhash,
    );
    rpc.send_and_confirm_transaction(&tx)
        .unwrap_or_else(|e| panic!("deposit of {}: {e}", asset.symbol));

    let after = world.fetch_vault(rpc).unwrap();
    let price = after.assets[usize::from(index)].price_wad;
    // The vault a deposit buys into: every asset's active amount at its price, the
    // Marinade-priced one (dmSOL) raised by 10 bps, rounded up (its price may lag).
    let total_value: u128 = before
        .assets()
        .iter()
        .zip(after.assets())
        .map(|(b, a)| {
            let value = u128::from(b.active_amount) * a.price_wad;
            match a.pricing {
                PricingSource::Marinade { .. } => value + (value * 10).div_ceil(10_000),
                _ => value,
            }
        })
        .sum();
    let expected = mul_div_floor(
        u128::from(amount) * price,
        u128::from(before.share_supply),
        total_value,
    ) as u64;
    assert!(expected > 0);
    let shares_after: u64 = token_balance(rpc, &lrt);
    assert_eq!(
        shares_after - shares_before,
        expected,
        "{} shares",
        asset.symbol
    );
    assert_eq!(after.share_supply, before.share_supply + expected);
    assert_eq!(
        after.assets[usize::from(index)].active_amount,
        before.assets[usize::from(index)].active_amount + amount
    );
    assert_eq!(
        token_balance(rpc, &asset.account_of(&wallet)),
        tokens_before - amount
    );
    assert_eq!(
        token_balance(rpc, &asset.reserve),
        after.assets[usize::from(index)].active_amount
    );
}

#[test]
fn the_wallet_deposits_each_lst_and_its_shares_rise() {
    let (net, rpc) = start();
    let world = demo::seed(&net, None).expect("the demo seeds");
    for (index, amount) in [(1, 3 * SOL), (2, 2 * SOL), (0, 5 * SOL + 7)] {
        deposit_and_check(&rpc, &world, index, amount);
    }
    drop(world);
    net.shutdown();
}

#[test]
fn the_stake_pool_stays_fresh_across_a_solana_epoch() {
    let (net, rpc) = start();
    let world = demo::seed(&net, None).expect("the demo seeds");
    let pool = world.assets[1].pricing_account().unwrap();
    let pool_epoch = |rpc: &RpcClient| {
        let data = rpc.get_account_data(&pool).unwrap();
        restaking_math::StakePoolReading::parse(&data)
            .unwrap()
            .last_update_epoch
    };
    let start_epoch = clock(&rpc).epoch;
    assert_eq!(pool_epoch(&rpc), start_epoch);

    let slots_per_epoch = rpc.get_epoch_schedule().unwrap().slots_per_epoch;
    advance_to_slot(&rpc, (start_epoch + 1) * slots_per_epoch + 10).unwrap();
    let epoch = clock(&rpc).epoch;
    assert_eq!(epoch, start_epoch + 1);
    // The keeper writes on the clock event of the jump, well before the block that
    // `advance_to_slot` waits for; allow a moment for a loaded machine.
    let deadline = Instant::now() + Duration::from_secs(2);
    while pool_epoch(&rpc) != epoch {
        assert!(Instant::now() < deadline, "the pool was not refreshed");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        world.fetch_vault(&rpc).unwrap().assets[1].price_epoch,
        start_epoch,
        "the vault's cache is from the old epoch until refreshed"
    );

    deposit_and_check(&rpc, &world, 1, SOL);
    assert_eq!(
        world.fetch_vault(&rpc).unwrap().assets[1].price_epoch,
        epoch
    );

    // Dropping the world stops the keeper: the next epoch leaves the pool behind.
    drop(world);
    advance_to_slot(&rpc, (epoch + 1) * slots_per_epoch + 10).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(pool_epoch(&rpc), epoch);
    net.shutdown();
}

#[test]
fn the_demo_wallet_is_funded_like_the_wallet_and_written_for_the_app() {
    let (net, rpc) = start();
    let dir = temp_dir("demo-wallet");
    let world = demo::seed(&net, Some(&dir)).expect("the demo seeds");
    let demo_wallet = world.demo_wallet.pubkey();
    assert_ne!(demo_wallet, world.wallet.pubkey(), "a key of its own");
    assert_eq!(demo_wallet, demo::demo_keypair("demo-wallet").pubkey());

    // SOL as the wallet: the airdrop less the 100 wrapped (and fees); 100 of each asset.
    assert_eq!(
        rpc.get_balance(&demo_wallet).unwrap() / SOL,
        demo::WALLET_SOL / SOL - 101
    );
    for asset in &world.assets {
        let account = asset.account_of(&demo_wallet);
        assert_owner(&rpc, &account, &asset.token_program, asset.symbol);
        assert_eq!(
            token_balance(&rpc, &account),
            demo::WALLET_TOKENS,
            "{}",
            asset.symbol
        );
    }

    // demo.json names it with its secret key (private file), and demo-wallet.json is it.
    let files = world.files.as_ref().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files.demo_json).unwrap()).unwrap();
    assert_eq!(key(&json["demo_wallet"]["address"]), demo_wallet);
    let secret: Vec<u8> = json["demo_wallet"]["secret_key"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
        .collect();
    assert_eq!(secret.len(), 64);
    assert_eq!(
        Keypair::try_from(secret.as_slice()).unwrap().pubkey(),
        demo_wallet
    );
    let file = Path::new(json["keypairs"]["demo-wallet"].as_str().unwrap());
    assert_eq!(file, dir.canonicalize().unwrap().join("demo-wallet.json"));
    assert_eq!(read_keypair(file).pubkey(), demo_wallet);
    #[cfg(unix)]
    for private in [&files.demo_json, &file.to_path_buf()] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(private).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{} is private", private.display());
    }

    // It deposits as any depositor.
    let vault = world.fetch_vault(&rpc).unwrap();
    let ixs = world.deposit_instructions(&vault, &demo_wallet, 1, 2 * SOL);
    let blockhash = rpc.get_latest_blockhash().unwrap();
    let tx = solana_transaction::Transaction::new_signed_with_payer(
        &ixs,
        Some(&demo_wallet),
        &[&world.demo_wallet],
        blockhash,
    );
    rpc.send_and_confirm_transaction(&tx).unwrap();
    assert_eq!(
        token_balance(&rpc, &world.assets[1].account_of(&demo_wallet)),
        demo::WALLET_TOKENS - 2 * SOL
    );
    assert!(token_balance(&rpc, &pda::lrt_account(&demo_wallet, &world.lrt_mint)) > 0);

    drop(world);
    net.shutdown();
    std::fs::remove_dir_all(&dir).unwrap();
}
