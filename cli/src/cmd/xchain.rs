//! `lrt xchain`: the registry's cross-chain path (docs/cross-chain.md). The registry admin
//! installs and rotates guardian sets (`guardians set`), anyone shows them (`guardians
//! show`), a relayer submits a guardian-signed message (`submit`: posted in chunks,
//! verified, consumed), the signer gets back the rent of its replay records, attestations
//! and abandoned buffers once the registry allows (`reclaim`), and on a local network
//! `demo-sign` signs a slash request as the local guardians would. Outbound, anyone
//! publishes a stake attestation (`attest`) and relayers list them (`attestations`).
//!
//! Every refusal the programs would make that can be decided from chain is decided first
//! with the program's own code: `xchain::Vaa::parse` and `xchain::verify_vaa` (what
//! `verify_vaa` runs), `GuardianSetAccount::validate_keys`, `XchainConfig::check_message_age`,
//! `OperatorAvs::check_slashable_at`, so a mistake costs no fee. One command per file under
//! `xchain/`; this file dispatches and holds what they share (reading keys and VAAs, the
//! clock, the settings).
use std::path::Path;

use anyhow::{anyhow, bail, Context as _, Result};
use clap::Subcommand;
use lrt_client::registry::pda as reg_pda;
use slasher_registry::state::{GuardianSetAccount, XchainConfig};

use crate::{chain, context::Ctx};

mod attest;
mod attestations;
mod demo_sign;
mod guardians_set;
mod guardians_show;
mod reclaim;
mod submit;

#[derive(Subcommand, Debug)]
pub enum XchainCmd {
    /// Guardian sets: install or rotate (registry admin), show (anyone)
    #[command(subcommand)]
    Guardians(GuardiansCmd),
    /// Relay a guardian-signed message (VAA) from a remote AVS: post it in chunks, verify
    /// it, and turn its slash request into a request on the registry's veto path, or pay
    /// its reward notice into the vault
    Submit(submit::Args),
    /// Get back the rent the signer left in cross-chain accounts: closes its replay records
    /// whose messages are stale for good and its attestations past their retention (and,
    /// with --buffers, its unconsumed VAA buffers), and says from when the others are
    Reclaim(reclaim::Args),
    /// Sign a slash request as the local network's guardians would (local network only)
    DemoSign(demo_sign::Args),
    /// Publish the stake a vault allocates to an operator now, as an outbound message for
    /// relayers (anyone; the signer pays the rent)
    Attest(attest::Args),
    /// Every outbound stake attestation, by sequence: identity, payload and its fields
    Attestations(attestations::Args),
}

#[derive(Subcommand, Debug)]
pub enum GuardiansCmd {
    /// Install the first guardian set, or rotate to the next one (registry admin)
    Set(guardians_set::Args),
    /// The cross-chain settings and every guardian set (or one with --index)
    Show(guardians_show::Args),
}

pub fn run(ctx: &Ctx, cmd: XchainCmd) -> Result<()> {
    match cmd {
        XchainCmd::Guardians(GuardiansCmd::Set(args)) => guardians_set::run(ctx, args),
        XchainCmd::Guardians(GuardiansCmd::Show(args)) => guardians_show::run(ctx, args),
        XchainCmd::Submit(args) => submit::run(ctx, args),
        XchainCmd::Reclaim(args) => reclaim::run(ctx, args),
        XchainCmd::DemoSign(args) => demo_sign::run(ctx, args),
        XchainCmd::Attest(args) => attest::run(ctx, args),
        XchainCmd::Attestations(args) => attestations::run(ctx, args),
    }
}

// ---------------------------------------------------------------------------------------
// Chain reads
// ---------------------------------------------------------------------------------------

/// The cross-chain settings, or `None` before the first guardian set is installed.
pub fn xchain_config(ctx: &Ctx) -> Result<Option<XchainConfig>> {
    chain::fetch_opt(
        ctx,
        &reg_pda::xchain_config(),
        &slasher_registry::ID,
        "cross-chain settings account",
    )
}

/// The cross-chain settings, or an error that says how to get them.
pub fn require_xchain_config(ctx: &Ctx) -> Result<XchainConfig> {
    xchain_config(ctx)?.ok_or_else(|| {
        anyhow!(
            "no guardian set is installed on {}: the registry admin installs the first one \
             with `lrt xchain guardians set --keys ...`",
            ctx.url
        )
    })
}

