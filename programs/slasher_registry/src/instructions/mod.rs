//! One instruction per file, grouped by the role that calls it.
pub mod admin;
pub mod avs;
pub mod crank;
pub mod curator;
pub mod operator;
pub mod relayer;
pub mod veto;

pub use admin::*;
pub use avs::*;
pub use crank::*;
pub use curator::*;
pub use operator::*;
pub use relayer::*;
pub use veto::*;
