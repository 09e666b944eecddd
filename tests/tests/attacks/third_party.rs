//! Accounts a third party controls cannot block a flow (DESIGN.md section 8: no user flow
//! sends tokens to an account a third party controls at the moment of the flow). The
//! treasury, a slash recipient and an operator make their accounts require memos
//! (Token-2022's MemoTransfer, set by the real program), freeze them or close them: no
//! deposit, withdrawal request or claim notices. Where the third party's own payout goes
//! to such an account (a treasury claim, a sweep, a commission), that payout fails alone,
//! nothing else changes, slashed tokens stay escrowed, and the payer can always pay into
//! another account of the same owner instead.
//!
//! No account of a vault asset or of an LRT can really be frozen: asset mints with a freeze
//! authority are refused, wSOL has none and the LRT is minted without one (checked below),
//! so the frozen accounts here are written directly into the bank: the defence must not
//! depend on that.
use anchor_lang::{prelude::Pubkey, solana_program::system_instruction};
use anchor_spl::{
    associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent,
    token::spl_token,
    token_2022::spl_token_2022::{
        self,
        error::TokenError,
        extension::StateWithExtensions,
        state::{Account as Token2022Account, Mint as Token2022Mint},
    },
};
use lrt_client::{
    instructions as build,
    state::{PricingSource, SlashDestination, Vault},
    token_programs::{TOKEN, TOKEN_2022},
};
use lrt_integration_tests::{
    governance_world::{self, bps_ceil},
    slashing_world::*,
    token_2022, *,
};
use lrt_vault::{
    constants::{MARINADE_PROGRAM, WSOL_MINT},
    instructions::{AddAssetArgs, DistributeRewardsArgs},
};
use restaking_math::{encode_marinade_state, MarinadeReading};
use solana_signer::Signer;

use crate::*;

/// Writes `account`'s token state as Frozen (offset 108 of the base layout, shared by
/// both token programs).
async fn freeze(t: &mut TestContext, account: Pubkey) {
    let mut raw = t.account(account).await.unwrap();
    raw.data[108] = spl_token::state::AccountState::Frozen as u8;
    put(t, account, raw);
}

/// Writes `account`'s token state back as Initialized.
async fn thaw(t: &mut TestContext, account: Pubkey) {
    let mut raw = t.account(account).await.unwrap();
    raw.data[108] = spl_token::state::AccountState::Initialized as u8;
    put(t, account, raw);
}

/// The mint at `key` has no freeze authority (either token program).
async fn assert_unfreezable(t: &mut TestContext, key: Pubkey) {
    let data = t.account(key).await.unwrap().data;
    let mint = StateWithExtensions::<Token2022Mint>::unpack(&data).unwrap();
    assert!(
        mint.base.freeze_authority.is_none(),
        "{key} has a freeze authority"
    );
}

/// A Token-2022 account of `mint` for `owner` at a fresh keypair address (not the
/// associated one), created and initialised by `payer`.
async fn extra_t22_account(
    t: &mut TestContext,
    payer: &Keypair,
    mint: Pubkey,
    owner: Pubkey,
) -> Pubkey {
    let account = Keypair::new();
    let space = spl_token_2022::extension::ExtensionType::try_calculate_account_len::<
        Token2022Account,
    >(&[])
    .unwrap();
    let rent = t.ctx.banks_client.get_rent().await.unwrap();
    let ixs = [
        system_instruction::create_account(
            &payer.pubkey(),
            &account.pubkey(),
            rent.minimum_balance(space),
            space as u64,
            &TOKEN_2022,
        ),
        spl_token_2022::instruction::initialize_account3(
            &TOKEN_2022,
            &account.pubkey(),
            &mint,
            &owner,
        )
        .unwrap(),
    ];
    t.send(&ixs, &[payer, &account]).await.unwrap();
    account.pubkey()
}

