//! Roles (issue 10, item 6; DESIGN.md section 8): a vault's curator and fee admin hand
//! over in two steps (the new key accepts; nobody is given a role without signing for
//! it), a vault created naming other keys stays its creator's until they accept, the
//! config admin may pause one vault, and a protocol pause stops deposits and withdrawal
//! requests but never the claim of a matured ticket.
use anchor_lang::solana_program::instruction::Instruction;
use lrt_client::{
    events::Role,
    instructions as build, pda,
    state::{WithdrawalBucket, WithdrawalTicket},
    VaultError,
};
use lrt_integration_tests::*;
use lrt_vault::{
    constants::WSOL_MINT,
    events::{RoleAccepted, RoleProposed, VaultCreated, VaultPauseSet},
    instructions::{AddAssetArgs, CreateVaultArgs},
    state::PricingSource,
};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::*;

/// The two vault roles handed over in two steps, and one thing only each may do.
#[derive(Clone, Copy, Debug)]
enum VaultRole {
    Curator,
    FeeAdmin,
}

impl VaultRole {
    fn propose(self, holder: Pubkey, vault: Pubkey, new: Pubkey) -> Instruction {
        match self {
            VaultRole::Curator => build::transfer_curator(holder, vault, new),
            VaultRole::FeeAdmin => build::transfer_fee_admin(holder, vault, new),
        }
    }

    fn accept(self, new: Pubkey, vault: Pubkey) -> Instruction {
        match self {
            VaultRole::Curator => build::accept_curator(new, vault),
            VaultRole::FeeAdmin => build::accept_fee_admin(new, vault),
        }
    }

    /// What only the role may do: set a deposit cap, or set fees.
    fn act(self, who: Pubkey, vault: Pubkey) -> Instruction {
        match self {
            VaultRole::Curator => build::set_caps(who, vault, 0, 500 * SOL),
            VaultRole::FeeAdmin => build::set_fees(who, vault, 10, 10),
        }
    }

    fn not_holder(self) -> u32 {
        vault_error(match self {
            VaultRole::Curator => VaultError::NotCurator,
            VaultRole::FeeAdmin => VaultError::NotFeeAdmin,
        })
    }

    fn not_pending(self) -> u32 {
        vault_error(match self {
            VaultRole::Curator => VaultError::NotPendingCurator,
            VaultRole::FeeAdmin => VaultError::NotPendingFeeAdmin,
        })
    }

    fn event_role(self) -> Role {
        match self {
            VaultRole::Curator => Role::Curator,
            VaultRole::FeeAdmin => Role::FeeAdmin,
        }
    }

    /// `(holder, pending)` in `vault`.
    fn of(self, vault: &Vault) -> (Pubkey, Option<Pubkey>) {
        match self {
            VaultRole::Curator => (vault.curator, vault.pending_curator),
            VaultRole::FeeAdmin => (vault.fee_admin, vault.pending_fee_admin),
        }
    }
}

