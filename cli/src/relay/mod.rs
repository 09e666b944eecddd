//! Relaying a guardian-signed message from a remote AVS (`lrt xchain submit`): which AVS
//! it speaks for, what consuming it takes ([`actions`]), and the transactions that post,
//! verify and submit it ([`plan`]). Every check is the program's own code run early, so a
//! message the registry would refuse costs nothing.
pub mod actions;
pub mod plan;

use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use lrt_client::{
    registry::{pda as reg_pda, RemoteMessage},
    Instruction,
};
use slasher_registry::state::{Avs, RemoteEmitter};
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

/// The AVS a message's emitter speaks for: the one its `RemoteEmitter` claim names (an
/// emitter speaks for one AVS, ever), with the claim; `chosen` (`--avs`) must be that one.
pub fn remote_avs(
    ctx: &Ctx,
    id: &VaaId,
    chosen: Option<&str>,
) -> Result<(Pubkey, Avs, RemoteEmitter)> {
    let claim_key = reg_pda::remote_emitter(id.emitter_chain, &id.emitter_address);
    let Some(claim) =
        chain::fetch_opt::<RemoteEmitter>(ctx, &claim_key, &slasher_registry::ID, "emitter claim")?
    else {
        bail!(
            "no AVS on {} speaks for emitter {} on chain {}: the registry admin registers a \
             remote AVS with that emitter first",
            ctx.url,
            hex(&id.emitter_address),
            id.emitter_chain
        );
    };
    let (key, avs) = crate::registry_accounts::resolve_avs(ctx, &claim.avs.to_string())?;
    if let Some(text) = chosen {
        let (chosen_key, _) = crate::registry_accounts::resolve_avs(ctx, text)?;
        if chosen_key != key {
            bail!(
                "AVS {chosen_key} is not the one emitter {} on chain {} speaks for: that is \
                 {key}",
                hex(&id.emitter_address),
                id.emitter_chain
            );
        }
    }
    Ok((key, avs, claim))
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
