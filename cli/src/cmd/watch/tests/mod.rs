//! `lrt watch`: JSON and text of the typed events, and the selection.
use std::collections::HashSet;

use anchor_lang::{event::EVENT_IX_TAG_LE, prelude::Pubkey};
use example_avs::events as avs_ev;
use lrt_client::program_events::{Program, ProgramEvent};
use lrt_vault::{
    constants::MAX_ASSETS,
    events::{self as vault_ev, Role, VaultSnapshot},
    state::{AllocationHistory, PricingSource, SlashDestination},
};
use serde_json::{json, Value};
use slasher_registry::{
    events as registry_ev,
    state::{AvsKind, RegistryParams},
};

use super::{
    describe::describe,
    filter::{category, Category, Filter, VaultScope},
    json::Json,
    labels::{Labels, TokenLabel, VaultLabel},
    line::Line,
};

mod reading;

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

/// The data of the `emit_cpi!` inner instruction carrying `event`.
fn emitted(event: &impl anchor_lang::Event) -> Vec<u8> {
    [EVENT_IX_TAG_LE, event.data().as_slice()].concat()
}

fn snapshot() -> VaultSnapshot {
    VaultSnapshot {
        share_supply: 2_000_000_000,
        active_value_wad: Some(2_100_000_000 * 1_000_000_000_000_000_000),
        asset_count: 1,
        active_amounts: [2_100_000_000, 0, 0, 0, 0, 0, 0, 0],
        queued_amounts: [0; MAX_ASSETS],
        escrowed_amounts: [0; MAX_ASSETS],
        unvested_amounts: [0; MAX_ASSETS],
        bonded_shares: 0,
        insurance_shares: 0,
        treasury_shares: 0,
        prices_wad: [1_000_000_000_000_000_000, 0, 0, 0, 0, 0, 0, 0],
        price_epochs: [3, 0, 0, 0, 0, 0, 0, 0],
    }
}

fn slash_requested() -> registry_ev::SlashRequested {
    registry_ev::SlashRequested {
        request: key(1),
        avs: key(2),
        operator: key(3),
        index: 0,
        wad: 50_000_000_000_000_000, // 5%
        max_slash_wad: 1_000_000_000_000_000_000,
        evidence_hash: [0xab; 32],
        capture_epoch: 7,
        requested_slot: 1_234,
        veto_deadline_slot: 1_300,
        destination: SlashDestination::Recipient { owner: key(4) },
    }
}

fn deposited(vault: Pubkey) -> vault_ev::Deposited {
    vault_ev::Deposited {
        vault,
        depositor: key(5),
        recipient_lrt_account: key(6),
        asset_index: 0,
        mint: key(7),
        amount: 1_500_000_000,
        price_wad: 1_000_000_000_000_000_000,
        value_wad: 1_500_000_000 * 1_000_000_000_000_000_000,
        shares_out: 1_428_571_428,
        fee_shares: 1_000_000,
        fee_bps: 7,
        snapshot: snapshot(),
    }
}

/// The event, decoded from the data of its inner instruction.
fn event(program: Program, data: &[u8]) -> ProgramEvent {
    ProgramEvent::decode(&program.id(), data).expect("decodes")
}

/// Its name and JSON `data`, `None` if it is not an event of the program.
fn decode_event(program: &Pubkey, data: &[u8]) -> Option<(&'static str, Value)> {
    ProgramEvent::decode(program, data).map(|e| (e.name(), e.json()))
}

#[test]
fn decodes_a_registry_event_with_every_field() {
    let (name, data) = decode_event(&slasher_registry::ID, &emitted(&slash_requested())).unwrap();
    assert_eq!(name, "SlashRequested");
    assert_eq!(
        data,
        json!({
            "request": key(1).to_string(),
            "avs": key(2).to_string(),
            "operator": key(3).to_string(),
            "index": "0",
            "wad": "50000000000000000",
            "max_slash_wad": "1000000000000000000",
            "evidence_hash": "ab".repeat(32),
            "capture_epoch": "7",
            "requested_slot": "1234",
            "veto_deadline_slot": "1300",
            "destination": {"kind": "recipient", "owner": key(4).to_string()},
        })
    );
}

