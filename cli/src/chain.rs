//! Reading the programs' accounts over RPC: one place for fetching, decoding, listing by
//! discriminator, and naming mints, so every command reports the same way.
use anchor_lang::{prelude::Pubkey, AccountDeserialize, Discriminator};
use anchor_spl::token_2022::spl_token_2022::{
    extension::{BaseStateWithExtensions, StateWithExtensions},
    state::{Account as TokenAccountState, Mint as MintState},
};
use anchor_spl::token_2022_extensions::spl_token_metadata_interface::state::TokenMetadata;
use anyhow::{anyhow, bail, Context as _, Result};
use lrt_client::{
    decode, listing,
    state::{Config, Vault},
    token_programs::{TOKEN, TOKEN_2022},
};
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client_api::{
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig},
    filter::{Memcmp, RpcFilterType},
};

use crate::{amount::sol, context::Ctx};

/// Lamports kept for the fee when checking that a payer can cover an account's rent.
const FEE_HEADROOM: u64 = 10_000;

/// Well-known LST mints, so listings say "jitoSOL" rather than an address.
const KNOWN_MINTS: [(&str, &str); 16] = [
    ("wSOL", "So11111111111111111111111111111111111111112"),
    ("mSOL", "mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So"),
    ("jitoSOL", "J1toso1uCk3RLmjorhTtrVwY9HJ7X8V9yYac6Y7kGCPn"),
    ("bSOL", "bSo13r4TkiE4KumL71LsHTPpL2euBYLFx6h9HP3piy1"),
    ("BNSOL", "BNso1VUJnh4zcfpZa6986Ea66P6TCp59hvtNJ8b1X85"),
    ("vSOL", "vSoLxydx6akxyMD9XEcPvGYNGq6Nn66oqVb3UkGkei7"),
    ("JupSOL", "jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v"),
    ("bonkSOL", "BonK1YhkXEGLZzwtcvRTip3gAL9nCeQD7ppZBLXhtTs"),
    ("hSOL", "he1iusmfkpAdwvxLNGV8Y1iSbj4rUy6yMhEA3fotn9A"),
    ("dSOL", "Dso1bDeDjCQxTrWHqUUi63oBvV7Mdm6WaobLbQ7gnPQ"),
    ("bbSOL", "Bybit2vBJGhPF52GBdNaQfUJ6ZpThSgHBobjWZpLPb4B"),
    ("picoSOL", "picobAEvs6w7QEknPce34wAE4gknZA9v5tTonnmHYdX"),
    ("strongSOL", "strng7mqqc1MBJJV6vMzYbEqnwVGvKKGKedeCvtktWA"),
    ("hubSOL", "HUBsveNpjo5pWqNkH57QzxjQASdTVXcSK7bVKTSZtcSX"),
    ("sfSOL", "sctmadV2fcLtrxjzYhTZzwAGjXUXKtYSBrrM36EtdcY"),
    ("fSOL", "FRAGME9aN7qzxkHPmVP22tDhG87srsR9pr5SY9XdRd9R"),
];

/// A mint as commands show it.
#[derive(Debug, Clone)]
pub struct MintInfo {
    pub token_program: Pubkey,
    pub decimals: u8,
    /// From Token-2022 metadata, the well-known table, or a shortened address.
    pub symbol: String,
    pub name: Option<String>,
}

/// Parses a base58 address with an error naming the argument.
pub fn parse_pubkey(text: &str, what: &str) -> Result<Pubkey> {
    text.trim().parse().map_err(|_| {
        anyhow!("{what} {text:?} is not a valid address (expected a base58 public key)")
    })
}

/// `Abcd…wxyz`, for tables.
pub fn short(key: &Pubkey) -> String {
    let text = key.to_string();
    format!("{}…{}", &text[..4], &text[text.len() - 4..])
}

/// Raw account data, or `None` if there is no account at `key`.
pub fn fetch(ctx: &Ctx, key: &Pubkey) -> Result<Option<solana_account::Account>> {
    Ok(ctx
        .rpc
        .get_account_with_commitment(key, ctx.commitment)
        .with_context(|| format!("cannot read account {key} from {}", ctx.url))?
        .value)
}

/// An Anchor account of type `T` owned by `program`, with errors that say what is wrong.
pub fn fetch_anchor<T: AccountDeserialize>(
    ctx: &Ctx,
    key: &Pubkey,
    program: &Pubkey,
    what: &str,
) -> Result<T> {
    let account = fetch(ctx, key)?.ok_or_else(|| anyhow!("no {what} at {key} on {}", ctx.url))?;
    if account.owner != *program {
        bail!(
            "{key} is not a {what} (owned by {}, not {program})",
            account.owner
        );
    }
    decode::account(&account.data).map_err(|_| anyhow!("{key} is not a {what}"))
}

