//! A depositor's session with `lrt` over real RPC: look at the vault, deposit, request a
//! withdrawal, wait out the epochs, claim; the mistakes a depositor makes, each caught
//! before anything is sent; and the pending-slash guard of `lrt deposit`.
mod support;

use anchor_lang::prelude::Pubkey;
use lrt_client::{
    pda,
    registry::pda as reg_pda,
    state::{Delegation, Vault},
};
use slasher_registry::state::{RegistryConfig, SlashRequest, VaultAvs};
use solana_signer::Signer;
use support::{units, Session};

#[test]
fn deposit_request_advance_claim() {
    let s = Session::start("depositor");
    let vault = s.vault();
    let wallet = s.world.wallet.pubkey();

    // the vault as a depositor first sees it
    let list = s.lrt(&["vault", "list"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["address"], vault);
    assert_eq!(list[0]["symbol"], "drSOL");
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["assets"].as_array().unwrap().len(), 3);
    assert_eq!(show["delegations"].as_array().unwrap().len(), 3);
    let price_before = show["share_price_sol"].as_str().unwrap().to_string();

    // deposit 2 dsSOL (the stake-pool LST) and 1.5 SOL as wSOL
    let ds = s.world.asset("dsSOL").unwrap().clone();
    let ds_account = ds.account_of(&wallet);
    let ds_before = s.token_amount(&ds_account);
    let lrt_account = pda::lrt_account(&wallet, &s.world.lrt_mint);
    let deposit = s
        .lrt(&["deposit", &vault, "2", &ds.mint.to_string()])
        .ok()
        .json();
    assert_eq!(deposit["amount"], "2");
    assert!(deposit["signature"].as_str().unwrap().len() > 60);
    assert!(deposit["explorer"]
        .as_str()
        .unwrap()
        .contains("cluster=custom"));
    let received = units(deposit["lrt_received"].as_str().unwrap());
    assert_eq!(s.token_amount(&ds_account), ds_before - 2_000_000_000);
    assert_eq!(s.token_amount(&lrt_account), received);
    // 2 dsSOL at ~1.2057 SOL is worth ~2.41 SOL; the share price is ~1, so ~2.4 LRT
    assert!(
        received > 2_300_000_000 && received < 2_500_000_000,
        "{received}"
    );

    let wsol = pda::associated_token_account(
        &wallet,
        &lrt_client::lrt_vault::constants::WSOL_MINT,
        &lrt_client::token_programs::TOKEN,
    );
    let wsol_before = s.token_amount(&wsol);
    let deposit = s.lrt(&["deposit", &vault, "1.5", "wSOL"]).ok().json();
    let received_wsol = units(deposit["lrt_received"].as_str().unwrap());
    // the wallet holds 100 wSOL already: nothing is wrapped, 1.5 leaves the account
    assert_eq!(s.token_amount(&wsol), wsol_before - 1_500_000_000);
    assert_eq!(s.token_amount(&lrt_account), received + received_wsol);

    // the share price did not fall for the holders: a deposit buys in at the vault's value
    // plus a 10 bps margin on its Marinade-priced dmSOL (whose price may lag), which it
    // pays to them; so the price rises by less than 10 bps
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    let price = |text: &str| units(text);
    let (before, after) = (
        price(&price_before),
        price(show["share_price_sol"].as_str().unwrap()),
    );
    assert!(
        before <= after && after - before < before / 1_000,
        "{before} -> {after}"
    );

    // request a withdrawal of 1 LRT: a ticket on next epoch's bucket
    let request = s.lrt(&["withdraw", "request", &vault, "1"]).ok().json();
    let ticket = &request["ticket"];
    let id = ticket["id"].as_u64().unwrap();
    assert_eq!(ticket["claimable_now"], false);
    assert_eq!(
        s.token_amount(&lrt_account),
        received + received_wsol - 1_000_000_000
    );
    let list = s.lrt(&["withdraw", "list"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"].as_u64().unwrap(), id);

    // too early: refused before sending, with the epoch it matures at
    let matures = ticket["claimable_from_epoch"].as_u64().unwrap();
    s.lrt(&["withdraw", "claim", &vault, "--ticket", &id.to_string()])
        .fails_with(&format!("it matures at epoch {matures}"));

    // two epochs later it is claimable
    let advanced = s.lrt(&["epoch", "advance", "--epochs", "2"]).ok().json();
    assert!(advanced["epoch"].as_u64().unwrap() >= matures);
    let payout: Vec<(String, u64)> = ticket["payout"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["asset"].as_str().unwrap().to_string(),
                units(p["amount"].as_str().unwrap()),
            )
        })
        .collect();
    let before: Vec<u64> = s
        .world
        .assets
        .iter()
        .map(|a| s.token_amount(&a.account_of(&wallet)))
        .collect();
    let claim = s.lrt(&["withdraw", "claim", &vault]).ok().json();
    assert_eq!(claim.as_array().unwrap().len(), 1);
    // every asset of the basket arrived, exactly as listed
    for (asset, before) in s.world.assets.iter().zip(before) {
        let paid = payout
            .iter()
            .find(|(symbol, _)| symbol == asset.symbol)
            .map(|(_, amount)| *amount)
            .unwrap_or(0);
        assert_eq!(
            s.token_amount(&asset.account_of(&wallet)),
            before + paid,
            "{}",
            asset.symbol
        );
    }
    let list = s.lrt(&["withdraw", "list"]).ok().json();
    assert!(list.as_array().unwrap().is_empty());

    // balance reports the LRT left and what it is worth
    let balance = s.lrt(&["balance"]).ok().json();
    assert_eq!(
        units(balance["lrt"][0]["amount"].as_str().unwrap()),
        received + received_wsol - 1_000_000_000
    );
}

