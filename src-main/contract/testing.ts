/** Test support for contract handlers: the value of a result, or a failed test naming the error. */
import type { Result } from '../../src-shared/errors.ts';

export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
