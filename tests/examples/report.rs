//! Resource report: account sizes and rent, transaction sizes against the 1232-byte packet
//! limit, and the compute units the runtime meters for deposits.
//!
//! `cargo run -p lrt-integration-tests --example report`
//!
//! The world is a three-asset vault (wSOL, an SPL stake-pool LST, a Marinade-layout LST)
//! built with the test harness, with the vault program as a native builtin. Figures only:
//! nothing here asserts a budget.
#![allow(deprecated)] // solana-program-test 3.x, see tests/src/lib.rs

use anchor_lang::{
    prelude::{Pubkey, Rent},
    Space,
};
use anchor_spl::token::spl_token::state::{Account as TokenAccount, Mint};
use lrt_client::{
    instructions as build, pda,
    state::{Config, PricingSource, Vault, WithdrawalBucket, WithdrawalTicket},
    token_programs::{ASSOCIATED_TOKEN, TOKEN, TOKEN_2022},
    Instruction,
};
use lrt_integration_tests::*;
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM, WSOL_MINT},
    instructions::{AddAssetArgs, DepositArgs, RequestWithdrawalArgs},
};
use restaking_math::{encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading};
use solana_keypair::Keypair;
use solana_message::{v0, AddressLookupTableAccount};
use solana_program_pack::Pack;
use solana_signer::Signer;
use solana_transaction::{versioned::VersionedTransaction, Hash, Transaction, VersionedMessage};

/// Largest serialized transaction a validator accepts (IPv6 MTU minus headers).
const PACKET_DATA_SIZE: usize = 1232;
/// Restaking epoch length of the report's Config, in slots.
const EPOCH_LENGTH: u64 = 1_000;
/// Anchor account discriminator; every `space =` of the program adds it.
const DISCRIMINATOR: usize = 8;

/// The three-asset world: keys the report needs after building it.
struct World {
    t: TestContext,
    depositor: Keypair,
    vault_key: Pubkey,
    lrt_mint: Pubkey,
    /// Depositor's associated token accounts for wSOL, the pool LST and the mSOL-like LST.
    depositor_assets: [Pubkey; 3],
    /// One address lookup table a vault would publish: every account its transactions
    /// share, none of a user's own.
    vault_alt: AddressLookupTableAccount,
}

