//! Governance with `lrt` over real RPC (issue 10): the fee guard of deposits and
//! withdrawal requests against an announced increase; a treasury handover and its claims
//! of the fees the vault kept; a curator (and fee-admin) handover and the config admin's
//! pause of one vault; registry parameters, an operator's commission and an AVS's settings
//! announced with a full epoch of notice. Every step is checked on chain, not only in the
//! CLI's output, and every refusal sends nothing.
mod support;

use lrt_client::{
    pda,
    registry::pda as reg_pda,
    state::{Config, SlashDestination, Vault},
};
use restaking_math::WAD;
use slasher_registry::state::{Avs, AvsKind, Operator, RegistryConfig};
use solana_signer::Signer;
use support::{new_funded_keypair, units, Session};

fn vault_state(s: &Session) -> Vault {
    s.world.fetch_vault(&s.rpc).unwrap()
}

fn lrt_supply(s: &Session) -> u64 {
    s.rpc
        .get_token_supply(&s.world.lrt_mint)
        .unwrap()
        .amount
        .parse()
        .unwrap()
}

/// `ceil(gross * bps / 1e4)`: the fee in shares, rounded up (in the vault's favour).
fn fee_ceil(gross: u64, bps: u64) -> u64 {
    (gross * bps).div_ceil(10_000)
}

#[test]
fn the_fee_guard_accepts_the_fee_shown_and_refuses_a_higher_one() {
    let s = Session::start("fee-guard");
    let vault = s.vault();
    let wallet = s.world.wallet.pubkey();

    // the fee admin (the demo's curator) raises the deposit fee from 0 to 0.5%: announced,
    // it applies after a full epoch of notice
    s.lrt(&[
        "vault",
        "set-fees",
        &vault,
        "--deposit",
        "50",
        "--withdrawal",
        "10",
    ])
    .fails_with("is not the vault's fee admin");
    let set = s
        .lrt_as(
            "curator",
            &[
                "vault",
                "set-fees",
                &vault,
                "--deposit",
                "0.5%",
                "--withdrawal",
                "10",
            ],
        )
        .ok()
        .json();
    let announced_in = set["current_epoch"].as_u64().unwrap();
    let from = announced_in + 2;
    assert_eq!(set["increases_apply_from_epoch"].as_u64(), Some(from));
    assert_eq!(set["fees"]["deposit_bps"], 0, "not in force yet");
    assert_eq!(set["fees"]["next"]["deposit_bps"], 50);
    assert_eq!(set["fees"]["next_from_epoch"].as_u64(), Some(from));
    let on_chain = vault_state(&s);
    assert_eq!(on_chain.fees.at(announced_in).deposit_bps, 0);
    assert_eq!(
        on_chain.fees.at(announced_in + 1).deposit_bps,
        0,
        "a whole epoch of notice"
    );
    assert_eq!(on_chain.fees.at(from).deposit_bps, 50);
    assert_eq!(on_chain.fees.at(from).withdrawal_bps, 10);
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["fees"]["deposit"], "0%");
    assert_eq!(show["fees"]["next"]["deposit"], "0.5%");
    assert_eq!(show["fees"]["next_from_epoch"].as_u64(), Some(from));

    // a deposit now shows the fee in force (0) and the announced one, and accepts only 0
    let deposit = s.lrt(&["deposit", &vault, "1", "dsSOL"]).ok().json();
    assert_eq!(deposit["fee_bps"], 0);
    assert_eq!(deposit["max_fee_bps"], 0);
    assert_eq!(deposit["next_fee"], "0.5%");
    assert_eq!(deposit["next_fee_from_epoch"].as_u64(), Some(from));
    assert_eq!(deposit["fee_lrt"], "0");
    assert_eq!(vault_state(&s).treasury_shares, 0);

    // two epochs later the fee is in force
    s.lrt(&["epoch", "advance", "--epochs", "2"]).ok();
    let (_, cur) = s.slot_and_epoch();
    assert!(cur >= from);
    assert_eq!(vault_state(&s).fees.at(cur).deposit_bps, 50);

    // --max-fee below it: refused before signing, naming the error and how to accept the
    // fee; nothing was sent
    let ds = s.world.asset("dsSOL").unwrap().account_of(&wallet);
    let (ds_before, signatures_before) = (s.token_amount(&ds), s.signature_count(&wallet));
    let treasury_before = vault_state(&s).treasury_shares;
    let refused = s
        .lrt(&["deposit", &vault, "1", "dsSOL", "--max-fee", "0.1%"])
        .fails_with("FeeAboveMaximum")
        .fails_with("0.5% (50 bps), above --max-fee 0.1%")
        .fails_with("pass --max-fee 0.5%");
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .contains("nothing was sent"));
    assert_eq!(s.token_amount(&ds), ds_before);
    assert_eq!(s.signature_count(&wallet), signatures_before);
    assert_eq!(vault_state(&s).treasury_shares, treasury_before);

    // without --max-fee lrt accepts the fee in force, which it prints; the fee shares go
    // to the vault's treasury ledger, not to any account
    let lrt = pda::lrt_account(&wallet, &s.world.lrt_mint);
    let lrt_before = s.token_amount(&lrt);
    let deposit = s.lrt(&["deposit", &vault, "1", "dsSOL"]).ok().json();
    assert_eq!(deposit["fee"], "0.5%");
    assert_eq!(deposit["fee_bps"], 50);
    assert_eq!(deposit["max_fee_bps"], 50);
    assert!(deposit["next_fee"].is_null());
    let (net, fee) = (
        units(deposit["lrt_received"].as_str().unwrap()),
        units(deposit["fee_lrt"].as_str().unwrap()),
    );
    assert_eq!(fee, fee_ceil(net + fee, 50));
    assert!(fee > 0);
    assert_eq!(s.token_amount(&lrt), lrt_before + net);
    assert_eq!(s.token_amount(&ds), ds_before - 1_000_000_000);
    assert_eq!(vault_state(&s).treasury_shares, treasury_before + fee);
    // --max-fee at the fee works as well, and the display says what was accepted
    let shown = s.lrt_display(
        "wallet",
        &["deposit", &vault, "0.5", "dsSOL", "--max-fee", "50"],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown
            .stdout
            .contains("the deposit fee in force is 0.5%; this deposit accepts at most 0.5%"),
        "{}",
        shown.stdout
    );

    // the withdrawal request's guard: 0.1% in force (the demo's), refused below it
    let before = s.token_amount(&lrt);
    s.lrt(&["withdraw", "request", &vault, "1", "--max-fee", "0"])
        .fails_with("FeeAboveMaximum");
    assert_eq!(s.token_amount(&lrt), before);
    let request = s.lrt(&["withdraw", "request", &vault, "1"]).ok().json();
    assert_eq!(request["fee_bps"], 10);
    assert_eq!(request["max_fee_bps"], 10);
    assert_eq!(
        units(request["fee_lrt"].as_str().unwrap()),
        fee_ceil(1_000_000_000, 10)
    );
    assert_eq!(s.token_amount(&lrt), before - 1_000_000_000);
}

