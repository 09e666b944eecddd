//! Every event of the three programs as one typed enum, and the one extractor that finds
//! them in a transaction.
//!
//! The programs emit with `emit_cpi!`: each event is an inner instruction addressed to the
//! emitting program itself, whose data is `EVENT_IX_TAG_LE` (8 bytes), the event's
//! discriminator (8 bytes), then its Borsh body. Inner instructions name their program by
//! an index into the transaction's account keys, which for a v0 transaction run past the
//! static keys into the addresses loaded from lookup tables ([`AccountKeys`]).
//!
//! The extractor takes the decoded pieces of a transaction (its keys and its inner
//! instructions), not an RPC type, so the CLI (`getTransaction`, `simulateTransaction`)
//! and the tests (`BanksClient` simulations) share it:
//!
//! ```ignore
//! let keys = AccountKeys::new(&static_keys, &loaded_writable, &loaded_readonly);
//! for event in extract(&keys, inner) {
//!     match event {
//!         ProgramEvent::Vault(VaultEvent::Deposited(e)) => println!("{}", e.amount),
//!         _ => {}
//!     }
//! }
//! ```
use anchor_lang::{event::EVENT_IX_TAG_LE, AnchorDeserialize, Discriminator, Event};

use crate::Pubkey;
use example_avs::events as avs_ev;
use lrt_vault::events as vault_ev;
use slasher_registry::events as registry_ev;

/// The three programs that emit events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Program {
    Vault,
    Registry,
    Avs,
}

impl Program {
    pub const ALL: [Program; 3] = [Program::Vault, Program::Registry, Program::Avs];

    pub fn id(self) -> Pubkey {
        match self {
            Program::Vault => lrt_vault::ID,
            Program::Registry => slasher_registry::ID,
            Program::Avs => example_avs::ID,
        }
    }

    /// The program's crate name: `lrt_vault`, `slasher_registry`, `example_avs`.
    pub fn name(self) -> &'static str {
        match self {
            Program::Vault => "lrt_vault",
            Program::Registry => "slasher_registry",
            Program::Avs => "example_avs",
        }
    }

    pub fn from_id(id: &Pubkey) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.id() == *id)
    }

    /// The names of the program's events (two programs share some names).
    pub fn event_names(self) -> &'static [&'static str] {
        match self {
            Program::Vault => VaultEvent::NAMES,
            Program::Registry => RegistryEvent::NAMES,
            Program::Avs => AvsEvent::NAMES,
        }
    }
}

/// One enum per program, a variant per event holding the program's own event struct.
macro_rules! event_enum {
    ($(#[$doc:meta])* $enum:ident, $module:ident; $($name:ident),* $(,)?) => {
        $(#[$doc])*
        pub enum $enum {
            $($name($module::$name),)*
        }

        impl $enum {
            /// Every event name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Every event's discriminator, in the order of [`Self::NAMES`].
            pub const DISCRIMINATORS: &'static [&'static [u8]] =
                &[$(<$module::$name as Discriminator>::DISCRIMINATOR),*];

            /// The event's name (its struct's).
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$name(_) => stringify!($name),)*
                }
            }

            /// Decodes the discriminator and Borsh body (what follows the event tag);
            /// `None` for another discriminator or a malformed body.
            fn decode(event: &[u8]) -> Option<Self> {
                let (discriminator, body) = event.split_at_checked(8)?;
                $(
                    if discriminator == <$module::$name as Discriminator>::DISCRIMINATOR {
                        return $module::$name::try_from_slice(body).ok().map(Self::$name);
                    }
                )*
                None
            }

            /// The discriminator and Borsh body (`Event::data`).
            fn data(&self) -> Vec<u8> {
                match self {
                    $(Self::$name(e) => e.data(),)*
                }
            }
        }

        $(
            impl From<$module::$name> for $enum {
                fn from(event: $module::$name) -> Self {
                    Self::$name(event)
                }
            }
        )*
    };
}

event_enum! {
    /// An event of the vault program (`lrt_vault::events`).
    VaultEvent, vault_ev;
    ConfigInitialized, AdminTransferStarted, AdminTransferred, PauserSet, ProtocolPauseSet,
    VaultCreated, AssetAdded, PricesRefreshed, Deposited, WithdrawalRequested,
    WithdrawalClaimed, FeesSet, CapsSet, VaultPauseSet, OperatorWhitelisted,
    DelegationChanged, ConcentrationLimitSet, BondChanged, InsuranceFunded, SlashApplied,
    EscrowSwept, RoleProposed, RoleAccepted, RewardsVested, TreasuryFeesClaimed,
    RewardsDistributed, SlashCancelled,
}

event_enum! {
    /// An event of the slasher registry (`slasher_registry::events`).
    RegistryEvent, registry_ev;
    RegistryInitialized, RegistryParamsAnnounced, AdminTransferStarted, AdminTransferred,
    VetoAuthoritySet, OperatorRegistered, OperatorUpdated, AvsRegistered,
    AvsChangesAnnounced, AvsActiveSet, OperatorOptedIn, OperatorOptedOut, VaultOptedIn,
    VaultOptedOut, SlashRequested, SlashVetoed, SlashExecuted, SlashCancelled,
    GuardianSetInstalled, VaaVerified, RemoteSlashReceived, StakeAttested, RemoteRewardReceived,
    ReplayRecordClosed,
}

event_enum! {
    /// An event of the example AVS (`example_avs::events`).
    AvsEvent, avs_ev;
    AvsInitialized, SlashWadSet, EquivocationReported, RewardPaid,
}

/// An event of one of the three programs: which program emitted it is the variant.
// Vault events carry a snapshot of the books (about 1 KB): a few per transaction, moved
// once into a list, so boxing would only cost the matches a deref.
#[allow(clippy::large_enum_variant)]
pub enum ProgramEvent {
    Vault(VaultEvent),
    Registry(RegistryEvent),
    Avs(AvsEvent),
}

