pub mod opt_in_avs;
pub mod opt_out_avs;
pub mod register_operator;
pub mod update_operator;

pub use opt_in_avs::*;
pub use opt_out_avs::*;
pub use register_operator::*;
pub use update_operator::*;
