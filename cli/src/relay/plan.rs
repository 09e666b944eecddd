//! The transactions of a relay: the VAA's chunks, each as large as fits one transaction,
//! then the last chunk, the verification and the submission packed into as few as fit;
//! resumed where a run before left the buffer.
use anchor_lang::prelude::Pubkey;
use lrt_client::{registry, Instruction};
use slasher_registry::state::VaaBuffer;
use solana_transaction::Transaction;

/// A transaction's size limit (a packet's data).
pub const PACKET_DATA_SIZE: usize = 1_232;

/// What a run before left in the buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// No buffer.
    Fresh,
    /// Verified for this message's digest.
    Verified,
    /// Unverified, of this length, its first `n` bytes are this VAA's.
    Posted(usize),
    /// Another message (or verified for another digest): to close first.
    Other,
}

impl Resume {
    pub fn of(buffer: Option<&VaaBuffer>, vaa: &[u8], digest: &[u8; 32]) -> Resume {
        match buffer {
            None => Resume::Fresh,
            Some(b) if b.verified && b.digest == *digest => Resume::Verified,
            Some(b) if b.verified => Resume::Other,
            Some(b) if b.data.len() == vaa.len() => {
                let n = b.data.iter().zip(vaa).take_while(|(a, b)| a == b).count();
                Resume::Posted(n)
            }
            Some(_) => Resume::Other,
        }
    }

    /// Bytes already in place.
    pub fn posted(self, len: usize) -> usize {
        match self {
            Resume::Verified => len,
            Resume::Posted(n) => n,
            Resume::Fresh | Resume::Other => 0,
        }
    }
}

/// One transaction of the relay, named for what it carries.
pub struct Step {
    pub what: String,
    pub ixs: Vec<Instruction>,
    pub chunk: Option<(usize, usize)>,
}

/// The transactions that carry `vaa[from..]` and then each named group of instructions in
/// order: chunks as large as fit a transaction alone, then the last chunk and the groups
/// packed into as few transactions as fit.
pub fn plan(
    payer: &Pubkey,
    nonce: u32,
    vaa: &[u8],
    from: usize,
    groups: Vec<(String, Vec<Instruction>)>,
) -> Vec<Step> {
    let total = u32::try_from(vaa.len()).unwrap_or(u32::MAX);
    let chunk = |start: usize, end: usize| {
        registry::post_vaa_chunk(
            *payer,
            nonce,
            total,
            u32::try_from(start).unwrap_or(u32::MAX),
            vaa[start..end].to_vec(),
        )
    };
    // the chunks: each as large as fits alone
    let mut chunks = Vec::new();
    let mut offset = from;
    while offset < vaa.len() {
        let fits = (1..=vaa.len() - offset)
            .rev()
            .find(|&n| tx_len(&[chunk(offset, offset + n)], payer) <= PACKET_DATA_SIZE)
            .unwrap_or(1);
        chunks.push((offset, fits));
        offset += fits;
    }
    let count = chunks.len();
    let mut units: Vec<Step> = chunks
        .into_iter()
        .enumerate()
        .map(|(i, (offset, len))| Step {
            what: format!(
                "VAA chunk {}/{count} ({len} bytes at offset {offset})",
                i + 1
            ),
            ixs: vec![chunk(offset, offset + len)],
            chunk: Some((offset, len)),
        })
        .collect();
    units.extend(groups.into_iter().map(|(what, ixs)| Step {
        what,
        ixs,
        chunk: None,
    }));
    // packed greedily, in order
    let mut steps: Vec<Step> = Vec::new();
    for Step { what, ixs, chunk } in units {
        if let Some(last) = steps.last_mut() {
            let mut joined = last.ixs.clone();
            joined.extend(ixs.iter().cloned());
            if tx_len(&joined, payer) <= PACKET_DATA_SIZE {
                last.ixs = joined;
                last.what = format!("{}, {what}", last.what);
                last.chunk = last.chunk.or(chunk);
                continue;
            }
        }
        steps.push(Step { what, ixs, chunk });
    }
    steps
}