/// The holder (the world's curator, who holds both roles) hands `role` to bob.
async fn hand_over(role: VaultRole) {
    let mut w = World::new().await;
    let (holder, alice, bob) = (
        w.curator.insecure_clone(),
        w.alice.insecure_clone(),
        w.bob.insecure_clone(),
    );
    let vault_key = w.vault_key;
    let books = [vault_key, pda::config()];
    let step = |what: &str| format!("{role:?}: {what}");

    // wrong signer: only the holder proposes
    let ix = role.propose(alice.pubkey(), vault_key, bob.pubkey());
    w.refused(
        &[ix],
        &[&alice],
        role.not_holder(),
        &books,
        &step("proposed by a stranger"),
    )
    .await;
    // too early: nobody accepts what was not proposed
    let ix = role.accept(bob.pubkey(), vault_key);
    w.refused(
        &[ix],
        &[&bob],
        role.not_pending(),
        &books,
        &step("accepted before a proposal"),
    )
    .await;

    // the holder proposes bob: nothing else changes
    let ix = role.propose(holder.pubkey(), vault_key, bob.pubkey());
    let events = w.events(&[ix], &[&holder]).await;
    let proposed: RoleProposed = only(&events);
    assert_eq!(
        (
            proposed.vault,
            proposed.role,
            proposed.current,
            proposed.proposed
        ),
        (
            Some(vault_key),
            role.event_role(),
            holder.pubkey(),
            bob.pubkey()
        )
    );
    assert_eq!(
        role.of(&w.vault().await),
        (holder.pubkey(), Some(bob.pubkey()))
    );
    // a proposal gives bob no power yet
    let ix = role.act(bob.pubkey(), vault_key);
    w.refused(
        &[ix],
        &[&bob],
        role.not_holder(),
        &books,
        &step("bob acts before accepting"),
    )
    .await;
    // wrong acceptor
    let ix = role.accept(alice.pubkey(), vault_key);
    w.refused(
        &[ix],
        &[&alice],
        role.not_pending(),
        &books,
        &step("accepted by another key"),
    )
    .await;

    // bob accepts: the role is his, nothing is pending, the old holder is out
    let events = w
        .events(&[role.accept(bob.pubkey(), vault_key)], &[&bob])
        .await;
    let accepted: RoleAccepted = only(&events);
    assert_eq!(
        (
            accepted.vault,
            accepted.role,
            accepted.previous,
            accepted.new
        ),
        (
            Some(vault_key),
            role.event_role(),
            holder.pubkey(),
            bob.pubkey()
        )
    );
    assert_eq!(role.of(&w.vault().await), (bob.pubkey(), None));
    let ix = role.act(holder.pubkey(), vault_key);
    w.refused(
        &[ix],
        &[&holder],
        role.not_holder(),
        &books,
        &step("the old holder acts"),
    )
    .await;
    w.t.send(&[role.act(bob.pubkey(), vault_key)], &[&bob])
        .await
        .unwrap();
    let ix = role.accept(bob.pubkey(), vault_key);
    w.refused(
        &[ix],
        &[&bob],
        role.not_pending(),
        &books,
        &step("a second accept"),
    )
    .await;
    // and the old holder cannot take it back by itself
    let ix = role.propose(holder.pubkey(), vault_key, holder.pubkey());
    w.refused(
        &[ix],
        &[&holder],
        role.not_holder(),
        &books,
        &step("the old holder proposes"),
    )
    .await;
    w.check.check(&mut w.t, "handed over").await;
}

#[tokio::test]
async fn the_curator_hands_over_in_two_steps() {
    hand_over(VaultRole::Curator).await;
}

#[tokio::test]
async fn the_fee_admin_hands_over_in_two_steps() {
    hand_over(VaultRole::FeeAdmin).await;
}

