//! PDA seeds and registry-wide limits. Every seed the program or a client derives lives here.

/// `["registry_config"]`: the single registry configuration.
pub const REGISTRY_CONFIG_SEED: &[u8] = b"registry_config";
/// `["operator", authority]`: an operator, keyed by the key that manages it.
pub const OPERATOR_SEED: &[u8] = b"operator";
/// `["avs", id]`: an actively validated service.
pub const AVS_SEED: &[u8] = b"avs";
/// `["operator_avs", operator, avs]`: an operator's opt-in to an AVS.
pub const OPERATOR_AVS_SEED: &[u8] = b"operator_avs";
/// `["vault_avs", vault, avs]`: a vault's opt-in to an AVS, with the curator's cap.
pub const VAULT_AVS_SEED: &[u8] = b"vault_avs";
/// `["slash_request", avs, index_le]`: one slash request of an AVS.
pub const SLASH_REQUEST_SEED: &[u8] = b"slash_request";
/// `["slash_execution", request, vault]`: a request applied to one vault (at most once).
pub const SLASH_EXECUTION_SEED: &[u8] = b"slash_execution";
/// `["vault_epoch_slash", vault, operator, capture_epoch_le]`: the operator's stake at
/// capture and what was slashed from (vault, operator) for that epoch, across every AVS.
pub const VAULT_EPOCH_SLASH_SEED: &[u8] = b"vault_epoch_slash";
/// `["vault_avs_epoch_slash", vault_avs, operator, capture_epoch_le]`: what one AVS
/// slashed from (vault, operator) for one capture epoch (the curator's cap).
pub const VAULT_AVS_EPOCH_SLASH_SEED: &[u8] = b"vault_avs_epoch_slash";
/// `["vault_capture", vault, capture_epoch_le]`: the vault's slashable value before any
/// slash of that capture epoch, the base of every operator's stake at capture.
pub const VAULT_CAPTURE_SEED: &[u8] = b"vault_capture";
/// `["slasher"]`: the registry's signer, the only key `lrt_vault::apply_slash` accepts.
pub const SLASHER_SEED: &[u8] = b"slasher";
/// `["xchain_config"]`: the cross-chain settings (current guardian set, expiry period,
/// maximum message age).
pub const XCHAIN_CONFIG_SEED: &[u8] = b"xchain_config";
/// `["guardian_set", index_le]`: one guardian set (docs/cross-chain.md).
pub const GUARDIAN_SET_SEED: &[u8] = b"guardian_set";
/// `["vaa_buffer", payer, nonce_le]`: a VAA posted in chunks, verified, then consumed.
pub const VAA_BUFFER_SEED: &[u8] = b"vaa_buffer";
/// `["vaa_replay", chain_be, emitter, sequence_le]`: a `ReplayRecord` whose existence says
/// the message `(chain, emitter, sequence)` was consumed (closed once it is stale for good).
pub const VAA_REPLAY_SEED: &[u8] = b"vaa_replay";

/// `["emitter"]`: the registry's emitter identity for outbound messages (stake
/// attestations): the 32 bytes of this PDA are the `emitter_address` a relayer (or a
/// Wormhole core-bridge integration, whose convention this follows) carries them under,
/// with emitter chain 1 (Solana, `xchain::SOLANA_CHAIN`). No account lives there.
pub const EMITTER_SEED: &[u8] = b"emitter";
/// `["attestation", sequence_le]`: one outbound stake attestation (`XchainConfig.next_sequence`).
pub const ATTESTATION_SEED: &[u8] = b"attestation";
/// `["reward_inbox", avs]`: the authority (no account) that owns a remote AVS's reward
/// inbox, its associated token account per mint, where the token bridge delivers rewards.
pub const REWARD_INBOX_SEED: &[u8] = b"reward_inbox";
/// `["remote_emitter", chain_be, emitter]`: the AVS a remote emitter speaks for, claimed
/// once, when an AVS first gets that `Remote` kind, and never released.
pub const REMOTE_EMITTER_SEED: &[u8] = b"remote_emitter";

/// Restaking epochs an attestation stays before its payer may close it: made during `e`,
/// closable from `e + ATTESTATION_RETENTION_EPOCHS`, so relayers always have at least one
/// full epoch to carry it.
pub const ATTESTATION_RETENTION_EPOCHS: u64 = 2;

/// `["request_target", request]`: the one vault a request may execute against (remote
/// requests that name a vault); absent for requests that reach every vault.
pub const REQUEST_TARGET_SEED: &[u8] = b"request_target";

/// Most guardians a set may have (Wormhole's mainnet sets have 19).
pub const MAX_GUARDIANS: usize = 19;
/// Longest VAA a buffer holds: every guardian signs and the largest payload of ours.
pub const MAX_VAA_LEN: usize = 6 + MAX_GUARDIANS * 66 + 51 + 256;

/// Longest metadata uri of an operator or an AVS, in bytes.
pub const MAX_METADATA_URI_LEN: usize = 200;
/// 100% in basis points: the largest commission or cap.
pub const MAX_BPS: u16 = 10_000;
/// 100% as a WAD fraction: the largest slash.
pub const WAD: u128 = restaking_math::WAD;
/// `deactivation_epoch` of an opt-in that is in force (never opted out).
pub const NOT_DEACTIVATED: u64 = u64::MAX;

#[cfg(test)]
mod tests {
    use anchor_lang::Discriminator;

    #[test]
    fn the_vault_program_knows_our_signer_and_operator_accounts() {
        // lrt_vault cannot depend on this crate; it keeps copies, which must agree.
        assert_eq!(super::SLASHER_SEED, lrt_vault::constants::SLASHER_SEED);
        assert_eq!(
            crate::state::Operator::DISCRIMINATOR,
            lrt_vault::constants::REGISTRY_OPERATOR_DISCRIMINATOR
        );
    }
}