/// An account of type `T` owned by `program` at `key`, or `None` if there is none. An
/// account owned by another program counts as none: lamports sent to a PDA before the
/// program creates it make a System account there, which the program still initializes.
pub fn fetch_opt<T: AccountDeserialize>(
    ctx: &Ctx,
    key: &Pubkey,
    program: &Pubkey,
    what: &str,
) -> Result<Option<T>> {
    match fetch(ctx, key)? {
        Some(account) if account.owner == *program => decode::account(&account.data)
            .map(Some)
            .map_err(|_| anyhow!("{key} is not a {what}")),
        _ => Ok(None),
    }
}

/// Refuses before sending when `payer` cannot pay the rent of the new `accounts` (address
/// and space; lamports already there count, as the programs top up) plus the fee.
pub fn require_rent(
    ctx: &Ctx,
    payer: &Pubkey,
    accounts: &[(Pubkey, usize)],
    what: &str,
) -> Result<()> {
    let mut needed = FEE_HEADROOM;
    for (target, space) in accounts {
        let rent = ctx
            .rpc
            .get_minimum_balance_for_rent_exemption(*space)
            .with_context(|| format!("cannot read the rent from {}", ctx.url))?;
        let there = fetch(ctx, target)?.map_or(0, |a| a.lamports);
        needed = needed.saturating_add(rent.saturating_sub(there));
    }
    let balance = ctx
        .rpc
        .get_balance_with_commitment(payer, ctx.commitment)
        .with_context(|| format!("cannot read the balance of {payer}"))?
        .value;
    if balance < needed {
        bail!(
            "insufficient SOL: {what} needs about {} SOL (rent and fee) but the signer {payer} \
             holds {} SOL; fund it (e.g. `solana airdrop 1` on a local network)",
            sol(needed),
            sol(balance)
        );
    }
    Ok(())
}

/// Every account of type `T` of `program` (the discriminator filter is added here).
pub fn list_all<T: AccountDeserialize + Discriminator>(
    ctx: &Ctx,
    program: &Pubkey,
) -> Result<Vec<(Pubkey, T)>> {
    list_anchor::<T>(ctx, program, Vec::<listing::Filter<T>>::new())
}

/// Every account of type `T` of `program` that matches all of `filters`
/// (`lrt_client::listing`; the discriminator filter is added here).
pub fn list_anchor<T: AccountDeserialize + Discriminator>(
    ctx: &Ctx,
    program: &Pubkey,
    filters: Vec<listing::Filter<T>>,
) -> Result<Vec<(Pubkey, T)>> {
    let mut rpc_filters = vec![RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
        0,
        T::DISCRIMINATOR.to_vec(),
    ))];
    rpc_filters.extend(
        filters
            .into_iter()
            .map(listing::Filter::into_parts)
            .map(|(offset, bytes)| RpcFilterType::Memcmp(Memcmp::new_raw_bytes(offset, bytes))),
    );
    let accounts = ctx
        .rpc
        .get_program_ui_accounts_with_config(
            program,
            RpcProgramAccountsConfig {
                filters: Some(rpc_filters),
                account_config: RpcAccountInfoConfig {
                    encoding: Some(solana_account_decoder_client_types::UiAccountEncoding::Base64),
                    commitment: Some(ctx.commitment),
                    ..RpcAccountInfoConfig::default()
                },
                ..RpcProgramAccountsConfig::default()
            },
        )
        .with_context(|| format!("cannot list accounts of {program} on {}", ctx.url))?;
    let mut decoded: Vec<(Pubkey, T)> = accounts
        .into_iter()
        .filter_map(|(key, ui)| {
            let data = ui.data.decode()?;
            decode::account::<T>(&data).ok().map(|a| (key, a))
        })
        .collect();
    decoded.sort_by_key(|(key, _)| key.to_string());
    Ok(decoded)
}

/// The vault program's Config (epoch length, treasury, pause).
pub fn config(ctx: &Ctx) -> Result<Config> {
    let key = lrt_client::pda::config();
    fetch_anchor(ctx, &key, &lrt_vault::ID, "vault program Config").with_context(|| {
        format!(
            "the restaking programs are not initialized on {} (is this the right cluster?)",
            ctx.url
        )
    })
}

/// The current slot at `processed` (the slot being built, what the next tx will see).
pub fn slot(ctx: &Ctx) -> Result<u64> {
    ctx.rpc
        .get_slot_with_commitment(CommitmentConfig::processed())
        .with_context(|| format!("cannot reach {}", ctx.url))
}

