//! Which events to show: by category (the default selection and `--all`), by name
//! (`--event`) and by vault (`--vault`).
use std::collections::HashSet;

use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use lrt_client::{
    listing,
    program_events::{
        AvsEvent as Ae, Program,
        ProgramEvent::{self, Avs, Registry, Vault},
        RegistryEvent as Re, VaultEvent as Ve,
    },
};
use lrt_vault::state::Delegation;
use slasher_registry::state::VaultAvs;

use crate::{chain, context::Ctx};

/// What an event is about, for the default selection and the JSON `category`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Slashing,
    Rewards,
    Withdrawals,
    Pauses,
    Fees,
    Governance,
    Deposits,
    Delegation,
    Setup,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Slashing => "slashing",
            Category::Rewards => "rewards",
            Category::Withdrawals => "withdrawals",
            Category::Pauses => "pauses",
            Category::Fees => "fees",
            Category::Governance => "governance",
            Category::Deposits => "deposits",
            Category::Delegation => "delegation",
            Category::Setup => "setup",
        }
    }

    /// Shown without `--all`: what changes a restaker's risk or returns.
    pub fn by_default(self) -> bool {
        matches!(
            self,
            Category::Slashing
                | Category::Rewards
                | Category::Withdrawals
                | Category::Pauses
                | Category::Fees
                | Category::Governance
        )
    }
}

pub fn category(event: &ProgramEvent) -> Category {
    use Category::*;
    match event {
        Vault(event) => match event {
            Ve::SlashApplied(_) | Ve::EscrowSwept(_) | Ve::SlashCancelled(_) => Slashing,
            Ve::RewardsDistributed(_) | Ve::RewardsVested(_) => Rewards,
            Ve::WithdrawalRequested(_) | Ve::WithdrawalClaimed(_) => Withdrawals,
            Ve::ProtocolPauseSet(_) | Ve::VaultPauseSet(_) => Pauses,
            Ve::FeesSet(_) | Ve::TreasuryFeesClaimed(_) => Fees,
            Ve::RoleProposed(_)
            | Ve::RoleAccepted(_)
            | Ve::AdminTransferStarted(_)
            | Ve::AdminTransferred(_)
            | Ve::PauserSet(_) => Governance,
            Ve::Deposited(_) => Deposits,
            Ve::OperatorWhitelisted(_)
            | Ve::DelegationChanged(_)
            | Ve::ConcentrationLimitSet(_)
            | Ve::BondChanged(_)
            | Ve::InsuranceFunded(_) => Delegation,
            Ve::ConfigInitialized(_)
            | Ve::VaultCreated(_)
            | Ve::AssetAdded(_)
            | Ve::PricesRefreshed(_)
            | Ve::CapsSet(_) => Setup,
        },
        Registry(event) => match event {
            Re::SlashRequested(_)
            | Re::SlashVetoed(_)
            | Re::SlashExecuted(_)
            | Re::SlashCancelled(_)
            | Re::RemoteSlashReceived(_) => Slashing,
            Re::GuardianSetInstalled(_) => Governance,
            Re::VaaVerified(_) | Re::ReplayRecordClosed(_) => Setup,
            Re::StakeAttested(_) => Delegation,
            Re::RemoteRewardReceived(_) => Rewards,
            Re::AvsActiveSet(_) => Pauses,
            Re::AdminTransferStarted(_)
            | Re::AdminTransferred(_)
            | Re::VetoAuthoritySet(_)
            | Re::RegistryParamsAnnounced(_)
            | Re::AvsChangesAnnounced(_)
            | Re::OperatorUpdated(_) => Governance,
            Re::VaultOptedIn(_)
            | Re::VaultOptedOut(_)
            | Re::OperatorOptedIn(_)
            | Re::OperatorOptedOut(_) => Delegation,
            Re::RegistryInitialized(_) | Re::OperatorRegistered(_) | Re::AvsRegistered(_) => Setup,
        },
        Avs(event) => match event {
            Ae::EquivocationReported(_) | Ae::SlashWadSet(_) => Slashing,
            Ae::RewardPaid(_) => Rewards,
            Ae::AvsInitialized(_) => Setup,
        },
    }
}

