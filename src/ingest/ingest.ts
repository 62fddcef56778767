// Reads files, folders and stdin into checked transcripts; fails once, listing every problem.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PeerFidelityError, type ProblemDetail } from '../core/errors.js';
import { compareText } from '../core/order.js';
import { ROLES, type InputProblem, type Role, type Transcript } from '../core/types.js';
import { checkColumnMap } from './csv.js';
import { applyManifest, findManifestEntry, listFolder, MANIFEST_NAME, readManifest, type ManifestEntry } from './folder.js';
import { parseContent } from './parse.js';
import { loadRolesFile } from './roles.js';
import { FileReport } from './report.js';
import type { IngestOptions, IngestResult, ParsedFile, SkippedItem } from './types.js';

export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024;

/** A path as messages show it: relative to the working directory when inside it, with `/` separators. */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

function stripExtension(rel: string): string {
  return rel.replace(/\.[^./]+$/, '');
}

/** Throws the one error for a failed run: every problem listed, errors first. */
export function failOnErrors(problems: InputProblem[]): void {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const warnings = problems.filter((p) => p.severity === 'warning');
  const details: ProblemDetail[] = [...errors, ...warnings].map((p) => {
    const detail: ProblemDetail = { file: p.file, code: p.code, message: p.severity === 'warning' ? `(warning) ${p.message}` : p.message };
    if (p.line !== undefined) detail.line = p.line;
    return detail;
  });
  const codes = new Set(errors.map((e) => e.code));
  const code = codes.size === 1 ? (errors[0]?.code ?? 'ingest/invalid-input') : 'ingest/invalid-input';
  const count = errors.length === 1 ? 'a problem' : `${errors.length} problems`;
  throw new PeerFidelityError(code, `The input has ${count} to fix before it can be read (no output was written):`, { details });
}

/** A transcript file of a folder, with what the folder says about it. */
export interface ListedFile {
  abs: string;
  shown: string;
  /** The id of a transcript that names none: its path in the folder, without the extension. */
  defaultId: string;
  entry?: ManifestEntry;
}

/** What a folder holds to read: its transcript files in order (those without consent left out) and what is wrong. */
export interface FolderPlan {
  files: ListedFile[];
  /** The roles to read its files with: its roles.csv (or .yml) filled in under the user's own, when it has one. */
  roles?: Record<string, Role>;
  /** Problems of the manifest, found now and while its rows are applied: added once every file is read. */
  manifestReport: FileReport;
  problems: InputProblem[];
  skipped: SkippedItem[];
}

/**
 * Lists a folder, reads its manifest and roles file, and says which files to read (shared by reading whole and
 * streaming). `userRoles` (--roles, --roles-file) win over the folder's roles file.
 */
