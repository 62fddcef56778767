// Public entry of the scale module: coding on every core, streaming output, summaries one transcript at a time, synthetic corpora.
import type { TranscriptSummary } from '../aggregate/summary.js';
import type { CompiledCodebook } from '../coding/compiled.js';
import type { Transcript } from '../core/types.js';
import { produceStream, type PoolOptions } from './pool.js';

export { CodingPool, DEFAULT_BATCH_TURNS, POOL_MIN_BATCHES, codeStream, defaultJobs, defaultWorkerUrl, produceStream, type PoolOptions } from './pool.js';
export { CODED, type Product, type ProductOf, type TextPiece } from './products.js';
export { StreamingFormatter, STREAMING_FORMATS, type StreamingFormat } from './output.js';
export { SYNTHETIC_COLUMNS, syntheticCsv, syntheticRows, type SyntheticOptions, type SyntheticRow } from './synthetic.js';

/**
 * Codes transcripts as they arrive and keeps only each one's summary record, so scoring a corpus
 * needs memory for the summaries, not for the transcripts or their findings. Summaries come in input order.
 */
export async function summarizeStream(
  source: AsyncIterable<Transcript> | Iterable<Transcript>,
  codebook: CompiledCodebook,
  options: PoolOptions = {},
): Promise<TranscriptSummary[]> {
  const summaries: TranscriptSummary[] = [];
  for await (const summary of produceStream(source, codebook, { kind: 'summary' }, options)) summaries.push(summary);
  return summaries;
}
