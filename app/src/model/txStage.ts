// The life of one transaction on screen: signing (the wallet asks), sending (the cluster
// has it), confirmed (with an explorer link and the balances after), or failed (with the
// program error in words and what to do). A small state machine so the screens cannot
// show two stages at once or skip one.
import type { Explained } from './errors.ts';

export type TxStageName = 'signing' | 'sending' | 'confirmed' | 'failed';

/** A balance to show after a confirmed transaction. */
export type BalanceLine = { label: string; amount: string; testId?: string };

export type TxState =
  | { stage: 'idle' }
  | { stage: 'signing'; label: string }
  | { stage: 'sending'; label: string; signatures: string[] }
  | { stage: 'confirmed'; label: string; signatures: string[]; balances: BalanceLine[] | null }
  | { stage: 'failed'; label: string; signatures: string[]; error: Explained };

export type TxEvent =
  | { type: 'start'; label: string }
  | { type: 'signed'; signatures: string[] }
  | { type: 'confirmed' }
  | { type: 'balances'; balances: BalanceLine[] }
  /** `landed`: the signatures of the transactions that reached the chain (confirmed, or
   * failed on chain); one refused in simulation never did and gets no explorer link. */
  | { type: 'failed'; error: Explained; landed: string[] }
  | { type: 'dismiss' };

/** The next state; events that make no sense in a stage leave it as it is. */
export function txReducer(state: TxState, event: TxEvent): TxState {
  switch (event.type) {
    case 'start':
      // a new transaction only once the last one is over
      return state.stage === 'signing' || state.stage === 'sending'
        ? state
        : { stage: 'signing', label: event.label };
    case 'signed':
      return state.stage === 'signing'
        ? { stage: 'sending', label: state.label, signatures: event.signatures }
        : state;
    case 'confirmed':
      return state.stage === 'sending'
        ? { stage: 'confirmed', label: state.label, signatures: state.signatures, balances: null }
        : state;
    case 'balances':
      return state.stage === 'confirmed' ? { ...state, balances: event.balances } : state;
    case 'failed':
      return state.stage === 'signing' || state.stage === 'sending'
        ? {
            stage: 'failed',
            label: state.label,
            signatures:
              state.stage === 'sending'
                ? state.signatures.filter((s) => event.landed.includes(s))
                : [],
            error: event.error,
          }
        : state;
    case 'dismiss':
      return state.stage === 'confirmed' || state.stage === 'failed' ? { stage: 'idle' } : state;
  }
}

/** Whether a transaction is under way (forms stay disabled meanwhile). */
export function txBusy(state: TxState): boolean {
  return state.stage === 'signing' || state.stage === 'sending';
}
