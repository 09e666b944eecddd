// A Wallet Standard wallet for the browser tests, "E2E Test Wallet": registered in the
// page before the app loads (the `wallet-standard:register-wallet` /
// `wallet-standard:app-ready` handshake that `registerWallet` performs), with
// `standard:connect`, `standard:disconnect`, `standard:events` and
// `solana:signTransaction` (legacy and v0) on `solana:localnet`, devnet and mainnet.
//
// The key never enters the page: `signTransaction` hands the wire transaction to the test
// process through a binding (`context.exposeBinding`), which signs it with @solana/kit and
// returns the signed bytes. The test sees every request (`requests`), can act before
// answering (`beforeSign`: change the chain between the app's preview and the signature)
// and can decline like a user (`decline`).
import {
  getAddressEncoder,
  getBase64Decoder,
  getBase64Encoder,
  getTransactionDecoder,
  getTransactionEncoder,
  partiallySignTransaction,
  type KeyPairSigner,
  type Transaction,
} from '@solana/kit';
import type { BrowserContext } from '@playwright/test';

export const WALLET_NAME = 'E2E Test Wallet';
export const WALLET_CHAINS = ['solana:localnet', 'solana:devnet', 'solana:mainnet'];
const BINDING = '__lrtE2eWalletSign';

/** One signature request the page made. */
export type SignRequest = {
  chain: string | undefined;
  /** The transaction's version, from its message's first byte. */
  version: 'legacy' | 0;
  /** The wire transaction as the page sent it. */
  transaction: Transaction;
  /** Whether the test signed it (false: declined). */
  signed: boolean;
};

export class TestWallet {
  readonly requests: SignRequest[] = [];
  /** Runs before each signature, while the page waits (e.g. to change the chain). */
  beforeSign: ((request: SignRequest) => Promise<void>) | null = null;
  /** Decline the next requests, as a user who clicks "reject". */
  decline = false;

  constructor(readonly signer: KeyPairSigner) {}

  get address(): string {
    return this.signer.address;
  }

  /** Registers the wallet in every page of `context` (call before the first navigation). */
  async install(context: BrowserContext): Promise<void> {
    await context.exposeBinding(BINDING, async (_source, request: WireRequest) =>
      this.sign(request),
    );
    const publicKey = Array.from(getAddressEncoder().encode(this.signer.address));
    await context.addInitScript(registerTestWallet, {
      name: WALLET_NAME,
      address: this.signer.address,
      publicKey,
      chains: WALLET_CHAINS,
      binding: BINDING,
    });
  }

  /** Signs one wire transaction (base64) for the page, or throws as a declining user. */
  private async sign({ transaction, chain }: WireRequest): Promise<string> {
    const bytes = getBase64Encoder().encode(transaction);
    const decoded = getTransactionDecoder().decode(bytes);
    const first = decoded.messageBytes[0] ?? 0;
    const request: SignRequest = {
      chain,
      version: first & 0x80 ? 0 : 'legacy',
      transaction: decoded,
      signed: false,
    };
    this.requests.push(request);
    if (this.beforeSign) await this.beforeSign(request);
    if (this.decline) throw new Error('User rejected the request.');
    if (!(this.signer.address in decoded.signatures)) {
      throw new Error(`the transaction does not ask ${this.signer.address} to sign`);
    }
    const signed = await partiallySignTransaction([this.signer.keyPair], decoded);
    request.signed = true;
    return getBase64Decoder().decode(getTransactionEncoder().encode(signed));
  }
}

/** What the page sends through the binding. */
type WireRequest = { transaction: string; chain?: string };

type WalletInit = {
  name: string;
  address: string;
  publicKey: number[];
  chains: string[];
  binding: string;
};

/**
 * Runs in the page (serialised by Playwright: no imports, no closures over this module).
 * Builds the wallet object the Wallet Standard describes and registers it both ways: an
 * app that is already listening hears `wallet-standard:register-wallet`; one that starts
 * later announces itself with `wallet-standard:app-ready`, and is answered.
 */
function registerTestWallet(init: WalletInit): void {
  type Account = {
    address: string;
    publicKey: Uint8Array;
    chains: readonly string[];
    features: readonly string[];
    label: string;
  };
  type Listener = (properties: { accounts?: readonly Account[] }) => void;
  type SignInput = { account: Account; transaction: Uint8Array; chain?: string };
  type RegisterApi = { register: (wallet: unknown) => () => void };

  const win = window as unknown as Record<string, unknown>;
  const TRUST_KEY = 'lrt-e2e-wallet.trusted';
  const account: Account = Object.freeze({
    address: init.address,
    publicKey: new Uint8Array(init.publicKey),
    chains: Object.freeze([...init.chains]),
    features: Object.freeze(['solana:signTransaction']),
    label: init.name,
  });
  let accounts: readonly Account[] = [];
  const listeners = new Set<Listener>();
  const emit = () => listeners.forEach((l) => l({ accounts }));
  const toBase64 = (bytes: Uint8Array) => {
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  };
  const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const icon =
    'data:image/svg+xml;base64,' +
    btoa(
      '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="6" fill="#2b6"/><text x="16" y="21" font-size="12" text-anchor="middle" fill="#fff">E2E</text></svg>',
    );

  const wallet = {
    version: '1.0.0',
    name: init.name,
    icon,
    chains: Object.freeze([...init.chains]),
    get accounts() {
      return accounts;
    },
    features: {
      'standard:connect': {
        version: '1.0.0',
        // A silent connect succeeds only once the page's user connected before (as real
        // wallets remember a trusted site).
        connect: async (input?: { silent?: boolean }) => {
          const trusted = localStorage.getItem(TRUST_KEY) === '1';
          if (!input?.silent || trusted) {
            accounts = [account];
            localStorage.setItem(TRUST_KEY, '1');
            emit();
          }
          return { accounts };
        },
      },
      'standard:disconnect': {
        version: '1.0.0',
        disconnect: async () => {
          accounts = [];
          localStorage.removeItem(TRUST_KEY);
          emit();
        },
      },
      'standard:events': {
        version: '1.0.0',
        on: (event: string, listener: Listener) => {
          if (event !== 'change') return () => {};
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      'solana:signTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: Object.freeze(['legacy', 0]),
        signTransaction: async (...inputs: SignInput[]) => {
          const sign = win[init.binding] as (request: {
            transaction: string;
            chain?: string;
          }) => Promise<string>;
          const outputs: { signedTransaction: Uint8Array }[] = [];
          for (const input of inputs) {
            if (input.account.address !== init.address) {
              throw new Error(`${init.name} does not hold ${input.account.address}`);
            }
            if (!accounts.includes(account)) throw new Error(`${init.name} is not connected`);
            const signed = await sign({
              transaction: toBase64(input.transaction),
              chain: input.chain,
            });
            outputs.push({ signedTransaction: fromBase64(signed) });
          }
          return outputs;
        },
      },
    },
  };

  const callback = (api: RegisterApi) => api.register(wallet);
  try {
    window.dispatchEvent(
      new CustomEvent('wallet-standard:register-wallet', {
        detail: callback,
        bubbles: false,
        cancelable: false,
        composed: false,
      }),
    );
  } catch (error) {
    console.error('wallet-standard:register-wallet event could not be dispatched\n', error);
  }
  try {
    window.addEventListener('wallet-standard:app-ready', (event) =>
      callback((event as CustomEvent<RegisterApi>).detail),
    );
  } catch (error) {
    console.error('wallet-standard:app-ready event listener could not be added\n', error);
  }
  win.__lrtE2eWallet = wallet;
}
