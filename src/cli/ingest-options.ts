// Ingest options shared by every command that reads transcripts (ingest, code, score, report).
import { Option, type Command } from 'commander';
import { PeerFidelityError } from '../core/errors.js';
import type { SourceFormat } from '../core/types.js';
import { CANONICAL_COLUMNS, ingestPaths, loadRolesFile, parseRolesOption, type IngestOptions, type IngestResult } from '../ingest/index.js';
import { resolve } from 'node:path';

const INPUT_FORMATS: SourceFormat[] = ['csv', 'tsv', 'txt', 'json', 'jsonl', 'vtt', 'srt', 'docx'];

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds --roles, --roles-file, --column, --delimiter, --strict, --stdin-filename, --input-format, --max-file-size. */
export function addIngestOptions(cmd: Command): Command {
  return cmd
    .option('--roles <map>', 'speaker roles, e.g. "Helper=supporter,Helpee=supported" (roles: supporter, supported, staff, narrator, other)')
    .option('--roles-file <file>', 'speaker roles from a .csv (speaker,role) or .yml (Speaker: role) file')
    .option('--column <key=header>', `use another header for a CSV column, e.g. text=utterance (repeatable; keys: ${CANONICAL_COLUMNS.join(', ')})`, collect, [])
    .option('--delimiter <char>', 'CSV delimiter: a character, or comma, semicolon, tab, pipe (detected when left out)')
    .option('--strict', 'treat every warning about the input as an error')
    .option('--stdin-filename <name>', 'file name for input read from - (standard input); its extension picks the format')
    .addOption(new Option('--input-format <format>', 'read every input as this format instead of going by extension').choices(INPUT_FORMATS))
    .option('--max-file-size <MB>', 'largest file to read, in megabytes', '50');
}

const DELIMITERS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', '\\t': '\t', pipe: '|' };

/** The parsed commander options of `addIngestOptions`, as IngestOptions (reads --roles-file). */
export function ingestOptionsFrom(opts: Record<string, unknown>, cwd: string): IngestOptions {
  const options: IngestOptions = { cwd };
  const roles = {
    ...(typeof opts['rolesFile'] === 'string' ? loadRolesFile(resolve(cwd, opts['rolesFile'])) : {}),
    ...(typeof opts['roles'] === 'string' ? parseRolesOption(opts['roles']) : {}),
  };
  if (Object.keys(roles).length > 0) options.roles = roles;

  const columns: Record<string, string> = {};
  for (const pair of (opts['column'] as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1 || eq === pair.length - 1) {
      throw new PeerFidelityError('ingest/unknown-column', `--column "${pair}" should look like key=header, e.g. --column text=utterance.`);
    }
    columns[pair.slice(0, eq).trim().toLowerCase()] = pair.slice(eq + 1).trim();
  }
  if (Object.keys(columns).length > 0) options.columns = columns;

  const delimiter = opts['delimiter'];
  if (typeof delimiter === 'string') {
    const named = DELIMITERS[delimiter.toLowerCase()] ?? delimiter;
    if ([...named].length !== 1) {
      throw new PeerFidelityError('ingest/invalid-delimiter', `--delimiter "${delimiter}" should be one character, or comma, semicolon, tab or pipe.`);
    }
    options.delimiter = named;
  }
  if (opts['strict'] === true) options.strict = true;
  if (typeof opts['inputFormat'] === 'string') options.format = opts['inputFormat'] as SourceFormat;
  const mb = Number(opts['maxFileSize'] ?? 50);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new PeerFidelityError('ingest/invalid-option', `--max-file-size "${String(opts['maxFileSize'])}" should be a number of megabytes above 0, e.g. 50.`);
  }
  options.maxFileSize = Math.round(mb * 1024 * 1024);
  return options;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Reads the paths a command was given with the options `addIngestOptions` added. `-` reads
 * standard input (or `stdin` when given, for tests) and needs --stdin-filename or --input-format.
 */
export async function ingestFromCli(
  paths: string[],
  opts: Record<string, unknown>,
  cwd: string,
  stdin?: () => Promise<Uint8Array>,
): Promise<IngestResult> {
  const options = ingestOptionsFrom(opts, cwd);
  if (paths.includes('-')) {
    const name = typeof opts['stdinFilename'] === 'string' ? opts['stdinFilename'] : options.format ? `stdin.${options.format}` : undefined;
    if (!name) {
      throw new PeerFidelityError(
        'ingest/stdin-filename',
        'Reading from standard input (-) needs a file name to tell the format: add --stdin-filename NAME.vtt (or .csv, .txt, …), or --input-format.',
      );
    }
    options.stdin = { content: await (stdin ?? readStdin)(), fileName: name };
  }
  return ingestPaths(paths, options);
}