#[test]
fn decodes_the_governance_events() {
    use lrt_client::state::Fees;
    let fees = vault_ev::FeesSet {
        vault: key(4),
        fees: Fees {
            deposit_bps: 0,
            withdrawal_bps: 10,
            reward_bps: 1_000,
        },
        next: Fees {
            deposit_bps: 0,
            withdrawal_bps: 50,
            reward_bps: 1_000,
        },
        effective_epoch: 9,
        insurance_cut_bps: 2_000,
    };
    let fees = event(Program::Vault, &emitted(&fees));
    assert_eq!(fees.name(), "FeesSet");
    assert_eq!(fees.json()["next"]["withdrawal_bps"], json!(50));
    assert_eq!(fees.json()["effective_epoch"], json!("9"));
    assert_eq!(category(&fees).name(), "fees");
    let mut labels = Labels::new(None);
    assert_eq!(
        describe(&fees, &mut labels),
        format!(
            "vault {} fees deposit 0%, withdrawal 0.1%, rewards 10% (20% of the reward fee \
             to insurance); announced from epoch 9: deposit 0%, withdrawal 0.5%, rewards 10%",
            key(4)
        )
    );

    let proposed = vault_ev::RoleProposed {
        vault: None,
        role: Role::Treasury,
        current: key(5),
        proposed: key(6),
    };
    let proposed = event(Program::Vault, &emitted(&proposed));
    assert_eq!(proposed.json()["vault"], Value::Null);
    assert_eq!(proposed.json()["role"], json!({"kind": "treasury"}));
    assert!(category(&proposed).by_default());
    assert_eq!(
        describe(&proposed, &mut labels),
        format!("treasury {} proposes {} (until it accepts)", key(5), key(6))
    );
    let accepted = vault_ev::RoleAccepted {
        vault: Some(key(4)),
        role: Role::FeeAdmin,
        previous: key(5),
        new: key(6),
    };
    let accepted = event(Program::Vault, &emitted(&accepted));
    assert_eq!(
        describe(&accepted, &mut labels),
        format!(
            "fee admin of vault {} {} -> {} (accepted)",
            key(4),
            key(5),
            key(6)
        )
    );

    let params = |veto_window_slots| RegistryParams {
        veto_window_slots,
        resolution_delay_slots: 40,
        max_vault_slash_bps_per_epoch: 10_000,
        max_commission_bps: 5_000,
    };
    let announced = registry_ev::RegistryParamsAnnounced {
        admin: key(7),
        epoch: 3,
        params: params(40),
        next_params: params(60),
        effective_epoch: 5,
    };
    let announced = event(Program::Registry, &emitted(&announced));
    assert_eq!(
        announced.json()["next_params"]["veto_window_slots"],
        json!("60")
    );
    assert_eq!(
        announced.json()["params"]["max_commission_bps"],
        json!(5_000)
    );
    assert_eq!(category(&announced).name(), "governance");

    let avs = registry_ev::AvsChangesAnnounced {
        avs: key(2),
        by: key(7),
        epoch: 3,
        kind: AvsKind::Local {
            slash_authority: key(8),
        },
        max_slash_wad: 1_000_000_000_000_000_000,
        destination: SlashDestination::Burn,
        next_kind: AvsKind::Local {
            slash_authority: key(9),
        },
        next_max_slash_wad: 500_000_000_000_000_000,
        next_destination: SlashDestination::Burn,
        effective_epoch: 5,
    };
    let avs = event(Program::Registry, &emitted(&avs));
    assert_eq!(
        avs.json()["next_kind"],
        json!({"kind": "local", "slash_authority": key(9).to_string()})
    );
    assert_eq!(
        describe(&avs, &mut labels),
        format!(
            "avs {} announced during epoch 3 (by {}): from epoch 5 local (slash authority \
             {}), at most 50% per request, slashed tokens burnt (until then local (slash \
             authority {}), 100%, burnt)",
            key(2),
            key(7),
            key(9),
            key(8)
        )
    );
}

