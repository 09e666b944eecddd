//! The price readers against real mainnet account dumps (`shared/fixtures/solana_lst/`):
//! every stake pool and Marinade state listed in `summary.json` is parsed from its account
//! file and must reproduce the summary's decoded fields and rate.
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::Value;

use restaking_math::{
    encode_marinade_state, encode_stake_pool, MarinadeReading, PriceError, StakePoolReading,
    MARINADE_MSOL_MINT_OFFSET, MARINADE_MSOL_PRICE_OFFSET, MARINADE_STATE_ACCOUNT_LEN,
    MARINADE_STATE_DISCRIMINATOR, MARINADE_STATE_MIN_LEN, STAKE_POOL_ACCOUNT_LEN,
    STAKE_POOL_MIN_LEN, STAKE_POOL_POOL_MINT_OFFSET, WAD,
};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/solana_lst"
);

fn fixtures_dir() -> PathBuf {
    let dir = PathBuf::from(FIXTURES);
    assert!(
        dir.join("summary.json").is_file(),
        "mainnet fixtures missing: expected {}/summary.json (shared/fixtures/solana_lst next to the repo)",
        dir.display()
    );
    dir
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

/// `account.data[0]` (base64) of a solana-CLI account dump.
fn account_data(relative: &str) -> Vec<u8> {
    let dump = read_json(&fixtures_dir().join(relative));
    assert_eq!(
        dump["account"]["data"][1], "base64",
        "{relative}: data encoding"
    );
    let b64 = dump["account"]["data"][0]
        .as_str()
        .unwrap_or_else(|| panic!("{relative}: no account.data[0]"));
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap_or_else(|e| panic!("{relative}: bad base64: {e}"))
}

fn entries() -> Vec<Value> {
    let summary = read_json(&fixtures_dir().join("summary.json"));
    summary["entries"]
        .as_array()
        .expect("summary.json has an entries array")
        .clone()
}

fn stake_pool_entries() -> Vec<Value> {
    entries()
        .into_iter()
        .filter(|e| e.get("pool_mint").is_some())
        .collect()
}

fn marinade_entries() -> Vec<Value> {
    entries()
        .into_iter()
        .filter(|e| e.get("msol_mint").is_some())
        .collect()
}

fn str_field<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no string field {key}", entry["name"]))
}

fn u64_field(entry: &Value, key: &str) -> u64 {
    entry[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{}: no integer field {key}", entry["name"]))
}

/// `expected/<name>.expected.json` for an entry's `accounts/<name>.json`.
fn expected_file(entry: &Value) -> String {
    str_field(entry, "account_file")
        .replace("accounts/", "expected/")
        .replace(".json", ".expected.json")
}

fn base58(key: &[u8; 32]) -> String {
    bs58::encode(key).into_string()
}

/// `x / 1e18` written with 12 decimals, rounded half up (as the summary prints rates).
fn wad_to_12_decimals(x: u128) -> String {
    let rounded = (x + 500_000) / 1_000_000; // units of 1e-12
    format!(
        "{}.{:012}",
        rounded / 1_000_000_000_000,
        rounded % 1_000_000_000_000
    )
}

/// `numerator / denominator` with 12 decimals, rounded half up, by long division.
fn ratio_to_12_decimals(numerator: u128, denominator: u128) -> String {
    let int = numerator / denominator;
    let mut rem = numerator % denominator;
    let mut digits = Vec::new();
    for _ in 0..13 {
        rem *= 10;
        digits.push((rem / denominator) as u8);
        rem %= denominator;
    }
    // round half up on the 13th digit, carrying through the 12 kept digits
    let mut frac: u128 = digits[..12]
        .iter()
        .fold(0, |acc, &d| acc * 10 + u128::from(d));
    let mut int = int;
    if digits[12] >= 5 {
        frac += 1;
        if frac == 1_000_000_000_000 {
            frac = 0;
            int += 1;
        }
    }
    format!("{int}.{frac:012}")
}

#[test]
fn summary_lists_every_pricing_account_in_the_fixtures() {
    let accounts: Vec<String> = std::fs::read_dir(fixtures_dir().join("accounts"))
        .expect("accounts/ directory")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("_stake_pool.") || n.contains("_marinade_state."))
        .collect();
    let listed: Vec<String> = entries()
        .iter()
        .map(|e| {
            str_field(e, "account_file")
                .trim_start_matches("accounts/")
                .to_string()
        })
        .collect();
    for name in &accounts {
        assert!(listed.contains(name), "{name} is not in summary.json");
    }
    assert!(
        stake_pool_entries().len() >= 15,
        "expected at least 15 stake pools"
    );
    assert!(
        marinade_entries().len() >= 3,
        "expected at least 3 Marinade states"
    );
}