#[tokio::main]
async fn main() {
    let mut w = build_world().await;
    let rent = w.t.ctx.banks_client.get_rent().await.unwrap();

    // ---------------------------------------------------------------- transactions
    let vault: Vault = w.t.decode(w.vault_key).await;
    let depositor_lrt = pda::lrt_account(&w.depositor.pubkey(), &w.lrt_mint);
    let blockhash = w.t.ctx.get_new_latest_blockhash().await.unwrap();
    let deposit_ixs = |asset_index: u8, w: &World| -> Vec<Instruction> {
        vec![
            build::refresh_prices(&vault),
            build::deposit(
                &vault,
                w.depositor.pubkey(),
                w.depositor_assets[asset_index as usize],
                depositor_lrt,
                DepositArgs {
                    asset_index,
                    amount: SOL,
                    min_shares_out: 1,
                    max_fee_bps: 10_000,
                },
            ),
        ]
    };
    let with_ata = |ixs: Vec<Instruction>, w: &World| -> Vec<Instruction> {
        let mut all = vec![create_lrt_account_ix(w.depositor.pubkey(), w.lrt_mint)];
        all.extend(ixs);
        all
    };
    let mut sizes: Vec<SizeRow> = Vec::new();
    for (asset_index, name) in [(0u8, "wSOL"), (1, "stake-pool LST"), (2, "Marinade LST")] {
        sizes.push(size_row(
            &format!("refresh(3) + deposit {name}"),
            &deposit_ixs(asset_index, &w),
            &w,
            blockhash,
        ));
    }
    let first_deposit = with_ata(deposit_ixs(1, &w), &w);
    sizes.push(size_row(
        "create LRT ATA + refresh(3) + deposit LST",
        &first_deposit,
        &w,
        blockhash,
    ));
    let mut with_budget = vec![compute_unit_limit(200_000), compute_unit_price(10_000)];
    with_budget.extend(first_deposit.iter().cloned());
    sizes.push(size_row(
        "  same + compute-budget limit & price",
        &with_budget,
        &w,
        blockhash,
    ));

    // ------------------------------------------------------------ compute units
    let mut units: Vec<(String, u64)> = Vec::new();
    // the first deposit, while the depositor's LRT account does not exist yet. The ATA
    // program's find_program_address costs 1500 CU per bump tried, and the keys are random.
    let (_, ata_bump) = Pubkey::find_program_address(
        &[
            w.depositor.pubkey().as_ref(),
            TOKEN_2022.as_ref(),
            w.lrt_mint.as_ref(),
        ],
        &ASSOCIATED_TOKEN,
    );
    let bump_tries = 256 - ata_bump as u64;
    let first_cu = simulate(&mut w, &first_deposit, &[]).await;
    units.push((
        format!("create LRT ATA + refresh(3) + deposit LST (ATA bump tries: {bump_tries})"),
        first_cu,
    ));
    units.push((
        "  same, normalised to 1 ATA bump try (- 1500 CU per extra try)".into(),
        first_cu - 1_500 * (bump_tries - 1),
    ));
    w.t.create_lrt_account(&w.depositor.insecure_clone(), w.lrt_mint)
        .await;
    for (asset_index, name) in [(0u8, "wSOL"), (1, "stake-pool LST")] {
        let ixs = deposit_ixs(asset_index, &w);
        units.push((
            format!("refresh(3) + deposit {name}"),
            simulate(&mut w, &ixs, &[]).await,
        ));
        units.push((
            format!("  deposit {name} alone (prices already fresh)"),
            simulate(&mut w, &ixs[1..], &[]).await,
        ));
    }
    // prices are this Solana epoch's already: since issue 10 the refresh is a no-op
    let refresh = deposit_ixs(0, &w).remove(0);
    units.push((
        "  refresh(3) alone (prices already fresh: no-op)".into(),
        simulate(&mut w, &[refresh], &[]).await,
    ));

    // the same two token instructions sent directly, not through the vault program
    let lrt_clone = clone_lrt_for_direct_mint(&mut w).await;
    let mut direct: Vec<(String, u64)> = Vec::new();
    for (asset_index, name) in [(0usize, "wSOL"), (1, "stake-pool LST")] {
        let slot = vault.assets[asset_index];
        let transfer = anchor_spl::token::spl_token::instruction::transfer_checked(
            &TOKEN,
            &w.depositor_assets[asset_index],
            &slot.mint,
            &slot.reserve,
            &w.depositor.pubkey(),
            &[],
            SOL,
            slot.decimals,
        )
        .unwrap();
        let transfer_cu = simulate(&mut w, std::slice::from_ref(&transfer), &[]).await;
        direct.push((
            format!("SPL Token transfer_checked ({name} -> reserve)"),
            transfer_cu,
        ));
        let both = [transfer, lrt_clone.mint_to.clone()];
        let both_cu = simulate(&mut w, &both, &[&lrt_clone.authority]).await;
        direct.push((
            format!("  transfer_checked {name} + Token-2022 mint_to"),
            both_cu,
        ));
    }
    let mint_cu = simulate(
        &mut w,
        std::slice::from_ref(&lrt_clone.mint_to),
        &[&lrt_clone.authority],
    )
    .await;
    direct.insert(
        0,
        (
            "Token-2022 mint_to (LRT mint layout, metadata)".into(),
            mint_cu,
        ),
    );

    // deposit every asset for real, so the withdrawal's basket holds all three
    for asset_index in 0..3u8 {
        let ixs = deposit_ixs(asset_index, &w);
        send(&mut w, &ixs).await;
    }

    // ------------------------------------------------ withdrawal request and claim
    let shares = w.t.token_balance(depositor_lrt).await / 2;
    let epoch = w.t.slot().await / EPOCH_LENGTH;
    let vault: Vault = w.t.decode(w.vault_key).await;
    let request = build::request_withdrawal(
        &vault,
        w.depositor.pubkey(),
        epoch,
        RequestWithdrawalArgs {
            shares,
            ticket_id: 1,
            max_fee_bps: 10_000,
        },
    );
    sizes.push(size_row(
        "request_withdrawal",
        std::slice::from_ref(&request),
        &w,
        blockhash,
    ));
    units.push((
        "request_withdrawal (creates bucket + ticket)".into(),
        simulate(&mut w, std::slice::from_ref(&request), &[]).await,
    ));
    send(&mut w, std::slice::from_ref(&request)).await;
    let ticket_key = pda::ticket(&w.vault_key, &w.depositor.pubkey(), 1);
    let bucket_key = pda::bucket(&w.vault_key, epoch + 1);
    let ticket: WithdrawalTicket = w.t.decode(ticket_key).await;
    let paid_assets = ticket.unscaled_amounts.iter().filter(|a| **a > 0).count();
    let vault: Vault = w.t.decode(w.vault_key).await;
    let bucket: WithdrawalBucket = w.t.decode(bucket_key).await;
    let claim = build::claim(&vault, &bucket, &ticket);
    sizes.push(size_row(
        &format!("claim ({paid_assets}-asset ticket)"),
        std::slice::from_ref(&claim),
        &w,
        blockhash,
    ));
    let mut claim_with_atas: Vec<Instruction> = vault
        .assets()
        .iter()
        .map(|slot| {
            anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent(
                &w.depositor.pubkey(),
                &w.depositor.pubkey(),
                &slot.mint,
                &slot.token_program,
            )
        })
        .collect();
    claim_with_atas.push(claim.clone());
    sizes.push(size_row(
        "  same + 3 x create asset ATA (idempotent)",
        &claim_with_atas,
        &w,
        blockhash,
    ));
    let ticket_len = w.t.account(ticket_key).await.unwrap().data.len();
    let bucket_len = w.t.account(bucket_key).await.unwrap().data.len();
    w.t.warp_to_slot((ticket.bucket_epoch + 1) * EPOCH_LENGTH)
        .await;
    units.push((
        format!("claim ({paid_assets} x transfer_checked)"),
        simulate(&mut w, std::slice::from_ref(&claim), &[]).await,
    ));
    send(&mut w, std::slice::from_ref(&claim)).await;
    assert!(
        w.t.account(ticket_key).await.is_none(),
        "claim closed the ticket"
    );

    // ------------------------------------------------------------------ accounts
    // (name, what the program's `space =` declares, length read from the bank)
    let mut accounts: Vec<(&str, Option<usize>, usize)> = vec![
        (
            "lrt_vault Config",
            Some(DISCRIMINATOR + Config::INIT_SPACE),
            w.t.account(pda::config()).await.unwrap().data.len(),
        ),
        (
            "lrt_vault Vault",
            Some(DISCRIMINATOR + Vault::INIT_SPACE),
            w.t.account(w.vault_key).await.unwrap().data.len(),
        ),
        (
            "lrt_vault WithdrawalBucket",
            Some(DISCRIMINATOR + WithdrawalBucket::INIT_SPACE),
            bucket_len,
        ),
        (
            "lrt_vault WithdrawalTicket",
            Some(DISCRIMINATOR + WithdrawalTicket::INIT_SPACE),
            ticket_len,
        ),
    ];
    for (name, key) in [
        ("LRT mint (Token-2022, pointer + metadata)", w.lrt_mint),
        ("asset reserve (SPL Token account)", vault.assets[1].reserve),
        (
            "dead-shares account (Token-2022)",
            pda::dead_shares(&w.vault_key),
        ),
        ("LRT ATA (Token-2022, immutable owner)", depositor_lrt),
    ] {
        let len = w.t.account(key).await.unwrap().data.len();
        accounts.push((name, None, len));
    }

    print_report(&rent, &accounts, &sizes, &units, &direct);
}

