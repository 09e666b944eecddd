//! An embedded local Solana network (surfpool) with our three programs preloaded.
//!
//! The network runs offline on 127.0.0.1 with an HTTP JSON-RPC and a WebSocket endpoint.
//! `lrt_vault`, `slasher_registry` and `example_avs` are registered as native builtins
//! (no SBF toolchain here, see `../shared/docs/solana-native.md`); SPL Token, Token-2022,
//! the ATA program and the precompiles are the SBF builds that surfpool's LiteSVM bundles.
//!
//! ```no_run
//! let net = lrt_localnet::Localnet::start(lrt_localnet::LocalnetConfig::default()).unwrap();
//! println!("{}", net.rpc_url());
//! net.shutdown(); // also on drop
//! ```
//!
//! `demo` seeds a whole restaking world into a started network (see `demo::seed`).
//!
//! solana-program-test 3.x marks its API as "unstable" (deprecated) ahead of v4; we only
//! borrow its CPI stubs (the entries come from `native-builtins`), so the notices are
//! silenced here.
#![allow(deprecated)]

pub mod app;
pub mod demo;
pub mod serve;

use std::{
    net::TcpListener,
    sync::{Arc, Mutex, Once},
    thread::JoinHandle,
    time::{Duration, Instant},
};

use anchor_lang::prelude::Pubkey;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use surfpool_core::{
    runloops::start_local_surfnet_runloop,
    surfnet::{
        locker::SurfnetSvmLocker,
        svm::{SurfnetSvm, SurfnetSvmConfig},
    },
};
use surfpool_types::{
    BlockProductionMode, RpcConfig, SimnetCommand, SimnetConfig, SimnetEvent, SurfpoolConfig,
};

/// Where the network listens is always 127.0.0.1: it is a development tool, never exposed.
pub const BIND_HOST: &str = "127.0.0.1";

/// How the local network is started.
#[derive(Clone, Debug)]
pub struct LocalnetConfig {
    /// HTTP JSON-RPC port on 127.0.0.1; 0 picks a free one.
    pub rpc_port: u16,
    /// WebSocket (pubsub) port on 127.0.0.1; 0 picks a free one.
    pub ws_port: u16,
    /// Milliseconds per slot.
    pub slot_time_ms: u64,
    /// Addresses funded at start, each with `airdrop_lamports`.
    pub airdrop: Vec<Pubkey>,
    pub airdrop_lamports: u64,
    /// How long to wait for the network to report that it is ready.
    pub ready_timeout: Duration,
}

impl Default for LocalnetConfig {
    fn default() -> Self {
        Self {
            rpc_port: 0,
            ws_port: 0,
            slot_time_ms: 400,
            airdrop: vec![],
            airdrop_lamports: 0,
            ready_timeout: Duration::from_secs(30),
        }
    }
}

#[derive(Debug)]
pub enum LocalnetError {
    /// No free port could be found, or the ports are taken.
    Ports(String),
    /// surfpool refused to build or start the network.
    Surfpool(String),
    /// The network did not report ready in time.
    NotReady(String),
}

impl std::fmt::Display for LocalnetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LocalnetError::Ports(why) => write!(f, "ports: {why}"),
            LocalnetError::Surfpool(why) => write!(f, "surfpool: {why}"),
            LocalnetError::NotReady(why) => write!(f, "the network did not start: {why}"),
        }
    }
}

impl std::error::Error for LocalnetError {}

/// A native program's CPIs go through syscall stubs that solana-program-test installs
/// (process-wide, once) only when a `ProgramTest` starts. Start an empty one once.
pub fn install_native_cpi_stubs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Its own thread and runtime: the caller may or may not be inside one.
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async {
                let mut pt = solana_program_test::ProgramTest::default();
                pt.prefer_bpf(false);
                drop(pt.start().await);
            });
            // `ProgramTest::default` turned on debug logs of every instruction; back to
            // errors only unless RUST_LOG says otherwise.
            agave_logger::setup();
        })
        .join()
        .expect("the throwaway ProgramTest started");
    });
}

