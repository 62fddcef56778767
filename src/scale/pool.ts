// Codes transcripts on every core: a pool of worker threads fed in batches, results handed back in input order.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodebookSource } from '../codebook/load.js';
import type { CompiledCodebook } from '../coding/compiled.js';
import { codeTranscript, type CodingOptions } from '../coding/index.js';
import { PeerFidelityError } from '../core/errors.js';
import type { CodedTranscript, Transcript } from '../core/types.js';
import { CODED, fromWire, produce, type Product, type ProductOf } from './products.js';
import { deserializeError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol.js';

/** Turns per message: large enough that structured cloning and scheduling cost little next to coding. */
export const DEFAULT_BATCH_TURNS = 500;
/**
 * Coding allocates many short-lived objects (tokens, spans, candidates). A young generation larger than V8's default
 * (about 32 MB a semi-space instead of 16) means fewer scavenges: about 18 % more turns per CPU second in-process,
 * for some 60 MB more memory per worker (docs/scaling.md).
 */
const WORKER_YOUNG_GENERATION_MB = 96;

/** Workers start only once the input fills this many batches; smaller inputs are coded on the calling thread. */
export const POOL_MIN_BATCHES = 4;

export interface PoolOptions {
  /** Worker threads (default: `os.availableParallelism()`); 1 codes on the calling thread with no workers. */
  jobs?: number;
  coding?: CodingOptions;
  /** Turns per batch sent to a worker (default 500). */
  batchTurns?: number;
  /**
   * The validated source `codebook` was compiled from (`readCodebookSource`). Workers then compile it rather than
   * read the folder again: quicker to start, and they cannot see codebook files edited while the run goes on.
   */
  source?: CodebookSource;
  /** The compiled worker script (default: worker.js next to this module, or dist/scale/worker.js when run from TypeScript sources). */
  workerUrl?: URL;
}

export function defaultJobs(): number {
  return availableParallelism();
}

/** Workers run compiled JavaScript: next to this module when it is compiled, in dist/ when tests run the TypeScript sources. */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/scale/worker.js', here) : new URL('./worker.js', here);
}

interface Pending {
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** A fixed set of worker threads, each holding its own compiled copy of one codebook; `T` is what `code` hands back per transcript. */
export class CodingPool<T = CodedTranscript> {
  private seq = 0;
  private closed = false;

  private constructor(
    private readonly slots: Slot[],
    private readonly product: Product,
  ) {}

