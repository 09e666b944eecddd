//! A remote AVS's slash request on the local network, the way the cross-chain path carries
//! it: signed by a quorum of the local guardians (`xchain::signing::GuardianKeys::local()`,
//! what the demo world installs), then relayed with the `lrt-client` builders (chunks,
//! `verify_vaa`, `submit_remote_slash`). What `lrt xchain demo-sign | lrt xchain submit`
//! do, for tests that run before those commands exist.
//!
//! ```text
//! cargo run -p lrt-localnet --example remote_slash -- URL PAYER_KEYPAIR AVS OPERATOR BPS
//! ```
//! Prints the slash request's address. Local network only: the guardian keys are public.
use anchor_lang::prelude::{Clock, Pubkey};
use lrt_client::registry::{self, decode, RemoteMessage};
use slasher_registry::state::AvsKind;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::Transaction;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, keypair, avs, operator, bps] = args.as_slice() else {
        return Err("usage: remote_slash URL PAYER_KEYPAIR AVS OPERATOR BPS".into());
    };
    if !url.starts_with("http://127.0.0.1:") && !url.starts_with("http://localhost:") {
        return Err("the local guardians' keys are public: local network only".into());
    }
    let rpc = RpcClient::new_with_commitment(url.clone(), CommitmentConfig::confirmed());
    let bytes: Vec<u8> = serde_json::from_str(&std::fs::read_to_string(keypair)?)?;
    let payer = solana_keypair::Keypair::try_from(bytes.as_slice())?;
    let avs: Pubkey = avs.parse()?;
    let operator: Pubkey = operator.parse()?;
    let wad = u128::from(bps.parse::<u16>()?) * 100_000_000_000_000;

    let read = |key: &Pubkey| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        Ok(rpc.get_account_data(key)?)
    };
    let state: decode::Avs = decode::account(&read(&avs)?)?;
    let config: decode::XchainConfig = decode::account(&read(&registry::pda::xchain_config())?)?;
    let clock: Clock = bincode::deserialize(&read(&solana_sdk_ids::sysvar::clock::ID)?)?;
    let epoch_length = {
        let c: lrt_client::decode::Config = decode::account(&read(&lrt_client::pda::config())?)?;
        c.epoch_length
    };
    let AvsKind::Remote { chain, emitter } = state.kind_at(clock.slot / epoch_length) else {
        return Err(format!("AVS {avs} is not remote").into());
    };
    let sequence = u64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis(),
    )?;
    let payload = xchain::SlashRequest {
        operator: operator.to_bytes(),
        target: xchain::SlashTarget::AllVaults,
        fraction_wad: wad,
        evidence_hash: [0; 32],
    }
    .encode()?;
    let body = xchain::Body {
        timestamp: u32::try_from(clock.unix_timestamp)?,
        nonce: 0,
        emitter_chain: chain,
        emitter_address: emitter,
        sequence,
        consistency_level: 1,
        payload: &payload,
    }
    .encode();
    let keys = xchain::signing::GuardianKeys::local();
    let index = config.current_guardian_set;
    let vaa = keys.sign_vaa_by_first(index, xchain::quorum(keys.len()), &body)?;

    let send = |ixs: &[lrt_client::Instruction]| -> Result<(), Box<dyn std::error::Error>> {
        let blockhash = rpc.get_latest_blockhash()?;
        let tx =
            Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &[&payer], blockhash);
        rpc.send_and_confirm_transaction(&tx)?;
        Ok(())
    };
    let nonce = (sequence & 0xffff_ffff) as u32;
    for ix in registry::post_vaa_chunks(payer.pubkey(), nonce, &vaa, 900) {
        send(&[ix])?;
    }
    let message = RemoteMessage {
        emitter_chain: chain,
        emitter,
        sequence,
    };
    send(&[
        registry::verify_vaa(payer.pubkey(), nonce, index),
        registry::submit_remote_slash(
            payer.pubkey(),
            nonce,
            avs,
            state.request_count,
            operator,
            message,
            None,
        ),
    ])?;
    println!(
        "{}",
        registry::pda::slash_request(&avs, state.request_count)
    );
    Ok(())
}
