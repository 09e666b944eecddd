//! Three assets (wSOL, an SPL stake-pool LST at 1.05 SOL, a Marinade-layout LST at ~1.2
//! SOL), three depositors, share amounts computed here from first principles, a donation
//! that must not move the share price, then withdrawals in kind: baskets computed here,
//! a fee increase that waits a full epoch of notice, claims exactly when the bucket's epoch
//! has ended, and payouts worth no more than the deposits. Deposits value the vault with
//! the Marinade margin on its mSOL (`Vault::deposit_value_wad`). The invariants of DESIGN
//! section 7 are checked after every step.
use anchor_lang::prelude::Pubkey;
use lrt_client::{
    instructions as build, pda,
    state::{PricingSource, Vault, WithdrawalBucket, WithdrawalTicket},
};
use lrt_integration_tests::*;
use lrt_vault::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM, WSOL_MINT},
    errors::VaultError,
    instructions::*,
};
use restaking_math::{encode_marinade_state, encode_stake_pool, MarinadeReading, StakePoolReading};
use solana_keypair::Keypair;
use solana_signer::Signer;

const EPOCH_LENGTH: u64 = 100;
/// Anchor's `AccountNotInitialized`: what a claim of a closed ticket meets.
const ACCOUNT_NOT_INITIALIZED: u32 = 3012;

