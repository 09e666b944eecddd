//! Listing accounts by a field: one typed filter per (account type, field) a client lists
//! by, for `getProgramAccounts` memcmp filters.
//!
//! No offset is written by hand: each is found in the account's own serialization. A
//! zeroed account of the type (the discriminator, then zero bytes, read back by its
//! Borsh deserializer) gets a sentinel key in the field, is serialized again with
//! `AccountSerialize`, and the offset is where the sentinel lands. Reordering, adding or
//! resizing a field moves every filter with it. The fields listed by are all in the
//! fixed-size head of their accounts (keys before any enum or variable-length field); the
//! tests below check each filter against an account with every field set.
//!
//! ```ignore
//! let tickets = chain::list_anchor(ctx, &lrt_vault::ID, vec![listing::tickets_of_owner(&owner)])?;
//! ```
use std::{fmt, marker::PhantomData};

use anchor_lang::{prelude::Pubkey, AccountDeserialize, AccountSerialize, Discriminator, Space};

use lrt_vault::state::{Delegation, OperatorBond, SlashEscrow, WithdrawalTicket};
use slasher_registry::state::{
    Attestation, OperatorAvs, ReplayRecord, SlashExecution, SlashRequest, VaaBuffer, VaultAvs,
};

/// Accounts of type `T` whose bytes at `offset` are `bytes` (the discriminator is the
/// lister's to add). The type parameter keeps a filter to the account type it was made
/// for.
pub struct Filter<T> {
    offset: usize,
    bytes: Vec<u8>,
    account: PhantomData<fn() -> T>,
}

impl<T> Filter<T> {
    /// Offset in the account's data, discriminator included.
    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// `(offset, bytes)`, as an RPC memcmp filter takes them.
    pub fn into_parts(self) -> (usize, Vec<u8>) {
        (self.offset, self.bytes)
    }

    /// Whether an account's data (discriminator included) matches, as the RPC node decides.
    pub fn matches(&self, data: &[u8]) -> bool {
        data.get(self.offset..self.offset + self.bytes.len()) == Some(self.bytes.as_slice())
    }
}

impl<T> Clone for Filter<T> {
    fn clone(&self) -> Self {
        Self {
            offset: self.offset,
            bytes: self.bytes.clone(),
            account: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Filter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Filter")
            .field("account", &std::any::type_name::<T>())
            .field("offset", &self.offset)
            .field("bytes", &self.bytes)
            .finish()
    }
}

/// A key no zeroed account holds anywhere: 32 distinct non-zero bytes.
const SENTINEL: [u8; 32] = {
    let mut bytes = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        bytes[i] = 0xa0 + i as u8;
        i += 1;
    }
    bytes
};

