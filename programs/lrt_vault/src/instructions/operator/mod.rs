pub mod bond;
pub mod complete_unbond;
pub mod unbond;

pub use bond::*;
pub use complete_unbond::*;
pub use unbond::*;
