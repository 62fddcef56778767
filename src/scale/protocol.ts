// The messages between the coding pool and its worker threads, and how errors cross the thread boundary.
import type { CodebookSource } from '../codebook/load.js';
import type { CodingOptions } from '../coding/index.js';
import { PeerFidelityError, type ErrorLocation, type ProblemDetail } from '../core/errors.js';
import type { Transcript } from '../core/types.js';
import type { Product } from './products.js';

/** A validated codebook source as it crosses to a worker (its position finder is a function, which cannot). */
export type PortableSource = Omit<CodebookSource, 'locate'>;

export interface WorkerSetup {
  /** Absolute path of the codebook folder; a worker reads and compiles it once when `source` is not given. */
  codebookDir: string;
  /** The source the caller already validated: compiling it is quicker than reading the folder again, and cannot see files edited since. */
  source?: PortableSource;
  coding: CodingOptions;
  /** What to send back for each transcript. */
  product: Product;
}

export interface ToWorker {
  seq: number;
  transcripts: Transcript[];
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** Set when the error was a PeerFidelityError. */
  peer?: { code: string; exitCode: number; location: ErrorLocation; details: ProblemDetail[] };
}

export type FromWorker =
  | { type: 'ready' }
  /** One product per transcript of the batch, in its order (see products.ts `toWire`). */
  | { type: 'coded'; seq: number; results: unknown[] }
  | { type: 'failed'; seq: number; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof PeerFidelityError) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      peer: { code: error.code, exitCode: error.exitCode, location: error.location, details: error.details },
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

/** The error again on this side: a PeerFidelityError stays one, so the CLI reports it the same way. */
export function deserializeError(error: SerializedError): Error {
  if (error.peer) {
    return new PeerFidelityError(error.peer.code, error.message, { location: error.peer.location, details: error.peer.details, exitCode: error.peer.exitCode });
  }
  const out = new Error(`a coding worker failed: ${error.message}`);
  if (error.stack) out.stack = error.stack;
  return out;
}