export function planFolder(abs: string, cwd: string, userRoles?: Record<string, Role>): FolderPlan {
  const shown = displayPath(abs, cwd);
  const listing = listFolder(abs);
  const manifestAbs = join(abs, MANIFEST_NAME);
  const manifestReport = new FileReport(displayPath(manifestAbs, cwd));
  const problems: InputProblem[] = [];
  const skipped: SkippedItem[] = [];
  const hasManifest = statSync(manifestAbs, { throwIfNoEntry: false })?.isFile() === true;
  const manifest = hasManifest ? readManifest(readFileSync(manifestAbs), abs, manifestReport) : new Map<string, ManifestEntry>();
  if (listing.nestedManifests.length > 0) {
    // Reading on would ignore the consent those manifests record, so none of this folder is read.
    for (const rel of listing.nestedManifests) {
      problems.push({
        severity: 'error',
        code: 'ingest/manifest',
        file: displayPath(join(abs, rel), cwd),
        message: `Only the ${MANIFEST_NAME} at the top of "${shown}" is read, so this one would be ignored (with any consent it records). Move its rows into ${displayPath(manifestAbs, cwd)} with paths relative to it, or read this subfolder on its own.`,
      });
    }
    return { files: [], manifestReport, problems, skipped };
  }
  for (const rel of listing.unsupported) {
    const entry = manifest.get(rel);
    if (entry?.consent) {
      manifestReport.error('ingest/unknown-format', entry.line, `The manifest lists "${rel}", which is not a transcript format this tool reads (csv, tsv, txt, json, jsonl, vtt, srt, docx).`);
    } else skipped.push({ kind: 'file', file: displayPath(join(abs, rel), cwd), reason: 'not a transcript format' });
  }
  if (listing.files.length === 0 && listing.unsupported.length === 0) {
    problems.push({ severity: 'error', code: 'ingest/empty-folder', file: shown, message: `The folder "${shown}" holds no transcript files (csv, tsv, txt, json, jsonl, vtt, srt, docx).` });
  }
  let roles: Record<string, Role> | undefined;
  if (listing.rolesFile) {
    const rolesAbs = join(abs, listing.rolesFile);
    try {
      // The folder's roles.csv fills in speakers that the user's own --roles or --roles-file do not name.
      roles = { ...loadRolesFile(rolesAbs), ...userRoles };
    } catch (error) {
      if (!(error instanceof PeerFidelityError)) throw error;
      problems.push({ severity: 'error', code: error.code, file: displayPath(rolesAbs, cwd), message: error.message });
    }
  }
  const files: ListedFile[] = [];
  for (const rel of listing.files) {
    const fileAbs = join(abs, rel);
    // Without a manifest of its own, a folder inside a larger one obeys the manifest above it (consent above all).
    const entry = hasManifest ? manifest.get(rel) : findManifestEntry(fileAbs, cwd)?.entry;
    if (entry && !entry.consent) {
      skipped.push({ kind: 'file', file: displayPath(fileAbs, cwd), reason: `consent is "${entry.consentValue}" in ${MANIFEST_NAME}; the file was not read` });
    } else files.push({ abs: fileAbs, shown: displayPath(fileAbs, cwd), defaultId: stripExtension(rel), ...(entry ? { entry } : {}) });
  }
  return { files, ...(roles ? { roles } : {}), manifestReport, problems, skipped };
}

/** The error for a transcript whose id another transcript of the run (read from `other`) already has. */
export function duplicateId(t: Transcript, other: string): InputProblem {
  return {
    severity: 'error',
    code: 'ingest/duplicate-id',
    file: t.source.file,
    message: `Transcript id "${t.id}" is used twice (also in ${other}). Give each conversation its own transcript_id, or put the files in one folder so ids come from their paths.`,
  };
}

/** Reads and parses one file whole, within the size limit; undefined (with the reason in `report`) when it cannot. */
export async function readTranscriptFile(abs: string, shown: string, report: FileReport, options: IngestOptions & { defaultId?: string }): Promise<ParsedFile | undefined> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const size = statSync(abs).size;
  if (size > maxFileSize) {
    report.error('ingest/file-too-large', undefined, `The file is ${(size / 1048576).toFixed(1)} MB, over the ${(maxFileSize / 1048576).toFixed(0)} MB limit. Split it, or raise the limit with --max-file-size.`);
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(abs);
  } catch (error) {
    report.error('ingest/unreadable-file', undefined, `The file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check that it exists and that you may read it.`);
    return undefined;
  }
  return parseContent(bytes, shown, options);
}

function emptyByRole(): Record<Role, number> {
  return Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
}

/**
 * Reads transcripts from files and folders (`-` means `options.stdin`). Warnings come back in
 * `problems`; with any error (or any warning when `strict`) it throws one PeerFidelityError
 * whose `details` list every problem with its file and line.
 */
