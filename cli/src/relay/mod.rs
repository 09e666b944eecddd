//! Relaying a guardian-signed message from a remote AVS (`lrt xchain submit`): which AVS
//! it speaks for, what consuming it takes ([`actions`]), and the transactions that post,
//! verify and submit it ([`plan`]). Every check is the program's own code run early, so a
//! message the registry would refuse costs nothing.
pub mod actions;
pub mod plan;

use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use lrt_client::{registry::RemoteMessage, Instruction};
use slasher_registry::state::{Avs, AvsKind};
use xchain::VaaId;

use crate::{chain, context::Ctx, output::hex};

/// Who relays which message from which buffer, at which epoch.
pub struct Relay {
    pub payer: Pubkey,
    pub nonce: u32,
    pub avs: Pubkey,
    pub cur: u64,
    pub message: RemoteMessage,
}

/// What consuming the message takes: its instructions, the accounts they create (address,
/// space: the payer pays their rent), and what the outcome names.
pub struct Action {
    pub what: &'static str,
    pub ixs: Vec<Instruction>,
    pub new_accounts: Vec<(Pubkey, usize)>,
    pub target_vault: Option<Pubkey>,
    pub operator_token_account: Option<Pubkey>,
}

/// The remote AVS whose kind in force at epoch `cur` is the message's emitter.
pub fn remote_avs(ctx: &Ctx, id: &VaaId, cur: u64, chosen: Option<&str>) -> Result<(Pubkey, Avs)> {
    let emitter = AvsKind::Remote {
        chain: id.emitter_chain,
        emitter: id.emitter_address,
    };
    let mut matching: Vec<(Pubkey, Avs)> = chain::list_all::<Avs>(ctx, &slasher_registry::ID)?
        .into_iter()
        .filter(|(_, avs)| avs.kind_at(cur) == emitter)
        .collect();
    if let Some(text) = chosen {
        let (key, avs) = crate::registry_accounts::resolve_avs(ctx, text)?;
        if avs.kind_at(cur) != emitter {
            bail!(
                "AVS {key} is not the remote AVS of emitter {} on chain {} in epoch {cur}",
                hex(&id.emitter_address),
                id.emitter_chain
            );
        }
        return Ok((key, avs));
    }
    match matching.len() {
        0 => bail!(
            "no AVS on {} is the remote AVS of emitter {} on chain {} (in epoch {cur}): the \
             registry admin registers it with that kind first",
            ctx.url,
            hex(&id.emitter_address),
            id.emitter_chain
        ),
        1 => Ok(matching.remove(0)),
        _ => {
            let keys: Vec<String> = matching.iter().map(|(k, _)| k.to_string()).collect();
            bail!(
                "{} AVSs have emitter {} on chain {}: choose one with --avs ({})",
                keys.len(),
                hex(&id.emitter_address),
                id.emitter_chain,
                keys.join(", ")
            )
        }
    }
}

/// `chain 2 emitter 00…ab sequence 7`.
pub fn id_text(id: &VaaId) -> String {
    format!(
        "chain {} emitter {} sequence {}",
        id.emitter_chain,
        hex(&id.emitter_address),
        id.sequence
    )
}

/// The buffer nonce of a message: the first four bytes of its digest, so every run for
/// the same message finds the same buffer.
pub fn nonce_of(digest: &[u8; 32]) -> u32 {
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}