#[test]
fn decodes_nested_snapshots_options_and_enums() {
    let (name, data) = decode_event(&lrt_vault::ID, &emitted(&deposited(key(4)))).unwrap();
    assert_eq!(name, "Deposited");
    assert_eq!(data["amount"], json!("1500000000"));
    assert_eq!(data["asset_index"], json!(0));
    assert_eq!(data["snapshot"]["share_supply"], json!("2000000000"));
    assert_eq!(
        data["snapshot"]["active_value_wad"],
        json!("2100000000000000000000000000")
    );
    assert_eq!(data["snapshot"]["active_amounts"][0], json!("2100000000"));
    assert_eq!(
        data["snapshot"]["active_amounts"].as_array().unwrap().len(),
        MAX_ASSETS
    );

    let added = vault_ev::AssetAdded {
        vault: key(4),
        asset_index: 1,
        mint: key(7),
        reserve: key(8),
        token_program: key(9),
        pricing: PricingSource::SplStakePool { pool: key(10) },
        price_wad: 1,
        deposit_cap: u64::MAX,
    };
    let (_, data) = decode_event(&lrt_vault::ID, &emitted(&added)).unwrap();
    assert_eq!(
        data["pricing"],
        json!({"kind": "spl_stake_pool", "pool": key(10).to_string()})
    );
    assert_eq!(data["deposit_cap"], json!(u64::MAX.to_string()));

    let swept = vault_ev::EscrowSwept {
        vault: key(4),
        request: key(1),
        asset_index: 0,
        mint: key(7),
        amount: 5,
        burnt: true,
        recipient_token_account: None,
    };
    let (_, data) = decode_event(&lrt_vault::ID, &emitted(&swept)).unwrap();
    assert_eq!(data["recipient_token_account"], Value::Null);
    assert_eq!(data["burnt"], json!(true));

    let registered = registry_ev::AvsRegistered {
        avs: key(2),
        id: key(11),
        admin: key(12),
        kind: AvsKind::Remote {
            chain: 2,
            emitter: [1; 32],
        },
        max_slash_wad: 10,
        destination: SlashDestination::Recipient { owner: key(13) },
        metadata_uri: "https://x".into(),
    };
    let (_, data) = decode_event(&slasher_registry::ID, &emitted(&registered)).unwrap();
    assert_eq!(
        data["kind"],
        json!({"kind": "remote", "chain": 2, "emitter": "01".repeat(32)})
    );
    assert_eq!(
        data["destination"],
        json!({"kind": "recipient", "owner": key(13).to_string()})
    );
    assert_eq!(data["metadata_uri"], json!("https://x"));
}

#[test]
fn the_program_decides_between_events_of_the_same_name() {
    // Both programs have a `SlashCancelled`, with the same discriminator.
    let vault_cancel = vault_ev::SlashCancelled {
        vault: key(4),
        request: key(1),
        bond_shares_restored: 1,
        bond_unbonding_shares_restored: 0,
        insurance_shares_restored: 0,
        bucket_epochs: [8, 0, 0],
        bucket_scales_after: [restaking_math::WAD, 0, 0],
        to_buckets: [[2, 0, 0, 0, 0, 0, 0, 0], [0; 8], [0; 8]],
        to_pool: [1, 0, 0, 0, 0, 0, 0, 0],
        snapshot: snapshot(),
    };
    let registry_cancel = registry_ev::SlashCancelled {
        request: key(1),
        vault: key(4),
        loss_lamports: 9,
        cancelled_slot: 10,
    };
    let (name, data) = decode_event(&lrt_vault::ID, &emitted(&vault_cancel)).unwrap();
    assert_eq!(name, "SlashCancelled");
    assert!(data.get("snapshot").is_some());
    assert_eq!(data["to_buckets"][0][0], json!("2"));
    assert_eq!(data["bucket_epochs"], json!(["8", "0", "0"]));
    let line = describe(
        &event(Program::Vault, &emitted(&vault_cancel)),
        &mut Labels::new(None),
    );
    assert!(
        line.contains("cancelled: bond +") && line.contains("bucket 8 +"),
        "{line}"
    );
    let (name, data) = decode_event(&slasher_registry::ID, &emitted(&registry_cancel)).unwrap();
    assert_eq!(name, "SlashCancelled");
    assert_eq!(data["loss_lamports"], json!("9"));
    // A registry event under the vault's id is not a vault event, and vice versa.
    assert_eq!(
        decode_event(&lrt_vault::ID, &emitted(&slash_requested())),
        None
    );
    assert_eq!(
        decode_event(&slasher_registry::ID, &emitted(&vault_cancel)),
        None
    );
}

