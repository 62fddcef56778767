// Reads coding sheet files (or folders of them) from disk, listing every file that cannot be read at once.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import type { SheetFile } from './read-sheets.js';

const SHEET_EXTENSIONS = /\.(csv|tsv)$/i;

/** UTF-8, or UTF-16 when the file starts with its byte-order mark (spreadsheets' "Unicode text"). */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8');
}

function shown(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs).split(sep).join('/');
}

/** Each path is a sheet file, or a folder whose .csv files are all read (in name order). */
export function loadSheetFiles(paths: readonly string[], cwd: string): SheetFile[] {
  const files: SheetFile[] = [];
  const problems: ProblemDetail[] = [];
  const read = (abs: string): void => {
    try {
      files.push({ path: shown(abs, cwd), content: decode(readFileSync(abs)) });
    } catch (error) {
      problems.push({ file: shown(abs, cwd), code: 'human/unreadable-sheet', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the path.` });
    }
  };
  for (const path of paths) {
    const abs = resolve(cwd, path);
    let isFolder = false;
    try {
      isFolder = statSync(abs).isDirectory();
    } catch {
      // A missing path is reported by `read`, with the reason.
    }
    if (!isFolder) {
      read(abs);
      continue;
    }
    const inside = readdirSync(abs)
      .filter((name) => SHEET_EXTENSIONS.test(name) && !name.startsWith('.'))
      .sort();
    if (inside.length === 0) problems.push({ file: shown(abs, cwd), code: 'human/no-sheets', message: 'this folder holds no .csv coding sheets.' });
    for (const name of inside) read(join(abs, name));
  }
  if (problems.length > 0) {
    throw new PeerFidelityError('human/unreadable-sheet', `${problems.length === 1 ? 'a coding sheet' : `${problems.length} coding sheets`} could not be read:`, { details: problems });
  }
  return files;
}
