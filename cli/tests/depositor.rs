//! A depositor's session with `lrt` over real RPC: look at the vault, deposit, request a
//! withdrawal, wait out the epochs, claim; and the mistakes a depositor makes, each caught
//! before anything is sent.
mod support;

use lrt_client::pda;
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

    // the share price did not move for the depositors
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["share_price_sol"].as_str().unwrap(), price_before);

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
    // the wrong role: a depositor cannot pause the vault
    s.lrt(&["vault", "pause", &vault])
        .fails_with("is not the vault's curator");
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