#[test]
fn decodes_example_avs_events() {
    let paid = avs_ev::RewardPaid {
        admin: key(12),
        vault: key(4),
        operator: key(3),
        asset_index: 0,
        asset_mint: key(7),
        amount: 100,
        reward_treasury: key(14),
        treasury_balance: 900,
        reward_payments: 1,
        slot: 55,
    };
    let (name, data) = decode_event(&example_avs::ID, &emitted(&paid)).unwrap();
    assert_eq!(name, "RewardPaid");
    assert_eq!(data["treasury_balance"], json!("900"));
    let paid = event(Program::Avs, &emitted(&paid));
    assert_eq!(category(&paid), Category::Rewards);
    let mut labels = Labels::new(None);
    assert_eq!(
        describe(&paid, &mut labels),
        format!(
            "vault {} operator {} paid 100 units of {}; treasury left 900 units of {}",
            key(4),
            key(3),
            key(7),
            key(7)
        )
    );
}

#[test]
fn default_selection_is_risk_and_returns() {
    let mut filter = Filter::new(false, &[]).unwrap();
    let slash = event(Program::Registry, &emitted(&slash_requested()));
    let deposit = event(Program::Vault, &emitted(&deposited(key(4))));
    assert!(filter.shown(&slash));
    assert!(!filter.shown(&deposit));

    let mut all = Filter::new(true, &[]).unwrap();
    assert!(all.shown(&deposit));

    let mut named = Filter::new(false, &["deposited".to_string()]).unwrap();
    assert!(named.shown(&deposit));
    assert!(!named.shown(&slash));

    let err = Filter::new(false, &["Slashd".to_string()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown event \"Slashd\""), "{err}");
    assert!(err.contains("SlashRequested"), "{err}");
}

#[test]
fn vault_filter_follows_the_vaults_operators_and_avss() {
    let ours = key(4);
    let mut filter = Filter::new(true, &[]).unwrap();
    filter.scope = Some(VaultScope {
        vault: ours,
        operators: HashSet::from([key(3)]),
        avss: HashSet::from([key(2)]),
    });
    // Our vault's events, not another vault's.
    assert!(filter.shown(&event(Program::Vault, &emitted(&deposited(ours)))));
    assert!(!filter.shown(&event(Program::Vault, &emitted(&deposited(key(40))))));
    // A slash request against our operator through our AVS.
    assert!(filter.shown(&event(Program::Registry, &emitted(&slash_requested()))));
    // Against our operator through an AVS the vault is not in: cannot reach us.
    let mut elsewhere = slash_requested();
    elsewhere.avs = key(20);
    assert!(!filter.shown(&event(Program::Registry, &emitted(&elsewhere))));
    // Against another operator, until the vault delegates to it.
    let mut other = slash_requested();
    other.operator = key(30);
    let other = event(Program::Registry, &emitted(&other));
    assert!(!filter.shown(&other));
    let delegation = vault_ev::DelegationChanged {
        vault: ours,
        operator: key(30),
        delta_wad: 50_000_000_000_000_000,
        epoch: 3,
        allocation: AllocationHistory {
            epoch: 3,
            previous: 0,
            current: 0,
            next: 50_000_000_000_000_000,
            later: 50_000_000_000_000_000,
        },
        vault_allocations: AllocationHistory {
            epoch: 3,
            previous: 0,
            current: 0,
            next: 50_000_000_000_000_000,
            later: 50_000_000_000_000_000,
        },
    };
    let changed = event(Program::Vault, &emitted(&delegation));
    assert!(filter.shown(&changed));
    assert!(filter.shown(&other));
    assert_eq!(
        changed.json()["allocation"]["next"],
        json!("50000000000000000")
    );
    let line = describe(&changed, &mut Labels::new(None));
    assert!(
        line.ends_with(
            "allocation +5% during epoch 3: 0% now, 5% next epoch, 5% after; vault \
             allocated 5% next epoch, 5% after"
        ),
        "{line}"
    );
    // Protocol-wide events reach every vault.
    let pause = vault_ev::ProtocolPauseSet {
        by: key(1),
        paused: true,
    };
    assert!(filter.shown(&event(Program::Vault, &emitted(&pause))));
}

