//! Token-2022 accounts built by the real Token-2022 program through its real instructions:
//! mints with the extensions a vault must refuse (or that a hostile mint carries), balances,
//! accounts requiring memos.
use anchor_lang::{prelude::Pubkey, solana_program::system_instruction};
use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token_2022::spl_token_2022::{
        extension::{
            confidential_transfer, memo_transfer, pausable, transfer_fee, transfer_hook,
            ExtensionType,
        },
        instruction as token_2022_ix,
        state::Mint as MintState,
    },
};
use lrt_client::{pda, token_programs::TOKEN_2022};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::TestContext;

/// A Token-2022 mint (9 decimals, no freeze authority, `authority` mints) with `extension`
/// initialised by the real program (`authority` holds every authority the extension
/// names; a transfer fee is 1%); `authority` pays for the account.
pub async fn mint(
    t: &mut TestContext,
    authority: &Keypair,
    extension: Option<ExtensionType>,
) -> Pubkey {
    let mint = Keypair::new();
    let key = mint.pubkey();
    let owner = authority.pubkey();
    let extensions: Vec<ExtensionType> = extension.into_iter().collect();
    let space = ExtensionType::try_calculate_account_len::<MintState>(&extensions).unwrap();
    let rent = t.ctx.banks_client.get_rent().await.unwrap();
    let mut ixs = vec![system_instruction::create_account(
        &owner,
        &key,
        rent.minimum_balance(space),
        space as u64,
        &TOKEN_2022,
    )];
    let t22 = &TOKEN_2022;
    ixs.extend(extension.map(|ext| {
        match ext {
            ExtensionType::TransferFeeConfig => {
                transfer_fee::instruction::initialize_transfer_fee_config(
                    t22,
                    &key,
                    Some(&owner),
                    Some(&owner),
                    100,
                    u64::MAX,
                )
            }
            ExtensionType::TransferHook => transfer_hook::instruction::initialize(
                t22,
                &key,
                Some(owner),
                Some(Pubkey::new_unique()),
            ),
            ExtensionType::PermanentDelegate => {
                token_2022_ix::initialize_permanent_delegate(t22, &key, &owner)
            }
            ExtensionType::NonTransferable => {
                token_2022_ix::initialize_non_transferable_mint(t22, &key)
            }
            ExtensionType::ConfidentialTransferMint => {
                confidential_transfer::instruction::initialize_mint(
                    t22,
                    &key,
                    Some(owner),
                    true,
                    None,
                )
            }
            ExtensionType::Pausable => pausable::instruction::initialize(t22, &key, &owner),
            ExtensionType::MintCloseAuthority => {
                token_2022_ix::initialize_mint_close_authority(t22, &key, Some(&owner))
            }
            other => panic!("no initialiser written for {other:?}"),
        }
        .unwrap()
    }));
    ixs.push(token_2022_ix::initialize_mint2(t22, &key, &owner, None, 9).unwrap());
    t.send(&ixs, &[authority, &mint]).await.unwrap();
    let account = t.account(key).await.unwrap();
    assert_eq!(account.owner, TOKEN_2022);
    assert_eq!(account.data.len(), space);
    key
}

/// Creates `owner`'s associated account of `mint` if missing (paid by `authority`, the
/// mint authority) and mints `amount` into it; returns the account.
pub async fn balance(
    t: &mut TestContext,
    mint: Pubkey,
    authority: &Keypair,
    owner: Pubkey,
    amount: u64,
) -> Pubkey {
    let account = pda::associated_token_account(&owner, &mint, &TOKEN_2022);
    let mut ixs = vec![create_associated_token_account_idempotent(
        &authority.pubkey(),
        &owner,
        &mint,
        &TOKEN_2022,
    )];
    if amount > 0 {
        ixs.push(
            token_2022_ix::mint_to(
                &TOKEN_2022,
                &mint,
                &account,
                &authority.pubkey(),
                &[],
                amount,
            )
            .unwrap(),
        );
    }
    t.send(&ixs, &[authority]).await.unwrap();
    account
}

/// `owner` makes its Token-2022 `account` require a memo on every incoming transfer (the
/// MemoTransfer extension, reallocated in; `owner` pays).
pub async fn require_memos(t: &mut TestContext, account: Pubkey, owner: &Keypair) {
    let ixs = [
        token_2022_ix::reallocate(
            &TOKEN_2022,
            &account,
            &owner.pubkey(),
            &owner.pubkey(),
            &[],
            &[ExtensionType::MemoTransfer],
        )
        .unwrap(),
        memo_transfer::instruction::enable_required_transfer_memos(
            &TOKEN_2022,
            &account,
            &owner.pubkey(),
            &[],
        )
        .unwrap(),
    ];
    t.send(&ixs, &[owner]).await.unwrap();
}