#[test]
fn a_treasury_handover_then_the_new_treasury_claims_the_fees() {
    let s = Session::start("treasury");
    let vault = s.vault();
    let old = s.world.treasury;
    let new = new_funded_keypair(&s, "new-treasury");

    // fees accrue in the vault's ledger: a withdrawal request pays the demo's 0.1%
    s.lrt(&["deposit", &vault, "20", "wSOL"]).ok();
    let request = s.lrt(&["withdraw", "request", &vault, "10"]).ok().json();
    let fee = units(request["fee_lrt"].as_str().unwrap());
    assert_eq!(fee, fee_ceil(10_000_000_000, 10));
    assert_eq!(vault_state(&s).treasury_shares, fee);
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(units(show["treasury_shares"].as_str().unwrap()), fee);

    // only the config admin proposes; nothing changes until the new key accepts
    let target = new.pubkey().to_string();
    s.lrt(&["admin", "set-treasury", &target])
        .fails_with("is not the config admin");
    let proposed = s
        .lrt_as("admin", &["admin", "set-treasury", &target])
        .ok()
        .json();
    assert_eq!(proposed["role"], "treasury");
    assert_eq!(proposed["holder"], old.to_string());
    assert_eq!(proposed["pending"], target);
    let config: Config = s.account(&pda::config());
    assert_eq!(
        (config.treasury, config.pending_treasury),
        (old, Some(new.pubkey()))
    );
    // the proposed key cannot claim yet; nobody else can accept
    s.lrt_as("new-treasury", &["treasury", "claim", &vault])
        .fails_with("is not the treasury");
    let wallet = s.world.wallet.pubkey();
    let signatures = s.signature_count(&wallet);
    s.lrt(&["admin", "accept-treasury"])
        .fails_with("NotPendingTreasury")
        .fails_with(&format!("the proposed treasury is {target}"));
    assert_eq!(s.signature_count(&wallet), signatures);
    let accepted = s
        .lrt_as("new-treasury", &["admin", "accept-treasury"])
        .ok()
        .json();
    assert_eq!(accepted["holder"], target);
    assert_eq!(accepted["previous"], old.to_string());
    assert!(accepted["pending"].is_null());
    let config: Config = s.account(&pda::config());
    assert_eq!(
        (config.treasury, config.pending_treasury),
        (new.pubkey(), None)
    );

    // the old treasury can no longer claim; the new one claims into its own LRT account
    s.lrt_as("treasury", &["treasury", "claim", &vault])
        .fails_with("is not the treasury");
    let supply = lrt_supply(&s);
    let shares = vault_state(&s).share_supply;
    let claimed = s
        .lrt_as("new-treasury", &["treasury", "claim", &vault])
        .ok()
        .json();
    let destination = pda::lrt_account(&new.pubkey(), &s.world.lrt_mint);
    assert_eq!(claimed["destination"], destination.to_string());
    assert_eq!(claimed["claimed_shares"].as_u64(), Some(fee));
    assert_eq!(claimed["treasury_shares"], "0");
    assert_eq!(s.token_amount(&destination), fee);
    let after = vault_state(&s);
    assert_eq!(after.treasury_shares, 0);
    assert_eq!(
        after.share_supply, shares,
        "ledger shares became LRT, one for one"
    );
    assert_eq!(lrt_supply(&s), supply + fee);
    // nothing left: nothing is sent, and it is no error
    let signatures = s.signature_count(&new.pubkey());
    let empty = s
        .lrt_as("new-treasury", &["treasury", "claim", &vault])
        .ok()
        .json();
    assert!(empty["signature"].is_null());
    assert_eq!(empty["claimed_shares"], 0);
    assert_eq!(s.signature_count(&new.pubkey()), signatures);

    // more fees, claimed into an LRT account the treasury names (the wallet's)
    let request = s.lrt(&["withdraw", "request", &vault, "3"]).ok().json();
    let fee = units(request["fee_lrt"].as_str().unwrap());
    let wallet_lrt = pda::lrt_account(&wallet, &s.world.lrt_mint);
    let before = s.token_amount(&wallet_lrt);
    s.lrt_as(
        "new-treasury",
        &[
            "treasury",
            "claim",
            &vault,
            "--to",
            &s.world.vault.to_string(),
        ],
    )
    .fails_with("is not a token account");
    let claimed = s
        .lrt_as(
            "new-treasury",
            &["treasury", "claim", &vault, "--to", &wallet_lrt.to_string()],
        )
        .ok()
        .json();
    assert_eq!(claimed["claimed_shares"].as_u64(), Some(fee));
    assert_eq!(s.token_amount(&wallet_lrt), before + fee);
    assert_eq!(vault_state(&s).treasury_shares, 0);

    // a monitor saw the handover and the claims
    let watched = s
        .lrt(&["watch", "--json", "--from-slot", "0", "--timeout", "3"])
        .ok()
        .stdout;
    for event in ["RoleProposed", "RoleAccepted", "TreasuryFeesClaimed"] {
        assert!(
            watched.contains(&format!("\"event\":\"{event}\"")),
            "watch missed {event}:\n{watched}"
        );
    }
}

