//! An operator's settings as `lrt operator register|update` print them, and the texts of
//! its keys and metadata.

use anchor_lang::prelude::Pubkey;
use serde::Serialize;

use crate::views::commission::CommissionView;

#[derive(Serialize)]
pub struct OperatorSettings {
    pub operator: String,
    pub authority: String,
    /// In force now, and an announced change with the epoch it applies from.
    #[serde(flatten)]
    pub commission: CommissionView,
    pub signing_key: String,
    pub metadata_uri: String,
}

/// A metadata URI for display: "(none)" when empty.
pub fn metadata_text(uri: &str) -> &str {
    if uri.is_empty() {
        "(none)"
    } else {
        uri
    }
}

pub fn key_text(key: &[u8; 32]) -> String {
    Pubkey::new_from_array(*key).to_string()
}
