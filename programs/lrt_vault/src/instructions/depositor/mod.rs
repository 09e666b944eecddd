pub mod claim;
pub mod deposit;
pub mod fund_insurance;
pub mod request_withdrawal;

pub use claim::*;
pub use deposit::*;
pub use fund_insurance::*;
pub use request_withdrawal::*;