#[test]
fn a_curator_handover_waits_for_the_proposed_key_and_the_admin_may_pause() {
    let s = Session::start("curator-handover");
    let vault = s.vault();
    let curator = s.world.curator.pubkey();
    let next = new_funded_keypair(&s, "next-curator");
    let target = next.pubkey().to_string();

    s.lrt(&["vault", "transfer-curator", &vault, &target])
        .fails_with("is not the vault's curator");
    let proposed = s
        .lrt_as("curator", &["vault", "transfer-curator", &vault, &target])
        .ok()
        .json();
    assert_eq!(proposed["role"], "curator");
    assert_eq!(proposed["vault"], vault);
    assert_eq!(proposed["pending"], target);
    let state = vault_state(&s);
    assert_eq!(
        (state.curator, state.pending_curator),
        (curator, Some(next.pubkey()))
    );
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["curator"], curator.to_string());
    assert_eq!(show["pending_curator"], target);

    // anyone else is refused, before anything is sent
    let wallet = s.world.wallet.pubkey();
    let signatures = s.signature_count(&wallet);
    s.lrt(&["vault", "accept-curator", &vault])
        .fails_with("NotPendingCurator")
        .fails_with(&format!("the proposed curator is {target}"));
    assert_eq!(s.signature_count(&wallet), signatures);
    assert_eq!(vault_state(&s).curator, curator);

    let accepted = s
        .lrt_as("next-curator", &["vault", "accept-curator", &vault])
        .ok()
        .json();
    assert_eq!(accepted["holder"], target);
    assert_eq!(accepted["previous"], curator.to_string());
    let state = vault_state(&s);
    assert_eq!(
        (state.curator, state.pending_curator),
        (next.pubkey(), None)
    );
    // the role moved: the old curator is refused, the new one sets a cap
    s.lrt_as(
        "curator",
        &[
            "vault", "set-caps", &vault, "--asset", "dsSOL", "--cap", "1000",
        ],
    )
    .fails_with("is not the vault's curator");
    s.lrt_as(
        "next-curator",
        &[
            "vault", "set-caps", &vault, "--asset", "dsSOL", "--cap", "1000",
        ],
    )
    .ok();
    assert_eq!(vault_state(&s).assets[1].deposit_cap, 1_000_000_000_000);

    // the fee admin (still the old curator's key) hands over the same way
    let proposed = s
        .lrt_as("curator", &["vault", "transfer-fee-admin", &vault, &target])
        .ok()
        .json();
    assert_eq!(proposed["role"], "fee_admin");
    s.lrt(&["vault", "accept-fee-admin", &vault])
        .fails_with("NotPendingFeeAdmin");
    s.lrt_as("next-curator", &["vault", "accept-fee-admin", &vault])
        .ok();
    let state = vault_state(&s);
    assert_eq!(
        (state.fee_admin, state.pending_fee_admin),
        (next.pubkey(), None)
    );

    // the config admin may pause (and resume) one vault; a depositor may not
    s.lrt(&["vault", "pause", &vault]).fails_with("NotPauser");
    let paused = s
        .lrt_as("admin", &["vault", "pause", &vault, "--deposits"])
        .ok()
        .json();
    assert_eq!(paused["deposits_paused"], true);
    let state = vault_state(&s);
    assert!(state.deposits_paused && !state.withdrawals_paused);
    s.lrt_as("admin", &["vault", "unpause", &vault]).ok();
    assert!(!vault_state(&s).deposits_paused);
}

