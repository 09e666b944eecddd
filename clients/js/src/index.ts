// The restaking protocol's TypeScript client for @solana/kit.
//
// - `vault`, `registry`, `exampleAvs`: generated from idl/ by Codama (`cargo xtask
//   client`): program addresses, account decoders and fetchers, instruction builders with
//   PDA defaults, error codes and messages. Never edit them by hand.
// - the helpers a front end needs (share price, previews, ticket status, stakes, pending
//   slashes), written against the generated types and tested against numbers from the
//   Rust side.
export * as vault from './generated/lrt_vault/index.ts';
export * as registry from './generated/slasher_registry/index.ts';
export * as exampleAvs from './generated/example_avs/index.ts';
export * from './helpers/index.ts';