/// The current restaking epoch and the Config it was computed with.
pub fn epoch(ctx: &Ctx) -> Result<(u64, Config)> {
    let config = config(ctx)?;
    let slot = slot(ctx)?;
    Ok((config.epoch_at(slot), config))
}

/// A vault by its address or by its LRT mint.
pub fn vault(ctx: &Ctx, text: &str) -> Result<(Pubkey, Vault)> {
    let key = parse_pubkey(text, "vault")?;
    let account = fetch(ctx, &key)?;
    let key = match account {
        Some(a) if a.owner == lrt_vault::ID => key,
        Some(a) if a.owner == TOKEN_2022 => lrt_client::pda::vault(&key),
        Some(a) => bail!(
            "{key} is not a vault or an LRT mint (owned by {}); `lrt vault list` shows the vaults",
            a.owner
        ),
        None => bail!(
            "no vault at {key} on {}; `lrt vault list` shows the vaults",
            ctx.url
        ),
    };
    let state = fetch_anchor(ctx, &key, &lrt_vault::ID, "vault")?;
    Ok((key, state))
}

/// Decimals, token program and a symbol for `mint`.
pub fn mint_info(ctx: &Ctx, mint: &Pubkey) -> Result<MintInfo> {
    let account = fetch(ctx, mint)?.ok_or_else(|| anyhow!("no mint at {mint}"))?;
    if account.owner != TOKEN && account.owner != TOKEN_2022 {
        bail!("{mint} is not a token mint (owned by {})", account.owner);
    }
    let state = StateWithExtensions::<MintState>::unpack(&account.data)
        .map_err(|e| anyhow!("{mint} is not a token mint: {e}"))?;
    let metadata = state
        .get_variable_len_extension::<TokenMetadata>()
        .ok()
        .filter(|m| !m.symbol.is_empty());
    let known = KNOWN_MINTS
        .iter()
        .find(|(_, address)| *address == mint.to_string())
        .map(|(symbol, _)| symbol.to_string());
    let symbol = metadata
        .as_ref()
        .map(|m| m.symbol.clone())
        .or(known)
        .unwrap_or_else(|| short(mint));
    Ok(MintInfo {
        token_program: account.owner,
        decimals: state.base.decimals,
        symbol,
        name: metadata.map(|m| m.name),
    })
}

/// A token account's mint, owner and balance, or `None` if `account` is not a token
/// account (no account, or one of another program).
pub fn token_account(ctx: &Ctx, account: &Pubkey) -> Result<Option<(Pubkey, Pubkey, u64)>> {
    match fetch(ctx, account)? {
        Some(a) if a.owner == TOKEN || a.owner == TOKEN_2022 => {
            let state = StateWithExtensions::<TokenAccountState>::unpack(&a.data)
                .map_err(|e| anyhow!("{account} is not a token account: {e}"))?;
            Ok(Some((state.base.mint, state.base.owner, state.base.amount)))
        }
        _ => Ok(None),
    }
}

/// The balance of a token account, or 0 if it does not exist.
pub fn token_balance(ctx: &Ctx, account: &Pubkey) -> Result<u64> {
    match fetch(ctx, account)? {
        Some(a) if a.owner == TOKEN || a.owner == TOKEN_2022 => {
            let state = StateWithExtensions::<TokenAccountState>::unpack(&a.data)
                .map_err(|e| anyhow!("{account} is not a token account: {e}"))?;
            Ok(state.base.amount)
        }
        _ => Ok(0),
    }
}

/// Resolves `--asset` (an index, a mint address or a symbol) to a slot of `vault`.
pub fn asset_index(ctx: &Ctx, vault: &Vault, text: &str) -> Result<u8> {
    let count = vault.asset_count;
    if let Ok(index) = text.parse::<u8>() {
        if index < count {
            return Ok(index);
        }
        bail!(
            "the vault has no asset {index} (it has {count}: 0..{})",
            count.saturating_sub(1)
        );
    }
    if let Ok(mint) = text.parse::<Pubkey>() {
        return vault
            .assets()
            .iter()
            .position(|a| a.mint == mint)
            .map(|i| i as u8)
            .ok_or_else(|| {
                anyhow!("the vault does not hold {mint}; `lrt vault show` lists its assets")
            });
    }
    let mut symbols = Vec::new();
    for (i, slot) in vault.assets().iter().enumerate() {
        let info = mint_info(ctx, &slot.mint)?;
        if info.symbol.eq_ignore_ascii_case(text)
            || (text.eq_ignore_ascii_case("SOL") && info.symbol == "wSOL")
        {
            return Ok(i as u8);
        }
        symbols.push(info.symbol);
    }
    bail!(
        "the vault has no asset {text:?}; its assets are {} (give a symbol, a mint or an index)",
        symbols.join(", ")
    )
}