/// Bytes of a transaction of `ixs` paid and signed by `payer` alone: the signatures (a
/// one-byte count and 64 bytes each) and the message.
pub fn tx_len(ixs: &[Instruction], payer: &Pubkey) -> usize {
    let tx = Transaction::new_with_payer(ixs, Some(payer));
    1 + 64 * tx.signatures.len() + tx.message_data().len()
}

#[cfg(test)]
mod tests {
    use lrt_client::registry::RemoteMessage;
    use solana_compute_budget_interface::ComputeBudgetInstruction;

    use super::*;
    use crate::relay::nonce_of;

    fn vaa_of(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    fn groups(payer: Pubkey) -> Vec<(String, Vec<Instruction>)> {
        vec![
            (
                "verification".into(),
                vec![
                    ComputeBudgetInstruction::set_compute_unit_limit(475_000),
                    registry::verify_vaa(payer, 1, 0),
                ],
            ),
            (
                "remote slash submission".into(),
                vec![registry::submit_remote_slash(
                    payer,
                    1,
                    Pubkey::new_unique(),
                    0,
                    Pubkey::new_unique(),
                    RemoteMessage {
                        emitter_chain: 2,
                        emitter: [1; 32],
                        sequence: 1,
                    },
                    None,
                )],
            ),
        ]
    }

    #[test]
    fn a_13_signature_slash_request_goes_in_two_transactions() {
        let payer = Pubkey::new_unique();
        let vaa = vaa_of(1_034);
        let steps = plan(&payer, 1, &vaa, 0, groups(payer));
        assert_eq!(steps.len(), 2);
        for step in &steps {
            assert!(tx_len(&step.ixs, &payer) <= PACKET_DATA_SIZE);
        }
        let (first, rest) = (steps[0].chunk.unwrap(), steps[1].chunk.unwrap());
        assert_eq!((first.0, rest.0, first.1 + rest.1), (0, first.1, 1_034));
        assert_eq!(
            steps[1].what,
            format!(
                "VAA chunk 2/2 ({} bytes at offset {}), verification, remote slash submission",
                rest.1, first.1
            )
        );
        // one byte more would not fit
        let bigger = registry::post_vaa_chunk(payer, 1, 1_034, 0, vaa[..first.1 + 1].to_vec());
        assert!(tx_len(&[bigger], &payer) > PACKET_DATA_SIZE);
        // resumed after the first chunk: one transaction
        let resumed = plan(&payer, 1, &vaa, first.1, groups(payer));
        assert_eq!(resumed.len(), 1);
        assert_eq!(resumed[0].chunk, Some((first.1, rest.1)));
        // everything posted and verified: the submission alone
        let mut submit_only = groups(payer);
        submit_only.remove(0);
        let done = plan(&payer, 1, &vaa, 1_034, submit_only);
        assert_eq!((done.len(), done[0].chunk), (1, None));
        assert_eq!(done[0].what, "remote slash submission");
    }

    #[test]
    fn a_rerun_resumes_where_the_buffer_stands() {
        let vaa = vaa_of(10);
        let digest = [7; 32];
        let buffer = |data: Vec<u8>, verified: bool, digest: [u8; 32]| VaaBuffer {
            payer: Pubkey::default(),
            nonce: 0,
            verified,
            digest,
            guardian_set_index: 0,
            bump: 0,
            data,
        };
        assert_eq!(Resume::of(None, &vaa, &digest), Resume::Fresh);
        let mut half = vaa.clone();
        half[6..].fill(0);
        let b = buffer(half, false, [0; 32]);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Posted(6));
        let b = buffer(vaa.clone(), true, digest);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Verified);
        assert_eq!(Resume::Verified.posted(10), 10);
        let b = buffer(vaa.clone(), true, [8; 32]);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Other);
        let b = buffer(vec![0; 11], false, [0; 32]);
        assert_eq!(Resume::of(Some(&b), &vaa, &digest), Resume::Other);
        assert_eq!(
            nonce_of(&[
                1, 0, 0, 0, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0
            ]),
            1
        );
    }
}
