pub mod set_fees;

pub use set_fees::*;
