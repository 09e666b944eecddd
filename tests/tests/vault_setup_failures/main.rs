//! Failure paths of vault setup and administration: `create_vault`, `add_asset`,
//! `refresh_prices`, `set_caps`, `set_vault_pause` and `set_fees`. Every failure test
//! asserts the exact error of the failing instruction and that no account changed; each
//! ends with a control showing the same call succeeds once the fault is removed.
#![allow(deprecated)] // see tests/src/lib.rs
mod add_asset;
mod create_vault;
mod refresh_prices;
mod roles;
mod world;

use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;

/// The Token-2022 mint extensions the vault refuses (program `asset_checks.rs`), each
/// built here with the real Token-2022 program's instructions.
const FORBIDDEN: [ExtensionType; 6] = [
    ExtensionType::TransferFeeConfig,
    ExtensionType::TransferHook,
    ExtensionType::PermanentDelegate,
    ExtensionType::NonTransferable,
    ExtensionType::ConfidentialTransferMint,
    ExtensionType::Pausable,
];
