//! What a line says after the event's name: the key fields in human units, by one
//! exhaustive match on the typed events (an event without a description does not
//! compile). Objects other commands show too read through their views (`views`).
use lrt_client::program_events::{
    AvsEvent as Ae,
    ProgramEvent::{self, Avs, Registry, Vault},
    RegistryEvent as Re, VaultEvent as Ve,
};
use lrt_vault::{
    events::{Role, VaultSnapshot},
    state::{SlashDestination, WithdrawalBucket},
};
use slasher_registry::state::{AvsKind, OptInWindow, RegistryParams};

use super::labels::Labels;
use crate::output::utc;
use crate::{
    amount::{bps, format_units, percent, sol, sol_from_wad},
    output::hex,
    views::{fees::FeeRates, registry::RegistryParamsView, roles, vault::pricing_text},
};

/// A line's text after the event name.
pub fn describe(event: &ProgramEvent, labels: &mut Labels) -> String {
    match event {
        Vault(event) => describe_vault(event, labels),
        Registry(event) => describe_registry(event, labels),
        Avs(event) => describe_avs(event, labels),
    }
}

fn describe_vault(event: &Ve, labels: &mut Labels) -> String {
    match event {
        Ve::ConfigInitialized(e) => format!(
            "admin {} pauser {} treasury {} epoch {} slots, fees at most {} deposit / {} \
             withdrawal",
            e.admin,
            e.pauser,
            e.treasury,
            e.epoch_length,
            bps(e.max_deposit_fee_bps),
            bps(e.max_withdrawal_fee_bps)
        ),
        Ve::AdminTransferStarted(e) => {
            format!("admin {} offers the role to {}", e.admin, e.pending_admin)
        }
        Ve::AdminTransferred(e) => format!("admin {} -> {}", e.previous_admin, e.new_admin),
        Ve::PauserSet(e) => format!("pauser {} -> {}", e.previous_pauser, e.new_pauser),
        Ve::ProtocolPauseSet(e) => format!(
            "protocol {} by {}",
            if e.paused { "PAUSED" } else { "unpaused" },
            e.by
        ),
        Ve::VaultCreated(e) => {
            let proposed: String = [
                ("curator", e.pending_curator),
                ("fee admin", e.pending_fee_admin),
            ]
            .iter()
            .filter_map(|(role, key)| Some(format!(", {role} {} proposed", (*key)?)))
            .collect();
            format!(
                "vault {} {} {:?} curator {} seed {}{proposed}",
                e.vault,
                e.symbol,
                e.name,
                e.curator,
                labels.mint_amount(&e.seed_asset_mint, e.seed_amount)
            )
        }
        Ve::AssetAdded(e) => format!(
            "vault {} asset #{} {} ({}) cap {}",
            e.vault,
            e.asset_index,
            e.mint,
            pricing_text(&e.pricing),
            labels.cap(&e.vault, e.asset_index, e.deposit_cap)
        ),
        Ve::PricesRefreshed(e) => format!(
            "vault {} Solana epoch {}: {} per {}",
            e.vault,
            e.solana_epoch,
            share_price(&e.snapshot),
            labels.lrt(&e.vault)
        ),
        Ve::Deposited(e) => format!(
            "vault {} {} deposited {} for {} (fee {}); {} per {}",
            e.vault,
            e.depositor,
            labels.asset(&e.vault, e.asset_index, e.amount),
            labels.shares(&e.vault, e.shares_out),
            labels.shares(&e.vault, e.fee_shares),
            share_price(&e.snapshot),
            labels.lrt(&e.vault)
        ),
        Ve::WithdrawalRequested(e) => format!(
            "vault {} {} ticket #{}: {} (fee {}) for {}, claimable from epoch {}",
            e.vault,
            e.owner,
            e.ticket_id,
            labels.shares(&e.vault, e.shares_in),
            labels.shares(&e.vault, e.fee_shares),
            labels.assets(&e.vault, &e.amounts),
            WithdrawalBucket::claimable_from_epoch(e.bucket_epoch)
        ),
        Ve::WithdrawalClaimed(e) => format!(
            "vault {} {} claimed {} (ticket {}, bucket epoch {}{})",
            e.vault,
            e.owner,
            labels.assets(&e.vault, &e.amounts),
            e.ticket,
            e.bucket_epoch,
            if e.bucket_closed {
                ", bucket closed"
            } else {
                ""
            }
        ),
        Ve::FeesSet(e) => {
            let (now, next) = (FeeRates::from(e.fees), FeeRates::from(e.next));
            let later = if now == next {
                String::new()
            } else {
                format!("; announced from epoch {}: {next}", e.effective_epoch)
            };
            format!(
                "vault {} fees {now} ({} of the reward fee to insurance){later}",
                e.vault,
                bps(e.insurance_cut_bps)
            )
        }
        Ve::RoleProposed(e) => format!(
            "{} {} proposes {} (until it accepts)",
            role_text(e.role, e.vault),
            e.current,
            e.proposed
        ),
        Ve::RoleAccepted(e) => format!(
            "{} {} -> {} (accepted)",
            role_text(e.role, e.vault),
            e.previous,
            e.new
        ),
        Ve::RewardsVested(e) => format!(
            "vault {} {} vested into the pool; {} per {}",
            e.vault,
            labels.assets(&e.vault, &e.vested),
            share_price(&e.snapshot),
            labels.lrt(&e.vault)
        ),
        Ve::TreasuryFeesClaimed(e) => format!(
            "vault {} treasury {} claimed {} into {}",
            e.vault,
            e.treasury,
            labels.shares(&e.vault, e.shares),
            e.destination
        ),
        Ve::CapsSet(e) => format!(
            "vault {} asset #{} cap {}",
            e.vault,
            e.asset_index,
            labels.cap(&e.vault, e.asset_index, e.deposit_cap)
        ),
        Ve::VaultPauseSet(e) => {
            let state = |paused: bool| if paused { "PAUSED" } else { "open" };
            format!(
                "vault {} deposits {}, withdrawals {} (by {})",
                e.vault,
                state(e.deposits_paused),
                state(e.withdrawals_paused),
                e.by
            )
        }
        Ve::OperatorWhitelisted(e) => format!(
            "vault {} operator {} whitelisted, at most {} of the vault",
            e.vault,
            e.operator,
            bps(e.max_bps)
        ),
        Ve::DelegationChanged(e) => {
            let sign = if e.delta_wad < 0 { "-" } else { "+" };
            let (allocation, vault_sums) = (&e.allocation, &e.vault_allocations);
            format!(
                "vault {} operator {} allocation {sign}{} during epoch {}: {} now, {} next \
                 epoch, {} after; vault allocated {} next epoch, {} after",
                e.vault,
                e.operator,
                percent(e.delta_wad.unsigned_abs()),
                e.epoch,
                percent(allocation.current.into()),
                percent(allocation.next.into()),
                percent(allocation.later.into()),
                percent(vault_sums.next.into()),
                percent(vault_sums.later.into())
            )
        }
        Ve::ConcentrationLimitSet(e) => format!(
            "vault {} operator {} concentration limit {} -> {}",
            e.vault,
            e.operator,
            bps(e.previous_max_bps),
            bps(e.max_bps)
        ),
        Ve::BondChanged(e) => format!(
            "vault {} operator {} bond {} ({} unbonding)",
            e.vault,
            e.operator,
            labels.shares(&e.vault, e.shares),
            labels.shares(&e.vault, e.unbonding_shares)
        ),
        Ve::InsuranceFunded(e) => format!(
            "vault {} {} added {} to insurance, fund now {}",
            e.vault,
            e.funder,
            labels.shares(&e.vault, e.shares),
            labels.shares(&e.vault, e.insurance_shares)
        ),
        Ve::SlashApplied(e) => {
            let window = match e.window_until_slot {
                0 => String::new(),
                until => {
                    format!("; deposits and the touched buckets' claims wait until slot {until}")
                }
            };
            format!(
                "vault {} operator {} lost {} (request {}, capture epoch {}, allocation {} \
                 of {} SOL slashable): bond -{}, insurance -{}, depositors -{}; escrowed {}{window}",
                e.vault,
                e.operator,
                sol_text(e.loss_lamports),
                e.request,
                e.capture_epoch,
                percent(e.allocation_wad.into()),
                sol_from_wad(e.slashable_value_wad),
                labels.shares(&e.vault, e.bond_shares_burnt),
                labels.shares(&e.vault, e.insurance_shares_burnt),
                percent(e.fraction_wad),
                labels.assets(&e.vault, &e.escrow)
            )
        }
        Ve::EscrowSwept(e) => {
            let to = match (e.burnt, e.recipient_token_account) {
                (true, _) => "burnt".to_string(),
                (false, None) => "sent on".to_string(),
                (false, Some(account)) => format!("to {account}"),
            };
            format!(
                "vault {} request {} swept {} {to}",
                e.vault,
                e.request,
                labels.mint_amount(&e.mint, e.amount)
            )
        }
        Ve::RewardsDistributed(e) => {
            let (vault, asset) = (&e.vault, e.asset_index);
            format!(
                "vault {vault} operator {} reward {}: commission {} ({}), vault fee {}, {} \
                 vesting to depositors over epoch {}",
                e.operator,
                labels.asset(vault, asset, e.amount),
                labels.asset(vault, asset, e.operator_commission),
                bps(e.commission_bps),
                labels.asset(vault, asset, e.vault_fee),
                labels.asset(vault, asset, e.to_pool),
                e.vesting_epoch
            )
        }
        Ve::SlashCancelled(e) => {
            let buckets: String = e
                .bucket_epochs
                .iter()
                .zip(&e.to_buckets)
                .filter(|(epoch, _)| **epoch > 0)
                .map(|(epoch, amounts)| {
                    format!("bucket {epoch} +{}, ", labels.assets(&e.vault, amounts))
                })
                .collect();
            format!(
                "vault {} request {} cancelled: bond +{} (+{} unbonding), insurance +{}, \
                 {buckets}pool +{}",
                e.vault,
                e.request,
                labels.shares(&e.vault, e.bond_shares_restored),
                labels.shares(&e.vault, e.bond_unbonding_shares_restored),
                labels.shares(&e.vault, e.insurance_shares_restored),
                labels.assets(&e.vault, &e.to_pool)
            )
        }
    }
}

