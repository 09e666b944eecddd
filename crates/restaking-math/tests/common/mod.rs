//! Test-only reference arithmetic, independent of the crate: an arbitrary-size unsigned
//! integer in base 2^32 with schoolbook multiplication, addition and comparison, enough to
//! check `q * d <= a * b < (q + 1) * d` and to compare prices by cross-multiplication.
#![allow(dead_code)]

use std::cmp::Ordering;

/// Little-endian base-2^32 digits, no trailing zero digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Big(Vec<u32>);

impl Big {
    pub fn from_u128(mut x: u128) -> Big {
        let mut digits = Vec::new();
        while x > 0 {
            digits.push((x & 0xffff_ffff) as u32);
            x >>= 32;
        }
        Big(digits)
    }

    pub fn mul(&self, other: &Big) -> Big {
        let mut out = vec![0u64; self.0.len() + other.0.len() + 1];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in other.0.iter().enumerate() {
                let t = out[i + j] + u64::from(a) * u64::from(b) + carry;
                out[i + j] = t & 0xffff_ffff;
                carry = t >> 32;
            }
            let mut k = i + other.0.len();
            while carry > 0 {
                let t = out[k] + carry;
                out[k] = t & 0xffff_ffff;
                carry = t >> 32;
                k += 1;
            }
        }
        Big::normalized(out.into_iter().map(|d| d as u32).collect())
    }

    pub fn add(&self, other: &Big) -> Big {
        let n = self.0.len().max(other.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let t = u64::from(*self.0.get(i).unwrap_or(&0))
                + u64::from(*other.0.get(i).unwrap_or(&0))
                + carry;
            out.push(t as u32);
            carry = t >> 32;
        }
        out.push(carry as u32);
        Big::normalized(out)
    }

    fn normalized(mut digits: Vec<u32>) -> Big {
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Big(digits)
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

pub fn big(x: u128) -> Big {
    Big::from_u128(x)
}

/// `a * b` exactly.
pub fn prod(a: u128, b: u128) -> Big {
    big(a).mul(&big(b))
}

/// 2^128 as a `Big`.
pub fn two_pow_128() -> Big {
    prod(1 << 64, 1 << 64)
}

#[test]
fn reference_bignum_agrees_with_u128_where_it_can() {
    assert_eq!(prod(0xffff_ffff, 0xffff_ffff), big(0xffff_fffe_0000_0001));
    assert_eq!(big(u128::MAX).add(&big(1)), two_pow_128());
    assert!(prod(u128::MAX, u128::MAX) < two_pow_128().mul(&two_pow_128()));
    assert!(big(5) > big(4));
    assert!(big(1 << 64) > big(u64::MAX.into()));
}
