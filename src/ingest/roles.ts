// Decides each turn's role: a role column first, then the user's map, then the default map below.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parse as parseYaml } from 'yaml';
import { PeerFidelityError } from '../core/errors.js';
import { ROLES, type Role } from '../core/types.js';
import { normaliseText } from './normalise.js';

/**
 * Labels that transcripts commonly use, keyed in the form `labelKey` produces. Trailing
 * numbers and single letters are ignored when matching, so "Peer Helper 3" and "Member B"
 * find "peer helper" and "member". "Peer 1"/"Peer 2" stay unmapped: either person may be
 * the supporter. Any label starting with "Dr" or "Doctor" counts as staff.
 */
export const DEFAULT_ROLE_MAP: Readonly<Record<string, Role>> = Object.freeze({
  helper: 'supporter',
  'peer helper': 'supporter',
  'peer specialist': 'supporter',
  'peer support specialist': 'supporter',
  'peer supporter': 'supporter',
  'peer support worker': 'supporter',
  'peer worker': 'supporter',
  'peer mentor': 'supporter',
  supporter: 'supporter',
  facilitator: 'supporter',
  helpee: 'supported',
  'helpee turned helper': 'supported',
  participant: 'supported',
  member: 'supported',
  client: 'supported',
  guest: 'supported',
  supported: 'supported',
  'person supported': 'supported',
  dr: 'staff',
  doctor: 'staff',
  clinician: 'staff',
  'case manager': 'staff',
  therapist: 'staff',
  nurse: 'staff',
  psychiatrist: 'staff',
  psychologist: 'staff',
  'social worker': 'staff',
  staff: 'staff',
  narrator: 'narrator',
  interviewer: 'other',
  other: 'other',
});

/** Lower case, letters and digits only, single spaces: "Helpee;" → "helpee", "Dr. A" → "dr a". */
export function labelKey(label: string): string {
  return label
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `labelKey` without trailing numbers or single letters: "peer helper 3" → "peer helper". */
function tolerantKey(label: string): string {
  return labelKey(label)
    .replace(/(?:\s*\d+|\s+\p{L})+$/u, '')
    .trim();
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface RoleResolution {
  role: Role;
  /** Where the role came from; `unmapped` means the label matched nothing and the role is `other`. */
  source: 'field' | 'user' | 'default' | 'unmapped';
  /** Set when a role column/field held a value that is neither a role nor a known label. */
  invalidField?: string;
}

function lookup(map: Readonly<Record<string, Role>>, label: string): Role | undefined {
  const exact = labelKey(label);
  const tolerant = tolerantKey(label);
  for (const [key, role] of Object.entries(map)) if (labelKey(key) === exact) return role;
  if (!tolerant) return undefined;
  for (const [key, role] of Object.entries(map)) if (labelKey(key) === tolerant) return role;
  return undefined;
}

function lookupDefault(label: string): Role | undefined {
  const found = DEFAULT_ROLE_MAP[labelKey(label)] ?? DEFAULT_ROLE_MAP[tolerantKey(label)];
  if (found) return found;
  return /^(?:dr|doctor)(?: |$)/.test(labelKey(label)) ? 'staff' : undefined;
}

/**
 * The role of one turn. Order: the turn's own role value (a role name or a known label),
 * then `roles` (the user's map), then `DEFAULT_ROLE_MAP`, else `other`.
 */
export function resolveRole(speaker: string, options: { role?: string; roles?: Record<string, Role> } = {}): RoleResolution {
  let invalidField: string | undefined;
  const field = options.role?.trim();
  if (field) {
    const key = labelKey(field);
    if (isRole(key)) return { role: key, source: 'field' };
    const viaLabel = (options.roles && lookup(options.roles, field)) ?? lookupDefault(field);
    if (viaLabel) return { role: viaLabel, source: 'field' };
    invalidField = field;
  }
  const fromUser = options.roles ? lookup(options.roles, speaker) : undefined;
  const result: RoleResolution = fromUser
    ? { role: fromUser, source: 'user' }
    : (() => {
        const fromDefault = lookupDefault(speaker);
        return fromDefault ? { role: fromDefault, source: 'default' as const } : { role: 'other' as const, source: 'unmapped' as const };
      })();
  if (invalidField !== undefined) result.invalidField = invalidField;
  return result;
}

function roleOrThrow(value: unknown, label: string, where: string): Role {
  const key = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!isRole(key)) {
    throw new PeerFidelityError(
      'ingest/invalid-roles',
      `${where}: "${String(value)}" for speaker "${label}" is not a role. Use one of: ${ROLES.join(', ')}.`,
    );
  }
  return key;
}

/** Parses `--roles "Helper=supporter,Helpee=supported"`. */
export function parseRolesOption(value: string): Record<string, Role> {
  const roles: Record<string, Role> = {};
  for (const part of value.split(',')) {
    if (!part.trim()) continue;
    const eq = part.lastIndexOf('=');
    const label = eq === -1 ? '' : part.slice(0, eq).trim();
    if (!label) {
      throw new PeerFidelityError(
        'ingest/invalid-roles',
        `--roles: "${part.trim()}" is not "Speaker=role". Write it like --roles "Helper=supporter,Helpee=supported".`,
      );
    }
    roles[label] = roleOrThrow(part.slice(eq + 1), label, '--roles');
  }
  return roles;
}

/** Parses a roles file: CSV/TSV with `speaker,role` columns (header optional), or YAML `Speaker: role`. */
export function parseRolesFile(content: string, fileName: string): Record<string, Role> {
  const text = normaliseText(content);
  const roles: Record<string, Role> = {};
  if (/\.(ya?ml)$/i.test(fileName)) {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (error) {
      throw new PeerFidelityError('ingest/invalid-roles', `${fileName} is not valid YAML: ${(error as Error).message}`, {
        location: { file: fileName },
      });
    }
    if (data && typeof data === 'object' && !Array.isArray(data) && 'roles' in data) data = (data as { roles: unknown }).roles;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new PeerFidelityError('ingest/invalid-roles', `${fileName} should map speaker labels to roles, e.g. "Helper: supporter".`, {
        location: { file: fileName },
      });
    }
    for (const [label, role] of Object.entries(data)) roles[label] = roleOrThrow(role, label, fileName);
    return roles;
  }
  if (!/\.(csv|tsv|txt)$/i.test(fileName)) {
    throw new PeerFidelityError('ingest/invalid-roles', `${fileName}: a roles file must be .csv, .tsv, .yml or .yaml.`, {
      location: { file: fileName },
    });
  }
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', header: false });
  parsed.data.forEach((row, i) => {
    const [label = '', role = ''] = row.map((cell) => cell.trim());
    if (i === 0 && !isRole(role.toLowerCase())) return; // a header row
    roles[label] = roleOrThrow(role, label, `${fileName} row ${i + 1}`);
  });
  return roles;
}

export function loadRolesFile(path: string): Record<string, Role> {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PeerFidelityError('ingest/unreadable-file', `Cannot read the roles file ${path}: ${(error as Error).message}`, {
      location: { file: path },
    });
  }
  return parseRolesFile(content, path);
}
