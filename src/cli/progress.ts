// A running count of the conversations coded, on stderr, only when stderr is a terminal (never in pipes, logs or CI).
import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  tick(): void;
  stop(): void;
}

/** A stream-like face on CliIo.stderr for cli-progress, which writes escape codes through `write`. */
function stderrStream(io: CliIo): NodeJS.WritableStream {
  const stream = {
    isTTY: true,
    columns: process.stderr.columns ?? 80,
    write(chunk: string, callback?: () => void): boolean {
      io.stderr(chunk);
      callback?.();
      return true;
    },
    on: () => stream,
    once: () => stream,
    removeListener: () => stream,
  };
  return stream as unknown as NodeJS.WritableStream;
}

/** "coding… 1200 conversations", redrawn a few times a second and cleared at the end. */
export function conversationProgress(io: CliIo): Progress {
  if (!io.stderrIsTty) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ stream: stderrStream(io), format: 'coding… {value} conversations', hideCursor: true, clearOnComplete: true, fps: 5 });
  bar.start(0, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