/// Builds the world: config, a wSOL vault seeded with 1 SOL, a stake-pool LST at 1.05 SOL
/// and a Marinade-layout LST at ~1.2 SOL, and a depositor holding 10 of each.
async fn build_world() -> World {
    let curator = Keypair::new();
    let depositor = Keypair::new();
    let (pool, pool_mint, marinade_state, msol_mint) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let pool_data = encode_stake_pool(&StakePoolReading {
        pool_mint: pool_mint.to_bytes(),
        token_program_id: TOKEN.to_bytes(),
        total_lamports: 1_050 * SOL,
        pool_token_supply: 1_000 * SOL,
        last_update_epoch: 0,
    });
    let marinade_data = encode_marinade_state(&MarinadeReading {
        msol_mint: msol_mint.to_bytes(),
        msol_price: 5_153_960_755,
    });
    let curator_wsol = Pubkey::new_unique();
    let ata = |mint: &Pubkey| pda::associated_token_account(&depositor.pubkey(), mint, &TOKEN);
    let depositor_assets = [ata(&WSOL_MINT), ata(&pool_mint), ata(&msol_mint)];
    let mut t = TestContext::start(vec![
        (WSOL_MINT, native_mint_account()),
        (
            pool_mint,
            mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
        ),
        (
            msol_mint,
            mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
        ),
        (
            pool,
            data_account(ALLOWED_STAKE_POOL_PROGRAMS[0], pool_data),
        ),
        (
            marinade_state,
            data_account(MARINADE_PROGRAM, marinade_data),
        ),
        (curator_wsol, wsol_account(curator.pubkey(), SOL)),
        (
            depositor_assets[0],
            wsol_account(depositor.pubkey(), 10 * SOL),
        ),
        (
            depositor_assets[1],
            token_account(pool_mint, depositor.pubkey(), 10 * SOL),
        ),
        (
            depositor_assets[2],
            token_account(msol_mint, depositor.pubkey(), 10 * SOL),
        ),
    ])
    .await;
    let treasury = Pubkey::new_unique();
    t.fund(&[&curator, &depositor], SOL).await;
    t.initialize_config(treasury, EPOCH_LENGTH, 100).await;
    let created = t
        .create_wsol_vault(&curator, curator_wsol, treasury, SOL, u64::MAX)
        .await;
    for (mint, pricing) in [
        (pool_mint, PricingSource::SplStakePool { pool }),
        (
            msol_mint,
            PricingSource::Marinade {
                state: marinade_state,
            },
        ),
    ] {
        let ix = build::add_asset(
            curator.pubkey(),
            created.vault,
            mint,
            TOKEN,
            AddAssetArgs {
                pricing,
                deposit_cap: u64::MAX,
            },
        );
        t.send(&[ix], &[&curator]).await.unwrap();
    }
    let vault: Vault = t.decode(created.vault).await;
    assert_eq!(vault.asset_count, 3);
    let mut shared = vec![
        pda::config(),
        created.vault,
        created.lrt_mint,
        pda::event_authority(),
        lrt_vault::ID,
        TOKEN,
        TOKEN_2022,
        ASSOCIATED_TOKEN,
        anchor_lang::system_program::ID,
    ];
    for slot in vault.assets() {
        shared.extend([slot.mint, slot.reserve]);
        shared.extend(slot.pricing.pricing_account());
    }
    World {
        t,
        depositor,
        vault_key: created.vault,
        lrt_mint: created.lrt_mint,
        depositor_assets,
        vault_alt: AddressLookupTableAccount {
            key: Pubkey::new_unique(),
            addresses: shared,
        },
    }
}