#[tokio::test]
async fn third_party_treasury_accounts_block_nothing() {
    // Covered in depth for the memo case by governance::treasury. With a 1% deposit fee
    // and a 10% withdrawal fee in force, the treasury's LRT accounts are one requiring
    // memos, one frozen and one closed: deposits, requests and claims pay their fees into
    // the vault's treasury ledger all the same.
    let mut e = governance_world::World::new().await;
    let (alice, bob, treasury) = (
        e.alice.insecure_clone(),
        e.bob.insecure_clone(),
        e.treasury.insecure_clone(),
    );
    let (alice_wsol, bob_wsol, vault, lrt_mint) =
        (e.alice_wsol, e.bob_wsol, e.vault_key, e.lrt_mint);
    assert_unfreezable(&mut e.t, lrt_mint).await;
    assert_unfreezable(&mut e.t, WSOL_MINT).await;
    e.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    let c = e.epoch().await;
    request(&mut e.t, vault, &alice, SOL, 1).await.unwrap();
    e.set_fees(100, 1_000).await;

    let memo = e.t.create_lrt_account(&treasury, lrt_mint).await;
    token_2022::require_memos(&mut e.t, memo, &treasury).await;
    let frozen = extra_t22_account(&mut e.t, &treasury, lrt_mint, treasury.pubkey()).await;
    freeze(&mut e.t, frozen).await;
    let closed = extra_t22_account(&mut e.t, &treasury, lrt_mint, treasury.pubkey()).await;
    let close = spl_token_2022::instruction::close_account(
        &TOKEN_2022,
        &closed,
        &treasury.pubkey(),
        &treasury.pubkey(),
        &[],
    )
    .unwrap();
    e.t.send(&[close], &[&treasury]).await.unwrap();
    assert!(e.t.account(closed).await.is_none());

    // c + 2: the fees apply; every user flow goes through and pays into the ledger
    e.warp(c + 2, 0).await;
    let shares = e.deposit(&bob, bob_wsol, 10 * SOL, 100).await.unwrap();
    let deposit_fee = bps_ceil(10 * SOL, 100);
    assert_eq!(shares, 10 * SOL - deposit_fee);
    let fee_request = {
        let now = e.epoch().await;
        let state = e.vault().await;
        build::request_withdrawal(
            &state,
            alice.pubkey(),
            now,
            RequestWithdrawalArgs {
                shares: SOL,
                ticket_id: 2,
                max_fee_bps: 1_000,
            },
        )
    };
    e.t.send(&[fee_request], &[&alice]).await.unwrap();
    let withdrawal_fee = bps_ceil(SOL, 1_000);
    let before = e.t.token_balance(alice_wsol).await;
    claim(&mut e.t, vault, &alice, 1, |_| alice_wsol)
        .await
        .unwrap();
    assert_eq!(e.t.token_balance(alice_wsol).await, before + SOL);
    let owed = e.vault().await.treasury_shares;
    assert_eq!(owed, deposit_fee + withdrawal_fee);
    for account in [memo, frozen] {
        assert_eq!(e.t.token_balance(account).await, 0, "nothing was sent");
    }

    // the treasury's own claim fails into the frozen or the closed account, and changes
    // nothing; into any working account of its choosing it is paid
    let state = e.vault().await;
    let keys = [vault, lrt_mint, frozen, closed, memo];
    refused(
        &mut e.t,
        &[build::claim_treasury_fees(
            &state,
            treasury.pubkey(),
            frozen,
        )],
        &[&treasury],
        TokenError::AccountFrozen as u32,
        &keys,
        "a claim into the frozen account",
    )
    .await;
    refused(
        &mut e.t,
        &[build::claim_treasury_fees(
            &state,
            treasury.pubkey(),
            closed,
        )],
        &[&treasury],
        anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized),
        &keys,
        "a claim into the closed account",
    )
    .await;
    e.t.send(
        &[build::claim_treasury_fees(&state, treasury.pubkey(), memo)],
        &[&treasury],
    )
    .await
    .unwrap();
    assert_eq!(e.t.token_balance(memo).await, owed);
}

