//! PDA seeds: this program's own, and the registry's it checks (the registry's seeds are
//! in its IDL, `idl/slasher_registry.json`, as the `pda` of each instruction account).

/// `["config"]`: this AVS's configuration (one per deployment).
pub const CONFIG_SEED: &[u8] = b"config";
/// `["slasher"]`: holds nothing; the key the registry knows as this AVS's
/// `Local { slash_authority }`. Only this program can sign for it, and it signs only
/// `request_slash`, only in `slash`.
pub const SLASH_AUTHORITY_SEED: &[u8] = b"slasher";

/// The registry's `["avs", id]`: this AVS's registry account (`id` = this program's id).
pub const REGISTRY_AVS_SEED: &[u8] = b"avs";
/// The registry's `["operator_avs", operator, avs]`: an operator's opt-in to an AVS.
pub const REGISTRY_OPERATOR_AVS_SEED: &[u8] = b"operator_avs";
