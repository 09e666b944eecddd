//! Where commands go and who signs: the Solana CLI conventions for `-u`, `-k`, `-C` and
//! `--commitment`, resolved once into a [`Ctx`] that every command receives.
use std::path::{Path, PathBuf};

use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use serde::Deserialize;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::{read_keypair_file, Keypair};
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;

use crate::output::{Output, OutputFormat};

/// The fields of the Solana CLI's `config.yml` that `lrt` reads; the rest is ignored.
#[derive(Debug, Default, Deserialize)]
struct SolanaCliConfig {
    json_rpc_url: Option<String>,
    keypair_path: Option<String>,
    commitment: Option<String>,
}

/// Options every command takes, before or after the subcommand.
#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// RPC URL or moniker: localhost, devnet, testnet, mainnet-beta [default: from the
    /// config file]
    #[arg(
        short = 'u',
        long = "url",
        global = true,
        value_name = "URL_OR_MONIKER"
    )]
    pub url: Option<String>,
    /// Keypair that signs and pays [default: from the config file, else
    /// ~/.config/solana/id.json]
    #[arg(short = 'k', long, global = true, value_name = "KEYPAIR")]
    pub keypair: Option<PathBuf>,
    /// Solana CLI config file [default: ~/.config/solana/cli/config.yml]
    #[arg(short = 'C', long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// processed, confirmed or finalized [default: from the config file, else confirmed]
    #[arg(long, global = true, value_name = "LEVEL")]
    pub commitment: Option<String>,
    /// Output format
    #[arg(long, global = true, value_enum, default_value = "display")]
    pub output: OutputFormat,
}

/// Everything a command needs to talk to a cluster.
pub struct Ctx {
    pub rpc: RpcClient,
    pub url: String,
    pub commitment: CommitmentConfig,
    pub out: Output,
    keypair_path: PathBuf,
}

impl Ctx {
    pub fn new(args: &GlobalArgs) -> Result<Self> {
        let config_path = match &args.config {
            Some(path) => Some(path.clone()),
            None => default_config_path().filter(|p| p.exists()),
        };
        let file = match &config_path {
            Some(path) => read_config(path)?,
            None => SolanaCliConfig::default(),
        };
        let relative_to = config_path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);

        let url = match (&args.url, &file.json_rpc_url) {
            (Some(url), _) => normalize_url(url)?,
            (None, Some(url)) => normalize_url(url)?,
            (None, None) => normalize_url("mainnet-beta")?,
        };
        let commitment = match (&args.commitment, &file.commitment) {
            (Some(level), _) => parse_commitment(level)?,
            (None, Some(level)) => parse_commitment(level)?,
            (None, None) => CommitmentConfig::confirmed(),
        };
        let keypair_path = match (&args.keypair, &file.keypair_path) {
            (Some(path), _) => path.clone(),
            (None, Some(path)) => resolve_path(path, relative_to.as_deref()),
            (None, None) => default_keypair_path(),
        };
        Ok(Self {
            rpc: RpcClient::new_with_commitment(url.clone(), commitment),
            url,
            commitment,
            out: Output::new(args.output),
            keypair_path,
        })
    }

    /// The signer of `-k`, the config file, or `~/.config/solana/id.json`. Read only when a
    /// command signs, so read-only commands work without any keypair.
    pub fn signer(&self) -> Result<Keypair> {
        load_keypair(&self.keypair_path)
    }

    /// The public key a read-only command reports on (`balance`, `withdraw list`).
    pub fn signer_pubkey(&self) -> Result<Pubkey> {
        Ok(self.signer()?.pubkey())
    }

    /// Link to a transaction in the Solana Explorer for this cluster.
    pub fn explorer_tx(&self, signature: &str) -> String {
        let cluster = match self.url.as_str() {
            "https://api.mainnet-beta.solana.com" => String::new(),
            "https://api.devnet.solana.com" => "?cluster=devnet".into(),
            "https://api.testnet.solana.com" => "?cluster=testnet".into(),
            url => format!("?cluster=custom&customUrl={}", percent_encode(url)),
        };
        format!("https://explorer.solana.com/tx/{signature}{cluster}")
    }
}