fn describe_registry(event: &Re, labels: &mut Labels) -> String {
    match event {
        Re::RegistryInitialized(e) => {
            let params = RegistryParamsView::from(RegistryParams {
                veto_window_slots: e.veto_window_slots,
                resolution_delay_slots: e.resolution_delay_slots,
                max_vault_slash_bps_per_epoch: e.max_vault_slash_bps_per_epoch,
                max_commission_bps: e.max_commission_bps,
            });
            format!(
                "admin {} veto authority {} {params}",
                e.admin, e.veto_authority
            )
        }
        Re::RegistryParamsAnnounced(e) => format!(
            "admin {} announced during epoch {}: from epoch {} {} (until then {})",
            e.admin,
            e.epoch,
            e.effective_epoch,
            RegistryParamsView::from(e.next_params),
            RegistryParamsView::from(e.params)
        ),
        Re::AdminTransferStarted(e) => {
            format!("admin {} offers the role to {}", e.admin, e.pending_admin)
        }
        Re::AdminTransferred(e) => format!("admin {} -> {}", e.previous_admin, e.new_admin),
        Re::VetoAuthoritySet(e) => format!(
            "veto authority {} -> {}",
            e.previous_veto_authority, e.new_veto_authority
        ),
        Re::OperatorRegistered(e) => format!(
            "operator {} authority {} commission {}",
            e.operator,
            e.authority,
            bps(e.commission_bps)
        ),
        Re::OperatorUpdated(e) => {
            let now = bps(e.commission_bps);
            let next = bps(e.next_commission_bps);
            let commission = if e.commission_announced || now != next {
                format!(
                    "commission {now}, {next} from epoch {}",
                    e.commission_effective_epoch
                )
            } else {
                format!("commission {now}")
            };
            let rotated = if e.previous_signing_key != e.signing_key {
                format!(", signing key rotated in epoch {}", e.key_rotated_epoch)
            } else {
                String::new()
            };
            format!("operator {} {commission}{rotated}", e.operator)
        }
        Re::AvsRegistered(e) => format!(
            "avs {} admin {} {}, at most {} per request, slashed tokens {}",
            e.avs,
            e.admin,
            avs_kind_text(&e.kind),
            percent(e.max_slash_wad),
            destination_text(&e.destination)
        ),
        Re::AvsChangesAnnounced(e) => format!(
            "avs {} announced during epoch {} (by {}): from epoch {} {}, at most {} per \
             request, slashed tokens {} (until then {}, {}, {})",
            e.avs,
            e.epoch,
            e.by,
            e.effective_epoch,
            avs_kind_text(&e.next_kind),
            percent(e.next_max_slash_wad),
            destination_text(&e.next_destination),
            avs_kind_text(&e.kind),
            percent(e.max_slash_wad),
            destination_text(&e.destination)
        ),
        Re::AvsActiveSet(e) => format!(
            "avs {} {} by {}",
            e.avs,
            if e.active { "activated" } else { "DEACTIVATED" },
            e.by
        ),
        Re::OperatorOptedIn(e) => format!(
            "operator {} opted in to avs {} in epoch {} (slashable from epoch {})",
            e.operator,
            e.avs,
            e.activation_epoch,
            OptInWindow::counts_from(e.activation_epoch)
        ),
        Re::OperatorOptedOut(e) => format!(
            "operator {} opted out of avs {} in epoch {} (slashable through epoch {})",
            e.operator,
            e.avs,
            e.deactivation_epoch,
            OptInWindow::slashable_through(e.deactivation_epoch)
        ),
        Re::VaultOptedIn(e) => format!(
            "vault {} opted in to avs {} in epoch {}, cap {} per operator and epoch",
            e.vault,
            e.avs,
            e.activation_epoch,
            bps(e.cap_bps)
        ),
        Re::VaultOptedOut(e) => format!(
            "vault {} opted out of avs {} in epoch {}",
            e.vault, e.avs, e.deactivation_epoch
        ),
        Re::SlashRequested(e) => {
            let capped = if e.max_slash_wad < e.wad {
                format!(" (the AVS's maximum: {})", percent(e.max_slash_wad))
            } else {
                String::new()
            };
            format!(
                "avs {} operator {} {}{capped} capture epoch {} veto until slot {}, slashed \
                 tokens {} (request {})",
                e.avs,
                e.operator,
                percent(e.wad),
                e.capture_epoch,
                e.veto_deadline_slot,
                destination_text(&e.destination),
                e.request
            )
        }
        Re::SlashVetoed(e) => format!(
            "request {} avs {} operator {} vetoed by {}",
            e.request, e.avs, e.operator, e.veto_authority
        ),
        Re::SlashExecuted(e) => format!(
            "request {} vault {} operator {} loss {} of stake {} ({} requested, {} before \
             caps), slashed tokens {} after slot {}",
            e.request,
            e.vault,
            e.operator,
            sol_text(e.loss_lamports),
            sol_text(e.stake_lamports),
            percent(e.effective_wad),
            sol_text(e.requested_loss_lamports),
            destination_text(&e.destination),
            e.resolve_after_slot
        ),
        Re::SlashCancelled(e) => format!(
            "request {} vault {} cancelled, {} returned",
            e.request,
            e.vault,
            sol_text(e.loss_lamports)
        ),
        Re::GuardianSetInstalled(e) => {
            let replaced = match e.previous {
                Some(previous) => format!(
                    ", replacing set {previous} (it verifies until {})",
                    utc(i64::from(e.previous_expiration_time))
                ),
                None => " (the first)".into(),
            };
            format!(
                "guardian set {} of {} guardians (quorum {}) installed{replaced}",
                e.index,
                e.keys.len(),
                xchain::quorum(e.keys.len())
            )
        }
        Re::VaaVerified(e) => format!(
            "buffer {} verified: {} signatures of guardian set {}, digest {}",
            e.buffer,
            e.signatures,
            e.guardian_set_index,
            hex(&e.digest)
        ),
        Re::StakeAttested(e) => format!(
            "attestation #{} vault {} operator {} stake {} in epoch {} (slot {}), for relayers \
             ({})",
            e.sequence,
            e.vault,
            e.operator,
            sol_text(e.stake_lamports),
            e.epoch,
            e.slot,
            e.attestation
        ),
        Re::RemoteRewardReceived(e) => format!(
            "avs {} message chain {} emitter {} sequence {} paid {} to vault {} for operator \
             {} from inbox {} (transfer chain {} sequence {})",
            e.avs,
            e.emitter_chain,
            hex(&e.emitter),
            e.sequence,
            labels.mint_amount(&e.mint, e.amount),
            e.vault,
            e.operator,
            e.inbox,
            e.transfer_chain,
            e.transfer_sequence
        ),
        Re::ReplayRecordClosed(e) => format!(
            "replay record {} closed (message of {}, stale for good): {} back to {}",
            e.replay_record,
            utc(i64::from(e.timestamp)),
            sol_text(e.lamports),
            e.payer
        ),
        Re::RemoteSlashReceived(e) => format!(
            "avs {} message chain {} emitter {} sequence {} became request {}",
            e.avs,
            e.emitter_chain,
            hex(&e.emitter),
            e.sequence,
            e.request
        ),
    }
}

