//! The numbers the on-chain verifier is sized by, for a mainnet-sized guardian set.
//!
//! ```text
//! cargo run -p xchain --example sizes
//! ```
use xchain::{
    quorum, signature_recoveries_needed, vaa::BODY_FIXED_LEN, vaa::HEADER_LEN, vaa::SIGNATURE_LEN,
    vaa_len, verify_compute_units, RewardNotice, SlashRequest, StakeAttestation,
    SECP256K1_RECOVER_COMPUTE_UNITS,
};

/// Solana's transaction size limit (`PACKET_DATA_SIZE`).
const TRANSACTION_LIMIT: usize = 1232;

/// A legacy transaction with one signer whose one instruction carries `data`: the
/// payer, one account (the guardian set) and the program as keys, an 8-byte
/// instruction tag before the data.
fn smallest_useful_transaction(data: usize) -> usize {
    let signatures = 1 + 64; // count, payer's signature
    let keys = 3;
    let message = 3 + 1 + 32 * keys + 32; // header, key count, keys, blockhash
    let instruction = 1 + 1 + 1 + 1 + 2 + 8; // count, program index, account count, one account index, data length (2 bytes from 128), tag
    signatures + message + instruction + data
}

fn main() {
    let guardians = 19;
    let signatures = quorum(guardians);
    let recoveries = signature_recoveries_needed(guardians);
    println!("guardian set size                      {guardians}");
    println!("quorum (floor(2n/3) + 1)               {signatures}");
    println!("secp256k1_recover calls needed         {recoveries}");
    println!(
        "compute units for them                 {} ({} each)",
        verify_compute_units(recoveries).unwrap_or(u64::MAX),
        SECP256K1_RECOVER_COMPUTE_UNITS
    );
    println!(
        "VAA header / signature / body fixed    {HEADER_LEN} / {SIGNATURE_LEN} / {BODY_FIXED_LEN} bytes"
    );
    println!(
        "signatures at quorum                   {} bytes",
        signatures * SIGNATURE_LEN
    );
    for (name, payload) in [
        ("SlashRequest", SlashRequest::LEN),
        ("RewardNotice", RewardNotice::LEN),
        ("StakeAttestation", StakeAttestation::LEN),
    ] {
        let vaa = vaa_len(signatures, payload).unwrap_or(usize::MAX);
        let transaction = smallest_useful_transaction(vaa);
        println!(
            "{name:<17} payload {payload:>3} B, body {:>3} B, VAA with {signatures} signatures {vaa} B; \
             in the smallest useful transaction {transaction} B ({} the {TRANSACTION_LIMIT} B limit)",
            BODY_FIXED_LEN + payload,
            if transaction <= TRANSACTION_LIMIT { "within" } else { "over" }
        );
    }
}
