//! One printed line per event: JSON (`--json`) or text for people.
use lrt_client::program_events::ProgramEvent;
use serde::{Serialize, Serializer};

use super::{describe::describe, filter::category, json::Json, labels::Labels};
use crate::output::utc;

/// One JSON line.
#[derive(Serialize)]
pub struct Line<'a> {
    pub slot: u64,
    pub block_time: Option<i64>,
    pub signature: &'a str,
    pub program: &'static str,
    pub program_id: String,
    pub event: &'static str,
    pub category: &'static str,
    #[serde(serialize_with = "data")]
    pub data: &'a ProgramEvent,
}

fn data<S: Serializer>(event: &&ProgramEvent, serializer: S) -> Result<S::Ok, S::Error> {
    event.json().serialize(serializer)
}

impl<'a> Line<'a> {
    pub fn new(
        slot: u64,
        block_time: Option<i64>,
        signature: &'a str,
        event: &'a ProgramEvent,
    ) -> Self {
        Self {
            slot,
            block_time,
            signature,
            program: event.program().name(),
            program_id: event.program().id().to_string(),
            event: event.name(),
            category: category(event).name(),
            data: event,
        }
    }

    /// `slot 1234  2026-11-21T21:56:53Z  SlashRequested        avs X operator Y ...`
    pub fn display(&self, labels: &mut Labels) -> String {
        let time = self
            .block_time
            .map(|t| format!("  {}", utc(t)))
            .unwrap_or_default();
        format!(
            "slot {}{time}  {:<20}  {}",
            self.slot,
            self.event,
            describe(self.data, labels)
        )
    }
}
