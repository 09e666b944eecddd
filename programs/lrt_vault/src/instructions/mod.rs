//! One instruction per file, grouped by the role that calls it.
pub mod admin;
pub mod crank;
pub mod curator;
pub mod depositor;
pub mod fee_admin;
pub mod operator;
pub mod rewards;
pub mod slashing;
pub mod treasury;

pub use admin::*;
pub use crank::*;
pub use curator::*;
pub use depositor::*;
pub use fee_admin::*;
pub use operator::*;
pub use rewards::*;
pub use slashing::*;
pub use treasury::*;
