//! `apply_slash` accepts the registry's `["slasher"]` PDA and nothing else (DESIGN.md
//! section 7, invariant 6): not a program that signs with its own `["slasher"]` PDA, not
//! one that forwards someone else's registry accounts.
use anchor_lang::{
    prelude::{AccountInfo, AccountMeta, Pubkey},
    solana_program::{entrypoint::ProgramResult, instruction::Instruction, program::invoke_signed},
};
use lrt_client::{
    instructions as build, pda,
    state::{SlashDestination, Vault},
};
use lrt_integration_tests::{slashing_world::*, *};
use lrt_vault::{errors::VaultError, instructions::ApplySlashArgs};
use solana_program_test::processor;
use solana_signer::Signer;

/// A hostile program: forwards the `apply_slash` it is given to the vault, signing as its
/// own `["slasher"]` PDA (the same seeds the registry uses, under another program id).
fn forwarder(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let (slasher, bump) = Pubkey::find_program_address(&[b"slasher"], program_id);
    let metas = accounts[1..]
        .iter()
        .map(|a| AccountMeta {
            pubkey: *a.key,
            is_signer: a.is_signer || *a.key == slasher,
            is_writable: a.is_writable,
        })
        .collect();
    let ix = Instruction {
        program_id: lrt_vault::ID,
        accounts: metas,
        data: data.to_vec(),
    };
    invoke_signed(&ix, accounts, &[&[b"slasher", &[bump]]])
}

#[tokio::test]
async fn another_program_signing_with_its_own_slasher_pda_is_refused() {
    let attacker = Pubkey::new_unique();
    let mut w = World::new_with(|pt| {
        pt.add_program("forwarder", attacker, processor!(forwarder));
    })
    .await;
    let carol = w.users[2].key.insecure_clone();
    let (carol_wsol, vault_a) = (w.users[2].wsol, w.vault_a);
    w.deposit_from(&carol, carol_wsol, vault_a, 0, 6 * SOL)
        .await;
    w.deposit_from(&carol, carol_wsol, w.vault_b, 0, 3 * SOL)
        .await;
    w.delegate_and_enter_capture_epoch().await;
    let capture = w.epoch().await;
    let before: Vault = w.vault(vault_a).await;

    let fake_slasher = Pubkey::find_program_address(&[b"slasher"], &attacker).0;
    let payer = w.t.payer();
    let args = ApplySlashArgs {
        request: Pubkey::new_unique(),
        operator: w.operator,
        capture_epoch: capture,
        loss_lamports: 4 * SOL,
        destination: SlashDestination::Recipient {
            owner: payer.pubkey(),
        },
        resolve_after_slot: 0,
    };
    let mut inner = build::apply_slash(fake_slasher, payer.pubkey(), vault_a, args);
    inner.accounts[0].is_signer = false; // the forwarder signs for it by invoke_signed
    let mut accounts = vec![AccountMeta::new_readonly(lrt_vault::ID, false)];
    accounts.extend(inner.accounts.iter().cloned());
    let call = Instruction {
        program_id: attacker,
        accounts,
        data: inner.data.clone(),
    };
    let refresh = build::refresh_prices(&before);
    assert_program_error(
        w.t.send(&[refresh, call], &[]).await,
        1,
        vault_error(VaultError::NotSlasher),
    );
    let after: Vault = w.vault(vault_a).await;
    assert_eq!(after.share_supply, before.share_supply);
    assert_eq!(
        after.assets[0].active_amount,
        before.assets[0].active_amount
    );
    assert!(w
        .t
        .account(pda::escrow(&vault_a, &args.request))
        .await
        .is_none());
}