/// The selection of `--all`, `--event` and `--vault`.
#[derive(Debug, Default)]
pub struct Filter {
    pub all: bool,
    /// Only these names (empty: by category).
    pub names: HashSet<String>,
    pub scope: Option<VaultScope>,
}

/// A vault and what can reach it: the operators it delegates to and the AVSs it opted in
/// to, kept up to date from the events themselves.
#[derive(Debug, Default)]
pub struct VaultScope {
    pub vault: Pubkey,
    pub operators: HashSet<Pubkey>,
    pub avss: HashSet<Pubkey>,
}

impl Filter {
    pub fn new(all: bool, names: &[String]) -> Result<Self> {
        let known: Vec<&str> = Program::ALL
            .iter()
            .flat_map(|p| p.event_names().iter().copied())
            .collect();
        let mut wanted = HashSet::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            match known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
                Some(k) => wanted.insert(k.to_string()),
                None => {
                    let mut list = known.clone();
                    list.sort_unstable();
                    list.dedup();
                    bail!("unknown event {name:?}; events are: {}", list.join(", "))
                }
            };
        }
        Ok(Self {
            all,
            names: wanted,
            scope: None,
        })
    }

    /// Whether to print `event`. Also learns, from every event (shown or not), new
    /// operators and AVSs of the scoped vault.
    pub fn shown(&mut self, event: &ProgramEvent) -> bool {
        if let Some(scope) = &mut self.scope {
            let about = about(event);
            scope.learn(event, &about);
            if !scope.concerns(&about) {
                return false;
            }
        }
        if !self.names.is_empty() {
            return self.names.contains(event.name());
        }
        self.all || category(event).by_default()
    }

    pub fn describe(&self) -> String {
        let what = if !self.names.is_empty() {
            let mut names: Vec<&str> = self.names.iter().map(String::as_str).collect();
            names.sort_unstable();
            names.join(", ")
        } else if self.all {
            "every event".into()
        } else {
            "slashing, rewards, withdrawals, pauses, fees and governance (--all for every event)"
                .into()
        };
        match &self.scope {
            Some(scope) => format!(
                "{what} of vault {} ({} operators, {} AVSs)",
                scope.vault,
                scope.operators.len(),
                scope.avss.len()
            ),
            None => what,
        }
    }
}

impl VaultScope {
    /// The vault's delegations and AVS opt-ins, read from the chain.
    pub fn load(ctx: &Ctx, text: &str) -> Result<Self> {
        let (vault, _) = chain::vault(ctx, text)?;
        let operators = chain::list_anchor::<Delegation>(
            ctx,
            &lrt_vault::ID,
            vec![listing::delegations_of_vault(&vault)],
        )?
        .into_iter()
        .map(|(_, d)| d.operator)
        .collect();
        let avss = chain::list_anchor::<VaultAvs>(
            ctx,
            &slasher_registry::ID,
            vec![listing::vault_avs_of_vault(&vault)],
        )?
        .into_iter()
        .map(|(_, v)| v.avs)
        .collect();
        Ok(Self {
            vault,
            operators,
            avss,
        })
    }

    /// New operators (whitelisted, allocated) and AVSs (opted in to) of the vault.
    fn learn(&mut self, event: &ProgramEvent, about: &About) {
        if *about != About::Vault(self.vault) {
            return;
        }
        match event {
            Vault(Ve::OperatorWhitelisted(e)) => self.operators.insert(e.operator),
            Vault(Ve::DelegationChanged(e)) => self.operators.insert(e.operator),
            Registry(Re::VaultOptedIn(e)) => self.avss.insert(e.avs),
            _ => false,
        };
    }

    fn concerns(&self, about: &About) -> bool {
        match about {
            About::Vault(vault) => *vault == self.vault,
            About::Reach { operator, avs } => {
                operator.is_none_or(|o| self.operators.contains(&o))
                    && avs.is_none_or(|a| self.avss.contains(&a))
            }
        }
    }
}