/// The slashing world with a Token-2022 asset in vault B (mint authority `minter`, priced
/// by a Marinade-layout state at exactly 1 SOL), so that accounts requiring memos exist.
struct T22World {
    w: World,
    minter: Keypair,
    mint: Pubkey,
}

async fn t22_world() -> T22World {
    let mut w = World::new().await;
    let minter = Keypair::new();
    w.t.fund(&[&minter], SOL).await;
    let mint = token_2022::mint(&mut w.t, &minter, None).await;
    let state = Pubkey::new_unique();
    put(
        &mut w.t,
        state,
        data_account(
            MARINADE_PROGRAM,
            encode_marinade_state(&MarinadeReading {
                msol_mint: mint.to_bytes(),
                msol_price: 1 << 32,
            }),
        ),
    );
    let curator = w.curator.insecure_clone();
    let add = build::add_asset(
        curator.pubkey(),
        w.vault_b,
        mint,
        TOKEN_2022,
        AddAssetArgs {
            pricing: PricingSource::Marinade { state },
            deposit_cap: u64::MAX,
        },
    );
    w.t.send(&[add], &[&curator]).await.unwrap();
    assert_unfreezable(&mut w.t, mint).await;
    T22World { w, minter, mint }
}

impl T22World {
    /// `who` receives `amount` of the Token-2022 asset in its associated account.
    async fn give(&mut self, who: Pubkey, amount: u64) -> Pubkey {
        let minter = self.minter.insecure_clone();
        token_2022::balance(&mut self.w.t, self.mint, &minter, who, amount).await
    }

    /// Where `owner`'s share of each asset of vault B goes: its wSOL or its asset ATA.
    fn to(&self, wsol: Pubkey, owner: Pubkey) -> impl Fn(&Pubkey) -> Pubkey {
        let mint = self.mint;
        let t22 = pda::associated_token_account(&owner, &mint, &TOKEN_2022);
        move |m: &Pubkey| if *m == mint { t22 } else { wsol }
    }
}

