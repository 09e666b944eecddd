use anchor_lang::{event::EVENT_IX_TAG_LE, Event as _};
use lrt_vault::state::SlashDestination;

use super::*;

fn key(n: u8) -> Pubkey {
    Pubkey::new_from_array([n; 32])
}

/// The data of the `emit_cpi!` inner instruction carrying `event`.
fn emitted(event: &impl anchor_lang::Event) -> Vec<u8> {
    [EVENT_IX_TAG_LE, event.data().as_slice()].concat()
}

fn compiled(index: u8, data: Vec<u8>) -> InnerInstruction<Vec<u8>> {
    InnerInstruction {
        program: ProgramRef::Index(index),
        data,
    }
}

fn slash_requested() -> registry_ev::SlashRequested {
    registry_ev::SlashRequested {
        request: key(1),
        avs: key(2),
        operator: key(3),
        index: 4,
        wad: 50_000_000_000_000_000,
        max_slash_wad: 1_000_000_000_000_000_000,
        evidence_hash: [0xab; 32],
        capture_epoch: 7,
        requested_slot: 1_234,
        veto_deadline_slot: 1_300,
        destination: SlashDestination::Recipient { owner: key(5) },
    }
}

fn protocol_paused() -> vault_ev::ProtocolPauseSet {
    vault_ev::ProtocolPauseSet {
        by: key(6),
        paused: true,
    }
}

fn slash_wad_set() -> avs_ev::SlashWadSet {
    avs_ev::SlashWadSet {
        admin: key(7),
        previous_slash_wad: 1,
        slash_wad: 2,
    }
}

#[test]
fn extracts_one_event_of_each_program_in_order() {
    let keys = [key(9), lrt_vault::ID, slasher_registry::ID, example_avs::ID];
    let inner = vec![
        compiled(2, emitted(&slash_requested())),
        compiled(1, emitted(&protocol_paused())),
        compiled(3, emitted(&slash_wad_set())),
    ];
    let events = extract(&AccountKeys::legacy(&keys), inner);
    let names: Vec<(Program, &str)> = events.iter().map(|e| (e.program(), e.name())).collect();
    assert_eq!(
        names,
        [
            (Program::Registry, "SlashRequested"),
            (Program::Vault, "ProtocolPauseSet"),
            (Program::Avs, "SlashWadSet"),
        ]
    );
    let ProgramEvent::Registry(RegistryEvent::SlashRequested(request)) = &events[0] else {
        panic!("{:?}", events[0]);
    };
    assert_eq!(
        (
            request.avs,
            request.index,
            request.wad,
            request.capture_epoch
        ),
        (key(2), 4, 50_000_000_000_000_000, 7)
    );
    assert_eq!(
        request.destination,
        SlashDestination::Recipient { owner: key(5) }
    );
    let ProgramEvent::Vault(VaultEvent::ProtocolPauseSet(pause)) = &events[1] else {
        panic!("{:?}", events[1]);
    };
    assert_eq!((pause.by, pause.paused), (key(6), true));
    let ProgramEvent::Avs(AvsEvent::SlashWadSet(set)) = &events[2] else {
        panic!("{:?}", events[2]);
    };
    assert_eq!((set.previous_slash_wad, set.slash_wad), (1, 2));
    // And back: each re-encodes to the bytes it came from.
    assert_eq!(events[0].to_ix_data(), emitted(&slash_requested()));
    assert_eq!(events[2].to_ix_data(), emitted(&slash_wad_set()));
}

#[test]
fn resolves_program_indexes_through_lookup_tables() {
    // A v0 transaction: two static keys, then one writable and two read-only loaded
    // addresses. Index 4 is the registry, loaded read-only from a table.
    let static_keys = [key(1), key(2)];
    let writable = [lrt_vault::ID];
    let readonly = [key(3), slasher_registry::ID];
    let keys = AccountKeys::new(&static_keys, &writable, &readonly);
    assert_eq!(keys.get(2), Some(&lrt_vault::ID));
    assert_eq!(keys.get(4), Some(&slasher_registry::ID));
    assert_eq!(keys.get(5), None);
    let inner = vec![
        compiled(4, emitted(&slash_requested())),
        compiled(2, emitted(&protocol_paused())),
        // a key that is not ours, an index past every key: not events
        compiled(3, emitted(&slash_requested())),
        compiled(9, emitted(&slash_requested())),
        // resolved by the RPC
        InnerInstruction {
            program: ProgramRef::Id(example_avs::ID),
            data: emitted(&slash_wad_set()),
        },
    ];
    let names: Vec<&str> = extract(&keys, inner.clone())
        .iter()
        .map(ProgramEvent::name)
        .collect();
    assert_eq!(names, ["SlashRequested", "ProtocolPauseSet", "SlashWadSet"]);
    // Read as if there were no tables (what one extractor used to do), index 4 is past
    // the keys and index 2 is someone else's: both events would be lost.
    let static_only = [key(1), key(2), key(3)];
    let lost = extract(&AccountKeys::legacy(&static_only), inner);
    assert_eq!(lost.len(), 1);
}