#[test]
fn registry_parameters_commissions_and_avs_settings_wait_a_full_epoch() {
    let s = Session::start("announcements");
    let registry_key = reg_pda::registry_config();
    let registry = |s: &Session| -> RegistryConfig { s.account(&registry_key) };

    let shown = s.lrt(&["registry", "show"]).ok().json();
    assert_eq!(shown["params"]["veto_window_slots"], 40);
    assert_eq!(shown["params"]["max_commission_bps"], 5_000);
    assert!(shown["next_params"].is_null());

    // only the registry admin announces; the program's bounds are checked before sending
    s.lrt(&["registry", "announce-params", "--veto-window", "60"])
        .fails_with("is not the registry admin");
    s.lrt_as("admin", &["registry", "announce-params"])
        .fails_with("nothing to announce");
    s.lrt_as(
        "admin",
        &["registry", "announce-params", "--veto-window", "200"],
    )
    .fails_with("InvalidVetoWindow");
    s.lrt_as(
        "admin",
        &["registry", "announce-params", "--veto-window", "40"],
    )
    .fails_with("NothingToAnnounce");
    assert_eq!(registry(&s).params_at(u64::MAX).veto_window_slots, 40);

    let announced = s
        .lrt_as(
            "admin",
            &[
                "registry",
                "announce-params",
                "--veto-window",
                "60",
                "--commission-cap",
                "20%",
            ],
        )
        .ok()
        .json();
    let epoch = announced["announced_in_epoch"].as_u64().unwrap();
    assert_eq!(
        announced["next_params_from_epoch"].as_u64(),
        Some(epoch + 2)
    );
    assert_eq!(announced["params"]["veto_window_slots"], 40, "in force now");
    assert_eq!(announced["next_params"]["veto_window_slots"], 60);
    assert_eq!(announced["next_params"]["max_commission_bps"], 2_000);
    // unspecified parameters keep their values
    assert_eq!(announced["next_params"]["resolution_delay_slots"], 40);
    assert_eq!(
        announced["next_params"]["max_vault_slash_bps_per_epoch"],
        10_000
    );
    let config = registry(&s);
    for (at, window, cap) in [
        (epoch, 40, 5_000),
        (epoch + 1, 40, 5_000),
        (epoch + 2, 60, 2_000),
    ] {
        let params = config.params_at(at);
        assert_eq!(
            (params.veto_window_slots, params.max_commission_bps),
            (window, cap),
            "epoch {at}"
        );
    }
    assert_eq!(config.params_at(epoch + 2).resolution_delay_slots, 40);

    // an operator announces a commission: in force from the epoch after next
    let operator = s.world.operators[0].operator;
    let updated = s
        .lrt_as("operator-1", &["operator", "update", "--commission", "15%"])
        .ok()
        .json();
    assert_eq!(updated["commission_announced"], true);
    assert_eq!(updated["commission_bps"], 500, "in force now");
    assert_eq!(updated["next_commission_bps"], 1_500);
    let commission_from = updated["next_commission_from_epoch"].as_u64().unwrap();
    let state: Operator = s.account(&operator);
    assert_eq!(state.commission_at(commission_from - 1), 500);
    assert_eq!(state.commission_at(commission_from), 1_500);
    let shown = s
        .lrt(&["operator", "show", &operator.to_string()])
        .ok()
        .json();
    assert_eq!(shown["next_commission"], "15%");

    // once the registry's new cap is in force, a commission above it is refused
    s.lrt(&["epoch", "advance", "--epochs", "2"]).ok();
    let shown = s.lrt(&["registry", "show"]).ok().json();
    assert_eq!(shown["params"]["veto_window_slots"], 60);
    assert!(shown["next_params"].is_null());
    s.lrt_as("operator-2", &["operator", "update", "--commission", "30%"])
        .fails_with("CommissionAboveCap");
    let (_, cur) = s.slot_and_epoch();
    let state: Operator = s.account(&s.world.operators[1].operator);
    assert_eq!(state.commission_at(u64::MAX), 800, "nothing announced");
    assert_eq!(
        s.account::<Operator>(&operator).commission_at(cur),
        1_500,
        "operator-1's announced commission is in force"
    );

    // the demo AVS's admin announces a lower maximum and a new destination
    let demo_avs = s.world.demo_avs.account;
    let avs_text = demo_avs.to_string();
    s.lrt(&["avs", "announce", &avs_text, "--max-slash", "50%"])
        .fails_with("NotAvsAdmin");
    s.lrt_as(
        "avs-authority",
        &["avs", "announce", &avs_text, "--max-slash", "0"],
    )
    .fails_with("must be above 0");
    let announced = s
        .lrt_as(
            "avs-authority",
            &[
                "avs",
                "announce",
                &avs_text,
                "--max-slash",
                "50%",
                "--destination",
                "burn",
            ],
        )
        .ok()
        .json();
    let epoch = announced["announced_in_epoch"].as_u64().unwrap();
    assert_eq!(announced["next_from_epoch"].as_u64(), Some(epoch + 2));
    assert_eq!(announced["max_slash"], "100%", "in force now");
    assert_eq!(
        announced["destination"],
        format!("recipient:{}", s.world.recipient)
    );
    assert_eq!(announced["next"]["max_slash"], "50%");
    assert_eq!(announced["next"]["destination"], "burn");
    assert_eq!(
        announced["next"]["slash_authority"],
        s.world.avs_authority.pubkey().to_string(),
        "unchanged"
    );
    let avs: Avs = s.account(&demo_avs);
    let recipient = SlashDestination::Recipient {
        owner: s.world.recipient,
    };
    assert_eq!(
        (
            avs.max_slash_wad_at(epoch + 1),
            avs.destination_at(epoch + 1)
        ),
        (WAD, recipient)
    );
    assert_eq!(
        (
            avs.max_slash_wad_at(epoch + 2),
            avs.destination_at(epoch + 2)
        ),
        (WAD / 2, SlashDestination::Burn)
    );
    assert_eq!(
        avs.kind_at(epoch + 2),
        AvsKind::Local {
            slash_authority: s.world.avs_authority.pubkey()
        }
    );
    let shown = s.lrt(&["avs", "show", &avs_text]).ok().json();
    assert_eq!(shown["next"]["max_slash_wad"], (WAD / 2).to_string());
    assert_eq!(shown["next_from_epoch"].as_u64(), Some(epoch + 2));

    // a monitor saw every announcement, by default
    let watched = s
        .lrt(&["watch", "--json", "--from-slot", "0", "--timeout", "3"])
        .ok()
        .stdout;
    for event in [
        "RegistryParamsAnnounced",
        "OperatorUpdated",
        "AvsChangesAnnounced",
    ] {
        assert!(
            watched.contains(&format!("\"event\":\"{event}\"")),
            "watch missed {event}:\n{watched}"
        );
    }
}