fn describe_avs(event: &Ae, labels: &mut Labels) -> String {
    match event {
        Ae::AvsInitialized(e) => format!(
            "avs {} admin {} slash {} per equivocation",
            e.avs,
            e.admin,
            percent(e.slash_wad)
        ),
        Ae::SlashWadSet(e) => format!(
            "slash per equivocation {} -> {} (admin {})",
            percent(e.previous_slash_wad),
            percent(e.slash_wad),
            e.admin
        ),
        Ae::EquivocationReported(e) => format!(
            "operator {} signed two values in round {} (a slot); reporter {}; slash request {} \
             ({})",
            e.operator,
            e.round,
            e.reporter,
            e.slash_request,
            percent(e.wad)
        ),
        Ae::RewardPaid(e) => format!(
            "vault {} operator {} paid {}; treasury left {}",
            e.vault,
            e.operator,
            labels.mint_amount(&e.asset_mint, e.amount),
            labels.mint_amount(&e.asset_mint, e.treasury_balance)
        ),
    }
}

/// "1.5 SOL".
fn sol_text(lamports: u64) -> String {
    format!("{} SOL", sol(lamports))
}

/// SOL per LRT from a snapshot: value (WAD-lamports) / shares (9 decimals).
fn share_price(snapshot: &VaultSnapshot) -> String {
    match snapshot.active_value_wad {
        Some(value) if snapshot.share_supply > 0 => {
            let units = value / u128::from(snapshot.share_supply) / 1_000_000_000;
            format!("{} SOL", format_units(units, 9))
        }
        _ => "?".into(),
    }
}

/// "treasury" or "curator of vault V" (`RoleProposed`, `RoleAccepted`).
fn role_text(role: Role, vault: Option<anchor_lang::prelude::Pubkey>) -> String {
    let role = match role {
        Role::Treasury => roles::Role::Treasury,
        Role::Curator => roles::Role::Curator,
        Role::FeeAdmin => roles::Role::FeeAdmin,
    }
    .name();
    match vault {
        Some(vault) => format!("{role} of vault {vault}"),
        None => role.to_string(),
    }
}

/// Where slashed tokens go, in a sentence: "to OWNER" or "burnt".
fn destination_text(destination: &SlashDestination) -> String {
    match destination {
        SlashDestination::Recipient { owner } => format!("to {owner}"),
        SlashDestination::Burn => "burnt".into(),
    }
}

fn avs_kind_text(kind: &AvsKind) -> String {
    match kind {
        AvsKind::Remote { chain, emitter } => {
            format!("remote (chain {chain}, emitter {})", hex(emitter))
        }
        AvsKind::Local { slash_authority } => {
            format!("local (slash authority {slash_authority})")
        }
    }
}
