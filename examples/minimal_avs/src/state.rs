//! This AVS's configuration.
//!
//! Must hold: `avs` is the registry's `["avs", crate::ID]` account, whose admin was
//! `admin` at initialisation; `slash_authority_bump` is the bump of `["slasher"]`.
use anchor_lang::prelude::*;

#[account]
#[derive(InitSpace, Debug)]
pub struct AvsConfig {
    /// The only key that may call `slash`: the registry AVS's admin at initialisation.
    pub admin: Pubkey,
    /// The registry's `Avs` account this program acts as.
    pub avs: Pubkey,
    /// Bump of the `["slasher"]` PDA that signs `request_slash`.
    pub slash_authority_bump: u8,
    pub bump: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_space_matches_serialized_size() {
        let config = AvsConfig {
            admin: Pubkey::default(),
            avs: Pubkey::default(),
            slash_authority_bump: 0,
            bump: 0,
        };
        let mut data = Vec::new();
        config.try_serialize(&mut data).unwrap();
        assert_eq!(data.len(), 8 + AvsConfig::INIT_SPACE);
    }
}