#[tokio::test]
async fn a_vault_created_naming_other_keys_is_the_creators_until_they_accept() {
    let mut w = World::new().await;
    let (creator, alice, bob) = (
        w.curator.insecure_clone(),
        w.alice.insecure_clone(),
        w.bob.insecure_clone(),
    );
    let lrt_mint = Keypair::new();
    let create = build::create_vault(
        build::CreateVaultKeys {
            creator: creator.pubkey(),
            lrt_mint: lrt_mint.pubkey(),
            seed_mint: WSOL_MINT,
            seed_token_program: anchor_spl::token::ID,
            creator_seed_account: w.curator_wsol,
        },
        CreateVaultArgs {
            name: "Second".into(),
            symbol: "SEC".into(),
            uri: "https://example.org/sec.json".into(),
            curator: alice.pubkey(),
            fee_admin: bob.pubkey(),
            seed_asset: AddAssetArgs {
                pricing: PricingSource::Wsol,
                deposit_cap: u64::MAX,
            },
            seed_amount: SOL,
        },
    );
    let events = w.events(&[create], &[&creator, &lrt_mint]).await;
    let vault_key = pda::vault(&lrt_mint.pubkey());
    let created: VaultCreated = only(&events);
    assert_eq!(
        (created.vault, created.curator, created.fee_admin),
        (vault_key, creator.pubkey(), creator.pubkey())
    );
    assert_eq!(
        (created.pending_curator, created.pending_fee_admin),
        (Some(alice.pubkey()), Some(bob.pubkey()))
    );
    let vault: Vault = w.t.decode(vault_key).await;
    assert_eq!(
        (vault.curator, vault.pending_curator),
        (creator.pubkey(), Some(alice.pubkey()))
    );
    assert_eq!(
        (vault.fee_admin, vault.pending_fee_admin),
        (creator.pubkey(), Some(bob.pubkey()))
    );
    assert_eq!(created.snapshot, vault.snapshot());

    // named is not accepted: alice and bob hold nothing yet, the creator holds both
    let books = [vault_key];
    for role in [VaultRole::Curator, VaultRole::FeeAdmin] {
        let named = if let VaultRole::Curator = role {
            &alice
        } else {
            &bob
        };
        let ix = role.act(named.pubkey(), vault_key);
        w.refused(
            &[ix],
            &[named],
            role.not_holder(),
            &books,
            "named, not accepted",
        )
        .await;
    }
    w.t.send(
        &[
            VaultRole::Curator.act(creator.pubkey(), vault_key),
            VaultRole::FeeAdmin.act(creator.pubkey(), vault_key),
        ],
        &[&creator],
    )
    .await
    .unwrap();
    // each named key takes its own role only
    let ix = VaultRole::FeeAdmin.accept(alice.pubkey(), vault_key);
    w.refused(
        &[ix],
        &[&alice],
        VaultRole::FeeAdmin.not_pending(),
        &books,
        "alice takes the fee admin's role",
    )
    .await;
    let accept = [
        VaultRole::Curator.accept(alice.pubkey(), vault_key),
        VaultRole::FeeAdmin.accept(bob.pubkey(), vault_key),
    ];
    let events = w.events(&accept, &[&alice, &bob]).await;
    let accepted: Vec<RoleAccepted> = events
        .iter()
        .filter_map(|d| lrt_client::decode::event(d))
        .collect();
    assert_eq!(accepted.len(), 2);
    assert_eq!(
        accepted
            .iter()
            .map(|a| (a.role, a.previous, a.new))
            .collect::<Vec<_>>(),
        [
            (Role::Curator, creator.pubkey(), alice.pubkey()),
            (Role::FeeAdmin, creator.pubkey(), bob.pubkey())
        ]
    );
    let vault: Vault = w.t.decode(vault_key).await;
    assert_eq!(
        (vault.curator, vault.fee_admin),
        (alice.pubkey(), bob.pubkey())
    );
    assert_eq!(
        (vault.pending_curator, vault.pending_fee_admin),
        (None, None)
    );
    for role in [VaultRole::Curator, VaultRole::FeeAdmin] {
        let ix = role.act(creator.pubkey(), vault_key);
        w.refused(
            &[ix],
            &[&creator],
            role.not_holder(),
            &books,
            "the creator after acceptance",
        )
        .await;
    }
}