export async function ingestPaths(paths: string[], options: IngestOptions = {}): Promise<IngestResult> {
  checkColumnMap(options.columns);
  const cwd = options.cwd ?? process.cwd();
  const parsed: ParsedFile[] = [];
  const problems: InputProblem[] = [];
  const skipped: SkippedItem[] = [];
  const done = new Set<string>();
  let files = 0;

  const readOne = async (abs: string, shown: string, defaultId: string, folderRoles?: Record<string, Role>): Promise<ParsedFile | undefined> => {
    const report = new FileReport(shown);
    const roles = folderRoles ?? options.roles;
    const result = await readTranscriptFile(abs, shown, report, { ...options, ...(roles ? { roles } : {}), defaultId });
    problems.push(...report.problems);
    if (result) {
      files++;
      parsed.push(result);
    }
    return result;
  };

  /** Reads a file unless its manifest row withholds consent, then applies that row's metadata. */
  const readListed = async (abs: string, shown: string, defaultId: string, entry: ManifestEntry | undefined, manifestReport: FileReport, folderRoles?: Record<string, Role>): Promise<void> => {
    if (entry && !entry.consent) {
      skipped.push({ kind: 'file', file: shown, reason: `consent is "${entry.consentValue}" in ${MANIFEST_NAME}; the file was not read` });
      return;
    }
    if (done.has(abs)) return;
    done.add(abs);
    const result = await readOne(abs, shown, defaultId, folderRoles);
    if (result && entry) result.transcripts = applyManifest(result.transcripts, entry, manifestReport);
  };

  for (const path of paths) {
    if (path === '-') {
      if (!options.stdin) {
        problems.push({ severity: 'error', code: 'ingest/no-stdin', file: '-', message: 'The path "-" means standard input, but none was given.' });
        continue;
      }
      if (done.has('-')) continue;
      done.add('-');
      files++;
      parsed.push(await parseContent(options.stdin.content, options.stdin.fileName, options));
      continue;
    }
    const abs = resolve(cwd, path);
    const shown = displayPath(abs, cwd);
    const stat = statSync(abs, { throwIfNoEntry: false });
    if (!stat) {
      problems.push({ severity: 'error', code: 'ingest/missing-path', file: shown, message: `There is no file or folder "${path}" (looked in ${cwd}). Check the spelling.` });
      continue;
    }
    if (!stat.isDirectory()) {
      // A file named on its own still obeys a manifest beside it or above it (consent above all).
      const found = findManifestEntry(abs, cwd);
      const report = new FileReport(found ? displayPath(found.path, cwd) : shown);
      await readListed(abs, shown, stripExtension(abs.split(sep).pop() ?? path), found?.entry, report);
      problems.push(...report.problems);
      continue;
    }

    const plan = planFolder(abs, cwd, options.roles);
    problems.push(...plan.problems);
    skipped.push(...plan.skipped);
    for (const file of plan.files) await readListed(file.abs, file.shown, file.defaultId, file.entry, plan.manifestReport, plan.roles);
    problems.push(...plan.manifestReport.problems);
  }

  for (const file of parsed) {
    problems.push(...file.problems);
    skipped.push(...file.skipped);
  }
  const transcripts: Transcript[] = parsed
    .flatMap((file) => file.transcripts)
    .map((t, order) => ({ t, order }))
    .sort((a, b) => compareText(a.t.source.file, b.t.source.file) || a.order - b.order)
    .map(({ t }) => t);

  const firstFile = new Map<string, string>();
  for (const t of transcripts) {
    const other = firstFile.get(t.id);
    if (other === undefined) firstFile.set(t.id, t.source.file);
    else {
      problems.push(duplicateId(t, other));
    }
  }

  // By file then line, whatever order the paths came in; the sort is stable within a line.
  const byPlace = <T extends { file: string; line?: number }>(a: T, b: T): number => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0);
  problems.sort(byPlace);
  skipped.sort(byPlace);
  const final = options.strict ? problems.map((p) => (p.severity === 'warning' ? { ...p, severity: 'error' as const } : p)) : problems;
  failOnErrors(final);

  const turnsByRole = emptyByRole();
  for (const t of transcripts) for (const turn of t.turns) turnsByRole[turn.role]++;
  return {
    transcripts,
    problems: final,
    skipped,
    summary: {
      files,
      filesSkipped: skipped.filter((s) => s.kind === 'file').length,
      transcripts: transcripts.length,
      turns: transcripts.reduce((n, t) => n + t.turns.length, 0),
      turnsByRole,
      turnsSkipped: skipped.filter((s) => s.kind === 'turn').length,
      warnings: final.length,
    },
  };
}
