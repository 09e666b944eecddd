//! A big-endian cursor over borrowed bytes that reports where the input ran out.
use crate::{Part, XchainError};

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    part: Part,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], part: Part) -> Self {
        Self {
            bytes,
            pos: 0,
            part,
        }
    }

    /// Name the part the next reads belong to (for [`XchainError::Truncated`]).
    pub(crate) fn enter(&mut self, part: Part) {
        self.part = part;
    }

    /// Bytes read so far.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The next `len` bytes.
    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], XchainError> {
        let end = self.pos.checked_add(len);
        match end.and_then(|end| self.bytes.get(self.pos..end).map(|s| (end, s))) {
            Some((end, taken)) => {
                self.pos = end;
                Ok(taken)
            }
            None => Err(XchainError::Truncated {
                part: self.part,
                needed: end.unwrap_or(usize::MAX),
                available: self.bytes.len(),
            }),
        }
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<&'a [u8; N], XchainError> {
        let taken = self.take(N)?;
        // `take(N)` returned exactly N bytes; the conversion cannot fail.
        <&[u8; N]>::try_from(taken).map_err(|_| XchainError::Truncated {
            part: self.part,
            needed: N,
            available: taken.len(),
        })
    }

    pub(crate) fn u8(&mut self) -> Result<u8, XchainError> {
        Ok(u8::from_be_bytes(*self.array()?))
    }

    pub(crate) fn u16(&mut self) -> Result<u16, XchainError> {
        Ok(u16::from_be_bytes(*self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, XchainError> {
        Ok(u32::from_be_bytes(*self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, XchainError> {
        Ok(u64::from_be_bytes(*self.array()?))
    }

    pub(crate) fn u128(&mut self) -> Result<u128, XchainError> {
        Ok(u128::from_be_bytes(*self.array()?))
    }

    /// Everything not read yet.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos = self.bytes.len();
        rest
    }
}

/// Appends big-endian fields to a buffer whose size is known in advance.
pub(crate) struct Writer<const N: usize> {
    buf: [u8; N],
    pos: usize,
}

impl<const N: usize> Writer<N> {
    pub(crate) fn new() -> Self {
        Self {
            buf: [0; N],
            pos: 0,
        }
    }

    /// Writes `bytes` at the cursor. Callers size `N` from the same layout constants as
    /// the fields they write (and tests check every encoder's length), so the write
    /// always fits; if it did not, the bytes would be dropped and `finish` would notice.
    pub(crate) fn put(&mut self, bytes: &[u8]) -> &mut Self {
        let end = self.pos.checked_add(bytes.len());
        match end.and_then(|end| self.buf.get_mut(self.pos..end).map(|dst| (end, dst))) {
            Some((end, dst)) => {
                dst.copy_from_slice(bytes);
                self.pos = end;
            }
            None => self.pos = usize::MAX,
        }
        self
    }

    /// The buffer, which every encoder fills exactly (`debug_assert`ed).
    pub(crate) fn finish(self) -> [u8; N] {
        debug_assert_eq!(self.pos, N, "encoder layout does not fill its buffer");
        self.buf
    }
}
