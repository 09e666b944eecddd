//! Which mints a vault may hold. A Token-2022 mint whose extensions let a third party
//! change balances, block transfers or hide amounts would break the vault's books, and a
//! mint with a freeze authority could freeze a reserve and with it every claim that pays
//! in that asset. (No LST mint in the mainnet fixtures has a freeze authority.)
use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::{
    extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions},
    state::Mint as MintState,
};

use crate::errors::VaultError;

/// Mint extensions that make an asset unsafe to hold: fees or hooks change what arrives,
/// a permanent delegate can take reserves, non-transferable or pausable mints can trap
/// them, and confidential transfers hide amounts.
pub const FORBIDDEN_MINT_EXTENSIONS: [ExtensionType; 6] = [
    ExtensionType::TransferFeeConfig,
    ExtensionType::TransferHook,
    ExtensionType::PermanentDelegate,
    ExtensionType::NonTransferable,
    ExtensionType::ConfidentialTransferMint,
    ExtensionType::Pausable,
];

/// Fails with `MintHasFreezeAuthority` if anyone can freeze the asset's accounts, and with
/// `UnsupportedMintExtension` if a Token-2022 mint carries a forbidden extension. The
/// base mint layout is the same for both token programs.
pub fn check_asset_mint(mint: &AccountInfo) -> Result<()> {
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data)?;
    require!(
        state.base.freeze_authority.is_none(),
        VaultError::MintHasFreezeAuthority
    );
    if *mint.owner != anchor_spl::token_2022::ID {
        return Ok(());
    }
    let forbidden = state
        .get_extension_types()?
        .iter()
        .any(|ext| FORBIDDEN_MINT_EXTENSIONS.contains(ext));
    require!(!forbidden, VaultError::UnsupportedMintExtension);
    Ok(())
}

/// Builds the slot for a new asset: checks the mint's extensions and reads its first
/// price through the pinned pricing account, so a vault never holds an unpriceable asset.
#[allow(clippy::too_many_arguments)] // one call per field of the slot, each named
pub fn new_asset_slot(
    mint: &AccountInfo,
    decimals: u8,
    reserve: Pubkey,
    token_program: Pubkey,
    pricing: crate::state::PricingSource,
    pricing_account: Option<&AccountInfo>,
    deposit_cap: u64,
    solana_epoch: u64,
) -> Result<crate::state::AssetSlot> {
    check_asset_mint(mint)?;
    let price_wad = crate::pricing::read_price(
        &pricing,
        mint.key,
        &token_program,
        pricing_account,
        solana_epoch,
    )?;
    Ok(crate::state::AssetSlot {
        mint: *mint.key,
        reserve,
        token_program,
        pricing,
        decimals,
        price_wad,
        price_epoch: solana_epoch,
        active_amount: 0,
        queued_amount: 0,
        escrowed_amount: 0,
        rewards: crate::state::RewardVesting::default(),
        deposit_cap,
    })
}