/// Reads a Solana CLI JSON keypair file, with an error that says how to fix it.
pub fn load_keypair(path: &Path) -> Result<Keypair> {
    if !path.exists() {
        bail!(
            "keypair file {} does not exist: pass -k/--keypair PATH, set keypair_path in the \
             config file (-C), or create one with `solana-keygen new`",
            path.display()
        );
    }
    read_keypair_file(path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read keypair file {}: {e} (expected a Solana CLI JSON keypair: an array \
             of 64 numbers)",
            path.display()
        )
    })
}

/// Refuses before sending when the signer is not `expected`, the account's `role`
/// ("vault's curator", "registry admin"): the program would refuse too, but this names the
/// keypair to use.
pub fn require_signer(signer: &Keypair, expected: &Pubkey, role: &str) -> Result<()> {
    if signer.pubkey() != *expected {
        bail!(
            "the signer {} is not the {role} ({expected}); pass the {role}'s keypair with \
             -k/--keypair",
            signer.pubkey()
        );
    }
    Ok(())
}

fn read_config(path: &Path) -> Result<SolanaCliConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    serde_yaml::from_str(&text).with_context(|| {
        format!(
            "config file {} is not a Solana CLI config (YAML with json_rpc_url, keypair_path, \
             commitment)",
            path.display()
        )
    })
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

fn default_config_path() -> Option<PathBuf> {
    home().map(|h| h.join(".config/solana/cli/config.yml"))
}

fn default_keypair_path() -> PathBuf {
    home()
        .map(|h| h.join(".config/solana/id.json"))
        .unwrap_or_else(|| PathBuf::from("id.json"))
}

/// `~/x` expands to the home directory; a relative path in a config file is relative to
/// the file (so a config next to its keypairs works from any directory).
fn resolve_path(path: &str, relative_to: Option<&Path>) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/") {
        if let Some(home) = home() {
            return home.join(rest);
        }
    }
    let path = PathBuf::from(path);
    match relative_to {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    }
}

/// Monikers as in the Solana CLI: `localhost`/`l`, `devnet`/`d`, `testnet`/`t`,
/// `mainnet-beta`/`m`; anything else must be an http(s) URL.
pub fn normalize_url(url: &str) -> Result<String> {
    let resolved = match url {
        "localhost" | "l" => "http://127.0.0.1:8899",
        "devnet" | "d" => "https://api.devnet.solana.com",
        "testnet" | "t" => "https://api.testnet.solana.com",
        "mainnet-beta" | "m" => "https://api.mainnet-beta.solana.com",
        other if other.starts_with("http://") || other.starts_with("https://") => other,
        other => bail!(
            "unknown cluster {other:?}: use a URL (http://...) or one of localhost, devnet, \
             testnet, mainnet-beta"
        ),
    };
    Ok(resolved.trim_end_matches('/').to_string())
}

fn parse_commitment(level: &str) -> Result<CommitmentConfig> {
    Ok(match level {
        "processed" => CommitmentConfig::processed(),
        "confirmed" => CommitmentConfig::confirmed(),
        "finalized" => CommitmentConfig::finalized(),
        other => bail!("unknown commitment {other:?}: use processed, confirmed or finalized"),
    })
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monikers_and_urls() {
        assert_eq!(normalize_url("l").unwrap(), "http://127.0.0.1:8899");
        assert_eq!(
            normalize_url("mainnet-beta").unwrap(),
            "https://api.mainnet-beta.solana.com"
        );
        assert_eq!(
            normalize_url("http://10.0.0.1:9000/").unwrap(),
            "http://10.0.0.1:9000"
        );
        let err = normalize_url("localhots").unwrap_err().to_string();
        assert!(err.contains("unknown cluster \"localhots\""), "{err}");
    }

    #[test]
    fn relative_keypair_paths_follow_the_config_file() {
        let dir = Path::new("/tmp/demo");
        assert_eq!(
            resolve_path("wallet.json", Some(dir)),
            PathBuf::from("/tmp/demo/wallet.json")
        );
        assert_eq!(
            resolve_path("/abs/w.json", Some(dir)),
            PathBuf::from("/abs/w.json")
        );
    }
}