#[test]
fn only_tagged_instructions_of_our_programs_are_event_cpis() {
    let keys = [lrt_vault::ID, key(8)];
    let inner = vec![
        // an ordinary instruction of the program (no event tag)
        compiled(0, protocol_paused().data()),
        compiled(0, emitted(&protocol_paused())),
        compiled(1, emitted(&protocol_paused())),
    ];
    let cpis = event_cpis(&AccountKeys::legacy(&keys), inner);
    assert_eq!(
        cpis,
        [EventCpi {
            program: Program::Vault,
            data: emitted(&protocol_paused())
        }]
    );
}

#[test]
fn the_program_decides_between_events_of_the_same_name() {
    // Both the vault and the registry have a `SlashCancelled`, with one discriminator.
    let cancelled = registry_ev::SlashCancelled {
        request: key(1),
        vault: key(4),
        loss_lamports: 9,
        cancelled_slot: 10,
    };
    let data = emitted(&cancelled);
    let event = ProgramEvent::decode(&slasher_registry::ID, &data).unwrap();
    assert!(matches!(
        event,
        ProgramEvent::Registry(RegistryEvent::SlashCancelled(ref c)) if c.loss_lamports == 9
    ));
    // A registry body is not a vault one; a registry event under the vault's id is not
    // a vault event.
    assert!(ProgramEvent::decode(&lrt_vault::ID, &data).is_none());
    assert!(ProgramEvent::decode(&lrt_vault::ID, &emitted(&slash_requested())).is_none());
}

#[test]
fn refuses_what_is_not_an_event_of_ours() {
    let data = emitted(&slash_requested());
    let registry = slasher_registry::ID;
    assert!(ProgramEvent::decode(&registry, &data).is_some());
    // another program emitting the same bytes
    assert!(ProgramEvent::decode(&key(99), &data).is_none());
    // without the event tag (an ordinary instruction)
    assert!(ProgramEvent::decode(&registry, &slash_requested().data()).is_none());
    // truncated and padded bodies
    assert!(ProgramEvent::decode(&registry, &data[..data.len() - 1]).is_none());
    assert!(ProgramEvent::decode(&registry, &[data.as_slice(), &[0]].concat()).is_none());
    assert!(ProgramEvent::decode(&registry, EVENT_IX_TAG_LE).is_none());
    assert!(ProgramEvent::decode(&lrt_vault::ID, &[]).is_none());
}

/// Every event of every program round-trips: an all-zero body of the event's size (None
/// options, first enum variants, empty strings) decodes, and re-encodes to the same bytes.
#[test]
fn every_event_round_trips_through_extract() {
    for program in Program::ALL {
        let discriminators = match program {
            Program::Vault => VaultEvent::DISCRIMINATORS,
            Program::Registry => RegistryEvent::DISCRIMINATORS,
            Program::Avs => AvsEvent::DISCRIMINATORS,
        };
        let keys = [program.id()];
        for (name, discriminator) in program.event_names().iter().zip(discriminators) {
            let data = (0..4_096)
                .map(|len| [EVENT_IX_TAG_LE, discriminator, &vec![0u8; len]].concat())
                .find(|data| ProgramEvent::decode(&program.id(), data).is_some())
                .unwrap_or_else(|| panic!("{} {name} decodes no zero body", program.name()));
            let events = extract(&AccountKeys::legacy(&keys), [compiled(0, data.clone())]);
            assert_eq!(events.len(), 1, "{name}");
            assert_eq!((events[0].program(), events[0].name()), (program, *name));
            assert_eq!(events[0].to_ix_data(), data, "{name}");
        }
    }
}

/// Every `#[event]` struct in the three programs' sources is a variant: a new event fails
/// this test until it is added to the enums (and then `lrt watch` does not compile until
/// it describes it).
#[test]
fn every_event_of_the_programs_is_a_variant() {
    let sources = [
        (
            Program::Vault,
            include_str!("../../../programs/lrt_vault/src/events.rs"),
        ),
        (
            Program::Registry,
            include_str!("../../../programs/slasher_registry/src/events.rs"),
        ),
        (
            Program::Avs,
            include_str!("../../../programs/example_avs/src/events.rs"),
        ),
    ];
    for (program, source) in sources {
        let mut declared = Vec::new();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if line.trim() != "#[event]" {
                continue;
            }
            let name = lines
                .by_ref()
                .find_map(|l| l.trim().strip_prefix("pub struct "))
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap();
            declared.push(name);
        }
        let mut known = program.event_names().to_vec();
        declared.sort_unstable();
        known.sort_unstable();
        assert_eq!(declared, known, "{}", program.name());
    }
}