#[test]
fn depositor_mistakes_are_caught_before_sending() {
    let s = Session::start("mistakes");
    let vault = s.vault();
    let wallet = s.world.wallet.pubkey();
    let sent_before = s.signature_count(&wallet);
    let lamports_before = s.lamports(&wallet);

    // unknown vault: not an address, and an address with nothing there
    s.lrt(&["deposit", "not-a-vault", "1", "wSOL"])
        .fails_with("vault \"not-a-vault\" is not a valid address");
    let nobody = solana_keypair::Keypair::new().pubkey().to_string();
    s.lrt(&["vault", "show", &nobody])
        .fails_with(&format!("no vault at {nobody}"));
    // malformed amounts
    s.lrt(&["deposit", &vault, "1.2.3", "wSOL"])
        .fails_with("malformed amount \"1.2.3\"");
    s.lrt(&["deposit", &vault, "0.0000000001", "wSOL"])
        .fails_with("has only 9");
    s.lrt(&["deposit", &vault, "0", "wSOL"])
        .fails_with("greater than zero");
    // an asset the vault does not hold
    s.lrt(&["deposit", &vault, "1", "bSOL"])
        .fails_with("the vault has no asset \"bSOL\"; its assets are wSOL, ");
    // more than the wallet holds
    s.lrt(&["deposit", &vault, "1000", "dsSOL"])
        .fails_with("insufficient balance");
    s.lrt(&["deposit", &vault, "100000", "wSOL"])
        .fails_with("insufficient balance");
    s.lrt(&["withdraw", "request", &vault, "5"])
        .fails_with("insufficient balance");
    // a keypair file that does not exist, or is not a keypair
    s.lrt_as("nobody", &["deposit", &vault, "1", "wSOL"])
        .fails_with("does not exist: pass -k/--keypair PATH");
    std::fs::write(s.dir.join("broken.json"), "[1,2,3]").unwrap();
    s.lrt_as("broken", &["deposit", &vault, "1", "wSOL"])
        .fails_with("cannot read keypair file");
    // the wrong role: a depositor cannot pause the vault (the program's own rule names who
    // can: its curator, the pauser or the config admin)
    s.lrt(&["vault", "pause", &vault])
        .fails_with("would refuse it with NotPauser")
        .fails_with("its curator");
    // an unknown cluster moniker
    support::run_lrt(&[
        "-u".into(),
        "localhots".into(),
        "vault".into(),
        "list".into(),
    ])
    .fails_with("unknown cluster \"localhots\"");

    // nothing reached the chain
    assert_eq!(s.signature_count(&wallet), sent_before);
    assert_eq!(s.lamports(&wallet), lamports_before);

    // JSON mode reports the error as JSON on stdout too
    let run = s.lrt(&["deposit", &vault, "abc", "wSOL"]);
    assert_eq!(run.code, 1);
    assert!(run.json()["error"]
        .as_str()
        .unwrap()
        .contains("malformed amount"));
}

#[test]
fn watch_follows_withdrawals_live() {
    let s = Session::start("watch-live");
    let vault = s.vault();
    s.lrt(&["deposit", &vault, "1", "dsSOL"]).ok();
    // a monitor started before the request sees it arrive, then exits after one event
    let watcher = std::process::Command::new(env!("CARGO_BIN_EXE_lrt"))
        .args([
            "-C",
            &s.dir.join("config.yml").display().to_string(),
            "watch",
            "--json",
            "--count",
            "1",
            "--timeout",
            "30",
        ])
        .env("HOME", std::env::temp_dir())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("watch starts");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let request = s.lrt(&["withdraw", "request", &vault, "0.5"]).ok().json();
    let output = watcher.wait_with_output().expect("watch ends");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8_lossy(&output.stdout);
    let event: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    assert_eq!(event["event"], "WithdrawalRequested");
    assert_eq!(event["signature"], request["signature"]);
    assert_eq!(event["data"]["vault"], vault);
    assert_eq!(event["data"]["ticket"], request["ticket"]["address"]);
}

