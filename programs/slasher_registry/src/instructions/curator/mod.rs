pub mod vault_opt_in_avs;
pub mod vault_opt_out_avs;

pub use vault_opt_in_avs::*;
pub use vault_opt_out_avs::*;
