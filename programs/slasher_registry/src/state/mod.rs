//! Account types owned by the registry program, one file each.
pub mod avs;
pub mod cross_chain;
pub mod operator;
pub mod operator_avs;
pub mod opt_in;
pub mod registry_config;
pub mod remote_emitter;
pub mod slash_execution;
pub mod slash_request;
pub mod vault_avs;
pub mod vault_epoch_slash;

pub use avs::*;
pub use cross_chain::*;
pub use operator::*;
pub use operator_avs::*;
pub use opt_in::*;
pub use registry_config::*;
pub use remote_emitter::*;
pub use slash_execution::*;
pub use slash_request::*;
pub use vault_avs::*;
pub use vault_epoch_slash::*;

#[cfg(test)]
pub(crate) mod test_util {
    use anchor_lang::{AccountSerialize, Discriminator};

    /// Serialized size of `value`, discriminator included.
    pub fn serialized_len<T: AccountSerialize + Discriminator>(value: &T) -> usize {
        let mut bytes = Vec::new();
        value.try_serialize(&mut bytes).unwrap();
        bytes.len()
    }
}