/// A signed legacy transaction paid for and signed by the depositor (plus `extra`).
fn depositor_tx(
    w: &World,
    ixs: &[Instruction],
    extra: &[&Keypair],
    blockhash: Hash,
) -> Transaction {
    let mut signers = vec![&w.depositor];
    signers.extend_from_slice(extra);
    Transaction::new_signed_with_payer(ixs, Some(&w.depositor.pubkey()), &signers, blockhash)
}

struct SizeRow {
    name: String,
    instructions: usize,
    accounts: usize,
    signatures: usize,
    bytes: usize,
    /// v0 with the vault's lookup table: bytes, static keys, keys loaded from the table.
    v0: (usize, usize, usize),
}

fn size_row(name: &str, ixs: &[Instruction], w: &World, blockhash: Hash) -> SizeRow {
    let tx = depositor_tx(w, ixs, &[], blockhash);
    let message = v0::Message::try_compile(
        &w.depositor.pubkey(),
        ixs,
        std::slice::from_ref(&w.vault_alt),
        blockhash,
    )
    .unwrap();
    let static_keys = message.account_keys.len();
    let loaded: usize = message
        .address_table_lookups
        .iter()
        .map(|l| l.writable_indexes.len() + l.readonly_indexes.len())
        .sum();
    let v0_tx =
        VersionedTransaction::try_new(VersionedMessage::V0(message), &[&w.depositor]).unwrap();
    SizeRow {
        name: name.to_string(),
        instructions: ixs.len(),
        accounts: tx.message.account_keys.len(),
        signatures: tx.signatures.len(),
        bytes: bincode::serialize(&tx).unwrap().len(),
        v0: (
            bincode::serialize(&v0_tx).unwrap().len(),
            static_keys,
            loaded,
        ),
    }
}

