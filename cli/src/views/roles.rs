//! A role handed over in two steps (DESIGN.md section 8): the protocol's treasury
//! (`Config.treasury`, `pending_treasury`) and a vault's curator and fee admin
//! (`Vault.curator`/`pending_curator`, `fee_admin`/`pending_fee_admin`). The holder
//! proposes, the proposed key takes the role only by signing for it.
use std::fmt;

use anchor_lang::prelude::Pubkey;
use lrt_client::state::{Config, Vault};
use serde::Serialize;

/// Which role.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Treasury,
    Curator,
    FeeAdmin,
}

impl Role {
    /// "treasury", "curator", "fee admin".
    pub fn name(self) -> &'static str {
        match self {
            Role::Treasury => "treasury",
            Role::Curator => "curator",
            Role::FeeAdmin => "fee admin",
        }
    }

    /// The `lrt` command the proposed key accepts with.
    pub fn accept_command(self, vault: Option<&Pubkey>) -> String {
        let vault = vault.map(|v| format!(" {v}")).unwrap_or_default();
        match self {
            Role::Treasury => "lrt admin accept-treasury".into(),
            Role::Curator => format!("lrt vault accept-curator{vault}"),
            Role::FeeAdmin => format!("lrt vault accept-fee-admin{vault}"),
        }
    }
}

/// Who holds a role and who is proposed for it.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct RoleView {
    pub role: Role,
    /// The vault (null for the treasury, a protocol role).
    pub vault: Option<String>,
    pub holder: String,
    /// Proposed, waiting to accept (null if nobody is).
    pub pending: Option<String>,
    #[serde(skip)]
    vault_key: Option<Pubkey>,
}

impl RoleView {
    pub fn treasury(config: &Config) -> Self {
        Self::new(
            Role::Treasury,
            None,
            config.treasury,
            config.pending_treasury,
        )
    }

    pub fn curator(vault: &Pubkey, state: &Vault) -> Self {
        Self::new(
            Role::Curator,
            Some(*vault),
            state.curator,
            state.pending_curator,
        )
    }

    pub fn fee_admin(vault: &Pubkey, state: &Vault) -> Self {
        Self::new(
            Role::FeeAdmin,
            Some(*vault),
            state.fee_admin,
            state.pending_fee_admin,
        )
    }

    fn new(role: Role, vault: Option<Pubkey>, holder: Pubkey, pending: Option<Pubkey>) -> Self {
        Self {
            role,
            vault: vault.map(|v| v.to_string()),
            holder: holder.to_string(),
            pending: pending.map(|p| p.to_string()),
            vault_key: vault,
        }
    }
}

impl fmt::Display for RoleView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.vault {
            Some(vault) => write!(f, "{} of vault {vault}: {}", self.role.name(), self.holder)?,
            None => write!(f, "{}: {}", self.role.name(), self.holder)?,
        }
        if let Some(pending) = &self.pending {
            write!(
                f,
                "; proposed: {pending}, who takes the role by signing `{}`",
                self.role.accept_command(self.vault_key.as_ref())
            )?;
        }
        Ok(())
    }
}
