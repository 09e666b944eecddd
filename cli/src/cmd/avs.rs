//! `lrt avs`: register an AVS (registry admin), announce changes of its slash authority,
//! maximum or destination (its admin, `avs/announce.rs`), inspect AVSs (anyone), request a
//! slash (the AVS's slash authority in force), veto it (the registry's veto authority),
//! execute it against vaults and sweep the escrows (anyone), and pay a reward into a vault
//! for an operator.
//!
//! Every rule the programs enforce that can be read from chain is checked here first
//! (signer roles, veto and execution windows, opt-ins at the capture epoch, caps, what was
//! already executed or swept), so a mistake costs no fee and says what to fix. The
//! execution planning (the operator's stake is its allocation at capture times the vault's
//! slashable value now) and the escrow checks live in `crate::slashing`, shared with `lrt
//! crank`, `lrt vault show` and the pending-slash guard of `lrt deposit`. One command per
//! file under `avs/`; this file dispatches and holds the parsing they share.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use lrt_client::{avs::sha256, lrt_vault::state::SlashDestination};

use crate::{amount::parse_fraction, chain::parse_pubkey, context::Ctx};

mod announce;
mod execute;
mod list;
mod register;
mod request_slash;
mod reward;
mod show;
mod sweep;
mod veto;

#[derive(Subcommand, Debug)]
pub enum AvsCmd {
    /// Register an AVS (registry admin): local, with a slash authority, or remote, with a
    /// chain and emitter whose guardian-signed messages `lrt xchain submit` relays
    Register(register::Args),
    /// One AVS: settings, operators and vaults opted in, slash requests and their status
    Show(show::Args),
    /// Every registered AVS
    List,
    /// Announce a new slash authority, destination or maximum slash (the AVS's admin or the
    /// registry admin): they apply from the epoch after next, to requests made from then on
    Announce(announce::Args),
    /// Ask the registry to slash an operator (the AVS's slash authority)
    RequestSlash(request_slash::Args),
    /// Veto a slash request before its veto deadline (the registry's veto authority)
    Veto(veto::Args),
    /// Execute a slash request against vaults, once its veto window is over (anyone)
    Execute(execute::Args),
    /// Settle an executed slash after its resolution delay: burn the escrowed tokens or pay
    /// the AVS's recipient (anyone)
    Sweep(sweep::Args),
    /// Pay a reward into a vault for its stake with an operator, from the signer's tokens
    Reward(reward::Args),
}

pub fn run(ctx: &Ctx, cmd: AvsCmd) -> Result<()> {
    match cmd {
        AvsCmd::Register(args) => register::run(ctx, args),
        AvsCmd::Show(args) => show::run(ctx, args),
        AvsCmd::List => list::run(ctx),
        AvsCmd::Announce(args) => announce::run(ctx, args),
        AvsCmd::RequestSlash(args) => request_slash::run(ctx, args),
        AvsCmd::Veto(args) => veto::run(ctx, args),
        AvsCmd::Execute(args) => execute::run(ctx, args),
        AvsCmd::Sweep(args) => sweep::run(ctx, args),
        AvsCmd::Reward(args) => reward::run(ctx, args),
    }
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// `burn` or `recipient:<OWNER>`.
pub fn parse_destination(text: &str) -> Result<SlashDestination> {
    let bad = || anyhow!("malformed destination {text:?}: use burn or recipient:<OWNER ADDRESS>");
    match text.trim().split_once(':') {
        None if text.trim() == "burn" => Ok(SlashDestination::Burn),
        Some(("recipient", owner)) => {
            let owner = parse_pubkey(owner, "recipient").map_err(|_| bad())?;
            if owner == Pubkey::default() {
                bail!("the recipient must not be the all-zeros address");
            }
            Ok(SlashDestination::Recipient { owner })
        }
        _ => Err(bad()),
    }
}

/// A slash fraction ("5%", "500bps", "0.05"); a bare number above 1 is refused with a hint,
/// since "5" most likely meant 5%.
pub fn parse_slash_fraction(text: &str) -> Result<u128> {
    let trimmed = text.trim();
    if !trimmed.ends_with('%') && !trimmed.ends_with("bps") {
        if let Ok(number) = trimmed.parse::<f64>() {
            if number > 1.0 {
                bail!(
                    "fraction {text:?} would be {}%: write {trimmed}%, {trimmed}00bps, or a \
                     decimal fraction such as 0.05",
                    number * 100.0
                );
            }
        }
    }
    parse_fraction(text)
}

/// The evidence hash recorded for `--evidence` (sha256 of its UTF-8 bytes), or zeros.
pub fn evidence_hash(evidence: Option<&str>) -> [u8; 32] {
    evidence
        .map(|text| sha256::hash(text.as_bytes()).to_bytes())
        .unwrap_or([0; 32])
}

#[cfg(test)]
mod tests {
    use restaking_math::WAD;

    use super::*;
    use crate::output::hex;

    #[test]
    fn destinations_parse_and_print() {
        use crate::views::avs::destination_text;
        assert_eq!(parse_destination("burn").unwrap(), SlashDestination::Burn);
        let owner = Pubkey::new_unique();
        let d = parse_destination(&format!("recipient:{owner}")).unwrap();
        assert_eq!(d, SlashDestination::Recipient { owner });
        assert_eq!(destination_text(&d), format!("recipient:{owner}"));
        for bad in ["", "burnt", "recipient:", "recipient:xyz", "owner:abc"] {
            let err = parse_destination(bad).unwrap_err().to_string();
            assert!(err.contains("malformed destination"), "{bad}: {err}");
        }
        let zero = format!("recipient:{}", Pubkey::default());
        assert!(parse_destination(&zero).is_err());
    }

    #[test]
    fn a_bare_number_above_one_is_not_taken_for_a_fraction() {
        assert_eq!(parse_slash_fraction("5%").unwrap(), WAD / 20);
        assert_eq!(parse_slash_fraction("0.05").unwrap(), WAD / 20);
        assert_eq!(parse_slash_fraction("1").unwrap(), WAD);
        let err = parse_slash_fraction("5").unwrap_err().to_string();
        assert!(err.contains("write 5%, 500bps"), "{err}");
        assert!(parse_slash_fraction("150%").is_err());
    }

    #[test]
    fn evidence_is_its_sha256() {
        assert_eq!(evidence_hash(None), [0; 32]);
        // sha256("abc")
        assert_eq!(
            hex(&evidence_hash(Some("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