/// What a slash request can take from the demo vault if it executes now, computed here
/// from chain state: operator's allocation at capture x the vault's slashable value now
/// (`Vault::allocated_stake`), then the registry's caps (`restaking_math::execution_loss`).
fn max_loss_now(s: &Session, request_key: &Pubkey) -> u64 {
    let request: SlashRequest = s.account(request_key);
    let vault_avs: VaultAvs = s.account(&reg_pda::vault_avs(&s.world.vault, &request.avs));
    let registry: RegistryConfig = s.account(&reg_pda::registry_config());
    let delegation: Delegation = s.account(&pda::delegation(&s.world.vault, &request.operator));
    let (slot, cur) = s.slot_and_epoch();
    let mut vault: Vault = s.world.fetch_vault(&s.rpc).unwrap();
    vault
        .accrue_vesting(slot, lrt_localnet::demo::DEMO_EPOCH_LENGTH)
        .unwrap();
    let allocation = delegation
        .allocation
        .at(request.capture_epoch, cur)
        .unwrap();
    let stake = vault
        .allocated_stake(allocation, &s.buckets_after(request.capture_epoch))
        .unwrap();
    // no slash of this capture epoch yet: the base is the stake now, nothing used
    let outcome = restaking_math::execution_loss(&restaking_math::ExecutionInput {
        stake_at_capture: stake,
        remaining: stake,
        request_wad: request.wad,
        // the request keeps the AVS's maximum in force when it was made, and the registry's
        // cap in force at its capture epoch applies
        max_slash_wad: request.max_slash_wad,
        avs_cap_bps: vault_avs.cap_bps,
        avs_slashed: 0,
        registry_cap_bps: registry
            .params_at(request.capture_epoch)
            .max_vault_slash_bps_per_epoch,
        vault_slashed: 0,
    })
    .unwrap();
    match outcome {
        restaking_math::ExecutionLoss::Take { loss, .. } => loss,
        other => panic!("the request takes nothing: {other:?}"),
    }
}

#[test]
fn a_deposit_waits_for_pending_slashes_unless_accepted() {
    let s = Session::start("guard");
    let vault = s.vault();
    let wallet = s.world.wallet.pubkey();
    let demo_avs = s.world.demo_avs.account.to_string();
    let operator_1 = s.world.operators[0].operator;

    // the demo AVS asks to slash operator-1 by 5%
    let request = s
        .lrt_as(
            "avs-authority",
            &[
                "avs",
                "request-slash",
                &demo_avs,
                &operator_1.to_string(),
                "5%",
            ],
        )
        .ok()
        .json();
    let request_key: Pubkey = request["address"].as_str().unwrap().parse().unwrap();
    let expected = max_loss_now(&s, &request_key);
    assert!(expected > 0);

    let ds = s.world.asset("dsSOL").unwrap().clone();
    let lrt_account = pda::lrt_account(&wallet, &s.world.lrt_mint);
    let sent_before = s.signature_count(&wallet);
    let lamports_before = s.lamports(&wallet);
    let ds_before = s.token_amount(&ds.account_of(&wallet));

    // refused: exit 1, the request and the most it can take, nothing sent
    let refused = s.lrt(&["deposit", &vault, "10", "dsSOL"]);
    assert_eq!(refused.code, 1, "{}\n{}", refused.stdout, refused.stderr);
    let json = refused.json();
    assert!(json["error"]
        .as_str()
        .unwrap()
        .contains("--accept-pending-slash"));
    let pending = json["pending_slashes"].as_array().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["request"], request_key.to_string());
    assert_eq!(pending[0]["operator"], operator_1.to_string());
    assert_eq!(pending[0]["avs"], demo_avs);
    assert_eq!(pending[0]["fraction"], "5%");
    assert_eq!(pending[0]["capture_epoch"], request["capture_epoch"]);
    assert_eq!(pending[0]["max_loss_lamports"].as_u64().unwrap(), expected);
    assert_eq!(
        units(pending[0]["max_loss_sol"].as_str().unwrap()),
        expected
    );
    let display = s.lrt_display("wallet", &["deposit", &vault, "10", "dsSOL"]);
    let display = display.fails_with("deposit refused (nothing was sent)");
    assert!(
        display.stderr.contains(&request_key.to_string()),
        "{}",
        display.stderr
    );
    let loss_text = format!(
        "the vault can lose up to {} SOL",
        pending[0]["max_loss_sol"].as_str().unwrap()
    );
    assert!(display.stderr.contains(&loss_text), "{}", display.stderr);
    assert!(display.stderr.contains("--accept-pending-slash"));
    assert_eq!(s.signature_count(&wallet), sent_before);
    assert_eq!(s.lamports(&wallet), lamports_before);
    assert_eq!(s.token_amount(&ds.account_of(&wallet)), ds_before);
    assert_eq!(s.token_amount(&lrt_account), 0);
    // vault show lists the same request with the same loss
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(
        show["pending_slashes"][0]["max_loss_lamports"]
            .as_u64()
            .unwrap(),
        expected
    );

    // accepted: the deposit goes through, with a warning
    let accepted = s
        .lrt(&["deposit", &vault, "10", "dsSOL", "--accept-pending-slash"])
        .ok();
    assert!(accepted.stderr.contains("warning:"), "{}", accepted.stderr);
    let json = accepted.json();
    let received = units(json["lrt_received"].as_str().unwrap());
    assert!(received > 0);
    assert_eq!(s.token_amount(&lrt_account), received);
    assert_eq!(
        s.token_amount(&ds.account_of(&wallet)),
        ds_before - 10_000_000_000
    );
    assert_eq!(
        json["pending_slashes"][0]["request"],
        request_key.to_string()
    );
}