impl ProgramEvent {
    /// Decodes the data of an `emit_cpi!` inner instruction of `program`. `None` for
    /// other programs, instructions without the event tag, other discriminators and
    /// malformed bodies (truncated or with bytes left over).
    pub fn decode(program: &Pubkey, ix_data: &[u8]) -> Option<Self> {
        let event = ix_data.strip_prefix(EVENT_IX_TAG_LE)?;
        match Program::from_id(program)? {
            Program::Vault => VaultEvent::decode(event).map(Self::Vault),
            Program::Registry => RegistryEvent::decode(event).map(Self::Registry),
            Program::Avs => AvsEvent::decode(event).map(Self::Avs),
        }
    }

    /// The program that emitted it.
    pub fn program(&self) -> Program {
        match self {
            ProgramEvent::Vault(_) => Program::Vault,
            ProgramEvent::Registry(_) => Program::Registry,
            ProgramEvent::Avs(_) => Program::Avs,
        }
    }

    /// The event's name (its struct's).
    pub fn name(&self) -> &'static str {
        match self {
            ProgramEvent::Vault(e) => e.name(),
            ProgramEvent::Registry(e) => e.name(),
            ProgramEvent::Avs(e) => e.name(),
        }
    }

    /// The data of the inner instruction that emits it (tag, discriminator, body).
    pub fn to_ix_data(&self) -> Vec<u8> {
        let event = match self {
            ProgramEvent::Vault(e) => e.data(),
            ProgramEvent::Registry(e) => e.data(),
            ProgramEvent::Avs(e) => e.data(),
        };
        [EVENT_IX_TAG_LE, event.as_slice()].concat()
    }
}

impl std::fmt::Debug for ProgramEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}::{}", self.program().name(), self.name())
    }
}

impl From<VaultEvent> for ProgramEvent {
    fn from(event: VaultEvent) -> Self {
        ProgramEvent::Vault(event)
    }
}

impl From<RegistryEvent> for ProgramEvent {
    fn from(event: RegistryEvent) -> Self {
        ProgramEvent::Registry(event)
    }
}

impl From<AvsEvent> for ProgramEvent {
    fn from(event: AvsEvent) -> Self {
        ProgramEvent::Avs(event)
    }
}

/// A transaction's account keys in the order its instructions index them: the static
/// keys, then (v0 transactions) the addresses loaded from lookup tables, writable ones
/// first, then read-only ones.
#[derive(Clone, Copy, Debug)]
pub struct AccountKeys<'a> {
    static_keys: &'a [Pubkey],
    loaded_writable: &'a [Pubkey],
    loaded_readonly: &'a [Pubkey],
}

impl<'a> AccountKeys<'a> {
    pub fn new(
        static_keys: &'a [Pubkey],
        loaded_writable: &'a [Pubkey],
        loaded_readonly: &'a [Pubkey],
    ) -> Self {
        Self {
            static_keys,
            loaded_writable,
            loaded_readonly,
        }
    }

    /// A legacy transaction (or a v0 one without lookup tables).
    pub fn legacy(static_keys: &'a [Pubkey]) -> Self {
        Self::new(static_keys, &[], &[])
    }

    pub fn get(&self, index: usize) -> Option<&'a Pubkey> {
        self.static_keys
            .iter()
            .chain(self.loaded_writable)
            .chain(self.loaded_readonly)
            .nth(index)
    }
}

/// How an inner instruction names its program: compiled, by an index into the account
/// keys; or by its id, when the RPC resolved it (`jsonParsed` "partially decoded").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgramRef {
    Index(u8),
    Id(Pubkey),
}

/// One inner instruction of a transaction, in the order the transaction records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InnerInstruction<D> {
    pub program: ProgramRef,
    pub data: D,
}

/// An `emit_cpi!` inner instruction of one of the three programs, not decoded yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventCpi<D> {
    pub program: Program,
    /// The instruction data: event tag, discriminator, Borsh body.
    pub data: D,
}

impl<D: AsRef<[u8]>> EventCpi<D> {
    /// The event, `None` if the data is not one the program (as built here) declares.
    pub fn decode(&self) -> Option<ProgramEvent> {
        ProgramEvent::decode(&self.program.id(), self.data.as_ref())
    }
}

/// The event-CPI inner instructions of the three programs, in order: those addressed to
/// one of them whose data starts with the event tag. An index past the keys is skipped.
pub fn event_cpis<D: AsRef<[u8]>>(
    keys: &AccountKeys,
    inner: impl IntoIterator<Item = InnerInstruction<D>>,
) -> Vec<EventCpi<D>> {
    inner
        .into_iter()
        .filter_map(|ix| {
            let program = match ix.program {
                ProgramRef::Index(index) => *keys.get(usize::from(index))?,
                ProgramRef::Id(id) => id,
            };
            let program = Program::from_id(&program)?;
            ix.data
                .as_ref()
                .starts_with(EVENT_IX_TAG_LE)
                .then_some(EventCpi {
                    program,
                    data: ix.data,
                })
        })
        .collect()
}

/// Every event the three programs emitted in a transaction, decoded, in order. Event-CPIs
/// that do not decode (an event this client does not know) are left out.
pub fn extract<D: AsRef<[u8]>>(
    keys: &AccountKeys,
    inner: impl IntoIterator<Item = InnerInstruction<D>>,
) -> Vec<ProgramEvent> {
    event_cpis(keys, inner)
        .iter()
        .filter_map(EventCpi::decode)
        .collect()
}

#[cfg(test)]
#[path = "program_events_tests.rs"]
mod tests;
