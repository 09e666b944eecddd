//! One printed line per event: JSON (`--json`) or text for people.
use lrt_client::program_events::ProgramEvent;
use serde::{Serialize, Serializer};

use super::{describe::describe, filter::category, json::Json, labels::Labels};

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

/// `2026-11-21T21:56:53Z` from Unix seconds.
pub fn utc(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    // Days to a civil date (proleptic Gregorian), after H. Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}
