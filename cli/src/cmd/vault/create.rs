//! `lrt vault create --name N --symbol S --seed AMOUNT [...]`: create a vault with a seed
//! deposit; the signer is curator and fee admin unless others are proposed.
use anyhow::{bail, Result};
use lrt_client::{
    instructions as build,
    lrt_vault::{
        instructions::{AddAssetArgs, CreateVaultArgs},
        state::Vault,
    },
    pda,
};
use serde::Serialize;
use solana_keypair::Keypair;
use solana_signer::Signer;

use super::{parse_pricing, TxResult};
use crate::{
    amount::{format_amount, parse_amount},
    chain::{self, parse_pubkey},
    context::Ctx,
    tx,
    views::roles::RoleView,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// LRT name (max 32 bytes)
    #[arg(long)]
    pub name: String,
    /// LRT symbol (max 10 bytes)
    #[arg(long)]
    pub symbol: String,
    /// LRT metadata URI (max 200 bytes)
    #[arg(long, default_value = "")]
    pub uri: String,
    /// First asset's mint (the seed deposit is made in it)
    #[arg(long, default_value = "So11111111111111111111111111111111111111112")]
    pub seed_mint: String,
    /// Its pricing: wsol, stake-pool:<POOL> or marinade:<STATE>
    #[arg(long, default_value = "wsol")]
    pub seed_pricing: String,
    /// Seed deposit in tokens (its shares are locked forever)
    #[arg(long)]
    pub seed: String,
    /// Propose this key as curator: the signer holds the role until it accepts (`lrt vault
    /// accept-curator`) [default: the signer, nothing proposed]
    #[arg(long)]
    pub curator: Option<String>,
    /// Propose this key as fee admin, likewise (`lrt vault accept-fee-admin`) [default: the
    /// signer]
    #[arg(long)]
    pub fee_admin: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let signer = ctx.signer()?;
    let seed_mint = parse_pubkey(&args.seed_mint, "seed mint")?;
    let pricing = parse_pricing(&args.seed_pricing)?;
    let info = chain::mint_info(ctx, &seed_mint)?;
    let seed_amount = parse_amount(&args.seed, info.decimals, &info.symbol)?;
    let curator = match &args.curator {
        Some(text) => parse_pubkey(text, "curator")?,
        None => signer.pubkey(),
    };
    let fee_admin = match &args.fee_admin {
        Some(text) => parse_pubkey(text, "fee admin")?,
        None => signer.pubkey(),
    };
    let seed_account =
        pda::associated_token_account(&signer.pubkey(), &seed_mint, &info.token_program);
    let mut ixs = Vec::new();
    ixs.extend(crate::wsol::wrap_sol_if_needed(
        ctx,
        &signer.pubkey(),
        &seed_mint,
        seed_account,
        seed_amount,
    )?);
    let balance = chain::token_balance(ctx, &seed_account)?;
    if ixs.is_empty() && balance < seed_amount {
        bail!(
            "the seed deposit needs {} {} but {} holds {}",
            args.seed,
            info.symbol,
            seed_account,
            format_amount(balance, info.decimals)
        );
    }
    let lrt_mint = Keypair::new();
    ixs.push(build::create_vault(
        build::CreateVaultKeys {
            creator: signer.pubkey(),
            lrt_mint: lrt_mint.pubkey(),
            seed_mint,
            seed_token_program: info.token_program,
            creator_seed_account: seed_account,
        },
        CreateVaultArgs {
            name: args.name,
            symbol: args.symbol,
            uri: args.uri,
            curator,
            fee_admin,
            seed_asset: AddAssetArgs {
                pricing,
                deposit_cap: u64::MAX,
            },
            seed_amount,
        },
    ));
    let sent = tx::send(ctx, "vault creation", &ixs, &signer, &[&lrt_mint])?;
    let vault = pda::vault(&lrt_mint.pubkey());
    // The roles as the program set them: the creator's, with the keys named proposed.
    let state: Vault = chain::fetch_anchor(ctx, &vault, &lrt_vault::ID, "vault")?;
    #[derive(Serialize)]
    struct Created {
        vault: String,
        lrt_mint: String,
        curator: String,
        /// Proposed by --curator, waiting to accept (null if none).
        pending_curator: Option<String>,
        fee_admin: String,
        pending_fee_admin: Option<String>,
    }
    let roles = [
        RoleView::curator(&vault, &state),
        RoleView::fee_admin(&vault, &state),
    ];
    let result = TxResult {
        sent,
        detail: Created {
            vault: vault.to_string(),
            lrt_mint: lrt_mint.pubkey().to_string(),
            curator: state.curator.to_string(),
            pending_curator: state.pending_curator.map(|k| k.to_string()),
            fee_admin: state.fee_admin.to_string(),
            pending_fee_admin: state.pending_fee_admin.map(|k| k.to_string()),
        },
    };
    ctx.out.print(&result, |r| {
        let mut text = format!(
            "vault     {}\nLRT mint  {}",
            r.detail.vault, r.detail.lrt_mint
        );
        for role in &roles {
            text.push_str(&format!("\n{role}"));
        }
        text
    });
    Ok(())
}