#[tokio::test]
async fn three_assets_three_depositors_exact_shares_donation_ignored_withdrawals_in_kind() {
    let curator = Keypair::new();
    let [alice, bob, carol, dave] = [(); 4].map(|_| Keypair::new());
    let (pool, pool_mint, marinade_state, msol_mint) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    // 1.05 SOL per pool token, exactly
    let pool_data = encode_stake_pool(&StakePoolReading {
        pool_mint: pool_mint.to_bytes(),
        token_program_id: anchor_spl::token::ID.to_bytes(),
        total_lamports: 1_050 * SOL,
        pool_token_supply: 1_000 * SOL,
        last_update_epoch: 0,
    });
    // about 1.2 SOL per mSOL in Marinade's 2^32 fixed point
    let msol_price: u64 = 5_153_960_755;
    let marinade_data = encode_marinade_state(&MarinadeReading {
        msol_mint: msol_mint.to_bytes(),
        msol_price,
    });
    let curator_wsol = Pubkey::new_unique();
    let dave_pool = Pubkey::new_unique();
    let (alice_pool, bob_msol, carol_wsol, alice_donation) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    // each depositor's empty token accounts for the in-kind payouts: wSOL, pool, mSOL
    let payout_accounts: Vec<(Pubkey, [Pubkey; 3])> = [&alice, &bob, &carol, &dave]
        .iter()
        .map(|who| (who.pubkey(), std::array::from_fn(|_| Pubkey::new_unique())))
        .collect();
    let mut t = TestContext::start(
        vec![
            (WSOL_MINT, native_mint_account()),
            (
                pool_mint,
                mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
            ),
            (
                msol_mint,
                mint_account(Pubkey::new_unique(), 9, 1_000 * SOL),
            ),
            (
                pool,
                data_account(ALLOWED_STAKE_POOL_PROGRAMS[0], pool_data),
            ),
            (
                marinade_state,
                data_account(MARINADE_PROGRAM, marinade_data),
            ),
            (curator_wsol, wsol_account(curator.pubkey(), SOL)),
            (
                alice_pool,
                token_account(pool_mint, alice.pubkey(), 2 * SOL),
            ),
            (
                alice_donation,
                token_account(pool_mint, alice.pubkey(), SOL),
            ),
            (bob_msol, token_account(msol_mint, bob.pubkey(), SOL)),
            (carol_wsol, wsol_account(carol.pubkey(), 3 * SOL)),
            (dave_pool, token_account(pool_mint, dave.pubkey(), SOL)),
        ]
        .into_iter()
        .chain(payout_accounts.iter().flat_map(|(owner, accounts)| {
            let mints = [WSOL_MINT, pool_mint, msol_mint];
            accounts.iter().zip(mints).map(move |(key, mint)| {
                let account = if mint == WSOL_MINT {
                    wsol_account(*owner, 0)
                } else {
                    token_account(mint, *owner, 0)
                };
                (*key, account)
            })
        }))
        .collect(),
    )
    .await;
    let treasury = Keypair::new();
    t.fund(&[&curator, &alice, &bob, &carol, &dave, &treasury], SOL)
        .await;
    t.initialize_config(treasury.pubkey(), EPOCH_LENGTH, 100)
        .await;
    let created = t
        .create_wsol_vault(&curator, curator_wsol, treasury.pubkey(), SOL, u64::MAX)
        .await;
    let (lrt_mint, vault_key) = (created.lrt_mint, created.vault);
    let mut invariants = InvariantChecker::new(vault_key);
    invariants.check(&mut t, "vault created").await;
    for (mint, pricing) in [
        (pool_mint, PricingSource::SplStakePool { pool }),
        (
            msol_mint,
            PricingSource::Marinade {
                state: marinade_state,
            },
        ),
    ] {
        t.send(
            &[build::add_asset(
                curator.pubkey(),
                vault_key,
                mint,
                anchor_spl::token::ID,
                AddAssetArgs {
                    pricing,
                    deposit_cap: u64::MAX,
                },
            )],
            &[&curator],
        )
        .await
        .unwrap();
    }
    let vault: Vault = t.decode(vault_key).await;
    assert_eq!(vault.asset_count, 3);
    let pool_price = 1_050_000_000_000_000_000u128;
    let msol_price_wad = msol_price as u128 * WAD / (1u128 << 32);
    assert_eq!(vault.assets[1].price_wad, pool_price);
    assert_eq!(vault.assets[2].price_wad, msol_price_wad);
    // what a deposit adds to the vault's value for the mSOL it holds (issue 10):
    // ceil(value of the mSOL * MARINADE_STALENESS_MARGIN_BPS / 10_000)
    let margin = |msol_held: u64| {
        (msol_held as u128 * msol_price_wad * restaking_math::MARINADE_STALENESS_MARGIN_BPS as u128)
            .div_ceil(10_000)
    };

    // books: S shares, V value in WAD-lamports, tracked here independently
    let mut supply: u128 = SOL as u128;
    let mut value: u128 = SOL as u128 * WAD;
    let deposits: [(&Keypair, Pubkey, u8, u64, u128); 3] = [
        (&alice, alice_pool, 1, 2 * SOL, pool_price),
        (&bob, bob_msol, 2, SOL, msol_price_wad),
        (&carol, carol_wsol, 0, 3 * SOL, WAD),
    ];
    for (i, (who, from, asset_index, amount, price)) in deposits.into_iter().enumerate() {
        if i == 2 {
            // a donation straight into the stake-pool reserve before carol deposits
            let donation = anchor_spl::token::spl_token::instruction::transfer(
                &anchor_spl::token::ID,
                &alice_donation,
                &vault.assets[1].reserve,
                &alice.pubkey(),
                &[],
                SOL,
            )
            .unwrap();
            t.send(&[donation], &[&alice]).await.unwrap();
            let after: Vault = t.decode(vault_key).await;
            assert_eq!(
                after.assets[1].active_amount,
                2 * SOL,
                "donation must not enter the books"
            );
            assert_eq!(after.share_supply as u128, supply);
            invariants.check(&mut t, "donation").await;
        }
        let lrt = pda::lrt_account(&who.pubkey(), &lrt_mint);
        let create = create_lrt_account_ix(who.pubkey(), lrt_mint);
        let deposit_value = amount as u128 * price;
        let vault: Vault = t.decode(vault_key).await;
        let expected_shares =
            (deposit_value * supply / (value + margin(vault.assets[2].active_amount))) as u64;
        t.send(
            &[
                create,
                build::deposit(
                    &vault,
                    who.pubkey(),
                    from,
                    lrt,
                    DepositArgs {
                        asset_index,
                        amount,
                        min_shares_out: expected_shares,
                        max_fee_bps: 10_000,
                    },
                ),
            ],
            &[who],
        )
        .await
        .unwrap();
        assert_eq!(t.token_balance(lrt).await, expected_shares, "depositor {i}");
        supply += expected_shares as u128;
        value += deposit_value;
        let vault: Vault = t.decode(vault_key).await;
        assert_eq!(vault.share_supply as u128, supply);
        assert_eq!(t.mint_supply(lrt_mint).await as u128, supply);
        invariants.check(&mut t, &format!("deposit {i}")).await;
    }
    // alice: 2 * 1.05 SOL into a 1 SOL vault at 1 share per lamport
    assert_eq!(
        t.token_balance(pda::lrt_account(&alice.pubkey(), &lrt_mint))
            .await,
        2_100_000_000
    );

    // --- withdrawals in kind ---
    let prices = [WAD, pool_price, msol_price_wad];
    let lrt_of = [&alice, &bob, &carol].map(|who| pda::lrt_account(&who.pubkey(), &lrt_mint));
    let mut held = [0u64; 3];
    for (held, key) in held.iter_mut().zip(lrt_of) {
        *held = t.token_balance(key).await;
    }

    let owners = [&alice, &bob, &carol, &dave];
    let r = t.slot().await / EPOCH_LENGTH;
    // dave deposits 1 pool token and requests all his shares in the same transaction:
    // the round trip returns at most what went in (DESIGN section 7, invariant 3)
    let vault: Vault = t.decode(vault_key).await;
    let dave_value = SOL as u128 * pool_price;
    let dave_shares = (dave_value * vault.share_supply as u128
        / (vault.active_value_wad().unwrap() + margin(vault.assets[2].active_amount)))
        as u64;
    let dave_mark = (
        vault.active_value_wad().unwrap() + dave_value,
        vault.share_supply + dave_shares,
    );
    t.send(
        &[
            create_lrt_account_ix(dave.pubkey(), lrt_mint),
            build::deposit(
                &vault,
                dave.pubkey(),
                dave_pool,
                pda::lrt_account(&dave.pubkey(), &lrt_mint),
                DepositArgs {
                    asset_index: 1,
                    amount: SOL,
                    min_shares_out: dave_shares,
                    max_fee_bps: 10_000,
                },
            ),
            build::request_withdrawal(
                &vault,
                dave.pubkey(),
                r,
                RequestWithdrawalArgs {
                    shares: dave_shares,
                    ticket_id: 1,
                    max_fee_bps: 10_000,
                },
            ),
        ],
        &[&dave],
    )
    .await
    .unwrap();
    let dave_ticket_key = pda::ticket(&vault_key, &dave.pubkey(), 1);
    let dave_ticket: WithdrawalTicket = t.decode(dave_ticket_key).await;
    invariants.track_ticket(dave_ticket_key, pda::bucket(&vault_key, r + 1));
    invariants.check(&mut t, "dave's round trip").await;

    // the fee admin raises the withdrawal fee to 1% during epoch r: issue 10 makes it wait
    // a full epoch of notice, so not before r + 2 (it used to apply from r + 1)
    t.send(
        &[build::set_fees(curator.pubkey(), vault_key, 0, 100)],
        &[&curator],
    )
    .await
    .unwrap();
    let fees = t.decode::<Vault>(vault_key).await.fees;
    assert_eq!(
        [r, r + 1, r + 2].map(|e| fees.at(e).withdrawal_bps),
        [0, 0, 100]
    );
    invariants.check(&mut t, "fee increase announced").await;

    // requests: alice all and bob half during epoch r (bucket r + 1, no fee yet),
    // carol all during epoch r + 2 (bucket r + 3, 1% fee as shares in the vault's treasury
    // ledger)
    let requests: [(usize, u64, u64); 3] =
        [(0, held[0], r), (1, held[1] / 2, r), (2, held[2], r + 2)];
    let mut tickets: Vec<WithdrawalTicket> = Vec::new();
    // (V, S) of the vault just before each request, for the payout bound
    let mut marks: Vec<(u128, u64)> = Vec::new();
    for (who, shares, epoch) in requests {
        if t.slot().await / EPOCH_LENGTH < epoch {
            // the last slot of epoch r + 1, before carol's request moves past it: the
            // tickets of bucket r + 1 are not mature yet
            t.warp_to_slot((r + 2) * EPOCH_LENGTH - 1).await;
            let vault: Vault = t.decode(vault_key).await;
            let bucket: WithdrawalBucket = t.decode(pda::bucket(&vault_key, r + 1)).await;
            for (owner, ticket, payout) in [
                (&alice, &tickets[0], payout_accounts[0].1),
                (&bob, &tickets[1], payout_accounts[1].1),
                (&dave, &dave_ticket, payout_accounts[3].1),
            ] {
                let claim = build::claim_to(&vault, &bucket, ticket, |slot| {
                    payout[vault
                        .assets()
                        .iter()
                        .position(|a| a.mint == slot.mint)
                        .unwrap()]
                });
                assert_program_error(
                    t.send(&[claim], &[owner]).await,
                    0,
                    vault_error(VaultError::TicketNotMature),
                );
            }
            t.warp_to_slot(epoch * EPOCH_LENGTH).await;
        }
        let owner = owners[who];
        let vault: Vault = t.decode(vault_key).await;
        let fee = if epoch > r {
            (shares as u128 * 100).div_ceil(10_000) as u64
        } else {
            0
        };
        let burnt = shares - fee;
        // the basket: floor(active_k * burnt / S) of every asset, from the books only
        let basket: Vec<u64> = vault
            .assets()
            .iter()
            .map(|a| (a.active_amount as u128 * burnt as u128 / vault.share_supply as u128) as u64)
            .collect();
        marks.push((vault.active_value_wad().unwrap(), vault.share_supply));
        let treasury_before = vault.treasury_shares;
        t.send(
            &[build::request_withdrawal(
                &vault,
                owner.pubkey(),
                epoch,
                RequestWithdrawalArgs {
                    shares,
                    ticket_id: 1,
                    max_fee_bps: 10_000,
                },
            )],
            &[owner],
        )
        .await
        .unwrap();
        let ticket_key = pda::ticket(&vault_key, &owner.pubkey(), 1);
        let ticket: WithdrawalTicket = t.decode(ticket_key).await;
        assert_eq!(ticket.bucket_epoch, epoch + 1);
        assert_eq!(
            &ticket.unscaled_amounts[..3],
            &basket.iter().map(|a| *a as u128).collect::<Vec<_>>()[..],
            "basket of depositor {who}"
        );
        assert_eq!(ticket.shares_burned, burnt);
        // all the shares leave the owner; the fee stays in the treasury ledger
        assert_eq!(t.token_balance(lrt_of[who]).await, held[who] - shares);
        let after: Vault = t.decode(vault_key).await;
        assert_eq!(after.treasury_shares, treasury_before + fee);
        assert_eq!(after.share_supply, vault.share_supply - burnt);
        for ((now, before), taken) in after.assets().iter().zip(vault.assets()).zip(&basket) {
            assert_eq!(now.active_amount, before.active_amount - taken);
            assert_eq!(now.queued_amount, before.queued_amount + taken);
        }
        invariants.track_ticket(ticket_key, pda::bucket(&vault_key, epoch + 1));
        invariants.check(&mut t, &format!("request {who}")).await;
        tickets.push(ticket);
    }
    assert!(tickets[2].shares_burned < held[2], "carol paid the fee");
    tickets.push(dave_ticket);
    marks.push(dave_mark);

    // claims: a ticket of bucket e is claimable exactly when the current epoch is > e
    let vault: Vault = t.decode(vault_key).await;
    let mut buckets = std::collections::BTreeMap::new();
    for epoch in [r + 1, r + 3] {
        let bucket: WithdrawalBucket = t.decode(pda::bucket(&vault_key, epoch)).await;
        buckets.insert(epoch, bucket);
    }
    // dave's round trip opened bucket r + 1, carol's request bucket r + 3
    assert_eq!(buckets[&(r + 1)].rent_payer, dave.pubkey());
    assert_eq!(buckets[&(r + 3)].rent_payer, carol.pubkey());
    let claims: Vec<_> = tickets
        .iter()
        .enumerate()
        .map(|(who, ticket)| {
            let payout = payout_accounts[who].1;
            let bucket = &buckets[&ticket.bucket_epoch];
            build::claim_to(&vault, bucket, ticket, |slot| {
                payout[vault
                    .assets()
                    .iter()
                    .position(|a| a.mint == slot.mint)
                    .unwrap()]
            })
        })
        .collect();
    for bucket_epoch in [r + 1, r + 3] {
        let due: Vec<usize> = (0..4)
            .filter(|who| tickets[*who].bucket_epoch == bucket_epoch)
            .collect();
        // last slot of epoch e: not yet (bucket r + 1's were tried before carol's request)
        if t.slot().await < (bucket_epoch + 1) * EPOCH_LENGTH - 1 {
            t.warp_to_slot((bucket_epoch + 1) * EPOCH_LENGTH - 1).await;
            for &who in &due {
                assert_program_error(
                    t.send(std::slice::from_ref(&claims[who]), &[owners[who]])
                        .await,
                    0,
                    vault_error(VaultError::TicketNotMature),
                );
            }
        }
        // first slot of epoch e + 1 (or later, for bucket r + 1): paid in full, ticket closed
        if t.slot().await < (bucket_epoch + 1) * EPOCH_LENGTH {
            t.warp_to_slot((bucket_epoch + 1) * EPOCH_LENGTH).await;
        }
        for &who in &due {
            let (owner, ticket, payout) = (owners[who], &tickets[who], payout_accounts[who].1);
            t.send(std::slice::from_ref(&claims[who]), &[owner])
                .await
                .unwrap();
            assert!(t
                .account(pda::ticket(&vault_key, &owner.pubkey(), 1))
                .await
                .is_none());
            let mut paid_value = 0u128;
            for k in 0..3 {
                let paid = t.token_balance(payout[k]).await;
                assert_eq!(
                    paid as u128, ticket.unscaled_amounts[k],
                    "claim {who}, asset {k}"
                );
                paid_value += paid as u128 * prices[k];
            }
            // in kind, worth no more than the burnt shares at the request's share price
            let (value_then, supply_then) = marks[who];
            assert!(
                paid_value * supply_then as u128 <= value_then * ticket.shares_burned as u128,
                "depositor {who} took out more than their shares were worth"
            );
            if who == 3 {
                assert!(
                    paid_value <= dave_value,
                    "round trip returned more than it took"
                );
                println!("dave's round trip: in {dave_value}, out {paid_value} (WAD-lamports)");
            }
            invariants.check(&mut t, &format!("claim {who}")).await;
            // a second claim finds no ticket
            assert_program_error(
                t.send(std::slice::from_ref(&claims[who]), &[owner]).await,
                0,
                ACCOUNT_NOT_INITIALIZED,
            );
        }
    }
    let vault: Vault = t.decode(vault_key).await;
    assert!(vault.assets().iter().all(|a| a.queued_amount == 0));

    // the treasury claims carol's fee from the ledger: as many LRT, no share changed value
    let owed = (held[2] as u128 * 100).div_ceil(10_000) as u64;
    assert_eq!(vault.treasury_shares, owed);
    let treasury_lrt = t.create_lrt_account(&treasury, lrt_mint).await;
    let claim = build::claim_treasury_fees(&vault, treasury.pubkey(), treasury_lrt);
    t.send(&[claim], &[&treasury]).await.unwrap();
    assert_eq!(t.token_balance(treasury_lrt).await, owed);
    let after: Vault = t.decode(vault_key).await;
    assert_eq!(
        (after.treasury_shares, after.share_supply),
        (0, vault.share_supply)
    );
    invariants.check(&mut t, "treasury claimed").await;
}