#[test]
fn every_mainnet_stake_pool_parses_to_its_summary_fields() {
    for entry in stake_pool_entries() {
        let name = format!("{} ({})", entry["name"], str_field(&entry, "account_file"));
        let data = account_data(str_field(&entry, "account_file"));
        assert_eq!(data.len(), STAKE_POOL_ACCOUNT_LEN, "{name}: account size");
        let reading = StakePoolReading::parse(&data)
            .unwrap_or_else(|e| panic!("{name}: parse failed: {e:?}"));
        assert_eq!(
            base58(&reading.pool_mint),
            str_field(&entry, "pool_mint"),
            "{name}: pool_mint"
        );
        assert_eq!(
            reading.total_lamports,
            u64_field(&entry, "total_lamports"),
            "{name}: total_lamports"
        );
        assert_eq!(
            reading.pool_token_supply,
            u64_field(&entry, "pool_token_supply"),
            "{name}: pool_token_supply"
        );
        assert_eq!(
            reading.last_update_epoch,
            u64_field(&entry, "last_update_epoch"),
            "{name}: last_update_epoch"
        );
        // not every summary row names the mint owner: take the decoded expectation
        let expected = read_json(&fixtures_dir().join(expected_file(&entry)));
        assert_eq!(
            base58(&reading.token_program_id),
            expected["key_fields"]["token_program_id"].as_str().unwrap(),
            "{name}: token_program_id"
        );
    }
}

#[test]
fn every_mainnet_stake_pool_price_matches_its_summary_rate() {
    for entry in stake_pool_entries() {
        let name = entry["name"].to_string();
        let reading =
            StakePoolReading::parse(&account_data(str_field(&entry, "account_file"))).unwrap();
        let price = reading
            .price_wad()
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let total = u128::from(u64_field(&entry, "total_lamports"));
        let supply = u128::from(u64_field(&entry, "pool_token_supply"));
        // from first principles: total * 1e18 / supply, floored (fits u128 for u64 inputs)
        assert_eq!(price, total * WAD / supply, "{name}: price_wad");
        let expected = str_field(&entry, "sol_per_token");
        assert_eq!(
            ratio_to_12_decimals(total, supply),
            expected,
            "{name}: reference rate"
        );
        assert_eq!(
            wad_to_12_decimals(price),
            expected,
            "{name}: price to 12 decimals"
        );
    }
}

#[test]
fn every_mainnet_marinade_state_parses_to_its_summary_fields_and_rate() {
    for entry in marinade_entries() {
        let name = format!("{} ({})", entry["name"], str_field(&entry, "account_file"));
        let data = account_data(str_field(&entry, "account_file"));
        assert_eq!(
            data.len(),
            MARINADE_STATE_ACCOUNT_LEN,
            "{name}: account size"
        );
        let reading =
            MarinadeReading::parse(&data).unwrap_or_else(|e| panic!("{name}: parse failed: {e:?}"));
        assert_eq!(
            base58(&reading.msol_mint),
            str_field(&entry, "msol_mint"),
            "{name}: msol_mint"
        );
        let msol_price = u64_field(&entry, "msol_price");
        assert_eq!(reading.msol_price, msol_price, "{name}: msol_price");
        let price = reading.price_wad().unwrap();
        assert_eq!(
            price,
            u128::from(msol_price) * WAD / (1u128 << 32),
            "{name}: price_wad"
        );
        let expected = str_field(&entry, "msol_price_decimal");
        assert_eq!(
            ratio_to_12_decimals(msol_price.into(), 1 << 32),
            expected,
            "{name}: reference rate"
        );
        assert_eq!(
            wad_to_12_decimals(price),
            expected,
            "{name}: price to 12 decimals"
        );
    }
}

