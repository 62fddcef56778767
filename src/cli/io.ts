// The CLI's contact with the outside: output streams and atomic file writes.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is an interactive terminal (progress bars are shown only then). */
  stderrIsTty: boolean;
  cwd: string;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY) && process.env['TERM'] !== 'dumb' && !process.env['CI'],
  cwd: process.cwd(),
};

/**
 * Where to write `path` before renaming it into place: a hidden sibling (same folder, so the rename is atomic), made
 * ready (its folder created, anything left by an earlier run of this process removed).
 */
export function temporarySibling(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.peer-fidelity-tmp-${process.pid}-${basename(path)}`);
  rmSync(tmp, { recursive: true, force: true });
  return tmp;
}

/**
 * Writes a file through a temporary sibling and a rename, so a failed run never leaves a
 * half-written file and never replaces a good one with a broken one.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = temporarySibling(path);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
