//! Notice (DESIGN.md section 7, invariant 10): a parameter that applies to positions
//! already committed (a fee, a commission, a slashing parameter) changes only after one
//! full epoch of notice. A change announced during epoch `e` takes effect from `e + 2`:
//! the whole of `e + 1` lies between the announcement and the change, however late in `e`
//! it was made.

/// Epochs from the announcement's epoch to the first epoch the change applies in.
pub const NOTICE_EPOCHS: u64 = 2;

/// The first epoch in which a change announced during `announced_in` applies.
pub fn effective_epoch(announced_in: u64) -> u64 {
    announced_in.saturating_add(NOTICE_EPOCHS)
}

/// The value in force during `epoch`: `current` until `effective_epoch`, `next` from it.
pub fn in_force<T: Copy>(current: T, next: T, effective_epoch: u64, epoch: u64) -> T {
    if epoch >= effective_epoch {
        next
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_announced_in_the_last_slot_of_an_epoch_waits_a_whole_epoch() {
        let from = effective_epoch(7);
        assert_eq!(from, 9);
        assert_eq!(in_force(10u16, 100, from, 7), 10);
        assert_eq!(
            in_force(10u16, 100, from, 8),
            10,
            "the full epoch of notice"
        );
        assert_eq!(in_force(10u16, 100, from, 9), 100);
        assert_eq!(effective_epoch(u64::MAX), u64::MAX);
    }
}
