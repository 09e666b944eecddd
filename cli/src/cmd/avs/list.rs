//! `lrt avs list`: every registered AVS (anyone).
use anyhow::Result;
use slasher_registry::state::Avs;

use crate::{chain, context::Ctx, output::yes_no, views::avs::AvsView};

pub fn run(ctx: &Ctx) -> Result<()> {
    let all = chain::list_all::<Avs>(ctx, &slasher_registry::ID)?;
    let (cur, _) = chain::epoch(ctx)?;
    let views: Vec<AvsView> = all
        .iter()
        .map(|(key, avs)| AvsView::new(key, avs, cur))
        .collect();
    ctx.out.print(&views, |views| {
        if views.is_empty() {
            return format!("no AVSs registered on {}", ctx.url);
        }
        let mut t = format!(
            "{:<44}  {:<6}  {:>10}  {:<6}  {:>8}  destination\n",
            "AVS", "kind", "max slash", "active", "requests"
        );
        for v in views {
            t.push_str(&format!(
                "{:<44}  {:<6}  {:>10}  {:<6}  {:>8}  {}{}\n",
                v.address,
                v.settings.kind,
                v.settings.max_slash,
                yes_no(v.active),
                v.request_count,
                v.settings.destination,
                match v.next_from_epoch {
                    Some(from) => format!("  (changes announced from epoch {from})"),
                    None => String::new(),
                }
            ));
        }
        t
    });
    Ok(())
}