  /**
   * Starts `jobs` workers and waits until each has compiled the codebook (so a codebook problem shows at once).
   * `product` says what they send back for each transcript (default: the coded transcript).
   */
  static async open<P extends Product = typeof CODED>(
    codebookDir: string,
    jobs: number,
    options: Pick<PoolOptions, 'coding' | 'workerUrl' | 'source'> & { product?: P } = {},
  ): Promise<CodingPool<ProductOf<P>>> {
    const product: Product = options.product ?? CODED;
    const url = options.workerUrl ?? defaultWorkerUrl();
    if (!existsSync(fileURLToPath(url))) {
      throw new PeerFidelityError(
        'scale/no-worker',
        `The coding worker ${fileURLToPath(url)} is missing. Build the project first (npm run build): worker threads run the compiled JavaScript.`,
      );
    }
    const setup: WorkerSetup = { codebookDir, coding: options.coding ?? {}, product };
    if (options.source) {
      const { locate: _, ...portable } = options.source;
      setup.source = portable;
    }
    const slots: Slot[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(url, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      const slot: Slot = { worker, pending: new Map() };
      slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          const fail = (error: Error): void => {
            reject(error);
            for (const p of slot.pending.values()) p.reject(error);
            slot.pending.clear();
          };
          worker.on('message', (message: FromWorker) => {
            if (message.type === 'ready') resolve();
            else if (message.type === 'coded') {
              slot.pending.get(message.seq)?.resolve(message.results);
              slot.pending.delete(message.seq);
            } else if (message.seq === -1) fail(deserializeError(message.error));
            else {
              slot.pending.get(message.seq)?.reject(deserializeError(message.error));
              slot.pending.delete(message.seq);
            }
          });
          worker.on('error', fail);
          worker.on('exit', (code) => {
            if (slot.pending.size > 0 || code !== 0) fail(new Error(`a coding worker stopped unexpectedly (exit code ${code})`));
          });
        }),
      );
    }
    const pool = new CodingPool<ProductOf<P>>(slots, product);
    try {
      await Promise.all(ready);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Codes one batch on the least busy worker; results are in the batch's order. */
  async code(transcripts: Transcript[]): Promise<T[]> {
    if (this.closed) throw new Error('the coding pool is closed');
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const seq = this.seq++;
    const results = await new Promise<unknown[]>((resolve, reject) => {
      slot.pending.set(seq, { resolve, reject });
      slot.worker.postMessage({ seq, transcripts } satisfies ToWorker);
    });
    return results.map((r, i) => fromWire(this.product, r, transcripts[i] as Transcript) as T);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

async function* batches(source: AsyncIterable<Transcript> | Iterable<Transcript>, batchTurns: number): AsyncGenerator<Transcript[]> {
  let batch: Transcript[] = [];
  let turns = 0;
  for await (const t of source) {
    batch.push(t);
    turns += t.turns.length;
    if (turns >= batchTurns) {
      yield batch;
      batch = [];
      turns = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Codes transcripts as they arrive and yields them in the order they came, whatever the number of
 * jobs: the output of `jobs: 4` is the same, byte for byte, as that of `jobs: 1`. At most two batches
 * per worker are in flight, so memory does not grow with the input.
 */
export function codeStream(
  source: AsyncIterable<Transcript> | Iterable<Transcript>,
  codebook: CompiledCodebook,
  options: PoolOptions = {},
): AsyncGenerator<CodedTranscript> {
  return produceStream(source, codebook, CODED, options);
}

/** `codeStream`, handing back `product` for each transcript: workers make it, so only it crosses between threads. */
export async function* produceStream<P extends Product>(
  source: AsyncIterable<Transcript> | Iterable<Transcript>,
  codebook: CompiledCodebook,
  product: P,
  options: PoolOptions = {},
): AsyncGenerator<ProductOf<P>> {
  const jobs = options.jobs ?? defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1) throw new PeerFidelityError('scale/invalid-jobs', `jobs "${jobs}" should be a whole number above 0.`);
  const here = (t: Transcript): ProductOf<P> => produce(product, codeTranscript(t, codebook, options.coding), codebook) as ProductOf<P>;
  if (jobs === 1) {
    for await (const t of source) yield here(t);
    return;
  }
  const input = batches(source, options.batchTurns ?? DEFAULT_BATCH_TURNS);
  const head: Transcript[][] = [];
  while (head.length < POOL_MIN_BATCHES) {
    const next = await input.next();
    if (next.done) break;
    head.push(next.value);
  }
  if (head.length < POOL_MIN_BATCHES) {
    // A small input: starting workers (each loads the NLP libraries) would cost more than it saves.
    for (const batch of head) for (const t of batch) yield here(t);
    return;
  }
  let pool: CodingPool<ProductOf<P>> | undefined;
  const inFlight: Promise<ProductOf<P>[]>[] = [];
  const limit = Math.max(jobs * 2, POOL_MIN_BATCHES);
  const submit = (running: CodingPool<ProductOf<P>>, batch: Transcript[]): void => {
    const job = running.code(batch);
    // Awaited in order below; this only keeps a later failure from counting as unhandled meanwhile.
    job.catch(() => undefined);
    inFlight.push(job);
  };
  try {
    const running = (pool = await CodingPool.open(codebook.dir, jobs, { ...options, product }));
    for (const batch of head) submit(running, batch);
    let exhausted = false;
    for (;;) {
      while (!exhausted && inFlight.length < limit) {
        const next = await input.next();
        if (next.done) exhausted = true;
        else submit(running, next.value);
      }
      const oldest = inFlight.shift();
      if (!oldest) return;
      yield* await oldest;
    }
  } finally {
    await input.return(undefined);
    await pool?.close();
  }
}