#[tokio::test]
async fn the_config_admin_pauses_one_vault_only() {
    let mut w = World::new().await;
    let (alice, mallory) = (w.alice.insecure_clone(), w.mallory.insecure_clone());
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    // the pauser is a key of its own: the admin pauses as the admin
    let admin = w.admin.pubkey();
    let pauser = Keypair::new();
    w.t.send(&[build::set_pauser(admin, pauser.pubkey())], &[])
        .await
        .unwrap();
    // a second vault, which the pause must not reach
    let curator = w.curator.insecure_clone();
    let other =
        w.t.create_wsol_vault(&curator, w.curator_wsol, w.treasury.pubkey(), SOL, u64::MAX)
            .await;

    let books = w.books().await;
    let ix = build::set_vault_pause(mallory.pubkey(), w.vault_key, true, true);
    w.refused(
        &[ix],
        &[&mallory],
        vault_error(VaultError::NotPauser),
        &books,
        "mallory pauses",
    )
    .await;
    let events = w
        .events(
            &[build::set_vault_pause(admin, w.vault_key, true, true)],
            &[],
        )
        .await;
    let paused: VaultPauseSet = only(&events);
    assert_eq!(
        (
            paused.vault,
            paused.by,
            paused.deposits_paused,
            paused.withdrawals_paused
        ),
        (w.vault_key, admin, true, true)
    );
    assert!(!w.config().await.paused, "the protocol is not paused");

    let books = w.books().await;
    let ixs = w.deposit_ixs(&alice, alice_wsol, SOL, 0).await;
    w.refused(
        &ixs,
        &[&alice],
        vault_error(VaultError::DepositsPaused),
        &books,
        "deposit into the paused vault",
    )
    .await;
    let ix = w.request_ix(&alice, SOL, 1, 0).await;
    w.refused(
        &[ix],
        &[&alice],
        vault_error(VaultError::WithdrawalsPaused),
        &books,
        "request from the paused vault",
    )
    .await;
    // the other vault takes deposits as before
    let other_state: Vault = w.t.decode(other.vault).await;
    let alice_other = w.t.create_lrt_account(&alice, other.lrt_mint).await;
    let deposit = build::deposit(
        &other_state,
        alice.pubkey(),
        alice_wsol,
        alice_other,
        DepositArgs {
            asset_index: 0,
            amount: SOL,
            min_shares_out: SOL,
            max_fee_bps: 0,
        },
    );
    w.t.send(&[build::refresh_prices(&other_state), deposit], &[&alice])
        .await
        .unwrap();
    assert_eq!(w.t.token_balance(alice_other).await, SOL);
    // the admin resumes the vault
    w.t.send(
        &[build::set_vault_pause(admin, w.vault_key, false, false)],
        &[],
    )
    .await
    .unwrap();
    w.deposit(&alice, alice_wsol, SOL, 0).await.unwrap();
    w.check.check(&mut w.t, "resumed").await;
}

#[tokio::test]
async fn a_protocol_pause_refuses_deposits_and_requests_but_pays_a_matured_claim() {
    let mut w = World::new().await;
    let alice = w.alice.insecure_clone();
    let alice_wsol = w.alice_wsol;
    w.deposit(&alice, alice_wsol, 10 * SOL, 0).await.unwrap();
    let e = w.epoch().await;
    // alice asks for 4 of her 10 shares: a basket of floor(11 SOL * 4 / 11) = 4 SOL
    w.request(&alice, 4 * SOL, 1, 0).await.unwrap();
    let ticket_key = pda::ticket(&w.vault_key, &alice.pubkey(), 1);
    let ticket: WithdrawalTicket = w.t.decode(ticket_key).await;
    assert_eq!(ticket.unscaled_amounts[0], u128::from(4 * SOL));
    w.warp(e + 2, 0).await;

    // the pauser (the admin here) stops the protocol
    let (admin, curator) = (w.admin.pubkey(), w.curator.insecure_clone());
    w.t.send(&[build::pause(admin)], &[]).await.unwrap();
    assert!(w.config().await.paused);
    let books = w.books().await;
    let ixs = w.deposit_ixs(&alice, alice_wsol, SOL, 0).await;
    w.refused(
        &ixs,
        &[&alice],
        vault_error(VaultError::ProtocolPaused),
        &books,
        "deposit while paused",
    )
    .await;
    let ix = w.request_ix(&alice, SOL, 2, 0).await;
    w.refused(
        &[ix],
        &[&alice],
        vault_error(VaultError::ProtocolPaused),
        &books,
        "request while paused",
    )
    .await;

    // the matured ticket is paid in full all the same (with the vault paused as well)
    w.t.send(
        &[build::set_vault_pause(
            curator.pubkey(),
            w.vault_key,
            true,
            true,
        )],
        &[&curator],
    )
    .await
    .unwrap();
    let vault = w.vault().await;
    let bucket: WithdrawalBucket = w.t.decode(pda::bucket(&w.vault_key, e + 1)).await;
    let before = w.t.token_balance(alice_wsol).await;
    let claim = build::claim_to(&vault, &bucket, &ticket, |_| alice_wsol);
    w.t.send(&[claim], &[&alice]).await.unwrap();
    assert_eq!(w.t.token_balance(alice_wsol).await, before + 4 * SOL);
    assert!(w.t.account(ticket_key).await.is_none());
    w.check.check(&mut w.t, "claimed while paused").await;
}

