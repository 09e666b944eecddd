//! A parameter with notice as commands show it: the value in force now and, while a
//! change is announced, the value announced last and the first epoch it applies in.
//!
//! Every such parameter is stored as (value in force, next value, effective epoch) and read
//! through one method of its state type (`FeeSchedule::at`, `Operator::commission_at`,
//! `RegistryConfig::params_at`, `Avs::kind_at`, ...). This module calls that method and
//! nothing else: the value in force is `at(cur)`, the value announced last is
//! `at(u64::MAX)` (every announcement applies from some epoch), and a change is pending
//! exactly when the two differ.

/// What [`announced`] reads: the value in force and the pending change, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Announced<T> {
    /// In force during the current epoch.
    pub in_force: T,
    /// The value announced last and the first epoch it applies in, while it differs from
    /// the one in force.
    pub next: Option<(T, u64)>,
}

impl<T> Announced<T> {
    /// The epoch the pending change applies from, if one is pending.
    pub fn next_from_epoch(&self) -> Option<u64> {
        self.next.as_ref().map(|(_, epoch)| *epoch)
    }

    /// Maps both values (into a view).
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Announced<U> {
        Announced {
            in_force: f(self.in_force),
            next: self.next.map(|(value, epoch)| (f(value), epoch)),
        }
    }
}

/// The value of a parameter in force during `cur` and its pending change: `at` is the
/// state type's `*_at(epoch)` method, `effective_epoch` the epoch it stores for the next
/// value.
pub fn announced<T: PartialEq>(
    at: impl Fn(u64) -> T,
    effective_epoch: u64,
    cur: u64,
) -> Announced<T> {
    let in_force = at(cur);
    let last = at(u64::MAX);
    Announced {
        next: (last != in_force).then_some((last, effective_epoch)),
        in_force,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_pending_until_it_applies() {
        // announced during 7: from 9 (the program's own rule)
        let at =
            |e: u64| restaking_math::in_force(10u16, 20, restaking_math::effective_epoch(7), e);
        assert_eq!(
            announced(at, 9, 7),
            Announced {
                in_force: 10,
                next: Some((20, 9))
            }
        );
        assert_eq!(announced(at, 9, 8).next_from_epoch(), Some(9));
        assert_eq!(
            announced(at, 9, 9),
            Announced {
                in_force: 20,
                next: None
            }
        );
        // nothing announced (next == current)
        let same = |e: u64| restaking_math::in_force(10u16, 10, 0, e);
        assert_eq!(announced(same, 0, 3).next, None);
    }
}
