// Folders: every transcript file inside (sorted, recursive), the optional manifest.csv and roles.csv beside them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Transcript } from '../core/types.js';
import { compareText } from '../core/order.js';
import { readCsvRows } from './csv.js';
import { decodeUtf8, normaliseText, parseDate } from './normalise.js';
import { formatFromFileName } from './parse.js';
import { inFieldOrder } from './build.js';
import { FileReport } from './report.js';

export const MANIFEST_NAME = 'manifest.csv';
/** A speaker→role file at the top of a folder applies to every transcript in it. */
export const FOLDER_ROLES_NAMES = ['roles.csv', 'roles.yml', 'roles.yaml'];

export interface FolderListing {
  /** Paths relative to the folder, `/`-separated, in byte order. */
  files: string[];
  /** Files present but not in a format this tool reads. */
  unsupported: string[];
  /** manifest.csv files below the top folder (only the top one is read). */
  nestedManifests: string[];
  /** roles.csv (or .yml) at the top of the folder, if any. */
  rolesFile?: string;
}

/** Lists a folder recursively, leaving out hidden entries, README files and the manifest. */
export function listFolder(root: string): FolderListing {
  const files: string[] = [];
  const unsupported: string[] = [];
  const nestedManifests: string[] = [];
  let rolesFile: string | undefined;
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      // Symlinked folders are not followed, so a link loop cannot trap the walk.
      if (entry.isDirectory()) walk(full, rel);
      else if (entry.isFile() || (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())) {
        if (/^readme(\.[a-z]+)?$/i.test(entry.name) || rel === MANIFEST_NAME) continue;
        if (FOLDER_ROLES_NAMES.includes(rel)) {
          rolesFile ??= rel;
          continue;
        }
        if (entry.name === MANIFEST_NAME) nestedManifests.push(rel);
        else (formatFromFileName(entry.name) ? files : unsupported).push(rel);
      }
    }
  };
  walk(root, '');
  files.sort(compareText);
  unsupported.sort(compareText);
  nestedManifests.sort(compareText);
  return { files, unsupported, nestedManifests, ...(rolesFile === undefined ? {} : { rolesFile }) };
}

export interface ManifestEntry {
  file: string;
  line: number;
  transcriptId?: string;
  program?: string;
  site?: string;
  date?: string;
  setting?: string;
  /** False when consent is "no" or "withdrawn": the file must not be read. */
  consent: boolean;
  /** The consent cell as written. */
  consentValue: string;
  meta: Record<string, string>;
}

const KNOWN = new Set(['file', 'transcript_id', 'program', 'site', 'date', 'setting', 'consent']);
const NO_CONSENT = new Set(['no', 'n', 'withdrawn', 'declined', 'false']);

/** Reads manifest.csv; problems go to `report` (named after the manifest file). */
export function readManifest(bytes: Uint8Array, folder: string, report: FileReport): Map<string, ManifestEntry> {
  const entries = new Map<string, ManifestEntry>();
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    report.error('ingest/not-utf8', decoded.line, `The manifest ${decoded.message}.`);
    return entries;
  }
  const { rows } = readCsvRows(normaliseText(decoded.text), undefined, report);
  const header = rows[0];
  if (!header) return entries;
  const keys = header.cells.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  if (!keys.includes('file')) {
    report.error('ingest/manifest', header.line, `The manifest has no "file" column (headers found: ${header.cells.join(', ')}). Add a "file" column with each transcript's path inside the folder.`);
    return entries;
  }
  for (const row of rows.slice(1)) {
    const values: Record<string, string> = {};
    keys.forEach((key, i) => {
      const value = row.cells[i]?.trim();
      if (key && value) values[key] = value;
    });
    const file = (values['file'] ?? '').replace(/\\/g, '/').replace(/^\.\//, '');
    if (!file) {
      report.error('ingest/manifest', row.line, `Manifest line ${row.line} has no file name. Fill in the "file" column or delete the row.`);
      continue;
    }
    if (entries.has(file)) {
      report.error('ingest/manifest', row.line, `Manifest line ${row.line} lists "${file}" again (first at line ${entries.get(file)?.line}). Keep one row per file.`);
      continue;
    }
    const consentValue = (values['consent'] ?? '').toLowerCase();
    const entry: ManifestEntry = { file, line: row.line, consent: !NO_CONSENT.has(consentValue), consentValue: values['consent'] ?? '', meta: {} };
    if (!entry.consent) {
      // Never look at a file whose people said no; only the row itself is checked.
      entries.set(file, entry);
      continue;
    }
    if (!existsSync(join(folder, file))) {
      report.error('ingest/manifest-missing-file', row.line, `Manifest line ${row.line} lists "${file}", which is not in the folder. Fix the path (relative to the manifest) or delete the row.`);
      continue;
    }
    if (values['transcript_id']) entry.transcriptId = values['transcript_id'];
    for (const key of ['program', 'site', 'setting'] as const) if (values[key]) entry[key] = values[key];
    if (values['date']) {
      const parsed = parseDate(values['date']);
      if (parsed.ok) entry.date = parsed.iso;
      else report.error('ingest/invalid-date', row.line, `Manifest line ${row.line} ("${file}"): the date ${parsed.reason}.`);
    }
    for (const [key, value] of Object.entries(values)) if (!KNOWN.has(key)) entry.meta[key] = value;
    if (values['consent']) entry.meta['consent'] = values['consent'];
    entries.set(file, entry);
  }
  return entries;
}

/** Applies a manifest row to the transcripts read from its file; the manifest wins over the data. */
export function applyManifest(transcripts: Transcript[], entry: ManifestEntry, report: FileReport): Transcript[] {
  if (entry.transcriptId !== undefined) {
    const only = transcripts.length === 1 ? transcripts[0] : undefined;
    if (only) only.id = entry.transcriptId;
    else if (transcripts.length > 1) {
      report.warn('ingest/manifest', entry.line, `The manifest gives transcript_id "${entry.transcriptId}" for ${entry.file}, but that file holds ${transcripts.length} transcripts; their own ids were kept.`);
    }
  }
  for (const t of transcripts) {
    for (const key of ['program', 'site', 'date', 'setting'] as const) {
      const value = entry[key];
      if (value === undefined) continue;
      if (t[key] !== undefined && t[key] !== value) {
        report.warn('ingest/conflicting-metadata', entry.line, `${entry.file}: the manifest says ${key} "${value}" but transcript "${t.id}" says "${t[key]}"; the manifest's value is used.`);
      }
      t[key] = value;
    }
    Object.assign(t.meta, entry.meta);
  }
  return transcripts.map(inFieldOrder);
}

/**
 * The manifest row for a file named on its own: the nearest manifest.csv in its folder or a
 * folder above it (up to `stopAt`, the working directory) that lists it.
 */
export function findManifestEntry(fileAbs: string, stopAt: string): { path: string; entry: ManifestEntry } | undefined {
  let dir = dirname(fileAbs);
  for (;;) {
    const path = join(dir, MANIFEST_NAME);
    if (statSync(path, { throwIfNoEntry: false })?.isFile()) {
      // Problems elsewhere in that manifest belong to other files; only this file's row matters.
      const entries = readManifest(readFileSync(path), dir, new FileReport(path));
      const entry = entries.get(relative(dir, fileAbs).split(sep).join('/'));
      if (entry) return { path, entry };
    }
    const up = dirname(dir);
    if (up === dir || !isInside(up, stopAt)) return undefined;
    dir = up;
  }
}

function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