/// Asks the OS for a port on 127.0.0.1 that is free right now.
pub fn free_port() -> Result<u16, LocalnetError> {
    TcpListener::bind((BIND_HOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| LocalnetError::Ports(e.to_string()))
}

/// A running network. Dropping it shuts the network down.
pub struct Localnet {
    rpc_url: String,
    ws_url: String,
    commands: Sender<SimnetCommand>,
    svm: SurfnetSvmLocker,
    runloop: Option<JoinHandle<Result<(), String>>>,
    started_in: Duration,
    epochs: EpochWatchers,
}

/// Who hears about Solana epoch changes.
#[derive(Clone, Default)]
struct EpochWatchers(Arc<Mutex<Watchers>>);

#[derive(Default)]
struct Watchers {
    /// The last epoch seen, sent to newcomers.
    epoch: Option<u64>,
    senders: Vec<Sender<u64>>,
}

impl EpochWatchers {
    fn subscribe(&self) -> Receiver<u64> {
        let (tx, rx) = crossbeam_channel::unbounded();
        let mut watchers = self.0.lock().expect("epoch watchers lock");
        if let Some(epoch) = watchers.epoch {
            let _ = tx.send(epoch);
        }
        watchers.senders.push(tx);
        rx
    }

    /// Never blocks (unbounded channels): safe from the event reader.
    fn clock_seen(&self, epoch: u64) {
        let mut watchers = self.0.lock().expect("epoch watchers lock");
        if watchers.epoch != Some(epoch) {
            watchers.epoch = Some(epoch);
            watchers.senders.retain(|tx| tx.send(epoch).is_ok());
        }
    }
}

impl Localnet {
    /// Builds the VM with our builtins, starts the RPC servers and block production, and
    /// returns once surfpool reports ready.
    pub fn start(config: LocalnetConfig) -> Result<Self, LocalnetError> {
        let started = Instant::now();
        install_native_cpi_stubs();

        let rpc_port = match config.rpc_port {
            0 => free_port()?,
            port => port,
        };
        let ws_port = match config.ws_port {
            0 => loop {
                let port = free_port()?;
                if port != rpc_port {
                    break port;
                }
            },
            port => port,
        };

        // Instruction profiling re-executes every transaction once per instruction prefix:
        // useful in surfpool's studio, only a cost here.
        let (mut svm, events, geyser_events) = SurfnetSvm::new(SurfnetSvmConfig {
            slot_time: config.slot_time_ms,
            instruction_profiling_enabled: false,
            ..SurfnetSvmConfig::default()
        })
        .map_err(|e| LocalnetError::Surfpool(e.to_string()))?;
        for program in native_builtins::builtins() {
            svm.inner.svm.add_builtin(program.program_id, program.entry);
        }
        let svm = SurfnetSvmLocker::new(svm);

        let surfpool_config = SurfpoolConfig {
            simnets: vec![SimnetConfig {
                offline_mode: true,
                remote_rpc_url: None,
                slot_time: config.slot_time_ms,
                block_production_mode: BlockProductionMode::Clock,
                airdrop_addresses: config.airdrop.clone(),
                airdrop_token_amount: config.airdrop_lamports,
                instruction_profiling_enabled: false,
                ..SimnetConfig::default()
            }],
            rpc: RpcConfig {
                bind_host: BIND_HOST.to_string(),
                bind_port: rpc_port,
                ws_port,
                ..RpcConfig::default()
            },
            ..SurfpoolConfig::default()
        };

        let (commands, commands_rx) = crossbeam_channel::unbounded();
        let runloop = {
            let svm = svm.clone();
            let commands = commands.clone();
            std::thread::Builder::new()
                .name("surfnet".into())
                .spawn(move || {
                    // surfpool's SVM lock uses `block_in_place`: a multi-thread runtime.
                    let runtime = tokio::runtime::Builder::new_multi_thread()
                        .worker_threads(2)
                        .enable_all()
                        .build()
                        .map_err(|e| e.to_string())?;
                    runtime
                        .block_on(start_local_surfnet_runloop(
                            svm,
                            surfpool_config,
                            commands,
                            commands_rx,
                            geyser_events,
                        ))
                        .map_err(|e| e.to_string())
                })
                .map_err(|e| LocalnetError::Surfpool(e.to_string()))?
        };

        let mut net = Self {
            rpc_url: format!("http://{BIND_HOST}:{rpc_port}"),
            ws_url: format!("ws://{BIND_HOST}:{ws_port}"),
            commands,
            svm,
            runloop: Some(runloop),
            started_in: Duration::ZERO,
            epochs: EpochWatchers::default(),
        };
        net.wait_ready(&events, config.ready_timeout)?;
        drain_events(events, net.epochs.clone());
        net.started_in = started.elapsed();
        Ok(net)
    }

    fn wait_ready(
        &mut self,
        events: &Receiver<SimnetEvent>,
        timeout: Duration,
    ) -> Result<(), LocalnetError> {
        let deadline = Instant::now() + timeout;
        loop {
            match events.recv_timeout(Duration::from_millis(50)) {
                Ok(SimnetEvent::Ready(_)) => return Ok(()),
                Ok(SimnetEvent::Aborted(why)) => return Err(LocalnetError::NotReady(why)),
                Ok(_) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(LocalnetError::NotReady("the event channel closed".into()))
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.runloop.as_ref().is_some_and(|h| h.is_finished()) {
                let why = match self.runloop.take().map(|h| h.join()) {
                    Some(Ok(Err(why))) => why,
                    Some(Err(_)) => "the network thread panicked".into(),
                    _ => "the network stopped".into(),
                };
                return Err(LocalnetError::NotReady(why));
            }
            if Instant::now() > deadline {
                return Err(LocalnetError::NotReady(format!(
                    "not ready after {timeout:?}"
                )));
            }
        }
    }

    /// The HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:8899`.
    pub fn rpc_url(&self) -> &str {
        &self.rpc_url
    }

    /// The WebSocket endpoint, e.g. `ws://127.0.0.1:8900`.
    pub fn ws_url(&self) -> &str {
        &self.ws_url
    }

    /// Time from `start` being called to the network reporting ready.
    pub fn started_in(&self) -> Duration {
        self.started_in
    }

    /// The SVM itself, for in-process access (only from outside an async context or from
    /// a multi-thread runtime: surfpool's lock uses `block_in_place`).
    pub fn svm(&self) -> &SurfnetSvmLocker {
        &self.svm
    }

    /// A channel that receives the Solana epoch each time the network's clock enters a new
    /// one (the current epoch first, once known). Fed by the event reader, which must never
    /// take the SVM lock: a subscriber that writes accounts on epoch changes does so from
    /// its own thread. Disconnects when the network stops.
    pub fn watch_epochs(&self) -> Receiver<u64> {
        self.epochs.subscribe()
    }

    /// Stops block production and closes the RPC servers; waits for the network thread.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(runloop) = self.runloop.take() {
            let _ = self.commands.send(SimnetCommand::Terminate(None));
            let _ = runloop.join();
        }
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        self.stop();
    }
}

