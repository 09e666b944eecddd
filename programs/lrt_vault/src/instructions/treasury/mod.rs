pub mod claim_treasury_fees;

pub use claim_treasury_fees::*;
