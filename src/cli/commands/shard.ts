// `peer-fidelity shard`: cuts a corpus into N files of about equal size, never splitting a conversation, for scoring on many machines.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { PeerFidelityError } from '../../core/errors.js';
import type { InputProblem, Transcript } from '../../core/types.js';
import { streamPaths } from '../../ingest/index.js';
import { addIngestOptions, ingestFromCli, ingestOptionsFrom } from '../ingest-options.js';
import { temporarySibling } from '../io.js';
import type { CliContext } from '../program.js';
import { conversationProgress } from '../progress.js';
import { positiveInteger } from './score.js';

/**
 * A conversation as one JSONL line that every reader takes back: its id, labels and turns (speaker, role, text,
 * timings), all that coding and scoring use. Where it came from on this machine (file paths, source lines) is left
 * out, as are extra columns kept in `meta`: shards travel.
 */
export function shardLine(t: Transcript): string {
  const turns = t.turns.map(({ index, speaker, role, text, start, end }) => ({ index, speaker, role, text, ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) }));
  const { id, program, site, date, setting } = t;
  return JSON.stringify({ id, program, site, date, setting, turns }) + '\n';
}

/**
 * The shard of a conversation of `turns` turns that comes after `done` turns of a `total`-turn corpus: the one where
 * its middle falls. Shards so follow the corpus's own order and each gets about `total / shards` turns; a conversation
 * is never split, so a very long one can leave a shard empty.
 */
export function shardOf(done: number, turns: number, total: number, shards: number): number {
  return Math.min(shards - 1, Math.floor(((done + turns / 2) * shards) / total));
}

function range(values: number[]): string {
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return min === max ? String(min) : `${min}–${max}`;
}

function shardName(i: number, shards: number): string {
  return `shard-${String(i + 1).padStart(String(shards).length, '0')}.jsonl`;
}

export function registerShard(program: Command, ctx: CliContext): void {
  const command = program
    .command('shard')
    .description('cut a corpus into files of about equal size, keeping each conversation whole, to score them on many machines')
    .argument('<paths...>', 'transcript files or folders (csv, tsv, txt, json, jsonl, vtt, srt, docx); - reads standard input')
    .requiredOption('--shards <n>', 'how many files to write')
    .requiredOption('--out-dir <dir>', 'a new (or empty) folder for shard-1.jsonl, shard-2.jsonl, …');
  addIngestOptions(command);
  command.addHelpText(
    'after',
    `
The input is read twice as a stream (once to count turns, once to write), so any size works. Each shard is JSONL, one
conversation per line with its turns, roles and labels (program, site, date, setting); file paths are left out.
Shards are in the corpus's own order, so scoring each and merging gives exactly the scores of the whole corpus:

  peer-fidelity shard archive.csv --shards 8 --out-dir shards
  for f in shards/*.jsonl; do peer-fidelity score "$f" --format json --output "parts/$(basename "$f" .jsonl).json"; done
  peer-fidelity merge parts/*.json --format table

The shards hold the conversations' words: keep them as carefully as the transcripts.`,
  );
  command.action(async (paths: string[], opts: Record<string, unknown>) => {
    const shards = positiveInteger(String(opts['shards']), '--shards', 8);
    const outDir = resolve(ctx.io.cwd, String(opts['outDir']));
    if (existsSync(outDir) && readdirSync(outDir).length > 0) {
      throw new PeerFidelityError('shard/out-dir-not-empty', `The folder ${opts['outDir']} already holds files. Give --out-dir a new or empty folder, so that no earlier shard is mixed in or overwritten.`, {
        location: { file: String(opts['outDir']) },
      });
    }
    // Standard input can be read only once: it is read whole. Files and folders are streamed, twice.
    const whole = paths.includes('-') ? (await ingestFromCli(paths, opts, ctx.io.cwd)).transcripts : undefined;
    const problems: InputProblem[] = [];
    const read = (): AsyncIterable<Transcript> | Iterable<Transcript> =>
      whole ?? streamPaths(paths, { ...ingestOptionsFrom(opts, ctx.io.cwd), onProblem: (p) => problems.push(p) });

    let total = 0;
    for await (const t of read()) total += t.turns.length;
    if (total === 0) throw new PeerFidelityError('shard/empty', 'There were no turns to shard: check the paths and, for CSV files, the column names (--column).');
    problems.length = 0;

    // Written to a temporary folder beside the target, which takes its place only once every shard is complete.
    const tmp = temporarySibling(outDir);
    mkdirSync(tmp);
    let done = 0;
    const progress = conversationProgress(ctx.io);
    const pending = new Map<number, string[]>();
    const counts = Array.from({ length: shards }, () => ({ conversations: 0, turns: 0 }));
    const flush = (i: number): void => {
      const lines = pending.get(i);
      if (!lines?.length) return;
      writeFileSync(join(tmp, `part-${i}`), lines.join(''), { flag: 'a' });
      pending.set(i, []);
    };
    try {
      for await (const t of read()) {
        const i = shardOf(done, t.turns.length, total, shards);
        done += t.turns.length;
        const lines = pending.get(i) ?? [];
        lines.push(shardLine(t));
        pending.set(i, lines);
        if (lines.length >= 200) flush(i);
        counts[i]!.conversations++;
        counts[i]!.turns += t.turns.length;
        progress.tick();
      }
      for (const i of pending.keys()) flush(i);
      // Shards left empty by a very long conversation take no number: the files are shard-1 … shard-k, in order.
      const filled = counts.flatMap((c, i) => (c.conversations > 0 ? [i] : []));
      filled.forEach((i, k) => renameSync(join(tmp, `part-${i}`), join(tmp, shardName(k, filled.length))));
      if (existsSync(outDir)) rmSync(outDir, { recursive: true });
      renameSync(tmp, outDir);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    } finally {
      progress.stop();
    }
    const written = counts.filter((c) => c.conversations > 0).map((c) => c.turns);
    ctx.io.stderr(
      `wrote ${written.length} shard${written.length === 1 ? '' : 's'} of ${range(written)} turns (${total} turns in all) → ${opts['outDir']}` +
        (written.length < shards ? ` (not ${shards}: a conversation is never split, and there are too few conversations, or too long ones)` : '') +
        (problems.length ? `; ${problems.length} warning${problems.length === 1 ? '' : 's'} about the input` : '') +
        '\n',
    );
  });
}
