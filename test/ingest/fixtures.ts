// Paths and loaders for the ingest fixtures, shared by the ingest tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseContent, type ParsedFile, type ParseOptions } from '../../src/ingest/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(FIXTURES + name);
}

/** Parses a checked-in fixture the way ingestPaths would (bytes, named by its file name). */
export function parseFixture(name: string, options: ParseOptions = {}): Promise<ParsedFile> {
  return parseContent(fixtureBytes(name), name, options);
}

export function codes(parsed: { problems: { code: string }[] }): string[] {
  return parsed.problems.map((p) => p.code);
}

/** The invariant every reader keeps: each turn found is either kept or listed as skipped. */
export function accountedFor(parsed: ParsedFile): boolean {
  const kept = parsed.transcripts.reduce((n, t) => n + t.turns.length, 0);
  const skipped = parsed.skipped.filter((s) => s.kind === 'turn').length;
  return parsed.turnsRead === kept + skipped;
}