/// Compute units the runtime metered for `ixs`, simulated (nothing is committed).
async fn simulate(w: &mut World, ixs: &[Instruction], extra: &[&Keypair]) -> u64 {
    let blockhash = w.t.ctx.get_new_latest_blockhash().await.unwrap();
    let tx = depositor_tx(w, ixs, extra, blockhash);
    let sim = w.t.ctx.banks_client.simulate_transaction(tx).await.unwrap();
    let details = sim.simulation_details.expect("simulation details");
    match sim.result {
        Some(Ok(())) => details.units_consumed,
        other => panic!("simulation failed: {other:?}\n{}", details.logs.join("\n")),
    }
}

async fn send(w: &mut World, ixs: &[Instruction]) {
    let blockhash = w.t.ctx.get_new_latest_blockhash().await.unwrap();
    let tx = depositor_tx(w, ixs, &[], blockhash);
    w.t.ctx.banks_client.process_transaction(tx).await.unwrap();
}

/// ComputeBudget `SetComputeUnitLimit` (what wallets prepend).
fn compute_unit_limit(units: u32) -> Instruction {
    let mut data = vec![2];
    data.extend_from_slice(&units.to_le_bytes());
    Instruction::new_with_bytes(solana_sdk_ids::compute_budget::ID, &data, vec![])
}

/// ComputeBudget `SetComputeUnitPrice` in micro-lamports per unit.
fn compute_unit_price(micro_lamports: u64) -> Instruction {
    let mut data = vec![3];
    data.extend_from_slice(&micro_lamports.to_le_bytes());
    Instruction::new_with_bytes(solana_sdk_ids::compute_budget::ID, &data, vec![])
}

/// A byte-for-byte copy of the LRT mint (same extensions and metadata) whose mint
/// authority is a keypair, and a copy of the depositor's LRT account for it: `mint_to`
/// on them costs what the vault's `mint_to` CPI costs, without the vault as signer.
struct DirectMint {
    authority: Keypair,
    mint_to: Instruction,
}

async fn clone_lrt_for_direct_mint(w: &mut World) -> DirectMint {
    let authority = Keypair::new();
    let (mint_key, account_key) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut mint = w.t.account(w.lrt_mint).await.unwrap();
    let mut base = Mint::unpack_from_slice(&mint.data[..Mint::LEN]).unwrap();
    base.mint_authority = Some(authority.pubkey()).into();
    base.pack_into_slice(&mut mint.data[..Mint::LEN]);
    let lrt_account = pda::lrt_account(&w.depositor.pubkey(), &w.lrt_mint);
    let mut account = w.t.account(lrt_account).await.unwrap();
    let mut base = TokenAccount::unpack_from_slice(&account.data[..TokenAccount::LEN]).unwrap();
    base.mint = mint_key;
    base.pack_into_slice(&mut account.data[..TokenAccount::LEN]);
    w.t.ctx.set_account(&mint_key, &mint.into());
    w.t.ctx.set_account(&account_key, &account.into());
    let mint_to = anchor_spl::token_2022::spl_token_2022::instruction::mint_to(
        &TOKEN_2022,
        &mint_key,
        &account_key,
        &authority.pubkey(),
        &[],
        SOL,
    )
    .unwrap();
    DirectMint { authority, mint_to }
}

fn sol(lamports: u64) -> String {
    format!("{}.{:09}", lamports / SOL, lamports % SOL)
}