/// Guardian set `index`, if installed.
pub fn guardian_set(ctx: &Ctx, index: u32) -> Result<Option<GuardianSetAccount>> {
    chain::fetch_opt(
        ctx,
        &reg_pda::guardian_set(index),
        &slasher_registry::ID,
        "guardian set",
    )
}

/// The clock sysvar's Unix time: what the programs compare message times and guardian-set
/// expirations with.
pub fn clock_unix_time(ctx: &Ctx) -> Result<i64> {
    let account = chain::fetch(ctx, &solana_sdk_ids::sysvar::clock::ID)?
        .ok_or_else(|| anyhow!("{} returned no clock sysvar", ctx.url))?;
    clock_unix_time_of(&account.data).ok_or_else(|| anyhow!("the clock sysvar is malformed"))
}

/// `Clock { slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp }`,
/// five 8-byte little-endian fields: the last one.
fn clock_unix_time_of(data: &[u8]) -> Option<i64> {
    let bytes: [u8; 8] = data.get(32..40)?.try_into().ok()?;
    Some(i64::from_le_bytes(bytes))
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// Hex (`0x` optional, whitespace ignored) to bytes, with an error naming the first bad
/// character.
pub fn parse_hex(text: &str) -> Result<Vec<u8>> {
    let trimmed = text.trim();
    let digits: Vec<(usize, char)> = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed)
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    if let Some((position, c)) = digits.iter().find(|(_, c)| !c.is_ascii_hexdigit()) {
        bail!("not hex: {c:?} at position {position}");
    }
    if digits.len() % 2 == 1 {
        bail!("not hex: an odd number of digits ({})", digits.len());
    }
    let nibbles: Vec<u8> = digits
        .iter()
        .filter_map(|(_, c)| c.to_digit(16))
        .filter_map(|d| u8::try_from(d).ok())
        .collect();
    Ok(nibbles.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
}

/// Guardian keys from a file or the argument itself: Ethereum addresses (`0x` and 40 hex
/// digits) separated by commas, spaces or newlines; then the registry's own rule
/// (`GuardianSetAccount::validate_keys`: 1..=19 distinct non-zero keys), explained.
pub fn parse_guardian_keys(text: &str) -> Result<Vec<[u8; 20]>> {
    let source = if Path::new(text).is_file() {
        std::fs::read_to_string(text).with_context(|| format!("cannot read --keys file {text}"))?
    } else {
        text.to_string()
    };
    let keys = source
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|k| !k.is_empty())
        .enumerate()
        .map(|(i, k)| {
            parse_hex(k)
                .ok()
                .and_then(|bytes| <[u8; 20]>::try_from(bytes).ok())
                .ok_or_else(|| {
                    anyhow!(
                        "guardian key {} ({k:?}) is not an Ethereum address: 0x and 40 hex \
                         digits",
                        i + 1
                    )
                })
        })
        .collect::<Result<Vec<_>>>()?;
    if let Err(error) = GuardianSetAccount::validate_keys(&keys) {
        bail!(
            "{}\n{}",
            crate::errors::would_refuse(&slasher_registry::ID, &error),
            keys_problem(&keys)
        );
    }
    Ok(keys)
}

/// Which key breaks `validate_keys` (the rule is the program's; this only points at it).
fn keys_problem(keys: &[[u8; 20]]) -> String {
    let max = slasher_registry::constants::MAX_GUARDIANS;
    if keys.is_empty() {
        return "no guardian keys given".into();
    }
    if keys.len() > max {
        return format!(
            "{} guardian keys given: a set has at most {max}",
            keys.len()
        );
    }
    for (i, key) in keys.iter().enumerate() {
        if *key == [0; 20] {
            return format!("guardian key {} is the zero address", i + 1);
        }
        if let Some(first) = keys[..i].iter().position(|k| k == key) {
            return format!(
                "guardian key {} repeats key {} ({})",
                i + 1,
                first + 1,
                crate::views::xchain::eth_hex(key)
            );
        }
    }
    "the keys are not a valid guardian set".into()
}

