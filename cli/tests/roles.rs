//! Operators, curators and AVS teams with `lrt` over real RPC: a new operator registers
//! and opts in, the curator whitelists it and delegates, an AVS slashes a demo operator
//! through the veto window to a sweep, and `watch` sees it all happen.
mod support;

use anchor_lang::prelude::Pubkey;
use restaking_math::WAD;
use solana_signer::Signer;
use support::{new_funded_keypair, units, Session};

/// A registry account, decoded from chain.
fn registry_account<T: anchor_lang::AccountDeserialize>(s: &Session, key: &str) -> T {
    let data = s
        .rpc
        .get_account_data(&key.parse::<Pubkey>().unwrap())
        .expect("the account exists");
    T::try_deserialize(&mut data.as_slice()).expect("a registry account of this type")
}

#[test]
fn operator_registers_curator_delegates_avs_slashes_watch_sees_it() {
    let s = Session::start("roles");
    let vault = s.vault();
    let demo_avs = s.world.demo_avs.account.to_string();

    // --- a new operator registers and opts in to the demo AVS
    let newcomer = new_funded_keypair(&s, "newcomer");
    let registered = s
        .lrt_as(
            "newcomer",
            &[
                "operator",
                "register",
                "--commission",
                "7.5%",
                "--signing-key",
                &newcomer.pubkey().to_string(),
            ],
        )
        .ok()
        .json();
    let operator = registered["operator"].as_str().unwrap().to_string();
    assert_eq!(
        operator,
        lrt_client::registry::pda::operator(&newcomer.pubkey()).to_string()
    );
    assert_eq!(registered["commission_bps"], 750);
    let on_chain: slasher_registry::state::Operator = registry_account(&s, &operator);
    assert_eq!(on_chain.authority, newcomer.pubkey());
    // registration sets the commission at once: in force now, nothing announced
    let (_, cur) = s.slot_and_epoch();
    assert_eq!(on_chain.commission_at(cur), 750);
    assert_eq!(on_chain.commission_at(u64::MAX), 750);
    assert!(registered["next_commission"].is_null());
    assert_eq!(on_chain.signing_key, newcomer.pubkey().to_bytes());
    // a second registration is refused before sending
    s.lrt_as(
        "newcomer",
        &[
            "operator",
            "register",
            "--commission",
            "5%",
            "--signing-key",
            &newcomer.pubkey().to_string(),
        ],
    )
    .fails_with("lrt operator update");
    let opted = s
        .lrt_as("newcomer", &["operator", "opt-in", &demo_avs])
        .ok()
        .json();
    assert_eq!(opted["opted_in"], true);
    assert_eq!(
        opted["active_now"], false,
        "an opt-in counts from next epoch"
    );
    let opt_in: slasher_registry::state::OperatorAvs = registry_account(
        &s,
        &lrt_client::registry::pda::operator_avs(
            &operator.parse().unwrap(),
            &s.world.demo_avs.account,
        )
        .to_string(),
    );
    assert!(opt_in.window.is_opted_in());
    assert_eq!(
        opted["activation_epoch"].as_u64(),
        Some(opt_in.window.activation_epoch)
    );

    // --- the curator whitelists it and allocates 5 SOL worth of the vault; a depositor
    // cannot
    s.lrt(&["curator", "whitelist", &vault, &operator])
        .fails_with("is not the vault's curator");
    s.lrt_as(
        "curator",
        &["curator", "whitelist", &vault, &operator, "--max", "20%"],
    )
    .ok();
    // 5 SOL is the fraction floor(5 SOL / slashable value) of the vault, computed here from
    // the vault's books (no withdrawal is pending: the active pool is all of it)
    let state: lrt_client::state::Vault = s.world.fetch_vault(&s.rpc).unwrap();
    let value_wad: u128 = state
        .assets()
        .iter()
        .map(|a| u128::from(a.active_amount) * a.price_wad)
        .sum();
    let expected =
        restaking_math::allocation_for_value_floor(5_000_000_000 * WAD, value_wad).unwrap();
    let delegated = s
        .lrt_as("curator", &["curator", "delegate", &vault, &operator, "5"])
        .ok()
        .json();
    assert_eq!(delegated["allocation_next_wad"], expected.to_string());
    assert_eq!(delegated["allocation_current"], "0%");
    assert_eq!(delegated["stake_current_sol"], "0");
    let delegation: lrt_client::state::Delegation = s.account(&lrt_client::pda::delegation(
        &s.world.vault,
        &operator.parse::<Pubkey>().unwrap(),
    ));
    let (_, cur) = s.slot_and_epoch();
    assert_eq!(delegation.allocation.next, expected);
    assert_eq!(delegation.allocation.later, expected);
    assert_eq!(
        delegation.allocation.at(cur, cur).unwrap(),
        0,
        "counts from next epoch"
    );
    assert_eq!(delegation.max_bps, 2_000);
    // the stake it puts behind the operator at today's value: at most the 5 SOL asked
    let stake = state.allocated_stake(expected, &[None, None]).unwrap();
    assert!(stake <= 5_000_000_000 && stake > 4_999_999_990, "{stake}");
    assert_eq!(
        units(delegated["change_value_sol"].as_str().unwrap()),
        stake
    );
    let shown = s.lrt(&["operator", "show", &operator]).ok().json();
    assert_eq!(
        shown["delegations"][0]["allocation_next_wad"],
        expected.to_string()
    );
    assert_eq!(shown["avss"].as_array().unwrap().len(), 1);
    // one opt-in view wherever an opt-in is shown: `avs show` lists the same fields as
    // `operator show` and `operator opt-in`
    let window_fields = [
        "activation_epoch",
        "counts_from_epoch",
        "deactivation_epoch",
        "slashable_through_epoch",
        "opted_in",
        "active_now",
        "opt_in_again_from_epoch",
    ];
    let avs_shown = s.lrt(&["avs", "show", &demo_avs]).ok().json();
    let listed = avs_shown["operators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["operator"] == operator.as_str())
        .expect("avs show lists the newcomer");
    for field in ["operator", "avs", "operator_avs"]
        .iter()
        .chain(&window_fields)
    {
        assert_eq!(listed[field], opted[field], "{field}");
        assert_eq!(shown["avss"][0][field], opted[field], "{field}");
    }
    assert!(listed.get("slashable_from_epoch").is_none());
    let vault_listed = &avs_shown["vaults"][0];
    for field in ["vault", "avs", "vault_avs", "cap", "cap_bps"]
        .iter()
        .chain(&window_fields)
    {
        assert!(vault_listed.get(field).is_some(), "{field}");
    }

    // --- the demo AVS slashes operator-1 by 5%: request, veto window, execute, sweep
    let target = s.world.operators[0].operator.to_string();
    let watch_from = s.rpc.get_slot().unwrap();
    s.lrt(&["avs", "request-slash", &demo_avs, &target, "5%"])
        .fails_with("slash authority");
    let request = s
        .lrt_as(
            "avs-authority",
            &[
                "avs",
                "request-slash",
                &demo_avs,
                &target,
                "5%",
                "--evidence",
                "double signed round 7",
            ],
        )
        .ok()
        .json();
    let request_key = request["address"].as_str().unwrap().to_string();
    assert_eq!(request["status"], "veto_window");
    // executing inside the veto window is refused before sending, with the slot to wait for
    let from_slot = request["executable_from_slot"].as_u64().unwrap();
    s.lrt(&["avs", "execute", &request_key])
        .fails_with(&format!("{from_slot}"));

    let now = s.rpc.get_slot().unwrap();
    let wait = (from_slot - now + 1).to_string();
    s.lrt(&["epoch", "advance", "--slots", &wait]).ok();
    let vault_before: lrt_client::state::Vault = s.world.fetch_vault(&s.rpc).unwrap();
    // operator-1's stake: its allocation at capture (30%) x the vault's slashable value
    // now; the loss: ceil(5% of it), no cap binding
    let capture = request["capture_epoch"].as_u64().unwrap();
    let (_, cur) = s.slot_and_epoch();
    let op1: lrt_client::state::Delegation = s.account(&lrt_client::pda::delegation(
        &s.world.vault,
        &s.world.operators[0].operator,
    ));
    let allocation = op1.allocation.at(capture, cur).unwrap();
    assert_eq!(allocation, 3 * WAD as u64 / 10);
    let stake = vault_before
        .allocated_stake(allocation, &s.buckets_after(capture))
        .unwrap();
    let expected_loss = (u128::from(stake) * 5).div_ceil(100) as u64;
    let executed = s.lrt(&["avs", "execute", &request_key]).ok().json();
    let execution = &executed["executed"][0];
    assert_eq!(execution["vault"], vault);
    assert_eq!(execution["request"], request_key.as_str());
    assert_eq!(execution["cancelled"], false);
    assert!(execution["executed_slot"].as_u64().is_some());
    assert!(execution["lrt_symbol"].is_string());
    assert!(execution["escrow"][0]["mint"].is_string());
    let loss = units(execution["loss_sol"].as_str().unwrap());
    assert_eq!(loss, expected_loss);
    assert_eq!(
        units(execution["stake_at_capture_sol"].as_str().unwrap()),
        stake
    );
    let on_chain: slasher_registry::state::SlashExecution = s.account(
        &lrt_client::registry::pda::slash_execution(&request_key.parse().unwrap(), &s.world.vault),
    );
    assert_eq!(on_chain.loss_lamports, expected_loss);
    let vault_after: lrt_client::state::Vault = s.world.fetch_vault(&s.rpc).unwrap();
    let escrowed: u64 = vault_after.assets().iter().map(|a| a.escrowed_amount).sum();
    assert!(escrowed > 0);
    assert!(
        vault_after.bonded_shares < vault_before.bonded_shares,
        "the bond goes first"
    );

    // the vault shows the escrow; sweeping too early is refused
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["escrows"].as_array().unwrap().len(), 1);
    // the escrow's amounts as `avs execute` reported them
    assert_eq!(show["escrows"][0]["amounts"], execution["escrow"]);
    // one bond view in `vault show` and `operator show`
    let bond = show["bonds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["operator"] == target.as_str())
        .expect("vault show lists operator-1's bond")
        .clone();
    let target_shown = s.lrt(&["operator", "show", &target]).ok().json();
    let same = target_shown["bonds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["vault"] == vault.as_str())
        .expect("operator show lists its bond in the vault");
    assert_eq!(&bond, same);
    let on_chain: lrt_client::state::OperatorBond = s.account(&lrt_client::pda::bond(
        &s.world.vault,
        &s.world.operators[0].operator,
    ));
    assert_eq!(units(bond["bonded"].as_str().unwrap()), on_chain.shares);
    assert_eq!(bond["authority"], on_chain.authority.to_string());
    assert_eq!(bond["completable_now"], false);
    s.lrt(&["avs", "sweep", &request_key]).fails_with("slots");
    let resolve_after = execution["resolve_after_slot"].as_u64().unwrap();
    let now = s.rpc.get_slot().unwrap();
    s.lrt(&[
        "epoch",
        "advance",
        "--slots",
        &(resolve_after - now + 1).to_string(),
    ])
    .ok();
    let recipient = s.world.recipient;
    let before: Vec<u64> = s
        .world
        .assets
        .iter()
        .map(|a| s.token_amount(&a.account_of(&recipient)))
        .collect();
    let swept = s.lrt(&["avs", "sweep", &request_key]).ok().json();
    assert!(!swept["swept"].as_array().unwrap().is_empty());
    // what the command reports is what its transactions moved (their EscrowSwept events)
    let reported: Vec<(String, u64)> = swept["swept"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|tx| tx["assets"].as_array().unwrap().clone())
        .map(|a| {
            (
                a["mint"].as_str().unwrap().to_string(),
                units(a["amount"].as_str().unwrap()),
            )
        })
        .collect();
    let escrowed: Vec<(String, u64)> = vault_after
        .assets()
        .iter()
        .filter(|slot| slot.escrowed_amount > 0)
        .map(|slot| (slot.mint.to_string(), slot.escrowed_amount))
        .collect();
    assert_eq!(reported, escrowed);
    // the recipient received exactly what was escrowed, asset by asset
    for ((asset, slot), before) in s.world.assets.iter().zip(vault_after.assets()).zip(before) {
        assert_eq!(
            s.token_amount(&asset.account_of(&recipient)),
            before + slot.escrowed_amount,
            "{}",
            asset.symbol
        );
    }
    let vault_swept: lrt_client::state::Vault = s.world.fetch_vault(&s.rpc).unwrap();
    assert!(vault_swept.assets().iter().all(|a| a.escrowed_amount == 0));

    // the operator's slash history
    let history = s.lrt(&["operator", "show", &target]).ok().json();
    let slashes = history["slashes"].as_array().unwrap();
    assert_eq!(slashes.len(), 1);
    // the request as `avs request-slash` showed it, with its executions beside
    assert_eq!(slashes[0]["address"], request_key.as_str());
    assert_eq!(slashes[0]["fraction"], request["fraction"]);
    assert_eq!(slashes[0]["executions"], 1);
    assert_eq!(
        units(
            slashes[0]["vault_executions"][0]["loss_sol"]
                .as_str()
                .unwrap()
        ),
        expected_loss
    );
    assert_eq!(
        units(slashes[0]["slashed_sol"].as_str().unwrap()),
        expected_loss
    );
    let mut listed_execution = slashes[0]["vault_executions"][0].clone();
    let mut reported = execution.clone();
    for fields in [&mut listed_execution, &mut reported] {
        let fields = fields.as_object_mut().unwrap();
        for sent_only in ["signature", "explorer", "escrow"] {
            fields.remove(sent_only);
        }
    }
    assert_eq!(listed_execution, reported, "one execution view");

    // a second request, vetoed by the veto authority (the demo admin)
    let second = s
        .lrt_as(
            "avs-authority",
            &["avs", "request-slash", &demo_avs, &target, "1%"],
        )
        .ok()
        .json();
    let second_key = second["address"].as_str().unwrap().to_string();
    s.lrt(&["avs", "veto", &second_key])
        .fails_with("veto authority");
    let vetoed = s.lrt_as("admin", &["avs", "veto", &second_key]).ok().json();
    assert_eq!(vetoed["status"], "vetoed");
    let request: slasher_registry::state::SlashRequest = registry_account(&s, &second_key);
    assert!(request.vetoed);
    assert_eq!(request.executions, 0);

    // --- watch replays what happened, as JSON lines
    let watch = s.lrt(&[
        "watch",
        "--json",
        "--from-slot",
        &watch_from.to_string(),
        "--timeout",
        "5",
    ]);
    assert_eq!(watch.code, 0, "{}", watch.stderr);
    let events: Vec<serde_json::Value> = watch
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    for expected in [
        "SlashRequested",
        "SlashExecuted",
        "SlashApplied",
        "EscrowSwept",
        "SlashVetoed",
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    let applied = events
        .iter()
        .find(|e| e["event"] == "SlashApplied")
        .unwrap();
    assert_eq!(applied["data"]["vault"], vault);
}
