// The hand-written helpers every front end needs, computed from decoded accounts exactly
// as the programs compute them (each rule cites the Rust function it mirrors; the tests
// check them against numbers written by the Rust functions themselves:
// crates/lrt-client/tests/ts_vectors.rs -> clients/js/test/vectors.json).
export * from './math.ts';
export * from './time.ts';
export * from './fees.ts';
export * from './refusals.ts';
export * from './sharePrice.ts';
export * from './deposit.ts';
export * from './withdrawal.ts';
export * from './tickets.ts';
export * from './stake.ts';
export * from './slashes.ts';
export * from './events.ts';
export * from './prices.ts';
