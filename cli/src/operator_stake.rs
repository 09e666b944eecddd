//! The stake behind an operator, as `lrt operator show|list|delegations` print it: the
//! vaults its delegations point at, read once each and valued now (`crate::stake`), and
//! the sums of allocation now x slashable value now.
use std::collections::BTreeMap;

use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use lrt_client::{
    listing,
    lrt_vault::state::{Delegation, Vault},
};
use serde::Serialize;

use crate::{
    chain::{self, short},
    context::Ctx,
    stake::{delegation_text, delegation_view, rolled, DelegationView, VaultValue},
};

/// The vaults delegations point at, read once each: the LRT symbol and the vault valued
/// now (for the stake an allocation puts behind the operator).
pub struct Vaults<'a> {
    pub ctx: &'a Ctx,
    pub slot: u64,
    pub cur: u64,
    pub read: BTreeMap<Pubkey, Option<(String, VaultValue)>>,
}

impl<'a> Vaults<'a> {
    pub fn new(ctx: &'a Ctx, slot: u64, cur: u64) -> Self {
        Self {
            ctx,
            slot,
            cur,
            read: BTreeMap::new(),
        }
    }

    pub fn get(&mut self, vault: &Pubkey) -> Result<Option<&(String, VaultValue)>> {
        if !self.read.contains_key(vault) {
            let entry = match chain::fetch_opt::<Vault>(self.ctx, vault, &lrt_vault::ID, "vault")? {
                Some(state) => {
                    let symbol = chain::mint_info(self.ctx, &state.lrt_mint)
                        .map(|m| m.symbol)
                        .unwrap_or_else(|_| short(vault));
                    let value = VaultValue::read(self.ctx, *vault, state, self.cur, self.slot)?;
                    Some((symbol, value))
                }
                None => None,
            };
            self.read.insert(*vault, entry);
        }
        Ok(self.read.get(vault).and_then(Option::as_ref))
    }

    pub fn symbol(&mut self, vault: &Pubkey) -> Result<String> {
        Ok(self
            .get(vault)?
            .map_or_else(|| short(vault), |(symbol, _)| symbol.clone()))
    }

    /// Every delegation's view, and the sum of the stakes now (lamports).
    pub fn views(
        &mut self,
        delegations: &[(Pubkey, Delegation)],
    ) -> Result<(Vec<DelegationView>, u128)> {
        let mut views = Vec::new();
        let mut total = 0u128;
        for (_, d) in delegations {
            let cur = self.cur;
            let Some((symbol, value)) = self.get(&d.vault)? else {
                continue;
            };
            let view = delegation_view(d, value, cur, symbol)?;
            total += u128::from(value.stake(rolled(&d.allocation, cur).current)?);
            views.push(view);
        }
        Ok((views, total))
    }
}

#[derive(Serialize)]
pub struct StakeTotals {
    /// Sum over the vaults of allocation now x slashable value now, in SOL.
    pub stake_current_sol: String,
}

pub fn delegations_of(ctx: &Ctx, operator: &Pubkey) -> Result<Vec<(Pubkey, Delegation)>> {
    chain::list_anchor(
        ctx,
        &lrt_vault::ID,
        vec![listing::delegations_of_operator(operator)],
    )
}

pub fn render_stakes(stakes: &[DelegationView]) -> String {
    if stakes.is_empty() {
        return "  none (no vault has whitelisted this operator)\n".into();
    }
    let mut t = String::new();
    for s in stakes {
        t.push_str(&format!(
            "  {} ({})  {}\n",
            s.vault,
            s.lrt_symbol,
            delegation_text(s)
        ));
    }
    t
}