fn print_report(
    rent: &Rent,
    accounts: &[(&str, Option<usize>, usize)],
    sizes: &[SizeRow],
    units: &[(String, u64)],
    direct: &[(String, u64)],
) {
    let rule = "-".repeat(100);
    let default_rent = Rent::default();
    let same_as_default = accounts
        .iter()
        .all(|(_, _, len)| rent.minimum_balance(*len) == default_rent.minimum_balance(*len));
    println!();
    println!("=== LRT vault resource report ===");
    println!("(any 'Instruction: ...' lines above are the vault program's msg! output: natively it prints to stdout)");
    println!("vault program as a native builtin in solana-program-test 3.1.12, bundled SPL Token 3.5.0 /");
    println!("Token-2022 10.0.0 / ATA 1.1.1; one vault with 3 assets (wSOL, SPL stake-pool LST,");
    println!("Marinade-layout LST), fees 0 bps.");
    println!();
    println!("1. ACCOUNTS: size and rent-exempt minimum");
    println!(
        "   Rent: the bank's Rent sysvar: {} lamports/byte-year, exemption threshold {:.1} year(s),",
        rent.lamports_per_byte_year, rent.exemption_threshold
    );
    println!(
        "   + 128 bytes of account overhead. Rent::default() is {} x {:.1} years: minimum balances {}.",
        default_rent.lamports_per_byte_year,
        default_rent.exemption_threshold,
        if same_as_default { "identical" } else { "DIFFER" }
    );
    println!("{rule}");
    println!(
        "{:<44} {:>9} {:>9} {:>14} {:>14}",
        "account", "declared", "on-chain", "rent lamports", "rent SOL"
    );
    println!("{rule}");
    for (name, declared, len) in accounts {
        let lamports = rent.minimum_balance(*len);
        let declared = declared.map_or("-".to_string(), |d| d.to_string());
        println!(
            "{name:<44} {declared:>9} {len:>9} {lamports:>14} {:>14}",
            sol(lamports)
        );
    }
    println!("{rule}");
    println!(
        "   declared = the program's `space = 8 + T::INIT_SPACE` (8-byte Anchor discriminator);"
    );
    println!("   on-chain = data length read from the bank (token accounts: as created by create_vault /");
    println!("   add_asset / the ATA program); rent is computed on the on-chain length.");
    println!();

    println!("2. TRANSACTION SIZES: bincode of the signed legacy Transaction; the depositor pays and signs");
    println!("{rule}");
    println!(
        "{:<44} {:>3} {:>5} {:>4} {:>6} {:>6} {:>6} | {:>6} {:>10}",
        "transaction", "ixs", "accts", "sigs", "bytes", "limit", "spare", "v0+ALT", "static+ALT"
    );
    println!("{rule}");
    for row in sizes {
        let spare = PACKET_DATA_SIZE as i64 - row.bytes as i64;
        println!(
            "{:<44} {:>3} {:>5} {:>4} {:>6} {:>6} {:>6} | {:>6} {:>10}",
            row.name,
            row.instructions,
            row.accounts,
            row.signatures,
            row.bytes,
            PACKET_DATA_SIZE,
            spare,
            row.v0.0,
            format!("{}+{}", row.v0.1, row.v0.2),
        );
    }
    println!("{rule}");
    println!("   refresh(3) = refresh_prices of all 3 assets (2 pricing accounts; wSOL has none).");
    println!(
        "   spare = 1232 - bytes. A separate fee payer adds one signature and one key: +96 bytes."
    );
    println!("   v0+ALT = the same instructions as a v0 transaction with one per-vault lookup table (config,");
    println!("   vault, LRT mint, event authority, mints, reserves, pricing accounts,");
    println!("   programs); static+ALT = keys in the message + keys loaded from the table.");
    println!();

    println!("3. COMPUTE UNITS: simulate_transaction, units_consumed (whole transaction)");
    println!("   Native mode: the vault program's own code is not metered (1 CU per invocation + 140 CU per");
    println!(
        "   Clock read), so these are the SPL Token / Token-2022 / ATA CPIs plus runtime overhead."
    );
    println!("{rule}");
    println!("{:<74} {:>10}", "through the vault program", "CU");
    println!("{rule}");
    for (name, cu) in units {
        println!("{name:<74} {cu:>10}");
    }
    println!("{rule}");
    println!("   A Token-2022 ATA creation varies by 1500 CU per bump tried (random keys): see the two rows.");
    println!(
        "   On SBF the vault's own work (Anchor (de)serialisation of the {}-byte Vault, PDA checks,",
        DISCRIMINATOR + Vault::INIT_SPACE
    );
    println!("   math, the emit_cpi self-invocation) comes on top of every row above; it cannot be measured here.");
    println!("{rule}");
    println!(
        "{:<74} {:>10}",
        "the same token instructions sent directly (no vault program)", "CU"
    );
    println!("{rule}");
    for (name, cu) in direct {
        println!("{name:<74} {cu:>10}");
    }
    println!("{rule}");
    println!("   The direct mint_to targets a byte copy of the LRT mint (same extensions and metadata) with");
    println!("   a keypair as mint authority, into a copy of the depositor's LRT ATA.");
}
