//! The events of a transaction, as `TestContext::send_with_events` returns them (the data of
//! every event-CPI of one program), decoded through `lrt_client::decode::event` into the
//! programs' own Borsh types.
use lrt_client::decode;

/// The one event of type `T` among `datas`; fails if there is none or more than one.
#[track_caller]
pub fn only<T: anchor_lang::Event + anchor_lang::AnchorDeserialize>(datas: &[Vec<u8>]) -> T {
    let mut found: Vec<T> = datas.iter().filter_map(|d| decode::event::<T>(d)).collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {}",
        std::any::type_name::<T>()
    );
    found.pop().unwrap()
}

/// The first event of type `T` among `datas`, if any.
pub fn find_event<T: anchor_lang::Event + anchor_lang::AnchorDeserialize>(
    datas: &[Vec<u8>],
) -> Option<T> {
    datas.iter().find_map(|d| decode::event::<T>(d))
}
