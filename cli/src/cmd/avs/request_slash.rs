//! `lrt avs request-slash AVS OPERATOR FRACTION [--evidence TEXT]`: the AVS's slash
//! authority in force asks the registry to slash an operator's stake at the current (capture)
//! epoch. Checked first: the signer, the AVS active, the operator's opt-in counting now.
use anyhow::{bail, Result};
use lrt_client::{
    listing,
    registry::{self, pda as reg_pda},
};
use serde::Serialize;
use slasher_registry::{
    instructions::RequestSlashArgs,
    state::{AvsKind, OperatorAvs, SlashRequest},
};
use solana_signer::Signer;

use super::{evidence_hash, parse_slash_fraction};
use crate::{
    amount::percent,
    chain,
    context::Ctx,
    errors::would_refuse,
    opt_in::window_text,
    registry_accounts::{registry_config, resolve_avs, resolve_operator},
    tx::{self, Sent},
    views::request::{request_view, RequestView},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// AVS account address or AVS id
    pub avs: String,
    /// Operator account address or the operator's authority
    pub operator: String,
    /// Fraction of the operator's stake at the capture epoch: 5%, 500bps or 0.05
    pub fraction: String,
    /// Evidence for the veto authority to review (a URL, a signature, a report); its
    /// sha256 is recorded as the request's evidence hash [default: no evidence, all zeros]
    #[arg(long)]
    pub evidence: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let wad = parse_slash_fraction(&args.fraction)?;
    let (avs_key, avs) = resolve_avs(ctx, &args.avs)?;
    let (cur, config) = chain::epoch(ctx)?;
    // The kind and maximum in force now: the request records them (`Avs::kind_at`).
    let max_slash_wad = avs.max_slash_wad_at(cur);
    let slash_authority = match avs.kind_at(cur) {
        AvsKind::Local { slash_authority } => slash_authority,
        AvsKind::Remote { chain, .. } => bail!(
            "AVS {avs_key} is remote (chain {chain}): its slash requests arrive as \
             guardian-signed messages, which this command does not send"
        ),
    };
    let signer = ctx.signer()?;
    if signer.pubkey() != slash_authority {
        let program_hint = if slash_authority == lrt_client::avs::pda::slash_authority() {
            " It is the example AVS program's PDA: that program requests slashes itself when \
             an equivocation is reported to it."
        } else {
            " If it is a PDA of the AVS's program, the request must come from that program."
        };
        bail!(
            "the signer {} is not the AVS's slash authority ({slash_authority}); pass its \
             keypair with -k/--keypair.{program_hint}",
            signer.pubkey()
        );
    }
    if !avs.active {
        bail!("AVS {avs_key} is inactive: it cannot request slashes until the registry admin reactivates it");
    }
    let (operator_key, _) = resolve_operator(ctx, &args.operator)?;
    let registry_config = registry_config(ctx)?;
    // The request captures the current epoch; the operator's opt-in must be active at it,
    // or no vault could ever execute it.
    let opt_in = chain::fetch_opt::<OperatorAvs>(
        ctx,
        &reg_pda::operator_avs(&operator_key, &avs_key),
        &slasher_registry::ID,
        "operator opt-in",
    )?;
    let Some(opt_in) = opt_in else {
        bail!(
            "operator {operator_key} is not opted in to AVS {avs_key}: the registry refuses a \
             request against it (OperatorNotSlashable)"
        );
    };
    if let Err(error) = opt_in.check_slashable_at(cur) {
        bail!(
            "{}\noperator {operator_key}'s opt-in to AVS {avs_key} ({}) does not count in the \
             current epoch {cur}, which the request would capture",
            would_refuse(&slasher_registry::ID, &error),
            window_text(&opt_in.window)
        );
    }
    if wad > max_slash_wad {
        ctx.out.note(format!(
            "note: the AVS takes at most {} per request; the request records {} but executes \
             at {}",
            percent(max_slash_wad),
            percent(wad),
            percent(max_slash_wad)
        ));
    }
    let vaults_in_reach = chain::list_anchor(
        ctx,
        &slasher_registry::ID,
        vec![listing::vault_avs_of_avs(&avs_key)],
    )?
    .iter()
    .filter(|(_, v)| v.window.is_active_at(cur))
    .count();
    if vaults_in_reach == 0 {
        ctx.out.note(format!(
            "note: no vault's opt-in to this AVS is active at epoch {cur}: the request will \
             find no stake to slash"
        ));
    }
    if args.evidence.is_none() {
        ctx.out
            .note("note: no --evidence given: the evidence hash is all zeros");
    }
    let evidence_hash = evidence_hash(args.evidence.as_deref());
    let index = avs.request_count;
    let ix = registry::request_slash(
        signer.pubkey(),
        signer.pubkey(),
        avs_key,
        index,
        operator_key,
        RequestSlashArgs { wad, evidence_hash },
    );
    let sent = tx::send(ctx, "slash request", &[ix], &signer, &[])?;
    let request_key = reg_pda::slash_request(&avs_key, index);
    let request: SlashRequest =
        chain::fetch_anchor(ctx, &request_key, &slasher_registry::ID, "slash request")?;
    let slot = chain::slot(ctx)?;
    #[derive(Serialize)]
    struct Requested {
        #[serde(flatten)]
        sent: Sent,
        #[serde(flatten)]
        request: RequestView,
        evidence: Option<String>,
        veto_authority: String,
    }
    let result = Requested {
        sent,
        request: request_view(
            &request_key,
            &request,
            slot,
            config.epoch_at(slot),
            config.epoch_length,
        ),
        evidence: args.evidence,
        veto_authority: registry_config.veto_authority.to_string(),
    };
    ctx.out.print(&result, |r| {
        format!(
            "{}\n  veto authority  {}\nexecute it then with: lrt avs execute {}",
            r.request, r.veto_authority, r.request.address
        )
    });
    Ok(())
}
