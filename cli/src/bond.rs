//! An operator's bond in a vault as `lrt operator bond|unbond|complete-unbond` use it: the
//! signer's bond, checked to belong to it, and what the bond holds after a command.

use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Result};
use lrt_client::{
    lrt_vault::state::{OperatorBond, Vault},
    pda,
    program_events::{ProgramEvent, VaultEvent},
};
use serde::Serialize;

use crate::{
    amount::format_amount,
    chain,
    context::Ctx,
    registry_accounts::signers_operator,
    tx::{Landed, Sent},
    views::bond::BondView,
};

/// The signer's operator, the vault, and the operator's bond in it (which whitelisting
/// creates), checked to belong to the signer.
pub struct BondContext {
    pub operator: Pubkey,
    pub vault: Pubkey,
    pub state: Vault,
    pub bond: OperatorBond,
    pub lrt: chain::MintInfo,
}

pub fn bond_context(ctx: &Ctx, vault_text: &str, authority: &Pubkey) -> Result<BondContext> {
    let (vault, state) = chain::vault(ctx, vault_text)?;
    let (operator, _) = signers_operator(ctx, authority)?;
    let bond_key = pda::bond(&vault, &operator);
    let bond = chain::fetch_opt::<OperatorBond>(ctx, &bond_key, &lrt_vault::ID, "operator bond")?
        .ok_or_else(|| {
        anyhow!(
            "vault {vault} has not whitelisted operator {operator}, so it has no bond there; \
             the vault's curator ({}) runs `lrt curator whitelist {vault} {operator}`",
            state.curator
        )
    })?;
    if bond.authority != *authority {
        bail!(
            "the bond of operator {operator} in vault {vault} belongs to {}, not the signer \
             {authority}; pass that keypair with -k/--keypair",
            bond.authority
        );
    }
    let lrt = chain::mint_info(ctx, &state.lrt_mint)?;
    Ok(BondContext {
        operator,
        vault,
        state,
        bond,
        lrt,
    })
}

/// What `bond`, `unbond` and `complete-unbond` report: the transaction, the amount, and
/// the bond after it (the one view of a bond).
#[derive(Serialize)]
pub struct BondResult {
    #[serde(flatten)]
    pub sent: Sent,
    /// What this command bonded, unbonded or took back, in LRT.
    pub amount: String,
    #[serde(flatten)]
    pub bond: BondView,
    /// LRT whose earlier unbonding was complete and was taken back first (unbond only).
    pub completed_first: Option<String>,
    pub lrt_account: String,
}

/// The result of a bond command that `landed` during epoch `cur`.
pub fn bond_result(
    b: &BondContext,
    landed: Landed,
    amount: u64,
    completed_first: Option<u64>,
    lrt_account: Pubkey,
    cur: u64,
) -> Result<BondResult> {
    // The last `BondChanged` of the operator's bond is what it holds after the transaction
    // (an unbond may complete an earlier one first).
    let after = landed
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            ProgramEvent::Vault(VaultEvent::BondChanged(e))
                if e.vault == b.vault && e.operator == b.operator =>
            {
                Some(e)
            }
            _ => None,
        })
        .ok_or_else(|| {
            anyhow!(
                "the transaction landed ({}) but emitted no BondChanged event",
                landed.sent.explorer
            )
        })?;
    let after = OperatorBond {
        shares: after.shares,
        unbonding_shares: after.unbonding_shares,
        unbond_epoch: after.unbond_epoch,
        ..b.bond.clone()
    };
    let d = b.lrt.decimals;
    Ok(BondResult {
        sent: landed.sent,
        amount: format_amount(amount, d),
        bond: BondView::new(&after, &b.lrt.symbol, cur),
        completed_first: completed_first.map(|s| format_amount(s, d)),
        lrt_account: lrt_account.to_string(),
    })
}
