//! PDA seeds and protocol-wide limits. Every seed the program or a client derives lives here.
use anchor_lang::prelude::*;

/// `["config"]`: the single protocol configuration.
pub const CONFIG_SEED: &[u8] = b"config";
/// `["vault", lrt_mint]`: a vault, keyed by its LRT mint.
pub const VAULT_SEED: &[u8] = b"vault";
/// `["reserve", vault, asset_mint]`: the vault-owned token account holding one asset.
pub const RESERVE_SEED: &[u8] = b"reserve";
/// `["dead_shares", vault]`: LRT account holding the seed deposit's shares, never spent.
pub const DEAD_SHARES_SEED: &[u8] = b"dead_shares";
/// `["bucket", vault, epoch_le]`: withdrawals maturing after restaking epoch `epoch`.
pub const BUCKET_SEED: &[u8] = b"bucket";
/// `["ticket", vault, owner, id_le]`: one withdrawal request.
pub const TICKET_SEED: &[u8] = b"ticket";
/// `["delegation", vault, operator]`: the vault's stake with one operator.
pub const DELEGATION_SEED: &[u8] = b"delegation";
/// `["bond", vault, operator]`: an operator's first-loss shares in one vault.
pub const BOND_SEED: &[u8] = b"bond";
/// `["escrow", vault, request]`: what one slash request took from one vault.
pub const ESCROW_SEED: &[u8] = b"escrow";
/// The incinerator: an address no one can sign for. Slashed wSOL "burnt" is sent to its
/// associated token account, because SPL Token cannot burn native (wrapped SOL) tokens.
pub const INCINERATOR: Pubkey = pubkey!("1nc1nerator11111111111111111111111111111111");
/// `["slasher"]` of the registry program: the only signer `apply_slash` accepts.
pub const SLASHER_SEED: &[u8] = b"slasher";
/// Anchor discriminator of the registry's `Operator` account (`sha256("account:Operator")`),
/// so the vault can recognise one without depending on the registry crate.
pub const REGISTRY_OPERATOR_DISCRIMINATOR: [u8; 8] = [219, 31, 188, 145, 69, 139, 204, 117];

/// Most assets a vault holds; assets live inline in the vault account.
pub const MAX_ASSETS: usize = 8;
/// LRT decimals: at the seed deposit one share base unit is worth one lamport.
pub const LRT_DECIMALS: u8 = 9;
/// Smallest seed deposit, in share base units (0.001 SOL of value): the dead shares that
/// keep the share supply from ever returning to zero.
pub const MIN_SEED_SHARES: u64 = 1_000_000;
/// Hard ceiling on the fee caps an admin may configure (10%).
pub const MAX_FEE_CAP_BPS: u16 = 1_000;
/// Hard ceiling on a vault's fee on rewards (30%).
pub const MAX_REWARD_FEE_BPS: u16 = 3_000;
/// Restaking epoch length used when none is given (one Solana epoch of slots).
pub const DEFAULT_EPOCH_LENGTH: u64 = 432_000;

pub const MAX_NAME_LEN: usize = 32;
pub const MAX_SYMBOL_LEN: usize = 10;
pub const MAX_URI_LEN: usize = 200;

/// Stake-pool program deployments whose `StakePool` accounts may price an asset: the
/// official SPL deployment and Sanctum's two deployments (same account layout).
pub const ALLOWED_STAKE_POOL_PROGRAMS: [Pubkey; 3] = [
    pubkey!("SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy"),
    pubkey!("SP12tWFxD9oJsVWNavTTBZvMbA6gkAmxtVgxdqvyvhY"),
    pubkey!("SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn"),
];
/// Marinade liquid staking program: owner of the `State` account that prices mSOL.
pub const MARINADE_PROGRAM: Pubkey = pubkey!("MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD");
/// Wrapped SOL (classic SPL Token native mint): priced at one lamport per raw unit.
pub const WSOL_MINT: Pubkey = pubkey!("So11111111111111111111111111111111111111112");