#[tokio::test]
async fn third_party_slash_recipient_accounts_block_nothing() {
    // An AVS pays slashed tokens to `recipient`, whose wSOL account is frozen and whose
    // account of the Token-2022 asset requires memos; later it closes its wSOL account.
    let mut x = t22_world().await;
    let recipient = Keypair::new();
    x.w.t.fund(&[&recipient], SOL).await;
    let holder = x.w.users[0].key.insecure_clone();
    let holder_wsol = x.w.users[0].wsol;
    let vault = x.w.vault_b;
    x.give(holder.pubkey(), 4 * SOL).await;
    let holder_t22 = pda::associated_token_account(&holder.pubkey(), &x.mint, &TOKEN_2022);
    x.w.deposit_from(&holder, holder_wsol, vault, 0, 3 * SOL)
        .await;
    x.w.deposit_from(&holder, holder_t22, vault, 1, 2 * SOL)
        .await;
    let (avs, authority) =
        x.w.second_avs(
            WAD,
            SlashDestination::Recipient {
                owner: recipient.pubkey(),
            },
        )
        .await;
    let payer = x.w.t.payer();
    let recipient_wsol = pda::associated_token_account(&recipient.pubkey(), &WSOL_MINT, &TOKEN);
    x.w.t
        .send(
            &[create_associated_token_account_idempotent(
                &payer.pubkey(),
                &recipient.pubkey(),
                &WSOL_MINT,
                &TOKEN,
            )],
            &[],
        )
        .await
        .unwrap();
    let recipient_t22 = x.give(recipient.pubkey(), 0).await;
    token_2022::require_memos(&mut x.w.t, recipient_t22, &recipient).await;
    freeze(&mut x.w.t, recipient_wsol).await;

    // a 50% request executes into vault B; the holder asked for 1 SOL of shares during the
    // capture epoch (its bucket is slashable and waits for the resolution)
    x.w.delegate_and_enter_capture_epoch().await;
    let c = x.w.epoch().await;
    let (ticket, bucket) =
        x.w.request_withdrawal(&holder, vault, SOL, 1)
            .await
            .unwrap();
    let mut check = InvariantChecker::new(vault);
    check.track_ticket(ticket, bucket);
    check.check(&mut x.w.t, "before the slash").await;
    let (request_key, request) =
        x.w.request_slash_of(avs, &authority, WAD / 2)
            .await
            .unwrap();
    x.w.advance_to_slot(request.veto_deadline_slot + 1).await;
    x.w.execute(&request, vault).await.unwrap();
    check.allow_loss();
    check.check(&mut x.w.t, "slashed").await;
    let escrow = escrow(&mut x.w.t, vault, request_key).await;
    assert!(escrow.amounts[0] > 0 && escrow.amounts[1] > 0);
    x.w.advance_to_slot(escrow.resolve_after_slot).await;

    // the sweeps to the recipient fail, alone: nothing moves, the tokens stay escrowed
    let state: Vault = x.w.vault(vault).await;
    let escrow_key = pda::escrow(&vault, &request_key);
    let keys = [
        vault,
        escrow_key,
        state.assets[0].reserve,
        state.assets[1].reserve,
        recipient_wsol,
        recipient_t22,
    ];
    refused(
        &mut x.w.t,
        &[build::sweep_escrow(&state, &escrow, 0)],
        &[],
        spl_token::error::TokenError::AccountFrozen as u32,
        &keys,
        "a sweep into a frozen account",
    )
    .await;
    refused(
        &mut x.w.t,
        &[build::sweep_escrow(&state, &escrow, 1)],
        &[],
        TokenError::NoMemo as u32,
        &keys,
        "a sweep into an account requiring memos",
    )
    .await;
    assert_eq!(
        [
            state.assets[0].escrowed_amount,
            state.assets[1].escrowed_amount
        ],
        [escrow.amounts[0], escrow.amounts[1]]
    );

    // meanwhile every user flow goes on: a deposit, a request, and the claim of the
    // slashed ticket, at the slashed rate
    x.w.deposit_from(&holder, holder_wsol, vault, 0, SOL).await;
    let (second, second_bucket) =
        x.w.request_withdrawal(&holder, vault, SOL / 2, 2)
            .await
            .unwrap();
    check.track_ticket(second, second_bucket);
    x.w.advance_to_slot((c + 2) * EPOCH_LENGTH).await;
    let paid = [
        ticket_claim(&mut x.w.t, ticket, 0).await,
        ticket_claim(&mut x.w.t, ticket, 1).await,
    ];
    let before = [
        x.w.t.token_balance(holder_wsol).await,
        x.w.t.token_balance(holder_t22).await,
    ];
    let to = x.to(holder_wsol, holder.pubkey());
    claim(&mut x.w.t, vault, &holder, 1, to).await.unwrap();
    assert_eq!(x.w.t.token_balance(holder_wsol).await, before[0] + paid[0]);
    assert_eq!(x.w.t.token_balance(holder_t22).await, before[1] + paid[1]);
    check
        .check(&mut x.w.t, "escrow blocked, users served")
        .await;

    // the recipient thaws and closes its wSOL account: the sweep fails again, until anyone
    // re-creates the recipient's associated account; then it is paid there
    thaw(&mut x.w.t, recipient_wsol).await;
    let close = spl_token::instruction::close_account(
        &spl_token::ID,
        &recipient_wsol,
        &recipient.pubkey(),
        &recipient.pubkey(),
        &[],
    )
    .unwrap();
    x.w.t.send(&[close], &[&recipient]).await.unwrap();
    let state: Vault = x.w.vault(vault).await;
    refused(
        &mut x.w.t,
        &[build::sweep_escrow(&state, &escrow, 0)],
        &[],
        anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized),
        &keys,
        "a sweep into a closed account",
    )
    .await;
    let reopen = create_associated_token_account_idempotent(
        &payer.pubkey(),
        &recipient.pubkey(),
        &WSOL_MINT,
        &TOKEN,
    );
    x.w.t
        .send(&[reopen, build::sweep_escrow(&state, &escrow, 0)], &[])
        .await
        .unwrap();
    assert_eq!(x.w.t.token_balance(recipient_wsol).await, escrow.amounts[0]);
    check.check(&mut x.w.t, "swept").await;
}

