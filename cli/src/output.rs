//! `--output display|json|json-compact`: every command builds one serializable value and
//! a human rendering of it; this module picks which one reaches stdout, and holds the
//! small text helpers renderings share.
//!
//! Progress and hints go to stderr, so `--output json` stdout is always one JSON document
//! (or, for `watch`, one document per line).
use clap::ValueEnum;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Display,
    Json,
    JsonCompact,
}

#[derive(Clone, Copy, Debug)]
pub struct Output {
    pub format: OutputFormat,
}

impl Output {
    pub fn new(format: OutputFormat) -> Self {
        Self { format }
    }

    pub fn is_json(&self) -> bool {
        self.format != OutputFormat::Display
    }

    /// Prints `value` as JSON, or `display(value)` for people.
    pub fn print<T: Serialize>(&self, value: &T, display: impl FnOnce(&T) -> String) {
        match self.format {
            OutputFormat::Display => {
                let text = display(value);
                if text.ends_with('\n') {
                    print!("{text}");
                } else {
                    println!("{text}");
                }
            }
            OutputFormat::Json => println!("{}", to_json(value, true)),
            OutputFormat::JsonCompact => println!("{}", to_json(value, false)),
        }
    }

    /// One record of a stream (`watch`): always a single line in JSON modes.
    pub fn print_line<T: Serialize>(&self, value: &T, display: impl FnOnce(&T) -> String) {
        match self.format {
            OutputFormat::Display => println!("{}", display(value)),
            _ => println!("{}", to_json(value, false)),
        }
    }

    /// A progress note for people (stderr, display mode only).
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.is_json() {
            eprintln!("{}", text.as_ref());
        }
    }
}

/// Fails after a batch's summary was printed when any of its items failed, so the exit
/// status tells a script or timer that something went wrong.
pub fn fail_if_any(failed: usize, total: usize, what: &str) -> anyhow::Result<()> {
    if failed > 0 {
        return Err(Reported(format!("{failed} of {total} {what} failed (see above)")).into());
    }
    Ok(())
}

/// An error whose details are already in the printed output (a batch summary with its
/// `failed` entries): `main` then keeps stdout to that one JSON document.
#[derive(Debug)]
pub struct Reported(pub String);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reported {}

/// Lowercase hex of `bytes` (hashes, emitters, signing keys).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn to_json<T: Serialize>(value: &T, pretty: bool) -> String {
    let result = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    // Our values are plain structs of strings and numbers: serializing cannot fail.
    result.unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize output: {e}\"}}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_failures() {
        assert_eq!(hex(&[0, 1, 0xab]), "0001ab");
        assert!(fail_if_any(0, 3, "sweeps").is_ok());
        let err = fail_if_any(1, 3, "sweeps").unwrap_err().to_string();
        assert_eq!(err, "1 of 3 sweeps failed (see above)");
    }
}
