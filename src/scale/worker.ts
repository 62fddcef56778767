// A coding worker thread: loads and compiles the codebook once, then codes the batches of transcripts it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRegexpsEagerly } from '../core/regexp-compilation.js';
import { compileCodebook, loadCodebook } from '../codebook/index.js';
import { codeTranscript, type CodingOptions } from '../coding/index.js';
import type { Transcript } from '../core/types.js';
import { toWire } from './products.js';
import { serializeError, type FromWorker, type ToWorker, type WorkerSetup } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('src/scale/worker.ts runs only as a worker thread');
const setup = workerData as WorkerSetup;
compileRegexpsEagerly();

try {
  const codebook = setup.source ? compileCodebook({ ...setup.source, locate: () => ({}) }) : await loadCodebook(setup.codebookDir);
  const options: CodingOptions = setup.coding;
  port.on('message', (message: ToWorker) => {
    try {
      const results = message.transcripts.map((t: Transcript) => toWire(setup.product, codeTranscript(t, codebook, options), codebook));
      port.postMessage({ type: 'coded', seq: message.seq, results } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ type: 'failed', seq: message.seq, error: serializeError(error) } satisfies FromWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
} catch (error) {
  port.postMessage({ type: 'failed', seq: -1, error: serializeError(error) } satisfies FromWorker);
}