/// Advances the demo network to `slot` (at least one slot ahead).
fn advance_to(s: &Session, slot: u64) {
    let (now, _) = s.slot_and_epoch();
    assert!(slot > now, "slot {slot} is behind {now}");
    s.lrt(&["epoch", "advance", "--slots", &(slot - now).to_string()])
        .ok();
}

#[test]
fn a_cancellable_slash_holds_deposits_and_the_claims_of_its_buckets() {
    let s = Session::start("slash-window");
    let vault = s.vault();
    let epoch_length = lrt_localnet::demo::DEMO_EPOCH_LENGTH;
    // a holder with a ticket in the bucket of next epoch, which a slash captured now reaches
    s.lrt(&["deposit", &vault, "10", "dsSOL"]).ok();
    let ticket = s.lrt(&["withdraw", "request", &vault, "3"]).ok().json()["ticket"].clone();
    let id = ticket["id"].as_u64().unwrap().to_string();
    let request = s
        .lrt_as(
            "avs-authority",
            &[
                "avs",
                "request-slash",
                &s.world.demo_avs.account.to_string(),
                &s.world.operators[0].operator.to_string(),
                "5%",
            ],
        )
        .ok()
        .json();
    let capture = request["capture_epoch"].as_u64().unwrap();
    assert_eq!(ticket["bucket_epoch"].as_u64(), Some(capture + 1));

    // executed near the end of its last epoch: the resolution delay runs into the epoch in
    // which the ticket matures
    advance_to(&s, (capture + 2) * epoch_length - 20);
    let executed = s
        .lrt(&["avs", "execute", request["address"].as_str().unwrap()])
        .ok()
        .json();
    let until = executed["executed"][0]["resolve_after_slot"]
        .as_u64()
        .unwrap();
    let state: Vault = s.world.fetch_vault(&s.rpc).unwrap();
    assert_eq!(
        state.slash_window.until_slot, until,
        "the bond did not cover it all"
    );

    // deposits wait for the resolution, with the slot they reopen at
    s.lrt(&["deposit", &vault, "1", "dsSOL"])
        .fails_with("DepositsAwaitSlashResolution")
        .fails_with(&format!("deposits reopen at slot {until}"));
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["deposits_reopen_at_slot"].as_u64(), Some(until));
    assert!(show["pending_slashes"].as_array().unwrap().is_empty());

    // the ticket matures with its epoch, but its bucket was touched: claims wait too
    advance_to(&s, (capture + 2) * epoch_length + 1);
    let bucket: lrt_client::state::WithdrawalBucket =
        s.account(&pda::bucket(&s.world.vault, capture + 1));
    assert_eq!(bucket.hold_until_slot, until);
    s.lrt(&["withdraw", "claim", &vault, "--ticket", &id])
        .fails_with("TicketAwaitsSlashResolution")
        .fails_with(&format!("claim from slot {until}"));
    let list = s.lrt(&["withdraw", "list"]).ok().json();
    assert_eq!(list[0]["claim_waits_until_slot"].as_u64(), Some(until));
    assert_eq!(list[0]["claimable_now"], false);

    // once the slash can no longer be cancelled, both go through
    advance_to(&s, until + 1);
    s.lrt(&["withdraw", "claim", &vault, "--ticket", &id]).ok();
    s.lrt(&["deposit", &vault, "1", "dsSOL"]).ok();
}