/// Every new instruction names its signer's key: the key alone, without its signature,
/// is refused (Anchor's `AccountNotSigner`) and changes nothing.
#[tokio::test]
async fn every_new_instruction_refuses_its_key_without_its_signature() {
    const ACCOUNT_NOT_SIGNER: u32 = 3010;
    let mut w = World::new().await;
    let (curator, bob, treasury) = (
        w.curator.insecure_clone(),
        w.bob.insecure_clone(),
        w.treasury.insecure_clone(),
    );
    let vault_key = w.vault_key;
    // proposals to accept: bob as curator and fee admin, bob as treasury
    let admin = w.admin.pubkey();
    w.t.send(
        &[
            build::transfer_curator(curator.pubkey(), vault_key, bob.pubkey()),
            build::transfer_fee_admin(curator.pubkey(), vault_key, bob.pubkey()),
        ],
        &[&curator],
    )
    .await
    .unwrap();
    w.t.send(&[build::set_treasury(admin, bob.pubkey())], &[])
        .await
        .unwrap();
    let destination = w.t.create_lrt_account(&treasury, w.lrt_mint).await;
    let vault = w.vault().await;
    let cases = [
        (
            "transfer_curator",
            build::transfer_curator(curator.pubkey(), vault_key, bob.pubkey()),
            curator.pubkey(),
        ),
        (
            "accept_curator",
            build::accept_curator(bob.pubkey(), vault_key),
            bob.pubkey(),
        ),
        (
            "transfer_fee_admin",
            build::transfer_fee_admin(curator.pubkey(), vault_key, bob.pubkey()),
            curator.pubkey(),
        ),
        (
            "accept_fee_admin",
            build::accept_fee_admin(bob.pubkey(), vault_key),
            bob.pubkey(),
        ),
        (
            "accept_treasury",
            build::accept_treasury(bob.pubkey()),
            bob.pubkey(),
        ),
        (
            "claim_treasury_fees",
            build::claim_treasury_fees(&vault, treasury.pubkey(), destination),
            treasury.pubkey(),
        ),
    ];
    let books = [vault_key, pda::config(), w.lrt_mint, destination];
    for (name, mut ix, key) in cases {
        let meta = ix
            .accounts
            .iter_mut()
            .find(|m| m.pubkey == key)
            .expect("the signer's account");
        assert!(meta.is_signer, "{name}");
        meta.is_signer = false;
        w.refused(&[ix], &[], ACCOUNT_NOT_SIGNER, &books, name)
            .await;
    }
    // the proposals still stand: with their signatures, they go through
    w.t.send(
        &[
            build::accept_curator(bob.pubkey(), vault_key),
            build::accept_fee_admin(bob.pubkey(), vault_key),
            build::accept_treasury(bob.pubkey()),
        ],
        &[&bob],
    )
    .await
    .unwrap();
    let vault = w.vault().await;
    assert_eq!(
        (vault.curator, vault.fee_admin),
        (bob.pubkey(), bob.pubkey())
    );
    assert_eq!(w.config().await.treasury, bob.pubkey());
}
