pub mod claim;
pub mod deposit;
pub mod request_withdrawal;

pub use claim::*;
pub use deposit::*;
pub use request_withdrawal::*;
