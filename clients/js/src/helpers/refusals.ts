// Why the vault program would refuse an instruction, as its error code (the generated
// `LRT_VAULT_ERROR__*` constants; `vault.getLrtVaultErrorMessage(code)` gives the text).
import {
  LRT_VAULT_ERROR__BUCKET_WIPED,
  LRT_VAULT_ERROR__INSUFFICIENT_SHARES,
  LRT_VAULT_ERROR__MATH_OVERFLOW,
  LRT_VAULT_ERROR__VAULT_VALUE_IS_ZERO,
  type LrtVaultError,
} from '../generated/lrt_vault/index.ts';
import { MathError } from './math.ts';

/** The vault program's error code for a refusal of the money math. */
export function vaultErrorOfMath(error: MathError): LrtVaultError {
  // `impl From<restaking_math::MathError> for VaultError` (programs/lrt_vault/src/errors.rs)
  switch (error.kind) {
    case 'VaultValueIsZero':
      return LRT_VAULT_ERROR__VAULT_VALUE_IS_ZERO;
    case 'SharesExceedSupply':
      return LRT_VAULT_ERROR__INSUFFICIENT_SHARES;
    case 'BucketWiped':
      return LRT_VAULT_ERROR__BUCKET_WIPED;
    default:
      return LRT_VAULT_ERROR__MATH_OVERFLOW;
  }
}

/** Runs `f`, turning a `MathError` into the vault's error code (`errors::math`). */
export function vaultMath<T>(
  f: () => T,
): { ok: true; value: T } | { ok: false; code: LrtVaultError } {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    if (error instanceof MathError) return { ok: false, code: vaultErrorOfMath(error) };
    throw error;
  }
}
