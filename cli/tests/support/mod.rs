//! A session as a user has it: the embedded network with the demo world, and the `lrt`
//! binary run as a separate process over real RPC with the demo's `config.yml`.
#![allow(dead_code)] // each test binary uses part of it

use std::{
    path::PathBuf,
    process::{Command, Output},
};

use lrt_localnet::{
    demo::{self, DemoWorld},
    Localnet, LocalnetConfig,
};
use serde_json::Value;
use solana_commitment_config::CommitmentConfig;
use solana_rpc_client::rpc_client::RpcClient;

pub struct Session {
    pub world: DemoWorld,
    pub rpc: RpcClient,
    pub dir: PathBuf,
    // Dropped last: the world's price keeper talks to the network.
    pub net: Localnet,
}

/// What one `lrt` run did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout as JSON (the command ran with `--output json`).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "lrt failed:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Exit status 1 and `needle` in stderr.
    pub fn fails_with(self, needle: &str) -> Self {
        assert_eq!(
            self.code, 1,
            "expected a failure, got:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr does not say {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

impl Session {
    pub fn start(name: &str) -> Session {
        let net = Localnet::start(LocalnetConfig::default()).expect("the network starts");
        let dir = std::env::temp_dir().join(format!("lrt-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let world = demo::seed(&net, Some(&dir)).expect("the demo world seeds");
        let rpc = RpcClient::new_with_commitment(
            net.rpc_url().to_string(),
            CommitmentConfig::confirmed(),
        );
        Session {
            world,
            rpc,
            dir,
            net,
        }
    }

    pub fn keypair_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// `lrt -C <demo config.yml> -k <name>.json --output json <args>`.
    pub fn lrt_as(&self, keypair: &str, args: &[&str]) -> Run {
        let mut all: Vec<String> = vec![
            "-C".into(),
            self.dir.join("config.yml").display().to_string(),
            "-k".into(),
            self.keypair_path(keypair).display().to_string(),
            "--output".into(),
            "json".into(),
        ];
        all.extend(args.iter().map(|a| a.to_string()));
        run_lrt(&all)
    }

    /// As the demo wallet (the depositor).
    pub fn lrt(&self, args: &[&str]) -> Run {
        self.lrt_as("wallet", args)
    }

    /// `lrt` in display mode, as people read it.
    pub fn lrt_display(&self, keypair: &str, args: &[&str]) -> Run {
        let mut all: Vec<String> = vec![
            "-C".into(),
            self.dir.join("config.yml").display().to_string(),
            "-k".into(),
            self.keypair_path(keypair).display().to_string(),
        ];
        all.extend(args.iter().map(|a| a.to_string()));
        run_lrt(&all)
    }

    pub fn vault(&self) -> String {
        self.world.vault.to_string()
    }

    pub fn lamports(&self, key: &anchor_lang::prelude::Pubkey) -> u64 {
        self.rpc.get_balance(key).expect("balance")
    }

    /// Raw amount of a token account (0 if it does not exist).
    pub fn token_amount(&self, account: &anchor_lang::prelude::Pubkey) -> u64 {
        match self.rpc.get_token_account_balance(account) {
            Ok(balance) => balance.amount.parse().expect("amount"),
            Err(_) => 0,
        }
    }

    /// An account of the programs, decoded from chain.
    pub fn account<T: anchor_lang::AccountDeserialize>(
        &self,
        key: &anchor_lang::prelude::Pubkey,
    ) -> T {
        let data = self
            .rpc
            .get_account_data(key)
            .unwrap_or_else(|e| panic!("account {key} exists: {e}"));
        lrt_client::decode::account(&data).expect("an account of this type")
    }

    /// The vault's withdrawal buckets of epochs `capture + 1` and `capture + 2`, where they
    /// exist: what a slash captured at `capture` reaches besides the active pool.
    pub fn buckets_after(&self, capture: u64) -> [Option<lrt_client::state::WithdrawalBucket>; 2] {
        [capture + 1, capture + 2].map(|epoch| {
            let key = lrt_client::pda::bucket(&self.world.vault, epoch);
            self.rpc
                .get_account_data(&key)
                .ok()
                .and_then(|data| lrt_client::decode::account(&data).ok())
        })
    }

    /// The current slot (processed, as `lrt` reads it) and its restaking epoch.
    pub fn slot_and_epoch(&self) -> (u64, u64) {
        let slot = self
            .rpc
            .get_slot_with_commitment(CommitmentConfig::processed())
            .expect("slot");
        (slot, slot / lrt_localnet::demo::DEMO_EPOCH_LENGTH)
    }

    /// How many transactions `key` has signed or been part of (to prove nothing was sent).
    pub fn signature_count(&self, key: &anchor_lang::prelude::Pubkey) -> usize {
        self.rpc
            .get_signatures_for_address(key)
            .map(|s| s.len())
            .unwrap_or(0)
    }
}

/// Writes a fresh keypair as `<name>.json` in the session directory and funds it with 10
/// SOL.
pub fn new_funded_keypair(s: &Session, name: &str) -> solana_keypair::Keypair {
    use solana_signer::Signer;
    let key = solana_keypair::Keypair::new();
    let bytes = key.to_bytes().to_vec();
    std::fs::write(s.keypair_path(name), serde_json::to_string(&bytes).unwrap()).unwrap();
    let signature = s
        .rpc
        .request_airdrop(&key.pubkey(), 10_000_000_000)
        .unwrap();
    for _ in 0..100 {
        if s.rpc.confirm_transaction(&signature).unwrap_or(false) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(s.lamports(&key.pubkey()), 10_000_000_000);
    key
}

pub fn run_lrt(args: &[String]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_lrt"))
        .args(args)
        // no user config file may leak in
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("lrt runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A decimal string ("1.5") as base units of 9 decimals.
pub fn units(text: &str) -> u64 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let padded = format!("{fraction:0<9}");
    whole.parse::<u64>().unwrap() * 1_000_000_000 + padded.parse::<u64>().unwrap()
}
