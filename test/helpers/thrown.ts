// The PeerFidelityError a function throws, for tests that check its code, message and location.
import { PeerFidelityError } from '../../src/core/errors.js';

export function thrown(fn: () => unknown): PeerFidelityError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PeerFidelityError) return error;
    throw error;
  }
  throw new Error('expected a PeerFidelityError');
}
