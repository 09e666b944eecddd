//! Reading events from a `getTransaction` response, merging the programs' lists, polling.
use std::time::Duration;

use lrt_client::program_events::Program;
use serde_json::json;
use solana_rpc_client_api::response::RpcConfirmedTransactionStatusWithSignature;
use solana_transaction_status_client_types::EncodedConfirmedTransactionWithStatusMeta;

use super::{deposited, emitted, key, slash_requested};
use crate::{
    cmd::watch::{backoff, events_of, source::merge, MAX_BACKOFF},
    output::utc,
};

#[test]
fn reads_events_from_a_get_transaction_response() {
    let slash = emitted(&slash_requested());
    let deposit = emitted(&deposited(key(4)));
    // As `getTransaction` (json, v0) returns it: the vault program's id comes from a
    // lookup table, so its index runs past the static keys.
    let response = json!({
        "slot": 77,
        "blockTime": 1_700_000_000,
        "transaction": {
            "signatures": ["5sig"],
            "message": {
                "header": {
                    "numRequiredSignatures": 1,
                    "numReadonlySignedAccounts": 0,
                    "numReadonlyUnsignedAccounts": 1
                },
                "accountKeys": [key(1).to_string(), slasher_registry::ID.to_string()],
                "recentBlockhash": key(9).to_string(),
                "instructions": [
                    {"programIdIndex": 1, "accounts": [0], "data": "3", "stackHeight": null}
                ],
                "addressTableLookups": [
                    {"accountKey": key(8).to_string(), "writableIndexes": [0],
                     "readonlyIndexes": [1]}
                ]
            }
        },
        "meta": {
            "err": null,
            "status": {"Ok": null},
            "fee": 5000,
            "preBalances": [], "postBalances": [],
            "innerInstructions": [{
                "index": 0,
                "instructions": [
                    {"programIdIndex": 1, "accounts": [], "stackHeight": 2,
                     "data": bs58::encode(&slash).into_string()},
                    {"programIdIndex": 0, "accounts": [], "stackHeight": 2,
                     "data": bs58::encode(&slash).into_string()},
                    {"programIdIndex": 3, "accounts": [], "stackHeight": 2,
                     "data": bs58::encode(&deposit).into_string()},
                    {"programId": example_avs::ID.to_string(), "accounts": [],
                     "stackHeight": 2, "data": bs58::encode(&slash).into_string()}
                ]
            }],
            "logMessages": [],
            "preTokenBalances": [], "postTokenBalances": [],
            "rewards": [],
            "loadedAddresses": {
                "writable": [key(10).to_string()],
                "readonly": [lrt_vault::ID.to_string()]
            }
        },
        "version": 0
    });
    let transaction: EncodedConfirmedTransactionWithStatusMeta =
        serde_json::from_value(response.clone()).unwrap();
    let events = events_of(&transaction);
    let names: Vec<(Program, &str)> = events.iter().map(|e| (e.program(), e.name())).collect();
    // The slash bytes under a non-program key and under example_avs are not events.
    assert_eq!(
        names,
        vec![
            (Program::Registry, "SlashRequested"),
            (Program::Vault, "Deposited")
        ]
    );

    let mut failed = response;
    failed["meta"]["err"] = json!({"InstructionError": [0, "InvalidArgument"]});
    let failed: EncodedConfirmedTransactionWithStatusMeta = serde_json::from_value(failed).unwrap();
    assert!(events_of(&failed).is_empty());
}

fn status(signature: &str, slot: u64) -> RpcConfirmedTransactionStatusWithSignature {
    RpcConfirmedTransactionStatusWithSignature {
        signature: signature.into(),
        slot,
        err: None,
        memo: None,
        block_time: None,
        confirmation_status: None,
    }
}

#[test]
fn merges_program_lists_oldest_first_each_transaction_once() {
    // `b` touches both programs; `a` precedes it in slot 5 in the first list, `c` in
    // the second, so both come before it.
    let vault = vec![status("a", 5), status("b", 5), status("d", 7)];
    let registry = vec![status("c", 5), status("b", 5), status("e", 6)];
    let merged: Vec<String> = merge(vec![vault, registry])
        .into_iter()
        .map(|s| s.signature)
        .collect();
    assert_eq!(merged, ["a", "c", "b", "e", "d"]);
    assert!(merge(vec![vec![], vec![]]).is_empty());
}

#[test]
fn polls_back_off_after_failures() {
    let interval = Duration::from_millis(400);
    assert_eq!(backoff(interval, 0), interval);
    assert_eq!(backoff(interval, 2), Duration::from_millis(1_600));
    assert_eq!(backoff(interval, 40), MAX_BACKOFF);
    let slow = Duration::from_secs(60);
    assert_eq!(backoff(slow, 3), slow);
}

#[test]
fn utc_dates() {
    assert_eq!(utc(0), "1970-01-01T00:00:00Z");
    assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
}
