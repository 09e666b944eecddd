pub mod close_attestation;
pub mod close_vaa_buffer;
pub mod inbound;
pub mod post_vaa_chunk;
pub mod publish_stake_attestation;
pub mod submit_remote_reward;
pub mod submit_remote_slash;
pub mod verify_vaa;

pub use close_attestation::*;
pub use close_vaa_buffer::*;
pub use inbound::*;
pub use post_vaa_chunk::*;
pub use publish_stake_attestation::*;
pub use submit_remote_reward::*;
pub use submit_remote_slash::*;
pub use verify_vaa::*;
