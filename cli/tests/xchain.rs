//! The cross-chain path with `lrt` over real RPC (docs/cross-chain.md): the demo world has
//! the local guardians' set installed (set 0), a remote AVS is registered and opted in to, `demo-sign`
//! signs a slash request as the local guardians would, and a relayer submits it: posted in
//! chunks, verified, turned into a slash request; the same message again is refused before
//! anything is sent, and so are a bad VAA and `demo-sign` against another network.
mod support;

use anchor_lang::prelude::Pubkey;
use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token::spl_token,
};
use lrt_client::{
    registry::{self, pda as reg_pda},
    Instruction,
};
use lrt_vault::constants::WSOL_MINT;
use restaking_math::WAD;
use serde_json::Value;
use slasher_registry::state::{
    Attestation, ReplayRecord, RequestTarget, SlashRequest, XchainConfig,
};
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_transaction::Transaction;
use support::{new_funded_keypair, Session};
use xchain::signing::GuardianKeys;

/// A transaction's size limit.
const PACKET_DATA_SIZE: u64 = 1_232;
/// What one signature costs on the local network.
const FEE_PER_SIGNATURE: u64 = 5_000;

fn addresses(keys: &GuardianKeys) -> Vec<String> {
    keys.addresses()
        .iter()
        .map(|k| {
            format!(
                "0x{}",
                k.iter().map(|b| format!("{b:02x}")).collect::<String>()
            )
        })
        .collect()
}

fn as_u64(v: &Value) -> u64 {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("not a number: {v}"))
}

fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// The relayer's buffer nonce for a VAA: the first four bytes of its digest.
fn buffer_nonce(vaa: &[u8]) -> u32 {
    let digest = xchain::Vaa::parse(vaa).unwrap().digest();
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The clock sysvar's Unix time.
fn clock_time(s: &Session) -> i64 {
    let clock = s
        .rpc
        .get_account(&solana_sdk_ids::sysvar::clock::ID)
        .unwrap();
    i64::from_le_bytes(clock.data[32..40].try_into().unwrap())
}

/// Sends `ixs` paid and signed by `payer` (as an interrupted earlier run would have).
fn send(s: &Session, payer: &Keypair, ixs: Vec<Instruction>) {
    let blockhash = s.rpc.get_latest_blockhash().unwrap();
    let tx = Transaction::new_signed_with_payer(&ixs, Some(&payer.pubkey()), &[payer], blockhash);
    s.rpc.send_and_confirm_transaction(&tx).unwrap();
}

/// The entries of `lrt xchain reclaim`'s list `list` (pending or closed) of one kind.
fn of_kind<'a>(list: &'a Value, kind: &str) -> Vec<&'a Value> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .filter(|entry| entry["kind"] == kind)
        .collect()
}

/// Posts the first 900 bytes of `vaa` to `relayer`'s buffer `nonce`, as a relay that
/// stopped after its first transaction leaves it.
fn post_first_chunk(s: &Session, relayer: &Keypair, nonce: u32, vaa: &[u8]) {
    send(
        s,
        relayer,
        vec![registry::post_vaa_chunk(
            relayer.pubkey(),
            nonce,
            u32::try_from(vaa.len()).unwrap(),
            0,
            vaa[..900].to_vec(),
        )],
    );
}