#[test]
fn display_lines_read_in_human_units() {
    let vault = key(4);
    let mut labels = Labels::new(None).with_vault(
        &vault,
        VaultLabel {
            lrt: "xSOL".into(),
            assets: vec![TokenLabel {
                symbol: "wSOL".into(),
                decimals: 9,
            }],
        },
    );
    let slash = event(Program::Registry, &emitted(&slash_requested()));
    let line = Line::new(1234, None, "sig", &slash);
    assert_eq!(
        line.display(&mut labels),
        format!(
            "slot 1234  SlashRequested        avs {} operator {} 5% capture epoch 7 veto \
             until slot 1300, slashed tokens to {} (request {})",
            key(2),
            key(3),
            key(4),
            key(1)
        )
    );
    let deposit = event(Program::Vault, &emitted(&deposited(vault)));
    assert_eq!(
        describe(&deposit, &mut labels),
        format!(
            "vault {vault} {} deposited 1.5 wSOL for 1.428571428 xSOL (fee 0.001 xSOL); \
             1.05 SOL per xSOL",
            key(5)
        )
    );
    // Unknown vault, no network: raw units.
    let other = event(Program::Vault, &emitted(&deposited(key(40))));
    let text = describe(&other, &mut labels);
    assert!(text.contains("1500000000 units of asset #0"), "{text}");
}

#[test]
fn json_lines_carry_slot_signature_program_and_data() {
    let slash = event(Program::Registry, &emitted(&slash_requested()));
    let line = Line::new(1234, Some(1_700_000_000), "5sig", &slash);
    let value = serde_json::to_value(&line).unwrap();
    assert_eq!(value["slot"], json!(1234));
    assert_eq!(value["block_time"], json!(1_700_000_000));
    assert_eq!(value["signature"], json!("5sig"));
    assert_eq!(value["program"], json!("slasher_registry"));
    assert_eq!(value["program_id"], json!(slasher_registry::ID.to_string()));
    assert_eq!(value["event"], json!("SlashRequested"));
    assert_eq!(value["category"], json!("slashing"));
    assert_eq!(value["data"]["capture_epoch"], json!("7"));
}