#[test]
fn stake_pool_offsets_agree_with_the_decoded_expectations() {
    // The expected/*.expected.json files list each field's offset as decoded independently.
    for entry in stake_pool_entries() {
        let file = expected_file(&entry);
        let expected = read_json(&fixtures_dir().join(&file));
        let offset = |field: &str| expected["fields"][field]["offset"].as_u64().unwrap() as usize;
        assert_eq!(offset("pool_mint"), STAKE_POOL_POOL_MINT_OFFSET, "{file}");
        assert_eq!(offset("token_program_id"), 226, "{file}");
        assert_eq!(offset("total_lamports"), 258, "{file}");
        assert_eq!(offset("pool_token_supply"), 266, "{file}");
        assert_eq!(
            offset("last_update_epoch") + 8,
            STAKE_POOL_MIN_LEN,
            "{file}"
        );
        assert_eq!(expected["key_fields"]["account_type"], 1, "{file}");
    }
    for entry in marinade_entries() {
        let file = expected_file(&entry);
        let expected = read_json(&fixtures_dir().join(&file));
        let key = &expected["key_fields"];
        assert_eq!(
            key["msol_mint_offset"].as_u64().unwrap() as usize,
            MARINADE_MSOL_MINT_OFFSET,
            "{file}"
        );
        assert_eq!(
            key["msol_price_offset"].as_u64().unwrap() as usize,
            MARINADE_MSOL_PRICE_OFFSET,
            "{file}"
        );
        assert_eq!(MARINADE_MSOL_PRICE_OFFSET + 8, MARINADE_STATE_MIN_LEN);
        assert_eq!(
            expected["anchor_discriminator_hex"].as_str().unwrap(),
            MARINADE_STATE_DISCRIMINATOR
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
            "{file}"
        );
        assert_eq!(
            expected["data_len"].as_u64().unwrap() as usize,
            MARINADE_STATE_ACCOUNT_LEN
        );
    }
}

#[test]
fn encoders_round_trip_real_readings_and_write_the_real_bytes() {
    let ranges = [
        (0, 1),
        (162, 194),
        (226, 258),
        (258, 266),
        (266, 274),
        (274, 282),
    ];
    for entry in stake_pool_entries() {
        let real = account_data(str_field(&entry, "account_file"));
        let reading = StakePoolReading::parse(&real).unwrap();
        let encoded = encode_stake_pool(&reading);
        assert_eq!(encoded.len(), real.len());
        assert_eq!(StakePoolReading::parse(&encoded), Ok(reading));
        for (start, end) in ranges {
            assert_eq!(
                encoded[start..end],
                real[start..end],
                "{}: bytes {start}..{end}",
                entry["name"]
            );
        }
    }
    for entry in marinade_entries() {
        let real = account_data(str_field(&entry, "account_file"));
        let reading = MarinadeReading::parse(&real).unwrap();
        let encoded = encode_marinade_state(&reading);
        assert_eq!(encoded.len(), real.len());
        assert_eq!(MarinadeReading::parse(&encoded), Ok(reading));
        for (start, end) in [(0, 8), (8, 40), (512, 520)] {
            assert_eq!(
                encoded[start..end],
                real[start..end],
                "{}: bytes {start}..{end}",
                entry["name"]
            );
        }
    }
}

fn first_real_pool() -> Vec<u8> {
    account_data(str_field(&stake_pool_entries()[0], "account_file"))
}

fn first_real_marinade() -> Vec<u8> {
    account_data(str_field(&marinade_entries()[0], "account_file"))
}

#[test]
fn trailing_bytes_after_the_read_fields_are_ignored() {
    let mut pool = first_real_pool();
    let reading = StakePoolReading::parse(&pool).unwrap();
    pool[STAKE_POOL_MIN_LEN..].fill(0xAB);
    pool.extend_from_slice(&[0xCD; 100]);
    assert_eq!(StakePoolReading::parse(&pool), Ok(reading));
    assert_eq!(
        StakePoolReading::parse(&pool[..STAKE_POOL_MIN_LEN]),
        Ok(reading)
    );
    let marinade = first_real_marinade();
    let reading = MarinadeReading::parse(&marinade).unwrap();
    assert_eq!(
        MarinadeReading::parse(&marinade[..MARINADE_STATE_MIN_LEN]),
        Ok(reading)
    );
}

