//! The user-reachable actions the property test draws, and their strategies. Amounts are
//! drawn as parts of what the actor holds, so most draws are valid and some are not (a
//! claim too early, an unbond of more than is bonded, a fee above what the user accepts,
//! an execution in the veto window...): the model predicts the outcome either way.
use proptest::prelude::*;

/// Users of the world that act in the property test.
pub const USERS: usize = 3;
/// Vault A's assets: wSOL, the stake-pool LST, mSOL.
pub const ASSETS: usize = 3;

#[derive(Clone, Debug)]
pub enum Action {
    /// `user` deposits `permille` of its balance of `asset`; with `guard_short` the fee it
    /// accepts is one bp below the fee in force.
    Deposit {
        user: usize,
        asset: usize,
        permille: u16,
        guard_short: bool,
    },
    /// Someone sends tokens straight to a reserve.
    Donate {
        asset: usize,
        permille: u16,
    },
    /// The stake pool's rate and Marinade's price move; a new Solana epoch begins.
    PriceMove {
        pool_bps: i32,
        msol_bps: i32,
    },
    /// `user` asks to withdraw `permille` of its shares.
    Request {
        user: usize,
        permille: u16,
        guard_short: bool,
    },
    /// `user` claims every ticket it holds (mature and held ones are refused).
    Claim {
        user: usize,
    },
    /// The curator changes the operator's allocation by `delta_bps` of the vault.
    Allocate {
        delta_bps: i32,
    },
    /// The operator bonds, or starts unbonding, `permille` of its LRT / bond.
    Bond {
        permille: u16,
    },
    Unbond {
        permille: u16,
    },
    CompleteUnbond,
    /// `user` gives `permille` of its shares to the insurance fund.
    Insurance {
        user: usize,
        permille: u16,
    },
    /// `user` pays a reward of `permille` of its balance of `asset` for the operator.
    Reward {
        user: usize,
        asset: usize,
        permille: u16,
    },
    /// The operator announces a commission.
    Commission {
        bps: u16,
    },
    /// The fee admin sets the deposit and withdrawal fees, or the reward fee and cut.
    Fees {
        deposit_bps: u16,
        withdrawal_bps: u16,
    },
    RewardFee {
        bps: u16,
        cut_bps: u16,
    },
    /// The AVS requests a slash of `wad_bps` of the operator's stake.
    RequestSlash {
        wad_bps: u16,
    },
    /// The veto authority vetoes, anyone executes, the registry admin cancels, anyone
    /// sweeps: request number `pick` (modulo the requests made).
    Veto {
        pick: usize,
    },
    Execute {
        pick: usize,
    },
    Cancel {
        pick: usize,
    },
    Sweep {
        pick: usize,
    },
    /// The pauser pauses or the admin unpauses the protocol.
    Pause {
        on: bool,
    },
    /// Time passes.
    Advance {
        slots: u64,
    },
}

pub fn action() -> impl Strategy<Value = Action> {
    let user = 0..USERS;
    let asset = 0..ASSETS;
    let part = 1u16..=1_000;
    prop_oneof![
        8 => (user.clone(), asset.clone(), part.clone(), prop::bool::weighted(0.05)).prop_map(
            |(user, asset, permille, guard_short)| Action::Deposit { user, asset, permille, guard_short }
        ),
        1 => (asset.clone(), 1u16..=20).prop_map(|(asset, permille)| Action::Donate { asset, permille }),
        2 => (-50i32..=150, -20i32..=120).prop_map(|(pool_bps, msol_bps)| Action::PriceMove { pool_bps, msol_bps }),
        5 => (user.clone(), part.clone(), prop::bool::weighted(0.05)).prop_map(
            |(user, permille, guard_short)| Action::Request { user, permille, guard_short }
        ),
        4 => user.clone().prop_map(|user| Action::Claim { user }),
        2 => (-4_000i32..=6_000).prop_map(|delta_bps| Action::Allocate { delta_bps }),
        1 => part.clone().prop_map(|permille| Action::Bond { permille }),
        1 => part.clone().prop_map(|permille| Action::Unbond { permille }),
        1 => Just(Action::CompleteUnbond),
        1 => (user.clone(), 1u16..=200).prop_map(|(user, permille)| Action::Insurance { user, permille }),
        2 => (user.clone(), asset.clone(), 1u16..=50).prop_map(
            |(user, asset, permille)| Action::Reward { user, asset, permille }
        ),
        1 => (0u16..=10_000).prop_map(|bps| Action::Commission { bps }),
        1 => (0u16..=1_000, 0u16..=1_000).prop_map(
            |(deposit_bps, withdrawal_bps)| Action::Fees { deposit_bps, withdrawal_bps }
        ),
        1 => (0u16..=3_000, 0u16..=10_000).prop_map(|(bps, cut_bps)| Action::RewardFee { bps, cut_bps }),
        2 => (1u16..=10_000).prop_map(|wad_bps| Action::RequestSlash { wad_bps }),
        1 => any::<usize>().prop_map(|pick| Action::Veto { pick }),
        3 => any::<usize>().prop_map(|pick| Action::Execute { pick }),
        1 => any::<usize>().prop_map(|pick| Action::Cancel { pick }),
        1 => any::<usize>().prop_map(|pick| Action::Sweep { pick }),
        1 => any::<bool>().prop_map(|on| Action::Pause { on }),
        5 => prop_oneof![1u64..=30, 30u64..=120, 100u64..=260].prop_map(|slots| Action::Advance { slots }),
    ]
}
