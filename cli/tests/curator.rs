//! A curator's allocations with `lrt` over real RPC: delegate by percent and by SOL (the
//! allocation on chain is the fraction computed here), the concentration limit and the
//! vault's 100% refused before sending with the program's own error names, set-limit, and
//! undelegate (still counted through the next epoch).
mod support;

use anchor_lang::prelude::Pubkey;
use lrt_client::{
    pda,
    state::{Delegation, Vault},
};
use restaking_math::{allocation_for_value_floor, bps_to_wad, WAD};
use solana_signer::Signer;
use support::{units, Session};

/// The vault's delegation to `operator`, its allocation history moved to the current epoch.
fn delegation(s: &Session, operator: &Pubkey) -> Delegation {
    let mut d: Delegation = s.account(&pda::delegation(&s.world.vault, operator));
    d.allocation.roll(s.slot_and_epoch().1);
    d
}

#[test]
fn curator_allocates_by_percent_and_by_sol_limits_and_takes_back() {
    let s = Session::start("curator");
    let vault = s.vault();
    let curator = s.world.curator.pubkey();
    // demo: operator-2 has 20% (limit 50%), operator-3 10%; the vault 60% in all
    let op2 = s.world.operators[1].operator;
    let op3 = s.world.operators[2].operator;
    let (op2_text, op3_text) = (op2.to_string(), op3.to_string());
    let (_, cur) = s.slot_and_epoch();

    // --- by percent: 5% more for operator-2, counting from the next epoch
    let before = delegation(&s, &op2);
    let out = s
        .lrt_as("curator", &["curator", "delegate", &vault, &op2_text, "5%"])
        .ok()
        .json();
    let after = delegation(&s, &op2);
    let five = bps_to_wad(500).unwrap();
    assert_eq!(after.allocation.next, before.allocation.next + five);
    assert_eq!(after.allocation.next, bps_to_wad(2_500).unwrap());
    assert_eq!(
        after.allocation.at(cur, cur).unwrap(),
        bps_to_wad(2_000).unwrap()
    );
    assert_eq!(out["change_wad"], five.to_string());
    assert_eq!(out["change"], "+5%");
    assert_eq!(out["allocation_current"], "20%");
    assert_eq!(out["allocation_next"], "25%");
    assert_eq!(out["effective_from_epoch"].as_u64(), Some(cur + 1));
    assert_eq!(out["vault_allocated"], "65%");

    // --- by SOL: 10 SOL is floor(10 SOL / slashable value) of the vault, computed here
    // from the vault's books (no withdrawal pending: the active pool is all of it)
    let state: Vault = s.world.fetch_vault(&s.rpc).unwrap();
    let value_wad: u128 = state
        .assets()
        .iter()
        .map(|a| u128::from(a.active_amount) * a.price_wad)
        .sum();
    let ten_sol = allocation_for_value_floor(10_000_000_000 * WAD, value_wad).unwrap();
    let before = delegation(&s, &op3);
    let out = s
        .lrt_as(
            "curator",
            &["curator", "delegate", &vault, &op3_text, "10SOL"],
        )
        .ok()
        .json();
    let after = delegation(&s, &op3);
    assert_eq!(after.allocation.next, before.allocation.next + ten_sol);
    assert_eq!(out["change_wad"], ten_sol.to_string());
    let value_of_it = units(out["change_value_sol"].as_str().unwrap());
    assert!(value_of_it <= 10_000_000_000 && value_of_it > 9_999_999_990);
    // a plain number is SOL too
    let again = s
        .lrt_as("curator", &["curator", "delegate", &vault, &op3_text, "10"])
        .ok()
        .json();
    assert_eq!(again["change_wad"], ten_sol.to_string());
    assert_eq!(
        delegation(&s, &op3).allocation.next,
        before.allocation.next + 2 * ten_sol
    );

    // --- limits, refused before sending with the vault program's error names
    let sent_before = s.signature_count(&curator);
    // operator-2 has 25% from next epoch on: a 20% limit is below it
    s.lrt_as(
        "curator",
        &["curator", "set-limit", &vault, &op2_text, "--max", "20%"],
    )
    .fails_with("ConcentrationLimitBelowAllocation");
    // its 50% limit leaves 25% more
    s.lrt_as(
        "curator",
        &["curator", "delegate", &vault, &op2_text, "26%"],
    )
    .fails_with("DelegationLimitExceeded");
    assert_eq!(s.signature_count(&curator), sent_before);
    assert_eq!(delegation(&s, &op2).max_bps, 5_000);

    // raise operator-2's limit to 100%, then ask for more than the vault has left
    let limited = s
        .lrt_as(
            "curator",
            &["curator", "set-limit", &vault, &op2_text, "--max", "100%"],
        )
        .ok()
        .json();
    assert_eq!(limited["previous_max_bps"], 5_000);
    assert_eq!(limited["max_bps"], 10_000);
    assert_eq!(delegation(&s, &op2).max_bps, 10_000);
    let vault_state: Vault = s.world.fetch_vault(&s.rpc).unwrap();
    let room = WAD as u64 - vault_state.allocations.committed();
    let sent_before = s.signature_count(&curator);
    let too_much = format!("{}%", (room / (WAD as u64 / 100)) + 1);
    s.lrt_as(
        "curator",
        &["curator", "delegate", &vault, &op2_text, &too_much],
    )
    .fails_with("AllocationExceedsVault");
    assert_eq!(s.signature_count(&curator), sent_before);

    // a depositor is no curator
    s.lrt(&["curator", "delegate", &vault, &op2_text, "1%"])
        .fails_with("is not the vault's curator");

    // --- undelegate: 5% taken back from operator-2, still counted through next epoch
    let before = delegation(&s, &op2);
    let out = s
        .lrt_as(
            "curator",
            &["curator", "undelegate", &vault, &op2_text, "5%"],
        )
        .ok()
        .json();
    let after = delegation(&s, &op2);
    assert_eq!(after.allocation.later, before.allocation.later - five);
    assert_eq!(after.allocation.next, before.allocation.next);
    assert_eq!(
        after.allocation.at(cur + 1, cur + 1).unwrap(),
        before.allocation.next
    );
    assert_eq!(after.decrease_epoch, cur);
    assert_eq!(out["change"], "-5%");
    assert_eq!(out["decrease_stops_from_epoch"].as_u64(), Some(cur + 2));
    assert_eq!(out["effective_from_epoch"].as_u64(), Some(cur + 2));
    // more than is left is refused with the program's error
    s.lrt_as(
        "curator",
        &["curator", "undelegate", &vault, &op3_text, "99%"],
    )
    .fails_with("InsufficientDelegation");
    // "all" takes back everything counted from the epoch after next
    let all = s
        .lrt_as(
            "curator",
            &["curator", "undelegate", &vault, &op3_text, "all"],
        )
        .ok()
        .json();
    assert_eq!(all["allocation_later"], "0%");
    assert_eq!(delegation(&s, &op3).allocation.later, 0);

    // every view shows the same allocation
    let shown = s.lrt(&["operator", "show", &op2_text]).ok().json();
    assert_eq!(
        shown["delegations"][0]["allocation_later_wad"],
        after.allocation.later.to_string()
    );
    let show = s.lrt(&["vault", "show", &vault]).ok().json();
    let row = show["delegations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["operator"] == op2_text.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        row["allocation_next_wad"],
        after.allocation.next.to_string()
    );
    assert_eq!(row["max_share"], "100%");
}