#[test]
fn too_short_data_is_account_too_short() {
    let pool = first_real_pool();
    assert_eq!(
        StakePoolReading::parse(&pool[..STAKE_POOL_MIN_LEN - 1]),
        Err(PriceError::AccountTooShort)
    );
    assert_eq!(
        StakePoolReading::parse(&[]),
        Err(PriceError::AccountTooShort)
    );
    let marinade = first_real_marinade();
    assert_eq!(
        MarinadeReading::parse(&marinade[..MARINADE_STATE_MIN_LEN - 1]),
        Err(PriceError::AccountTooShort)
    );
    assert_eq!(
        MarinadeReading::parse(&marinade[..8]),
        Err(PriceError::AccountTooShort)
    );
}

#[test]
fn wrong_account_type_is_refused() {
    let mut pool = first_real_pool();
    for account_type in [0u8, 2, 0xd8] {
        pool[0] = account_type;
        assert_eq!(
            StakePoolReading::parse(&pool),
            Err(PriceError::WrongAccountType),
            "type {account_type}"
        );
    }
    // a Marinade state is not a stake pool (its first byte is 0xd8)
    assert_eq!(
        StakePoolReading::parse(&first_real_marinade()),
        Err(PriceError::WrongAccountType)
    );
}

#[test]
fn wrong_discriminator_is_refused() {
    let real = first_real_marinade();
    for i in 0..8 {
        let mut data = real.clone();
        data[i] ^= 1;
        assert_eq!(
            MarinadeReading::parse(&data),
            Err(PriceError::WrongDiscriminator),
            "byte {i}"
        );
    }
    // a stake pool padded to Marinade's size is not a Marinade state
    let mut pool = first_real_pool();
    pool.resize(MARINADE_STATE_ACCOUNT_LEN, 0);
    assert_eq!(
        MarinadeReading::parse(&pool),
        Err(PriceError::WrongDiscriminator)
    );
}

#[test]
fn empty_pool_and_zero_prices_are_refused() {
    let reading = StakePoolReading::parse(&first_real_pool()).unwrap();
    let empty = StakePoolReading {
        pool_token_supply: 0,
        ..reading
    };
    let parsed = StakePoolReading::parse(&encode_stake_pool(&empty)).unwrap();
    assert_eq!(parsed.price_wad(), Err(PriceError::EmptyPool));
    let drained = StakePoolReading {
        total_lamports: 0,
        ..reading
    };
    assert_eq!(drained.price_wad(), Err(PriceError::ZeroPrice));
    let marinade = MarinadeReading::parse(&first_real_marinade()).unwrap();
    let zero = MarinadeReading {
        msol_price: 0,
        ..marinade
    };
    let parsed = MarinadeReading::parse(&encode_marinade_state(&zero)).unwrap();
    assert_eq!(parsed.price_wad(), Err(PriceError::ZeroPrice));
}

#[test]
fn marinade_price_field_is_a_little_below_the_program_rate() {
    // PROVENANCE caveat: msol_price lags Marinade's own conversion rate by ~1e-10. Check
    // the reader's price is at most, and within 1e-9 relative of, the summary's program rate.
    for entry in marinade_entries() {
        let price = MarinadeReading::parse(&account_data(str_field(&entry, "account_file")))
            .unwrap()
            .price_wad()
            .unwrap();
        let program = str_field(&entry, "program_rate_decimal");
        let (int, frac) = program.split_once('.').unwrap();
        let program_wad = int.parse::<u128>().unwrap() * WAD
            + frac.parse::<u128>().unwrap() * 10u128.pow(18 - frac.len() as u32);
        assert!(
            price <= program_wad,
            "{}: {price} above {program_wad}",
            entry["name"]
        );
        let diff = program_wad - price;
        assert!(
            diff * 1_000_000_000 < program_wad,
            "{}: {price} vs {program_wad}",
            entry["name"]
        );
    }
}