/// Whom an event is about, for `--vault`: a vault, or (events without one) the operator
/// and AVS through which a slash could reach a vault; neither for protocol-wide events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Vault(Pubkey),
    Reach {
        operator: Option<Pubkey>,
        avs: Option<Pubkey>,
    },
}

const PROTOCOL: About = About::Reach {
    operator: None,
    avs: None,
};

fn reach(operator: Option<Pubkey>, avs: Option<Pubkey>) -> About {
    About::Reach { operator, avs }
}

pub fn about(event: &ProgramEvent) -> About {
    use About::Vault as V;
    match event {
        Vault(event) => match event {
            Ve::ConfigInitialized(_)
            | Ve::AdminTransferStarted(_)
            | Ve::AdminTransferred(_)
            | Ve::PauserSet(_)
            | Ve::ProtocolPauseSet(_) => PROTOCOL,
            Ve::RoleProposed(e) => e.vault.map_or(PROTOCOL, V),
            Ve::RoleAccepted(e) => e.vault.map_or(PROTOCOL, V),
            Ve::VaultCreated(e) => V(e.vault),
            Ve::AssetAdded(e) => V(e.vault),
            Ve::PricesRefreshed(e) => V(e.vault),
            Ve::Deposited(e) => V(e.vault),
            Ve::WithdrawalRequested(e) => V(e.vault),
            Ve::WithdrawalClaimed(e) => V(e.vault),
            Ve::FeesSet(e) => V(e.vault),
            Ve::CapsSet(e) => V(e.vault),
            Ve::VaultPauseSet(e) => V(e.vault),
            Ve::OperatorWhitelisted(e) => V(e.vault),
            Ve::DelegationChanged(e) => V(e.vault),
            Ve::ConcentrationLimitSet(e) => V(e.vault),
            Ve::BondChanged(e) => V(e.vault),
            Ve::InsuranceFunded(e) => V(e.vault),
            Ve::SlashApplied(e) => V(e.vault),
            Ve::EscrowSwept(e) => V(e.vault),
            Ve::RewardsVested(e) => V(e.vault),
            Ve::TreasuryFeesClaimed(e) => V(e.vault),
            Ve::RewardsDistributed(e) => V(e.vault),
            Ve::SlashCancelled(e) => V(e.vault),
        },
        Registry(event) => match event {
            Re::RegistryInitialized(_)
            | Re::RegistryParamsAnnounced(_)
            | Re::AdminTransferStarted(_)
            | Re::AdminTransferred(_)
            | Re::VetoAuthoritySet(_) => PROTOCOL,
            Re::OperatorRegistered(e) => reach(Some(e.operator), None),
            Re::OperatorUpdated(e) => reach(Some(e.operator), None),
            Re::AvsRegistered(e) => reach(None, Some(e.avs)),
            Re::AvsChangesAnnounced(e) => reach(None, Some(e.avs)),
            Re::AvsActiveSet(e) => reach(None, Some(e.avs)),
            Re::OperatorOptedIn(e) => reach(Some(e.operator), Some(e.avs)),
            Re::OperatorOptedOut(e) => reach(Some(e.operator), Some(e.avs)),
            Re::SlashRequested(e) => reach(Some(e.operator), Some(e.avs)),
            Re::GuardianSetInstalled(_) | Re::VaaVerified(_) | Re::ReplayRecordClosed(_) => {
                PROTOCOL
            }
            Re::RemoteSlashReceived(e) => reach(None, Some(e.avs)),
            Re::StakeAttested(e) => V(e.vault),
            Re::RemoteRewardReceived(e) => V(e.vault),
            Re::SlashVetoed(e) => reach(Some(e.operator), Some(e.avs)),
            Re::VaultOptedIn(e) => V(e.vault),
            Re::VaultOptedOut(e) => V(e.vault),
            Re::SlashExecuted(e) => V(e.vault),
            Re::SlashCancelled(e) => V(e.vault),
        },
        Avs(event) => match event {
            Ae::SlashWadSet(_) => PROTOCOL,
            Ae::AvsInitialized(e) => reach(None, Some(e.avs)),
            Ae::EquivocationReported(e) => reach(Some(e.operator), Some(e.avs)),
            Ae::RewardPaid(e) => V(e.vault),
        },
    }
}