#[test]
fn a_remote_slash_request_is_signed_relayed_once_and_takes_the_veto_path() {
    let s = Session::start("xchain");
    let vault = s.vault();
    let admin = s.world.admin.pubkey().to_string();
    let operator = s.world.operators[0].operator;
    let local = addresses(&GuardianKeys::local());
    let operator_text = operator.to_string();

    // --- guardian keys are checked before sending
    s.lrt_as("admin", &["xchain", "guardians", "set", "--keys", "0x12zz"])
        .fails_with("guardian key 1 (\"0x12zz\") is not an Ethereum address");
    let repeated = format!("{},{}", local[0], local[0]);
    s.lrt_as(
        "admin",
        &["xchain", "guardians", "set", "--keys", &repeated],
    )
    .fails_with("guardian key 2 repeats key 1");

    // --- the demo world installed the local guardians' set as set 0 (lrt-localnet's
    //     demo.rs); a first-set index is refused once a set is current
    s.lrt_as(
        "admin",
        &[
            "xchain",
            "guardians",
            "set",
            "--keys",
            &local.join(","),
            "--index",
            "4",
        ],
    )
    .fails_with("guardian set 0 is current: a rotation installs set 1, not 4");
    let config: XchainConfig = s.account(&reg_pda::xchain_config());
    assert_eq!(config.current_guardian_set, 0);
    let shown = s.lrt(&["xchain", "guardians", "show"]).ok().json();
    assert_eq!(shown["settings"]["current_guardian_set"], 0);
    assert_eq!(shown["settings"]["max_message_age_secs"], 3_600);
    assert_eq!(shown["settings"]["guardian_set_expiration_secs"], 86_400);
    let sets = shown["guardian_sets"].as_array().unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0]["index"], 0);
    assert_eq!(sets[0]["status"], "current");
    let shown_keys: Vec<String> = sets[0]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(shown_keys, local);

    // --- a remote AVS (chain 2, an EVM emitter), the operator and the vault opted in
    let id = Pubkey::new_unique();
    let emitter = format!("0x{}", "ab".repeat(20));
    s.lrt_as(
        "admin",
        &[
            "avs",
            "register",
            "--id",
            &id.to_string(),
            "--admin",
            &admin,
            "--remote",
            &format!("2:{emitter}"),
            "--max-slash",
            "50%",
        ],
    )
    .ok();
    let avs = reg_pda::avs(&id).to_string();
    s.lrt_as("operator-1", &["operator", "opt-in", &avs]).ok();
    s.lrt_as("curator", &["curator", "opt-in-avs", &vault, &avs])
        .ok();
    // the opt-ins count from the next epoch
    s.lrt(&["epoch", "advance", "--epochs", "1"]).ok();

    // --- demo-sign: 5% of operator-1's stake, in this vault only
    let vaa_file = s.dir.join("slash.vaa");
    let vaa_path = vaa_file.display().to_string();
    let signed = s
        .lrt(&[
            "xchain",
            "demo-sign",
            "--avs",
            &avs,
            "--operator",
            &operator.to_string(),
            "--fraction",
            "5%",
            "--vault",
            &vault,
            "--evidence",
            "equivocation at block 123",
            "--out",
            &vaa_path,
        ])
        .ok()
        .json();
    assert_eq!(signed["signatures"], 13);
    assert_eq!(signed["guardian_set"], 0);
    assert_eq!(signed["emitter_chain"], 2);
    assert_eq!(
        signed["emitter"],
        format!("{}{}", "00".repeat(12), "ab".repeat(20))
    );
    let sequence = as_u64(&signed["sequence"]);
    assert!(std::fs::read_to_string(&vaa_file).unwrap().trim().len() > 2_000);

    // --- a relayer submits it
    let relayer = new_funded_keypair(&s, "relayer");
    let before = s.lamports(&relayer.pubkey());
    let out = s
        .lrt_as("relayer", &["xchain", "submit", &vaa_path])
        .ok()
        .json();
    let after = s.lamports(&relayer.pubkey());
    let request_key: Pubkey = out["request"]["address"].as_str().unwrap().parse().unwrap();
    let request: SlashRequest = s.account(&request_key);
    assert_eq!(request.avs.to_string(), avs);
    assert_eq!(request.operator, operator);
    assert_eq!(request.wad, WAD / 20);
    assert_eq!(request.max_slash_wad, WAD / 2);
    assert_eq!(out["request"]["fraction"], "5%");
    let target: RequestTarget = s.account(&reg_pda::request_target(&request_key));
    assert_eq!(target.vault, s.world.vault);
    // the replay record exists (the registry's, the relayer's), the buffer is closed
    let emitter_bytes: [u8; 32] = {
        let mut e = [0u8; 32];
        e[12..].fill(0xab);
        e
    };
    let replay = reg_pda::replay_record(2, &emitter_bytes, sequence);
    let record = s
        .rpc
        .get_account(&replay)
        .expect("the replay record exists");
    assert_eq!(record.owner, slasher_registry::ID);
    assert_eq!(record.data.len(), ReplayRecord::SPACE);
    let replay_record: ReplayRecord = s.account(&replay);
    assert_eq!(replay_record.payer, relayer.pubkey());
    let nonce = u32::try_from(as_u64(&signed["buffer_nonce"])).unwrap();
    let buffer = reg_pda::vaa_buffer(&relayer.pubkey(), nonce);
    assert!(s.rpc.get_account(&buffer).is_err(), "the buffer is closed");
    // what was sent and spent: two transactions within the size limit; the relayer paid
    // the replay record, the request and its target, and one fee per transaction
    let txs = out["transactions"].as_array().unwrap();
    assert_eq!(txs.len(), 2, "{out:#}");
    assert!(txs.iter().all(|t| as_u64(&t["bytes"]) <= PACKET_DATA_SIZE));
    let rent = |key: &Pubkey| s.lamports(key);
    let kept = rent(&replay) + rent(&request_key) + rent(&reg_pda::request_target(&request_key));
    let fees = FEE_PER_SIGNATURE * txs.len() as u64;
    assert_eq!(before - after, kept + fees);
    assert_eq!(as_u64(&out["lamports_spent_net"]), before - after);
    assert_eq!(as_u64(&out["fees_lamports"]), fees);
    assert_eq!(
        as_u64(&out["replay_record_lamports"]),
        s.rpc
            .get_minimum_balance_for_rent_exemption(ReplayRecord::SPACE)
            .unwrap()
    );
    // reclaimable from the first second past its timestamp + twice the max age (3,600 s)
    let reclaimable_from = i64::from(replay_record.timestamp) + 2 * 3_600 + 1;
    assert_eq!(
        out["replay_record_reclaimable_from_unix"].as_i64(),
        Some(reclaimable_from)
    );
    println!(
        "relayed a {}-byte VAA in {} transactions of {:?} bytes; net {} lamports (replay \
         record {}, request + target {}, fees {})",
        signed["bytes"],
        txs.len(),
        txs.iter().map(|t| as_u64(&t["bytes"])).collect::<Vec<_>>(),
        before - after,
        rent(&replay),
        rent(&request_key) + rent(&reg_pda::request_target(&request_key)),
        fees
    );

    // --- reclaim before the time: nothing closed, the record listed with its time
    let signatures = s.signature_count(&relayer.pubkey());
    let reclaim = s.lrt_as("relayer", &["xchain", "reclaim"]).ok().json();
    assert_eq!(reclaim["closed"], 0);
    assert_eq!(
        reclaim["pending"].as_array().unwrap().len(),
        1,
        "{reclaim:#}"
    );
    assert_eq!(reclaim["pending"][0]["kind"], "replay_record");
    assert_eq!(reclaim["pending"][0]["account"], replay.to_string());
    assert_eq!(
        reclaim["pending"][0]["closable_from_unix"].as_i64(),
        Some(reclaimable_from)
    );
    assert_eq!(
        reclaim["pending"][0]["closable_from"],
        out["replay_record_reclaimable_from"]
    );
    let text = s.lrt_display("relayer", &["xchain", "reclaim"]).ok().stdout;
    assert!(
        text.contains("nothing of")
            && text.contains(&format!(
                "closable from {}",
                out["replay_record_reclaimable_from"].as_str().unwrap()
            )),
        "{text}"
    );
    assert_eq!(s.signature_count(&relayer.pubkey()), signatures);
    assert_eq!(s.lamports(&relayer.pubkey()), after);

    // --- the same message again: refused before sending, nothing changes
    let signatures = s.signature_count(&relayer.pubkey());
    s.lrt_as("relayer", &["xchain", "submit", &vaa_path])
        .fails_with("already processed");
    assert_eq!(s.signature_count(&relayer.pubkey()), signatures);
    assert_eq!(s.lamports(&relayer.pubkey()), after);
    let again: SlashRequest = s.account(&request_key);
    assert_eq!(again.index, request.index);
    let count_after: slasher_registry::state::Avs = s.account(&reg_pda::avs(&id));
    assert_eq!(count_after.request_count, request.index + 1);

    // --- a second message, as people run it: hex on stdout, given as the argument
    let hex = s
        .lrt_display(
            "wallet",
            &[
                "xchain",
                "demo-sign",
                "--avs",
                &avs,
                "--operator",
                &operator.to_string(),
                "--fraction",
                "0.01",
            ],
        )
        .ok()
        .stdout;
    let relayed = s
        .lrt_display("relayer", &["xchain", "submit", hex.trim()])
        .ok();
    println!(
        "{}
{}",
        relayed.stderr, relayed.stdout
    );
    assert!(
        relayed.stdout.contains("became slash request"),
        "{}",
        relayed.stdout
    );
    assert!(relayed.stderr.contains("chunk 1/2"), "{}", relayed.stderr);
    let second: slasher_registry::state::Avs = s.account(&reg_pda::avs(&id));
    assert_eq!(second.request_count, request.index + 2);
    let shown = s
        .lrt_display("wallet", &["xchain", "guardians", "show"])
        .ok()
        .stdout;
    println!("{shown}");

    // --- an interrupted relay resumes: an earlier run posted the first chunk only
    let sign = |fraction: &str| -> String {
        let out = s
            .lrt_display(
                "wallet",
                &[
                    "xchain",
                    "demo-sign",
                    "--avs",
                    &avs,
                    "--operator",
                    &operator.to_string(),
                    "--fraction",
                    fraction,
                ],
            )
            .ok();
        out.stdout.trim().to_string()
    };
    let third = sign("2%");
    let bytes = decode_hex(&third);
    let nonce = buffer_nonce(&bytes);
    post_first_chunk(&s, &relayer, nonce, &bytes);
    let resumed = s
        .lrt_as("relayer", &["xchain", "submit", &third])
        .ok()
        .json();
    assert_eq!(resumed["transactions"].as_array().unwrap().len(), 1);
    assert_eq!(as_u64(&resumed["vaa_bytes"]), bytes.len() as u64 - 900);
    assert_eq!(resumed["request"]["fraction"], "2%");
    // ... and one whose buffer an earlier run already verified only submits
    let fourth = sign("3%");
    let bytes = decode_hex(&fourth);
    let nonce = buffer_nonce(&bytes);
    let mut post = registry::post_vaa_chunks(relayer.pubkey(), nonce, &bytes, 900);
    send(&s, &relayer, vec![post.remove(0)]);
    post.push(ComputeBudgetInstruction::set_compute_unit_limit(500_000));
    post.push(registry::verify_vaa(relayer.pubkey(), nonce, 0));
    send(&s, &relayer, post);
    let submitted = s
        .lrt_display("relayer", &["xchain", "submit", &fourth])
        .ok();
    assert!(
        submitted
            .stderr
            .contains("already verified for this message"),
        "{}",
        submitted.stderr
    );
    assert!(
        submitted.stdout.contains("relayed in      1 transactions"),
        "{}",
        submitted.stdout
    );
    let buffer = reg_pda::vaa_buffer(&relayer.pubkey(), nonce);
    assert!(s.rpc.get_account(&buffer).is_err(), "the buffer is closed");

    // --- a reward notice: refused until its tokens are in the AVS's inbox, then paid
    // through the vault's reward path
    let reward_sequence = 424_242;
    let notice = xchain::RewardNotice {
        vault: s.world.vault.to_bytes(),
        operator: operator.to_bytes(),
        mint: WSOL_MINT.to_bytes(),
        amount: 1_000_000_000,
        transfer: xchain::VaaId {
            emitter_chain: 2,
            emitter_address: [0xee; 32],
            sequence: 77,
        },
    }
    .encode();
    let body = xchain::Body {
        timestamp: clock_time(&s) as u32,
        nonce: 0,
        emitter_chain: 2,
        emitter_address: emitter_bytes,
        sequence: reward_sequence,
        consistency_level: 1,
        payload: &notice,
    }
    .encode();
    let reward_vaa = GuardianKeys::local()
        .sign_vaa_by_first(lrt_localnet::demo::GUARDIAN_SET_INDEX, 13, &body)
        .unwrap();
    let reward_hex: String = reward_vaa.iter().map(|b| format!("{b:02x}")).collect();
    let signatures = s.signature_count(&relayer.pubkey());
    s.lrt_as("relayer", &["xchain", "submit", &reward_hex])
        .fails_with("RewardNotBridged");
    assert_eq!(s.signature_count(&relayer.pubkey()), signatures);
    // the token bridge's redemption, as a relayer would do it: 1 wSOL into the inbox
    let inbox_authority = reg_pda::reward_inbox(&reg_pda::avs(&id));
    let inbox = reg_pda::reward_inbox_token_account(&reg_pda::avs(&id), &WSOL_MINT, &spl_token::ID);
    send(
        &s,
        &relayer,
        vec![
            create_associated_token_account_idempotent(
                &relayer.pubkey(),
                &inbox_authority,
                &WSOL_MINT,
                &spl_token::ID,
            ),
            anchor_lang::solana_program::system_instruction::transfer(
                &relayer.pubkey(),
                &inbox,
                1_000_000_000,
            ),
            spl_token::instruction::sync_native(&spl_token::ID, &inbox).unwrap(),
        ],
    );
    let before_reward = s.lamports(&relayer.pubkey());
    let rewarded = s
        .lrt_as("relayer", &["xchain", "submit", &reward_hex])
        .ok()
        .json();
    assert_eq!(rewarded["kind"], "reward", "{rewarded:#}");
    assert_eq!(rewarded["reward"]["amount"], "1");
    assert_eq!(rewarded["reward"]["asset"], "wSOL");
    assert_eq!(rewarded["reward"]["vault"], vault);
    assert_eq!(rewarded["inbox"], inbox.to_string());
    assert_eq!(rewarded["transfer"]["sequence"], "77");
    assert_eq!(s.token_amount(&inbox), 0, "the inbox paid it all");
    let reward_replay = reg_pda::replay_record(2, &emitter_bytes, reward_sequence);
    assert!(s.rpc.get_account(&reward_replay).is_ok());
    let spent = before_reward - s.lamports(&relayer.pubkey());
    assert_eq!(as_u64(&rewarded["lamports_spent_net"]), spent);
    println!(
        "relayed a {}-byte reward notice in {:?} bytes; net {spent} lamports",
        reward_vaa.len(),
        rewarded["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| as_u64(&t["bytes"]))
            .collect::<Vec<_>>()
    );
    s.lrt_as("relayer", &["xchain", "submit", &reward_hex])
        .fails_with("already processed");

    // --- bad input is refused with what is wrong
    s.lrt(&["xchain", "submit", "01zz"])
        .fails_with("neither a file nor hex");
    s.lrt(&["xchain", "submit", "0x0100000004"])
        .fails_with("the VAA does not parse: input ends in the header");

    // --- demo-sign only signs for a local network and the local guardians' set
    s.lrt(&[
        "-u",
        "http://10.0.0.1:8899",
        "xchain",
        "demo-sign",
        "--avs",
        &avs,
        "--operator",
        &operator.to_string(),
        "--fraction",
        "5%",
    ])
    .fails_with("runs only against a local network");
    let other = addresses(&GuardianKeys::deterministic("another guardian set", 7));
    let rotated = s
        .lrt_as(
            "admin",
            &["xchain", "guardians", "set", "--keys", &other.join(",")],
        )
        .ok()
        .json();
    assert_eq!(rotated["guardian_set"]["index"], 1);
    assert_eq!(rotated["guardian_set"]["quorum"], 5);
    assert_eq!(rotated["replaced"]["index"], 0);
    assert_eq!(rotated["replaced"]["status"], "verifying");
    let shown = s.lrt(&["xchain", "guardians", "show"]).ok().json();
    let statuses: Vec<&str> = shown["guardian_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|set| set["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["verifying", "current"]);
    s.lrt(&[
        "xchain",
        "demo-sign",
        "--avs",
        &avs,
        "--operator",
        &operator.to_string(),
        "--fraction",
        "5%",
    ])
    .fails_with("is not the local guardians' set");

    // --- outbound: stake attestations, published by anyone, listed for relayers
    let attested = s
        .lrt(&[
            "xchain",
            "attest",
            "--vault",
            &vault,
            "--operator",
            &operator_text,
        ])
        .ok()
        .json();
    assert_eq!(attested["sequence"], "0");
    assert_eq!(
        attested["address"],
        reg_pda::attestation(0).to_string(),
        "{attested:#}"
    );
    assert_eq!(attested["emitter_chain"], 1);
    let fields = &attested["attestation"];
    assert_eq!(fields["vault"], vault);
    assert_eq!(fields["operator"], operator_text);
    let payload =
        xchain::StakeAttestation::decode(&decode_hex(attested["payload"].as_str().unwrap()))
            .unwrap();
    assert_eq!(payload.stake_lamports, as_u64(&fields["stake_lamports"]));
    assert!(payload.stake_lamports > 0);
    let on_chain: Attestation = s.account(&reg_pda::attestation(0));
    assert_eq!(on_chain.payer, s.world.wallet.pubkey());
    let second = s
        .lrt(&[
            "xchain",
            "attest",
            "--vault",
            &vault,
            "--operator",
            &operator_text,
        ])
        .ok()
        .json();
    assert_eq!(second["sequence"], "1");
    let listed = s.lrt(&["xchain", "attestations"]).ok().json();
    let sequences: Vec<&str> = listed["attestations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["sequence"].as_str().unwrap())
        .collect();
    assert_eq!(sequences, ["0", "1"]);
    let from_one = s
        .lrt(&["xchain", "attestations", "--from-sequence", "1"])
        .ok()
        .json();
    assert_eq!(from_one["attestations"].as_array().unwrap().len(), 1);
    assert_eq!(from_one["attestations"][0]["payload"], second["payload"]);

    // --- their payer gets the rent back from two restaking epochs after the attested one
    let attestation_keys = [reg_pda::attestation(0), reg_pda::attestation(1)];
    let attestation_rent: u64 = attestation_keys.iter().map(|k| s.lamports(k)).sum();
    let signatures = s.signature_count(&s.world.wallet.pubkey());
    let early = s.lrt(&["xchain", "reclaim"]).ok().json();
    assert_eq!(early["closed"], 0, "{early:#}");
    assert_eq!(s.signature_count(&s.world.wallet.pubkey()), signatures);
    for (key, published) in attestation_keys.iter().zip([&attested, &second]) {
        let listed: Vec<&Value> = of_kind(&early["pending"], "attestation")
            .into_iter()
            .filter(|p| p["account"] == key.to_string())
            .collect();
        assert_eq!(listed.len(), 1, "{early:#}");
        assert_eq!(
            as_u64(&listed[0]["closable_from_epoch"]),
            as_u64(&published["attestation"]["epoch"]) + 2
        );
        assert!(s.rpc.get_account(key).is_ok(), "{key} retained");
    }
    s.lrt(&["epoch", "advance", "--epochs", "2"]).ok();
    let wallet_before = s.lamports(&s.world.wallet.pubkey());
    let reclaimed = s.lrt(&["xchain", "reclaim"]).ok().json();
    assert_eq!(reclaimed["closed"], 2, "{reclaimed:#}");
    assert_eq!(as_u64(&reclaimed["lamports_returned"]), attestation_rent);
    assert_eq!(reclaimed["transactions"].as_array().unwrap().len(), 1);
    for key in &attestation_keys {
        assert!(
            s.rpc.get_account(key).is_err(),
            "attestation {key} is closed"
        );
    }
    assert_eq!(
        s.lamports(&s.world.wallet.pubkey()),
        wallet_before + attestation_rent - FEE_PER_SIGNATURE
    );

    // --- a relay abandoned half way: its buffer is listed, and closed only with --buffers
    // (the first chunk of a message relayed above, posted again under another nonce)
    let nonce = 7;
    post_first_chunk(&s, &relayer, nonce, &decode_hex(&third));
    let buffer = reg_pda::vaa_buffer(&relayer.pubkey(), nonce);
    let buffer_rent = s.lamports(&buffer);
    assert!(buffer_rent > 0);
    let kept = s.lrt_as("relayer", &["xchain", "reclaim"]).ok().json();
    let listed = of_kind(&kept["pending"], "vaa_buffer");
    assert_eq!(listed.len(), 1, "{kept:#}");
    assert_eq!(listed[0]["account"], buffer.to_string());
    assert!(s.rpc.get_account(&buffer).is_ok(), "kept without --buffers");
    let text = s.lrt_display("relayer", &["xchain", "reclaim"]).ok().stdout;
    println!("{text}");
    assert!(
        text.contains(&format!("{buffer}  VAA buffer")) && text.contains("with --buffers"),
        "{text}"
    );
    let relayer_before = s.lamports(&relayer.pubkey());
    let closed = s
        .lrt_as("relayer", &["xchain", "reclaim", "--buffers"])
        .ok()
        .json();
    let closed_buffers = of_kind(&closed["closed_accounts"], "vaa_buffer");
    assert_eq!(closed_buffers.len(), 1, "{closed:#}");
    assert_eq!(closed_buffers[0]["account"], buffer.to_string());
    assert!(s.rpc.get_account(&buffer).is_err(), "the buffer is closed");
    assert_eq!(
        s.lamports(&relayer.pubkey()),
        relayer_before + as_u64(&closed["lamports_returned"])
            - FEE_PER_SIGNATURE * closed["transactions"].as_array().unwrap().len() as u64
    );
    assert_eq!(as_u64(&closed_buffers[0]["lamports"]), buffer_rent);

    // --- a monitor saw each step
    let watched = s
        .lrt(&[
            "watch",
            "--json",
            "--from-slot",
            "0",
            "--timeout",
            "3",
            "--event",
            "GuardianSetInstalled,VaaVerified,RemoteSlashReceived,StakeAttested",
        ])
        .ok()
        .stdout;
    for event in [
        "GuardianSetInstalled",
        "VaaVerified",
        "RemoteSlashReceived",
        "StakeAttested",
    ] {
        assert!(
            watched.contains(&format!("\"event\":\"{event}\"")),
            "watch missed {event}:\n{watched}"
        );
    }
}
