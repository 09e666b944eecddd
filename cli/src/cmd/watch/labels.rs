//! Symbols and decimals, so amounts read in their token: each vault's LRT and assets,
//! each mint's, read once.
use std::collections::HashMap;

use anchor_lang::prelude::Pubkey;
use lrt_vault::{constants::LRT_DECIMALS, state::Vault};

use crate::{amount::format_amount, chain, context::Ctx};

/// Symbols and decimals for display, read once per vault and mint; without them (no
/// network, account gone) amounts stay in raw units.
pub struct Labels<'a> {
    ctx: Option<&'a Ctx>,
    vaults: HashMap<Pubkey, Option<VaultLabel>>,
    mints: HashMap<Pubkey, Option<TokenLabel>>,
}

#[derive(Clone, Debug)]
pub struct VaultLabel {
    pub lrt: String,
    pub assets: Vec<TokenLabel>,
}

#[derive(Clone, Debug)]
pub struct TokenLabel {
    pub symbol: String,
    pub decimals: u8,
}

impl<'a> Labels<'a> {
    pub fn new(ctx: Option<&'a Ctx>) -> Self {
        Self {
            ctx,
            vaults: HashMap::new(),
            mints: HashMap::new(),
        }
    }

    /// Labels known up front (tests).
    #[cfg(test)]
    pub fn with_vault(mut self, vault: &Pubkey, label: VaultLabel) -> Self {
        self.vaults.insert(*vault, Some(label));
        self
    }

    /// Reads the vault again next time (an asset was added).
    pub fn forget(&mut self, vault: &Pubkey) {
        self.vaults.remove(vault);
    }

    fn token(&mut self, mint: &Pubkey) -> Option<TokenLabel> {
        if let Some(known) = self.mints.get(mint) {
            return known.clone();
        }
        let label = self.ctx.and_then(|ctx| {
            let info = chain::mint_info(ctx, mint).ok()?;
            Some(TokenLabel {
                symbol: info.symbol,
                decimals: info.decimals,
            })
        });
        self.mints.insert(*mint, label.clone());
        label
    }

    fn vault(&mut self, vault: &Pubkey) -> Option<VaultLabel> {
        if let Some(known) = self.vaults.get(vault) {
            return known.clone();
        }
        let label = self.fetch_vault(vault);
        self.vaults.insert(*vault, label.clone());
        label
    }

    fn fetch_vault(&mut self, vault: &Pubkey) -> Option<VaultLabel> {
        let ctx = self.ctx?;
        let state: Vault = chain::fetch_anchor(ctx, vault, &lrt_vault::ID, "vault").ok()?;
        let lrt = self
            .token(&state.lrt_mint)
            .map(|t| t.symbol)
            .unwrap_or_else(|| "LRT".into());
        let assets = state
            .assets()
            .iter()
            .map(|slot| {
                let symbol = self
                    .token(&slot.mint)
                    .map(|t| t.symbol)
                    .unwrap_or_else(|| chain::short(&slot.mint));
                TokenLabel {
                    symbol,
                    decimals: slot.decimals,
                }
            })
            .collect();
        Some(VaultLabel { lrt, assets })
    }

    /// The vault's LRT symbol ("LRT" when unknown).
    pub fn lrt(&mut self, vault: &Pubkey) -> String {
        self.vault(vault)
            .map(|v| v.lrt)
            .unwrap_or_else(|| "LRT".into())
    }

    /// LRT shares (always 9 decimals).
    pub fn shares(&mut self, vault: &Pubkey, units: u64) -> String {
        format!("{} {}", format_amount(units, LRT_DECIMALS), self.lrt(vault))
    }

    pub fn asset(&mut self, vault: &Pubkey, index: u8, units: u64) -> String {
        let token = self
            .vault(vault)
            .and_then(|v| v.assets.get(usize::from(index)).cloned());
        match token {
            Some(t) => format!("{} {}", format_amount(units, t.decimals), t.symbol),
            None => format!("{units} units of asset #{index}"),
        }
    }

    /// The non-zero entries of a per-asset array ("1.5 wSOL + 2 jitoSOL").
    pub fn assets(&mut self, vault: &Pubkey, amounts: &[u64]) -> String {
        let parts: Vec<String> = (0..=u8::MAX)
            .zip(amounts)
            .filter(|(_, units)| **units != 0)
            .map(|(i, units)| self.asset(vault, i, *units))
            .collect();
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(" + ")
        }
    }

    pub fn cap(&mut self, vault: &Pubkey, index: u8, units: u64) -> String {
        if units == u64::MAX {
            "unlimited".into()
        } else {
            self.asset(vault, index, units)
        }
    }

    pub fn mint_amount(&mut self, mint: &Pubkey, units: u64) -> String {
        match self.token(mint) {
            Some(t) => format!("{} {}", format_amount(units, t.decimals), t.symbol),
            None => format!("{units} units of {mint}"),
        }
    }
}