#[test]
fn the_cross_chain_events_read_as_what_happened() {
    let mut labels = Labels::new(None);
    let installed = registry_ev::GuardianSetInstalled {
        index: 5,
        keys: (1..=19u8).map(|i| [i; 20]).collect(),
        previous: Some(4),
        previous_expiration_time: 86_400,
    };
    let installed = event(Program::Registry, &emitted(&installed));
    assert_eq!(
        describe(&installed, &mut labels),
        "guardian set 5 of 19 guardians (quorum 13) installed, replacing set 4 (it verifies \
         until 1970-01-02T00:00:00Z)"
    );
    assert_eq!(category(&installed), Category::Governance);
    assert_eq!(
        installed.json()["keys"][0],
        json!(format!("0x{}", "01".repeat(20)))
    );
    let verified = registry_ev::VaaVerified {
        buffer: key(1),
        digest: [0xcd; 32],
        guardian_set_index: 5,
        signatures: 13,
    };
    let verified = event(Program::Registry, &emitted(&verified));
    assert_eq!(
        describe(&verified, &mut labels),
        format!(
            "buffer {} verified: 13 signatures of guardian set 5, digest {}",
            key(1),
            "cd".repeat(32)
        )
    );
    let received = registry_ev::RemoteSlashReceived {
        request: key(1),
        avs: key(2),
        emitter_chain: 2,
        emitter: [0xab; 32],
        sequence: 7,
        digest: [0xcd; 32],
        timestamp: 1_000,
    };
    let received = event(Program::Registry, &emitted(&received));
    assert_eq!(
        describe(&received, &mut labels),
        format!(
            "avs {} message chain 2 emitter {} sequence 7 became request {}",
            key(2),
            "ab".repeat(32),
            key(1)
        )
    );
    // a remote slash is a slash: shown by default, with its AVS's reach
    let mut filter = Filter::new(false, &[]).unwrap();
    assert!(filter.shown(&received));
    assert_eq!(received.json()["sequence"], json!("7"));
}

#[test]
fn a_stake_attestation_reads_as_the_stake_it_carries() {
    let attested = registry_ev::StakeAttested {
        attestation: key(1),
        sequence: 3,
        emitter: [9; 32],
        vault: key(4),
        operator: key(2),
        stake_lamports: 1_500_000_000,
        epoch: 10,
        slot: 2_000,
        timestamp: 86_400,
        payer: key(5),
    };
    let attested = event(Program::Registry, &emitted(&attested));
    assert_eq!(
        describe(&attested, &mut Labels::new(None)),
        format!(
            "attestation #3 vault {} operator {} stake 1.5 SOL in epoch 10 (slot 2000), for \
             relayers ({})",
            key(4),
            key(2),
            key(1)
        )
    );
    assert_eq!(category(&attested), Category::Delegation);
    assert_eq!(attested.json()["timestamp"], json!("86400"));
}

#[test]
fn a_replay_record_closing_reads_as_the_rent_it_returned() {
    let closed = registry_ev::ReplayRecordClosed {
        replay_record: key(1),
        payer: key(2),
        lamports: 1_204_080,
        timestamp: 86_400,
        closed_at: 86_400 + 7_201,
        closer: key(3),
    };
    let closed = event(Program::Registry, &emitted(&closed));
    assert_eq!(
        describe(&closed, &mut Labels::new(None)),
        format!(
            "replay record {} closed (message of 1970-01-02T00:00:00Z, stale for good): \
             0.00120408 SOL back to {}",
            key(1),
            key(2)
        )
    );
    assert_eq!(category(&closed), Category::Setup);
    assert_eq!(closed.json()["lamports"], json!("1204080"));
}

#[test]
fn a_remote_reward_reads_as_the_payment_it_made() {
    let received = registry_ev::RemoteRewardReceived {
        avs: key(2),
        vault: key(4),
        operator: key(3),
        mint: key(6),
        amount: 2_000_000_000,
        inbox: key(7),
        emitter_chain: 2,
        emitter: [0xab; 32],
        sequence: 9,
        digest: [0xcd; 32],
        timestamp: 1_000,
        transfer_chain: 2,
        transfer_emitter: [0xee; 32],
        transfer_sequence: 77,
    };
    let received = event(Program::Registry, &emitted(&received));
    let text = describe(&received, &mut Labels::new(None));
    assert!(
        text.starts_with(&format!(
            "avs {} message chain 2 emitter {} sequence 9 paid ",
            key(2),
            "ab".repeat(32)
        )),
        "{text}"
    );
    assert!(text.ends_with("(transfer chain 2 sequence 77)"), "{text}");
    assert_eq!(category(&received), Category::Rewards);
    assert_eq!(received.json()["transfer_sequence"], json!("77"));
}
