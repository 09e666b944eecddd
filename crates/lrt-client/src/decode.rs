//! Decoding vault accounts and `emit_cpi!` events from raw bytes.
use anchor_lang::{AccountDeserialize, AnchorDeserialize, Event};

pub use lrt_vault::state::{Config, Vault, WithdrawalBucket, WithdrawalTicket};

#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not an account of the requested type (wrong discriminator or size).
    NotThisAccount(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotThisAccount(why) => write!(f, "not the expected account: {why}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes any Anchor account of the vault program (checks the discriminator).
pub fn account<T: AccountDeserialize>(mut data: &[u8]) -> Result<T, DecodeError> {
    T::try_deserialize(&mut data).map_err(|e| DecodeError::NotThisAccount(e.to_string()))
}

/// Decodes an event from the data of an `emit_cpi!` inner instruction: the 8-byte event
/// instruction tag, the event's discriminator, then its Borsh body. `None` if the data
/// is another event or not an event at all.
pub fn event<T: Event + AnchorDeserialize>(ix_data: &[u8]) -> Option<T> {
    let rest = ix_data.strip_prefix(anchor_lang::event::EVENT_IX_TAG_LE)?;
    let body = rest.strip_prefix(T::DISCRIMINATOR)?;
    T::try_from_slice(body).ok()
}
