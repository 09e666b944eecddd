//! A registered AVS (`Avs`): who may request slashes, how much one request may take and
//! where slashed tokens go, in force now (`Avs::kind_at`, `max_slash_wad_at`,
//! `destination_at`) and as announced (all three change together, after a full epoch of
//! notice; a request keeps the maximum and destination in force when it was made).
use std::fmt;

use anchor_lang::prelude::Pubkey;
use lrt_client::state::SlashDestination;
use serde::Serialize;
use slasher_registry::state::{Avs, AvsKind};

use crate::{
    amount::percent,
    output::{hex, yes_no},
    views::announced,
};

/// "burn" or "recipient:<OWNER>" (what `--destination` takes).
pub fn destination_text(destination: &SlashDestination) -> String {
    match destination {
        SlashDestination::Burn => "burn".into(),
        SlashDestination::Recipient { owner } => format!("recipient:{owner}"),
    }
}

/// The settings of an AVS that change only with notice.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct AvsSettingsView {
    /// "local" or "remote".
    pub kind: String,
    /// Local AVSs: the key that signs requests.
    pub slash_authority: Option<String>,
    /// Remote AVSs: Wormhole chain id and emitter (hex).
    pub remote_chain: Option<u16>,
    pub remote_emitter: Option<String>,
    /// Largest fraction one request takes, e.g. "50%".
    pub max_slash: String,
    /// The same as a WAD integer (1e18 = 100%).
    pub max_slash_wad: String,
    /// "burn" or "recipient:<OWNER>".
    pub destination: String,
}

impl AvsSettingsView {
    pub fn new(kind: &AvsKind, max_slash_wad: u128, destination: &SlashDestination) -> Self {
        let (name, slash_authority, remote_chain, remote_emitter) = match kind {
            AvsKind::Local { slash_authority } => {
                ("local", Some(slash_authority.to_string()), None, None)
            }
            AvsKind::Remote { chain, emitter } => {
                ("remote", None, Some(*chain), Some(hex(emitter)))
            }
        };
        Self {
            kind: name.into(),
            slash_authority,
            remote_chain,
            remote_emitter,
            max_slash: percent(max_slash_wad),
            max_slash_wad: max_slash_wad.to_string(),
            destination: destination_text(destination),
        }
    }

    /// "local, slash authority X" or "remote, chain C, emitter E".
    pub fn kind_text(&self) -> String {
        match (
            &self.slash_authority,
            self.remote_chain,
            &self.remote_emitter,
        ) {
            (Some(authority), _, _) => format!("local, slash authority {authority}"),
            (None, Some(chain), Some(emitter)) => {
                format!("remote, chain {chain}, emitter {emitter}")
            }
            _ => self.kind.clone(),
        }
    }
}

impl fmt::Display for AvsSettingsView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; at most {} per request; slashed tokens: {}",
            self.kind_text(),
            self.max_slash,
            self.destination
        )
    }
}

/// An AVS at the current epoch (`avs list`, `avs show`, `avs register`, `avs announce`).
#[derive(Serialize, Debug, Clone)]
pub struct AvsView {
    pub address: String,
    pub id: String,
    pub admin: String,
    /// In force now: what a request made now may do.
    #[serde(flatten)]
    pub settings: AvsSettingsView,
    /// Announced, null when no change is pending.
    pub next: Option<AvsSettingsView>,
    /// First epoch of `next` (requests made from then on use it).
    pub next_from_epoch: Option<u64>,
    pub active: bool,
    pub request_count: u64,
    pub metadata_uri: String,
}

impl AvsView {
    pub fn new(key: &Pubkey, avs: &Avs, cur: u64) -> Self {
        let settings = announced(
            |e| {
                (
                    avs.kind_at(e),
                    avs.max_slash_wad_at(e),
                    avs.destination_at(e),
                )
            },
            avs.changes_effective_epoch,
            cur,
        )
        .map(|(kind, max, destination)| AvsSettingsView::new(&kind, max, &destination));
        Self {
            address: key.to_string(),
            id: avs.id.to_string(),
            admin: avs.admin.to_string(),
            next_from_epoch: settings.next_from_epoch(),
            settings: settings.in_force,
            next: settings.next.map(|(next, _)| next),
            active: avs.active,
            request_count: avs.request_count,
            metadata_uri: avs.metadata_uri.clone(),
        }
    }
}

impl fmt::Display for AvsView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "AVS {}", self.address)?;
        writeln!(f, "  id              {}", self.id)?;
        writeln!(f, "  admin           {}", self.admin)?;
        writeln!(f, "  kind            {}", self.settings.kind_text())?;
        writeln!(
            f,
            "  max slash       {} per request",
            self.settings.max_slash
        )?;
        writeln!(f, "  destination     {}", self.settings.destination)?;
        if let (Some(next), Some(from)) = (&self.next, self.next_from_epoch) {
            writeln!(
                f,
                "  announced       from epoch {from} (requests made from then on): {next}"
            )?;
        }
        writeln!(f, "  active          {}", yes_no(self.active))?;
        writeln!(f, "  requests        {}", self.request_count)?;
        writeln!(
            f,
            "  metadata        {}",
            if self.metadata_uri.is_empty() {
                "-"
            } else {
                &self.metadata_uri
            }
        )
    }
}
