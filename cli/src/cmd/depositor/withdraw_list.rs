//! `lrt withdraw list [VAULT] [--owner OWNER]`: the signer's (or the owner's) withdrawal
//! tickets, with what each pays and when.
use anyhow::Result;
use lrt_client::{
    lrt_vault::state::{Vault, WithdrawalBucket},
    pda,
};

use crate::{
    chain::{self, parse_pubkey},
    context::Ctx,
    tickets::{payout_text, ticket_view, tickets_of},
};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this vault
    pub vault: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (vault, owner) = (args.vault.as_deref(), args.owner.as_deref());
    let owner = match owner {
        Some(text) => parse_pubkey(text, "owner")?,
        None => ctx.signer_pubkey()?,
    };
    let vault_filter = match vault {
        Some(text) => Some(chain::vault(ctx, text)?.0),
        None => None,
    };
    let (epoch, _) = chain::epoch(ctx)?;
    let slot = chain::slot(ctx)?;
    let mut views = Vec::new();
    for (key, ticket) in tickets_of(ctx, &owner, vault_filter.as_ref())? {
        let state: Vault = chain::fetch_anchor(ctx, &ticket.vault, &lrt_vault::ID, "vault")?;
        let bucket = chain::fetch_anchor::<WithdrawalBucket>(
            ctx,
            &pda::bucket(&ticket.vault, ticket.bucket_epoch),
            &lrt_vault::ID,
            "withdrawal bucket",
        )
        .ok();
        views.push(ticket_view(
            ctx,
            key,
            &ticket,
            &state,
            bucket.as_ref(),
            epoch,
            slot,
        )?);
    }
    ctx.out.print(&views, |views| {
        if views.is_empty() {
            return format!("no withdrawal tickets for {owner}");
        }
        let mut t = format!("tickets of {owner} (epoch {epoch})\n");
        for v in views {
            let when = match (v.claimable_now, v.claim_waits_until_slot) {
                (true, _) => "claimable now".to_string(),
                (false, Some(from)) => format!(
                    "claimable from slot {from}: a slash of its bucket can still be cancelled"
                ),
                (false, None) => format!("claimable from epoch {}", v.claimable_from_epoch),
            };
            t.push_str(&format!(
                "  id {:<4} vault {}  pays {}  ({when})\n",
                v.id,
                v.vault,
                payout_text(&v.payout)
            ));
        }
        t
    });
    Ok(())
}