/// An account of type `T` with every byte after the discriminator zero.
fn zeroed<T: AccountDeserialize + Discriminator + Space>() -> T {
    let mut data = T::DISCRIMINATOR.to_vec();
    data.resize(T::DISCRIMINATOR.len() + T::INIT_SPACE, 0);
    T::try_deserialize(&mut data.as_slice()).unwrap_or_else(|e| {
        panic!(
            "a zeroed {} does not deserialize: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// Where the key field that `set` writes sits in a serialized `T`.
fn key_offset<T>(set: fn(&mut T, Pubkey)) -> usize
where
    T: AccountSerialize + AccountDeserialize + Discriminator + Space,
{
    let mut account = zeroed::<T>();
    set(&mut account, Pubkey::new_from_array(SENTINEL));
    let mut data = Vec::new();
    account
        .try_serialize(&mut data)
        .unwrap_or_else(|e| panic!("cannot serialize {}: {e}", std::any::type_name::<T>()));
    let mut found = data
        .windows(SENTINEL.len())
        .enumerate()
        .filter(|(_, w)| *w == SENTINEL)
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(offset), None) => offset,
        _ => panic!(
            "the key field of {} is not found exactly once",
            std::any::type_name::<T>()
        ),
    }
}

/// The filter for accounts of type `T` whose key field written by `set` is `key`.
fn by_key<T>(key: &Pubkey, set: fn(&mut T, Pubkey)) -> Filter<T>
where
    T: AccountSerialize + AccountDeserialize + Discriminator + Space,
{
    Filter {
        offset: key_offset(set),
        bytes: key.to_bytes().to_vec(),
        account: PhantomData,
    }
}

// ---------------------------------------------------------------------------------------
// The vault program
// ---------------------------------------------------------------------------------------

/// A vault's delegations (one per whitelisted operator).
pub fn delegations_of_vault(vault: &Pubkey) -> Filter<Delegation> {
    by_key(vault, |d, k| d.vault = k)
}

/// An operator's delegations (one per vault that whitelisted it); `operator` is the
/// registry's `Operator` account.
pub fn delegations_of_operator(operator: &Pubkey) -> Filter<Delegation> {
    by_key(operator, |d, k| d.operator = k)
}

/// The operator bonds held in a vault.
pub fn bonds_of_vault(vault: &Pubkey) -> Filter<OperatorBond> {
    by_key(vault, |b, k| b.vault = k)
}

/// An operator's bonds, one per vault.
pub fn bonds_of_operator(operator: &Pubkey) -> Filter<OperatorBond> {
    by_key(operator, |b, k| b.operator = k)
}

/// The slash escrows of a vault.
pub fn escrows_of_vault(vault: &Pubkey) -> Filter<SlashEscrow> {
    by_key(vault, |e, k| e.vault = k)
}

/// The escrows of one slash request (one per vault it executed against).
pub fn escrows_of_request(request: &Pubkey) -> Filter<SlashEscrow> {
    by_key(request, |e, k| e.request = k)
}

/// An owner's withdrawal tickets, in every vault.
pub fn tickets_of_owner(owner: &Pubkey) -> Filter<WithdrawalTicket> {
    by_key(owner, |t, k| t.owner = k)
}

/// The withdrawal tickets of a vault.
pub fn tickets_of_vault(vault: &Pubkey) -> Filter<WithdrawalTicket> {
    by_key(vault, |t, k| t.vault = k)
}

// ---------------------------------------------------------------------------------------
// The slasher registry
// ---------------------------------------------------------------------------------------

/// An operator's opt-ins to AVSs.
pub fn operator_avs_of_operator(operator: &Pubkey) -> Filter<OperatorAvs> {
    by_key(operator, |o, k| o.operator = k)
}

/// The operators' opt-ins to an AVS.
pub fn operator_avs_of_avs(avs: &Pubkey) -> Filter<OperatorAvs> {
    by_key(avs, |o, k| o.avs = k)
}

/// The vaults' opt-ins to an AVS.
pub fn vault_avs_of_avs(avs: &Pubkey) -> Filter<VaultAvs> {
    by_key(avs, |v, k| v.avs = k)
}

/// A vault's opt-ins to AVSs.
pub fn vault_avs_of_vault(vault: &Pubkey) -> Filter<VaultAvs> {
    by_key(vault, |v, k| v.vault = k)
}

/// The slash requests an AVS made.
pub fn requests_of_avs(avs: &Pubkey) -> Filter<SlashRequest> {
    by_key(avs, |r, k| r.avs = k)
}

/// The slash requests against an operator.
pub fn requests_of_operator(operator: &Pubkey) -> Filter<SlashRequest> {
    by_key(operator, |r, k| r.operator = k)
}

/// The executions of slash requests against an operator.
pub fn executions_of_operator(operator: &Pubkey) -> Filter<SlashExecution> {
    by_key(operator, |e, k| e.operator = k)
}

/// The executions of one slash request (one per vault).
pub fn executions_of_request(request: &Pubkey) -> Filter<SlashExecution> {
    by_key(request, |e, k| e.request = k)
}

/// The replay records a relayer paid (what `close_replay_record` returns to it).
pub fn replay_records_of_payer(payer: &Pubkey) -> Filter<ReplayRecord> {
    by_key(payer, |r, k| r.payer = k)
}

/// The VAA buffers a relayer opened and has not consumed or closed (`close_vaa_buffer`
/// returns their rent to it).
pub fn vaa_buffers_of_payer(payer: &Pubkey) -> Filter<VaaBuffer> {
    by_key(payer, |b, k| b.payer = k)
}

/// The outbound attestations someone paid (`close_attestation` returns their rent to it).
pub fn attestations_of_payer(payer: &Pubkey) -> Filter<Attestation> {
    by_key(payer, |a, k| a.payer = k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lrt_vault::state::{AllocationHistory, EscrowBucket, SlashDestination};
    use slasher_registry::state::{EpochSlashed, OptInWindow};

    fn key(n: u8) -> Pubkey {
        Pubkey::new_from_array([n; 32])
    }

    fn bytes<T: AccountSerialize>(account: &T) -> Vec<u8> {
        let mut data = Vec::new();
        account.try_serialize(&mut data).unwrap();
        data
    }

    /// `filter` (made for `wanted`) matches `account`, and the filter for every other key
    /// the account holds does not.
    fn check<T: AccountSerialize>(
        account: &T,
        filter: fn(&Pubkey) -> Filter<T>,
        wanted: Pubkey,
        others: &[Pubkey],
    ) {
        let data = bytes(account);
        assert!(filter(&wanted).matches(&data), "{:?}", filter(&wanted));
        for other in others.iter().chain([&key(0xee)]) {
            assert!(!filter(other).matches(&data), "matched {other}");
        }
    }

    fn destination() -> SlashDestination {
        SlashDestination::Recipient { owner: key(9) }
    }

    fn delegation(vault: Pubkey, operator: Pubkey) -> Delegation {
        Delegation {
            vault,
            operator,
            max_bps: 2_000,
            allocation: AllocationHistory {
                epoch: 7,
                previous: 1,
                current: 2,
                next: 3,
                later: 4,
            },
            decrease_epoch: 6,
            slashed_total: 99,
            bump: 254,
        }
    }

    fn bond(vault: Pubkey, operator: Pubkey) -> OperatorBond {
        OperatorBond {
            vault,
            operator,
            authority: key(3),
            shares: 10,
            unbonding_shares: 5,
            unbond_epoch: 4,
            bump: 253,
        }
    }

    fn escrow(vault: Pubkey, request: Pubkey) -> SlashEscrow {
        SlashEscrow {
            vault,
            request,
            operator: key(3),
            destination: destination(),
            buckets: [EscrowBucket {
                present: true,
                epoch: 3,
                scale_before_wad: 5,
                scale_after_wad: 4,
                taken: [7; lrt_vault::constants::MAX_ASSETS],
            }; 2],
            capture_epoch: 8,
            wiped_pool: true,
            cancelled: true,
            ..zeroed()
        }
    }

    fn ticket(vault: Pubkey, owner: Pubkey) -> WithdrawalTicket {
        WithdrawalTicket {
            vault,
            owner,
            id: 3,
            bucket_epoch: 9,
            shares_burned: 100,
            requested_slot: 1_000,
            bump: 252,
            ..zeroed()
        }
    }

    fn window() -> OptInWindow {
        OptInWindow {
            activation_epoch: 2,
            deactivation_epoch: 5,
        }
    }

    fn operator_avs(operator: Pubkey, avs: Pubkey) -> OperatorAvs {
        OperatorAvs {
            operator,
            avs,
            window: window(),
            bump: 251,
        }
    }

    fn vault_avs(vault: Pubkey, avs: Pubkey) -> VaultAvs {
        VaultAvs {
            vault,
            avs,
            cap_bps: 500,
            window: window(),
            slashed: [EpochSlashed {
                epoch: 4,
                lamports: 40,
            }; 2],
            bump: 250,
        }
    }

    fn request(avs: Pubkey, operator: Pubkey) -> SlashRequest {
        SlashRequest {
            avs,
            operator,
            index: 4,
            wad: 5,
            max_slash_wad: 6,
            evidence_hash: [8; 32],
            capture_epoch: 9,
            requested_slot: 900,
            veto_deadline_slot: 950,
            destination: destination(),
            vetoed: true,
            executions: 2,
            slashed_lamports: 77,
            bump: 249,
        }
    }

    fn execution(request: Pubkey, operator: Pubkey) -> SlashExecution {
        SlashExecution {
            request,
            vault: key(5),
            avs: key(6),
            operator,
            capture_epoch: 9,
            stake_lamports: 1,
            requested_loss_lamports: 2,
            loss_lamports: 3,
            executor: key(7),
            executed_slot: 4,
            resolve_after_slot: 5,
            cancelled: true,
            bump: 248,
        }
    }

    #[test]
    fn delegations_by_vault_and_by_operator() {
        let d = delegation(key(1), key(2));
        check(&d, delegations_of_vault, key(1), &[key(2)]);
        check(&d, delegations_of_operator, key(2), &[key(1)]);
    }

    #[test]
    fn bonds_by_vault_and_by_operator() {
        let b = bond(key(1), key(2));
        check(&b, bonds_of_vault, key(1), &[key(2), key(3)]);
        check(&b, bonds_of_operator, key(2), &[key(1), key(3)]);
    }

    #[test]
    fn escrows_by_vault_and_by_request() {
        let e = escrow(key(1), key(2));
        check(&e, escrows_of_vault, key(1), &[key(2), key(3), key(9)]);
        check(&e, escrows_of_request, key(2), &[key(1), key(3), key(9)]);
    }

    #[test]
    fn tickets_by_owner_and_by_vault() {
        let t = ticket(key(1), key(2));
        check(&t, tickets_of_vault, key(1), &[key(2)]);
        check(&t, tickets_of_owner, key(2), &[key(1)]);
    }

    #[test]
    fn operator_opt_ins_by_operator_and_by_avs() {
        let o = operator_avs(key(1), key(2));
        check(&o, operator_avs_of_operator, key(1), &[key(2)]);
        check(&o, operator_avs_of_avs, key(2), &[key(1)]);
    }

    #[test]
    fn vault_opt_ins_by_vault_and_by_avs() {
        let v = vault_avs(key(1), key(2));
        check(&v, vault_avs_of_vault, key(1), &[key(2)]);
        check(&v, vault_avs_of_avs, key(2), &[key(1)]);
    }

    #[test]
    fn requests_by_avs_and_by_operator() {
        let r = request(key(1), key(2));
        check(&r, requests_of_avs, key(1), &[key(2), key(9)]);
        check(&r, requests_of_operator, key(2), &[key(1), key(9)]);
    }

    #[test]
    fn executions_by_request_and_by_operator() {
        let e = execution(key(1), key(2));
        let others = [key(5), key(6), key(7)];
        check(
            &e,
            executions_of_request,
            key(1),
            &[&others[..], &[key(2)]].concat(),
        );
        check(
            &e,
            executions_of_operator,
            key(2),
            &[&others[..], &[key(1)]].concat(),
        );
    }

    #[test]
    fn replay_records_by_payer() {
        let r = ReplayRecord {
            payer: key(1),
            timestamp: u32::MAX,
            bump: 247,
        };
        check(&r, replay_records_of_payer, key(1), &[]);
        assert_eq!(replay_records_of_payer(&key(1)).offset(), 8);
    }

    #[test]
    fn vaa_buffers_by_payer() {
        let b = VaaBuffer {
            payer: key(1),
            nonce: u32::MAX,
            verified: true,
            digest: [0xee; 32],
            guardian_set_index: 4,
            bump: 250,
            data: vec![0xee; 64],
        };
        check(&b, vaa_buffers_of_payer, key(1), &[]);
    }

    #[test]
    fn attestations_by_payer() {
        let a = Attestation {
            sequence: 7,
            emitter: [0xee; 32],
            payload: [0xee; 94],
            timestamp: i64::MAX,
            payer: key(1),
            bump: 249,
        };
        check(&a, attestations_of_payer, key(1), &[]);
    }

    #[test]
    fn short_data_does_not_match() {
        let f = tickets_of_owner(&key(2));
        assert!(!f.matches(&bytes(&ticket(key(1), key(2)))[..f.offset() + 31]));
    }
}
