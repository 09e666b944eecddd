//! Account types owned by the example AVS, one file each.
pub mod avs_config;
pub mod equivocation;

pub use avs_config::*;
pub use equivocation::*;

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