/// surfpool's event channel is bounded: it must be read or the network blocks. Errors and
/// warnings go to stderr; clock updates feed the epoch watchers; the rest (one event per
/// transaction, slot, log line) is dropped.
fn drain_events(events: Receiver<SimnetEvent>, epochs: EpochWatchers) {
    std::thread::Builder::new()
        .name("surfnet-events".into())
        .spawn(move || {
            for event in events {
                match event {
                    SimnetEvent::SystemClockUpdated(clock) => epochs.clock_seen(clock.epoch),
                    SimnetEvent::ErrorLog(_, msg) => eprintln!("surfnet error: {msg}"),
                    SimnetEvent::WarnLog(_, msg) => eprintln!("surfnet warning: {msg}"),
                    SimnetEvent::Aborted(msg) => eprintln!("surfnet aborted: {msg}"),
                    _ => {}
                }
            }
        })
        .expect("spawn the event reader");
}

/// Moves the network's clock forward to `slot` with surfpool's `surfnet_timeTravel`
/// cheatcode (`{"absoluteSlot": slot}`), then waits until a block was produced after it.
///
/// The wait matters: surfpool first writes a Clock sysvar whose `slot` is the slot *within
/// its epoch*; the next block rewrites it with the absolute slot. A transaction sent in
/// between would see the wrong slot (and so the wrong restaking epoch).
pub fn advance_to_slot(
    rpc: &solana_rpc_client::rpc_client::RpcClient,
    slot: u64,
) -> Result<u64, String> {
    use solana_rpc_client_api::request::RpcRequest;
    // `processed`: the slot being built (the RPC client's default, finalized, lags by 32).
    let processed = solana_commitment_config::CommitmentConfig::processed();
    let current = rpc
        .get_slot_with_commitment(processed)
        .map_err(|e| e.to_string())?;
    if slot > current {
        let _: serde_json::Value = rpc
            .send(
                RpcRequest::Custom {
                    method: "surfnet_timeTravel",
                },
                serde_json::json!([{ "absoluteSlot": slot }]),
            )
            .map_err(|e| format!("surfnet_timeTravel: {e}"))?;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = rpc
            .get_slot_with_commitment(processed)
            .map_err(|e| e.to_string())?;
        if now > slot.max(current) {
            return Ok(now);
        }
        if Instant::now() > deadline {
            return Err(format!("the network did not reach slot {slot} (at {now})"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