/// A VAA from the argument: a path to a file (hex text or the raw bytes), else hex.
pub fn read_vaa(input: &str) -> Result<Vec<u8>> {
    let path = Path::new(input);
    if path.is_file() {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {input}"))?;
        // A VAA starts with version 1: a file of hex text starts with '0' or "0x".
        return match std::str::from_utf8(&bytes) {
            Ok(text) if bytes.first() != Some(&1) => {
                parse_hex(text).with_context(|| format!("{input} holds neither a VAA nor hex"))
            }
            _ => Ok(bytes),
        };
    }
    parse_hex(input).with_context(|| {
        format!(
            "the VAA is neither a file nor hex ({} characters given): give the VAA as hex or \
             the path to a file holding it (hex or binary)",
            input.len()
        )
    })
}

/// Whether the RPC URL's host is this machine: the only place `demo-sign` signs for.
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    matches!(
        host.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "::1"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parses_with_or_without_0x_and_names_the_bad_character() {
        assert_eq!(parse_hex("0x01ab").unwrap(), vec![1, 0xab]);
        assert_eq!(parse_hex(" 01 AB\n").unwrap(), vec![1, 0xab]);
        let err = parse_hex("01zz").unwrap_err().to_string();
        assert_eq!(err, "not hex: 'z' at position 2");
        assert!(parse_hex("abc").unwrap_err().to_string().contains("odd"));
    }

    #[test]
    fn guardian_keys_are_addresses_checked_by_the_registrys_rule() {
        let a = format!("0x{}", "11".repeat(20));
        let b = format!("0x{}", "22".repeat(20));
        assert_eq!(
            parse_guardian_keys(&format!("{a},{b}")).unwrap(),
            vec![[0x11; 20], [0x22; 20]]
        );
        let err = parse_guardian_keys(&format!("{a},0x1234")).unwrap_err();
        assert!(
            err.to_string()
                .contains("guardian key 2 (\"0x1234\") is not an Ethereum address"),
            "{err}"
        );
        let err = format!(
            "{:#}",
            parse_guardian_keys(&format!("{a} {b} {a}")).unwrap_err()
        );
        assert!(err.contains("InvalidGuardianKeys"), "{err}");
        assert!(err.contains("guardian key 3 repeats key 1"), "{err}");
        let twenty: Vec<String> = (1..=20u8).map(|i| format!("0x{}", hex_byte(i))).collect();
        let err = format!("{:#}", parse_guardian_keys(&twenty.join(",")).unwrap_err());
        assert!(
            err.contains("20 guardian keys given: a set has at most 19"),
            "{err}"
        );
    }

    fn hex_byte(i: u8) -> String {
        format!("{i:02x}").repeat(20)
    }

    #[test]
    fn only_this_machine_is_loopback() {
        for url in [
            "http://127.0.0.1:8899",
            "http://localhost:8899/",
            "http://[::1]:8899",
            "https://LOCALHOST",
        ] {
            assert!(is_loopback_url(url), "{url}");
        }
        for url in [
            "https://api.devnet.solana.com",
            "http://10.0.0.1:8899",
            "http://127.0.0.1.evil.example:8899",
            "http://localhost.example",
            "http://user@example.com",
        ] {
            assert!(!is_loopback_url(url), "{url}");
        }
    }

    #[test]
    fn the_clock_time_is_its_fifth_field() {
        let mut data = vec![0u8; 40];
        data[32..40].copy_from_slice(&1_765_000_000i64.to_le_bytes());
        assert_eq!(clock_unix_time_of(&data), Some(1_765_000_000));
        assert_eq!(clock_unix_time_of(&data[..39]), None);
    }

    #[test]
    fn a_vaa_file_may_hold_hex_or_bytes() {
        let dir = std::env::temp_dir().join(format!("lrt-xchain-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hex_file = dir.join("vaa.hex");
        std::fs::write(&hex_file, "0x0100\n").unwrap();
        assert_eq!(read_vaa(hex_file.to_str().unwrap()).unwrap(), vec![1, 0]);
        let bin_file = dir.join("vaa.bin");
        std::fs::write(&bin_file, [1u8, 0, 0x30]).unwrap();
        assert_eq!(
            read_vaa(bin_file.to_str().unwrap()).unwrap(),
            vec![1, 0, 0x30]
        );
        let err = format!("{:#}", read_vaa("01zz").unwrap_err());
        assert!(err.contains("neither a file nor hex"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
