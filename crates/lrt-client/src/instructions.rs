//! Instruction builders for every vault instruction. Each takes what a caller naturally
//! has (keys, the decoded vault) and fills in every derived account.
use anchor_lang::{
    prelude::{AccountMeta, Pubkey},
    system_program, InstructionData, ToAccountMetas,
};
use lrt_vault::{
    accounts as acc, instruction as ix,
    instructions::{
        AddAssetArgs, ApplySlashArgs, CreateVaultArgs, DepositArgs, DistributeRewardsArgs,
        InitializeConfigArgs, RequestWithdrawalArgs,
    },
    state::{SlashEscrow, Vault, WithdrawalBucket, WithdrawalTicket},
    ID,
};

use crate::{
    pda,
    token_programs::{TOKEN, TOKEN_2022},
    Instruction,
};

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// `program_data`: pass `Some` when the program is deployed with the upgradeable loader.
pub fn initialize_config(
    admin: Pubkey,
    program_data: Option<Pubkey>,
    args: InitializeConfigArgs,
) -> Instruction {
    build(
        acc::InitializeConfig {
            admin,
            config: pda::config(),
            program_data,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::InitializeConfig { args },
    )
}

pub fn transfer_admin(admin: Pubkey, new_admin: Pubkey) -> Instruction {
    build(
        acc::TransferAdmin {
            admin,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::TransferAdmin { new_admin },
    )
}

pub fn accept_admin(new_admin: Pubkey) -> Instruction {
    build(
        acc::AcceptAdmin {
            new_admin,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AcceptAdmin {},
    )
}

pub fn set_pauser(admin: Pubkey, new_pauser: Pubkey) -> Instruction {
    build(
        acc::SetPauser {
            admin,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetPauser { new_pauser },
    )
}

pub fn pause(authority: Pubkey) -> Instruction {
    build(
        acc::Pause {
            authority,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Pause {},
    )
}

pub fn unpause(admin: Pubkey) -> Instruction {
    build(
        acc::Unpause {
            admin,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Unpause {},
    )
}

/// Accounts of `create_vault` that a caller chooses; the rest are derived.
#[derive(Clone, Copy, Debug)]
pub struct CreateVaultKeys {
    pub creator: Pubkey,
    /// A fresh keypair's address; it must sign the transaction.
    pub lrt_mint: Pubkey,
    pub seed_mint: Pubkey,
    pub seed_token_program: Pubkey,
    pub creator_seed_account: Pubkey,
}

pub fn create_vault(keys: CreateVaultKeys, args: CreateVaultArgs) -> Instruction {
    let vault = pda::vault(&keys.lrt_mint);
    build(
        acc::CreateVault {
            creator: keys.creator,
            config: pda::config(),
            vault,
            lrt_mint: keys.lrt_mint,
            dead_shares: pda::dead_shares(&vault),
            seed_mint: keys.seed_mint,
            seed_reserve: pda::reserve(&vault, &keys.seed_mint),
            creator_seed_account: keys.creator_seed_account,
            pricing_account: args.seed_asset.pricing.pricing_account(),
            seed_token_program: keys.seed_token_program,
            lrt_token_program: TOKEN_2022,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::CreateVault { args },
    )
}

pub fn add_asset(
    curator: Pubkey,
    vault: Pubkey,
    asset_mint: Pubkey,
    asset_token_program: Pubkey,
    args: AddAssetArgs,
) -> Instruction {
    build(
        acc::AddAsset {
            curator,
            vault,
            asset_mint,
            reserve: pda::reserve(&vault, &asset_mint),
            pricing_account: args.pricing.pricing_account(),
            asset_token_program,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AddAsset { args },
    )
}

pub fn set_caps(curator: Pubkey, vault: Pubkey, asset_index: u8, deposit_cap: u64) -> Instruction {
    build(
        acc::SetCaps {
            curator,
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetCaps {
            asset_index,
            deposit_cap,
        },
    )
}

pub fn set_vault_pause(
    authority: Pubkey,
    vault: Pubkey,
    deposits_paused: bool,
    withdrawals_paused: bool,
) -> Instruction {
    build(
        acc::SetVaultPause {
            authority,
            config: pda::config(),
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetVaultPause {
            deposits_paused,
            withdrawals_paused,
        },
    )
}

pub fn set_fees(
    fee_admin: Pubkey,
    vault: Pubkey,
    deposit_fee_bps: u16,
    withdrawal_fee_bps: u16,
) -> Instruction {
    build(
        acc::SetFees {
            fee_admin,
            config: pda::config(),
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetFees {
            deposit_fee_bps,
            withdrawal_fee_bps,
        },
    )
}

/// Refreshes every asset's price; the pinned pricing accounts follow in asset order.
pub fn refresh_prices(vault_state: &Vault) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    let mut instruction = build(
        acc::RefreshPrices {
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::RefreshPrices {},
    );
    instruction.accounts.extend(
        vault_state
            .assets()
            .iter()
            .filter_map(|a| a.pricing.pricing_account())
            .map(|key| AccountMeta::new_readonly(key, false)),
    );
    instruction
}

/// Deposit `amount` of asset `asset_index` from the depositor's associated token
/// account; shares go to `recipient_lrt_account` (usually `pda::lrt_account(depositor)`).
pub fn deposit(
    vault_state: &Vault,
    depositor: Pubkey,
    depositor_asset_account: Pubkey,
    recipient_lrt_account: Pubkey,
    args: DepositArgs,
) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    // An unknown index still builds (with default keys) so the program can reject it.
    let slot = vault_state
        .assets
        .get(args.asset_index as usize)
        .copied()
        .unwrap_or_default();
    build(
        acc::Deposit {
            depositor,
            config: pda::config(),
            vault,
            lrt_mint: vault_state.lrt_mint,
            asset_mint: slot.mint,
            reserve: slot.reserve,
            depositor_asset_account,
            recipient_lrt_account,
            asset_token_program: slot.token_program,
            lrt_token_program: TOKEN_2022,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Deposit { args },
    )
}

pub fn request_withdrawal(
    vault_state: &Vault,
    owner: Pubkey,
    current_epoch: u64,
    args: RequestWithdrawalArgs,
) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    build(
        acc::RequestWithdrawal {
            owner,
            config: pda::config(),
            vault,
            lrt_mint: vault_state.lrt_mint,
            owner_lrt_account: pda::lrt_account(&owner, &vault_state.lrt_mint),
            bucket: pda::bucket(&vault, current_epoch + 1),
            ticket: pda::ticket(&vault, &owner, args.ticket_id),
            lrt_token_program: TOKEN_2022,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::RequestWithdrawal { args },
    )
}

/// Claims a matured ticket into the owner's associated token accounts. `bucket` is the
/// ticket's bucket as read from chain: the claim that empties it returns its rent to the
/// account that opened it.
pub fn claim(
    vault_state: &Vault,
    bucket: &WithdrawalBucket,
    ticket: &WithdrawalTicket,
) -> Instruction {
    claim_to(vault_state, bucket, ticket, |slot| {
        pda::associated_token_account(&ticket.owner, &slot.mint, &slot.token_program)
    })
}

/// Claims a matured ticket; `destination` names the owner's token account per asset.
pub fn claim_to(
    vault_state: &Vault,
    bucket: &WithdrawalBucket,
    ticket: &WithdrawalTicket,
    destination: impl Fn(&lrt_vault::state::AssetSlot) -> Pubkey,
) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    let mut instruction = build(
        acc::Claim {
            owner: ticket.owner,
            config: pda::config(),
            vault,
            ticket: pda::ticket(&vault, &ticket.owner, ticket.id),
            bucket: pda::bucket(&vault, ticket.bucket_epoch),
            token_program: TOKEN,
            token_2022_program: TOKEN_2022,
            bucket_rent_payer: bucket.rent_payer,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Claim {},
    );
    for (slot, amount) in vault_state.assets().iter().zip(ticket.unscaled_amounts) {
        if amount == 0 {
            continue;
        }
        instruction.accounts.extend([
            AccountMeta::new(slot.reserve, false),
            AccountMeta::new_readonly(slot.mint, false),
            AccountMeta::new(destination(slot), false),
        ]);
    }
    instruction
}

/// Anyone gives `shares` of their LRT to the vault's insurance fund.
pub fn fund_insurance(vault_state: &Vault, funder: Pubkey, shares: u64) -> Instruction {
    build(
        acc::FundInsurance {
            funder,
            vault: pda::vault(&vault_state.lrt_mint),
            lrt_mint: vault_state.lrt_mint,
            funder_lrt_account: pda::lrt_account(&funder, &vault_state.lrt_mint),
            lrt_token_program: TOKEN_2022,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::FundInsurance { shares },
    )
}

/// The curator admits `operator` (a registry `Operator` account).
pub fn whitelist_operator(
    curator: Pubkey,
    vault: Pubkey,
    operator: Pubkey,
    max_bps: u16,
) -> Instruction {
    build(
        acc::WhitelistOperator {
            curator,
            config: pda::config(),
            vault,
            operator,
            delegation: pda::delegation(&vault, &operator),
            bond: pda::bond(&vault, &operator),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::WhitelistOperator { max_bps },
    )
}

/// The curator allocates a further `allocation_wad` (WAD fraction of the vault) to
/// `operator`, counting from the next epoch.
pub fn delegate(
    curator: Pubkey,
    vault: Pubkey,
    operator: Pubkey,
    allocation_wad: u64,
) -> Instruction {
    build(
        acc::Delegate {
            curator,
            config: pda::config(),
            vault,
            delegation: pda::delegation(&vault, &operator),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Delegate { allocation_wad },
    )
}

/// The curator takes `allocation_wad` of `operator`'s allocation back (it stops counting
/// from the epoch after next).
pub fn undelegate(
    curator: Pubkey,
    vault: Pubkey,
    operator: Pubkey,
    allocation_wad: u64,
) -> Instruction {
    build(
        acc::Undelegate {
            curator,
            config: pda::config(),
            vault,
            delegation: pda::delegation(&vault, &operator),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Undelegate { allocation_wad },
    )
}

/// The curator sets `operator`'s concentration limit to `max_bps` of the vault.
pub fn set_concentration_limit(
    curator: Pubkey,
    vault: Pubkey,
    operator: Pubkey,
    max_bps: u16,
) -> Instruction {
    build(
        acc::SetConcentrationLimit {
            curator,
            config: pda::config(),
            vault,
            delegation: pda::delegation(&vault, &operator),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetConcentrationLimit { max_bps },
    )
}

/// The operator's `authority` bonds `shares` of its LRT in the vault.
pub fn bond(vault_state: &Vault, operator: Pubkey, authority: Pubkey, shares: u64) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    build(
        acc::Bond {
            authority,
            vault,
            lrt_mint: vault_state.lrt_mint,
            authority_lrt_account: pda::lrt_account(&authority, &vault_state.lrt_mint),
            bond: pda::bond(&vault, &operator),
            lrt_token_program: TOKEN_2022,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Bond { shares },
    )
}

/// The operator's `authority` starts unbonding `shares`.
pub fn unbond(vault: Pubkey, operator: Pubkey, authority: Pubkey, shares: u64) -> Instruction {
    build(
        acc::Unbond {
            authority,
            config: pda::config(),
            vault,
            bond: pda::bond(&vault, &operator),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::Unbond { shares },
    )
}

/// The operator's `authority` takes its unbonded shares back as LRT.
pub fn complete_unbond(vault_state: &Vault, operator: Pubkey, authority: Pubkey) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    build(
        acc::CompleteUnbond {
            authority,
            config: pda::config(),
            vault,
            lrt_mint: vault_state.lrt_mint,
            authority_lrt_account: pda::lrt_account(&authority, &vault_state.lrt_mint),
            bond: pda::bond(&vault, &operator),
            lrt_token_program: TOKEN_2022,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::CompleteUnbond {},
    )
}

/// `apply_slash` as the registry invokes it; `slasher` is `pda::slasher(registry)`.
/// (Only the registry's PDA can sign it; tests use this to show that nobody else can.)
pub fn apply_slash(
    slasher: Pubkey,
    payer: Pubkey,
    vault: Pubkey,
    args: ApplySlashArgs,
) -> Instruction {
    build(
        acc::ApplySlash {
            slasher,
            payer,
            config: pda::config(),
            vault,
            delegation: pda::delegation(&vault, &args.operator),
            bond: pda::bond(&vault, &args.operator),
            bucket_next: pda::bucket(&vault, args.capture_epoch + 1),
            bucket_after: pda::bucket(&vault, args.capture_epoch + 2),
            escrow: pda::escrow(&vault, &args.request),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::ApplySlash { args },
    )
}

/// Anyone sweeps asset `asset_index` of a resolved slash escrow: burnt, or to the payee's
/// associated token account (the recipient's; for a burn of wSOL, the incinerator's,
/// which the caller may create first with an idempotent ATA instruction).
pub fn sweep_escrow(vault_state: &Vault, escrow: &SlashEscrow, asset_index: u8) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    let slot = &vault_state.assets[asset_index as usize];
    let recipient_token_account = escrow
        .destination
        .payee(&slot.mint)
        .map(|owner| pda::associated_token_account(&owner, &slot.mint, &slot.token_program));
    build(
        acc::SweepEscrow {
            vault,
            escrow: pda::escrow(&vault, &escrow.request),
            reserve: slot.reserve,
            asset_mint: slot.mint,
            recipient_token_account,
            token_program: slot.token_program,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SweepEscrow { asset_index },
    )
}

/// The fee admin sets the vault's fee on rewards and the insurance fund's cut of it.
pub fn set_reward_fees(
    fee_admin: Pubkey,
    vault: Pubkey,
    reward_fee_bps: u16,
    insurance_cut_bps: u16,
) -> Instruction {
    build(
        acc::SetRewardFees {
            fee_admin,
            config: pda::config(),
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetRewardFees {
            reward_fee_bps,
            insurance_cut_bps,
        },
    )
}

/// Keys of a reward payment that the vault state does not hold.
pub struct RewardKeys {
    pub payer: Pubkey,
    pub payer_token_account: Pubkey,
    /// The registry `Operator` account.
    pub operator: Pubkey,
    /// Token account of the asset owned by the operator's authority (the commission).
    pub operator_token_account: Pubkey,
}

/// `payer` pays a reward of `args.amount` of asset `args.asset_index` for the vault's
/// stake with `keys.operator`.
pub fn distribute_rewards(
    vault_state: &Vault,
    keys: RewardKeys,
    args: DistributeRewardsArgs,
) -> Instruction {
    let vault = pda::vault(&vault_state.lrt_mint);
    let slot = &vault_state.assets[args.asset_index as usize];
    build(
        acc::DistributeRewards {
            payer: keys.payer,
            config: pda::config(),
            vault,
            delegation: pda::delegation(&vault, &keys.operator),
            operator: keys.operator,
            reserve: slot.reserve,
            asset_mint: slot.mint,
            payer_token_account: keys.payer_token_account,
            operator_token_account: keys.operator_token_account,
            lrt_mint: vault_state.lrt_mint,
            asset_token_program: slot.token_program,
            lrt_token_program: TOKEN_2022,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::DistributeRewards { args },
    )
}

/// Anyone credits the rewards vested so far to `vault`'s active pool.
pub fn vest_rewards(vault: Pubkey) -> Instruction {
    build(
        acc::VestRewards {
            config: pda::config(),
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::VestRewards {},
    )
}

/// The admin proposes `new_treasury`; it takes over with [`accept_treasury`].
pub fn set_treasury(admin: Pubkey, new_treasury: Pubkey) -> Instruction {
    build(
        acc::SetTreasury {
            admin,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetTreasury { new_treasury },
    )
}

/// The proposed treasury accepts.
pub fn accept_treasury(new_treasury: Pubkey) -> Instruction {
    build(
        acc::AcceptTreasury {
            new_treasury,
            config: pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AcceptTreasury {},
    )
}

/// The treasury turns the vault's treasury ledger into LRT, paid into `destination` (any
/// LRT account of the vault's mint, usually `pda::lrt_account(treasury)`).
pub fn claim_treasury_fees(
    vault_state: &Vault,
    treasury: Pubkey,
    destination: Pubkey,
) -> Instruction {
    build(
        acc::ClaimTreasuryFees {
            treasury,
            config: pda::config(),
            vault: pda::vault(&vault_state.lrt_mint),
            lrt_mint: vault_state.lrt_mint,
            destination,
            lrt_token_program: TOKEN_2022,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::ClaimTreasuryFees {},
    )
}

/// The curator proposes `new_curator` for `vault`; it takes over with [`accept_curator`].
pub fn transfer_curator(curator: Pubkey, vault: Pubkey, new_curator: Pubkey) -> Instruction {
    build(
        acc::TransferCurator {
            curator,
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::TransferCurator { new_curator },
    )
}

/// The proposed curator accepts `vault`.
pub fn accept_curator(new_curator: Pubkey, vault: Pubkey) -> Instruction {
    build(
        acc::AcceptCurator {
            new_curator,
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AcceptCurator {},
    )
}

/// The fee admin proposes `new_fee_admin` for `vault`; it takes over with
/// [`accept_fee_admin`].
pub fn transfer_fee_admin(fee_admin: Pubkey, vault: Pubkey, new_fee_admin: Pubkey) -> Instruction {
    build(
        acc::TransferFeeAdmin {
            fee_admin,
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::TransferFeeAdmin { new_fee_admin },
    )
}

/// The proposed fee admin accepts `vault`.
pub fn accept_fee_admin(new_fee_admin: Pubkey, vault: Pubkey) -> Instruction {
    build(
        acc::AcceptFeeAdmin {
            new_fee_admin,
            vault,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AcceptFeeAdmin {},
    )
}