#[test]
fn a_reward_vests_over_the_next_epoch_and_the_crank_credits_it() {
    let s = Session::start("vesting");
    let vault = s.vault();
    let operator = s.world.operators[0].operator.to_string();
    let wallet = s.world.wallet.pubkey();

    let reward = s
        .lrt(&["avs", "reward", &vault, &operator, "1", "wSOL"])
        .ok()
        .json();
    // operator-1's commission in force (5%), then the vault's 10% fee of the rest
    assert_eq!(reward["operator_commission_bps"], 500);
    assert_eq!(reward["operator_commission"], "0.05");
    let to_pool = units(reward["to_pool"].as_str().unwrap());
    let vesting_epoch = reward["vesting_epoch"].as_u64().unwrap();
    let state = vault_state(&s);
    let rewards = state.assets[0].rewards;
    assert_eq!(
        (rewards.pending, rewards.pending_epoch),
        (to_pool, vesting_epoch - 1)
    );
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    assert_eq!(show["assets"][0]["rewards"]["pending"], reward["to_pool"]);
    assert_eq!(show["assets"][0]["rewards"]["vesting"], "0");

    // nothing vests during the payment's epoch: nothing is sent
    let signatures = s.signature_count(&wallet);
    let crank = s.lrt(&["crank", "vest-rewards", &vault]).ok().json();
    assert_eq!(crank["nothing_to_vest"][0], vault);
    assert_eq!(s.signature_count(&wallet), signatures);

    // half-way through the next epoch, part of it is in the pool, exactly what vested
    s.lrt(&["epoch", "advance", "--to", &vesting_epoch.to_string()])
        .ok();
    s.lrt(&["epoch", "advance", "--slots", "100"]).ok();
    let active_before = vault_state(&s).assets[0].active_amount;
    let crank = s.lrt(&["crank", "vest-rewards", &vault]).ok().json();
    assert_eq!(crank["vested"][0]["credited"][0]["asset"], "wSOL");
    let after = vault_state(&s);
    let rewards = after.assets[0].rewards;
    assert_eq!(
        (rewards.vesting, rewards.vesting_epoch),
        (to_pool, vesting_epoch)
    );
    assert!(
        rewards.vested > 0 && rewards.vested < to_pool,
        "{rewards:?}"
    );
    assert_eq!(
        after.assets[0].active_amount,
        active_before + rewards.vested
    );
    // what the crank reports is what its transaction credited (its RewardsVested event)
    assert_eq!(
        units(
            crank["vested"][0]["credited"][0]["amount"]
                .as_str()
                .unwrap()
        ),
        rewards.vested
    );

    // once its epoch is over, all of it
    s.lrt(&["epoch", "advance", "--epochs", "1"]).ok();
    s.lrt(&["crank", "vest-rewards", &vault]).ok();
    let done = vault_state(&s);
    assert_eq!(done.assets[0].rewards.unvested().unwrap(), 0);
    assert_eq!(done.assets[0].active_amount, active_before + to_pool);

    let watched = s
        .lrt(&["watch", "--json", "--from-slot", "0", "--timeout", "3"])
        .ok()
        .stdout;
    assert!(watched.contains("\"event\":\"RewardsVested\""), "{watched}");
}