#[tokio::test]
async fn third_party_commission_accounts_block_nothing() {
    // The operator's commission is paid during a reward: the one place a flow pays a third
    // party. Its wSOL account is frozen, its account of the Token-2022 asset requires
    // memos, a third is closed: a reward into any of them fails and changes nothing, and
    // the payer pays into a fresh account of the operator's authority instead. Holders'
    // flows never touch these accounts.
    let mut x = t22_world().await;
    let op = x.w.op.insecure_clone();
    let vault = x.w.vault_b;
    let (bob, bob_wsol) = (x.w.users[1].key.insecure_clone(), x.w.users[1].wsol);
    let bob_t22 = x.give(bob.pubkey(), 10 * SOL).await;
    let frozen = new_wsol(&mut x.w.t, op.pubkey(), 0);
    freeze(&mut x.w.t, frozen).await;
    let memo = x.give(op.pubkey(), 0).await;
    token_2022::require_memos(&mut x.w.t, memo, &op).await;
    let closed = extra_t22_account(&mut x.w.t, &op, x.mint, op.pubkey()).await;
    let close = spl_token_2022::instruction::close_account(
        &TOKEN_2022,
        &closed,
        &op.pubkey(),
        &op.pubkey(),
        &[],
    )
    .unwrap();
    x.w.t.send(&[close], &[&op]).await.unwrap();
    let holder = x.w.users[0].key.insecure_clone();
    x.w.deposit_from(&holder, x.w.users[0].wsol, vault, 0, 3 * SOL)
        .await;

    let operator = x.w.operator;
    let reward = |state: &Vault, asset: u8, from: Pubkey, to: Pubkey| {
        vec![
            build::refresh_prices(state),
            build::distribute_rewards(
                state,
                build::RewardKeys {
                    payer: bob.pubkey(),
                    payer_token_account: from,
                    operator,
                    operator_token_account: to,
                },
                DistributeRewardsArgs {
                    asset_index: asset,
                    amount: SOL,
                },
            ),
        ]
    };
    let state: Vault = x.w.vault(vault).await;
    let keys = [
        vault,
        state.assets[0].reserve,
        state.assets[1].reserve,
        bob_wsol,
        bob_t22,
        frozen,
        memo,
        closed,
    ];
    let cases = [
        (
            "a commission into a frozen account",
            reward(&state, 0, bob_wsol, frozen),
            spl_token::error::TokenError::AccountFrozen as u32,
        ),
        (
            "a commission into an account requiring memos",
            reward(&state, 1, bob_t22, memo),
            TokenError::NoMemo as u32,
        ),
        (
            "a commission into a closed account",
            reward(&state, 1, bob_t22, closed),
            anchor_error(anchor_lang::error::ErrorCode::AccountNotInitialized),
        ),
    ];
    for (what, ixs, code) in cases {
        refused(&mut x.w.t, &ixs, &[&bob], code, &keys, what).await;
    }
    // the holder's flows are untouched by them
    let (ticket, _) =
        x.w.request_withdrawal(&holder, vault, SOL, 1)
            .await
            .unwrap();
    assert_eq!(ticket_claim(&mut x.w.t, ticket, 0).await, SOL);

    // anyone may open a token account for any owner: the payer pays the commission there
    let payer = x.w.t.payer();
    let fresh_wsol = new_wsol(&mut x.w.t, op.pubkey(), 0);
    let fresh_t22 = extra_t22_account(&mut x.w.t, &payer, x.mint, op.pubkey()).await;
    let state: Vault = x.w.vault(vault).await;
    for (asset, from, to) in [(0, bob_wsol, fresh_wsol), (1, bob_t22, fresh_t22)] {
        let ixs = reward(&state, asset, from, to);
        x.w.t.send(&ixs, &[&bob]).await.unwrap();
        assert_eq!(x.w.t.token_balance(to).await, SOL / 10, "10% commission");
    }
}
