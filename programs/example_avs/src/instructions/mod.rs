//! One instruction per file: the AVS admin's setup and reward payments, and anyone's
//! equivocation report.
pub mod initialize;
pub mod pay_reward;
pub mod report_equivocation;
pub mod set_slash_wad;

pub use initialize::*;
pub use pay_reward::*;
pub use report_equivocation::*;
pub use set_slash_wad::*;
