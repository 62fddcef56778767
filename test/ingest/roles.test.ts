// Role resolution: the default map, tolerant matching, the order field → user map → default, roles files.
import { describe, expect, it } from 'vitest';
import { PeerFidelityError } from '../../src/core/errors.js';
import { DEFAULT_ROLE_MAP, parseRolesFile, parseRolesOption, resolveRole } from '../../src/ingest/index.js';

describe('resolveRole', () => {
  it.each([
    ['Helper', 'supporter'],
    ['Peer Helper 1', 'supporter'],
    ['Peer Helper 3', 'supporter'],
    ['peer specialist', 'supporter'],
    ['PEER SUPPORTER', 'supporter'],
    ['Peer Worker', 'supporter'],
    ['Facilitator', 'supporter'],
    ['Helpee', 'supported'],
    ['Helpee;', 'supported'],
    ['Helpee turned helper', 'supported'],
    ['Participant 2', 'supported'],
    ['Member B', 'supported'],
    ['Client', 'supported'],
    ['Guest', 'supported'],
    ['Dr.', 'staff'],
    ['Dr. A', 'staff'],
    ['Dr Jones', 'staff'],
    ['Doctor', 'staff'],
    ['Case Manager', 'staff'],
    ['Therapist', 'staff'],
    ['Nurse', 'staff'],
    ['Psychiatrist', 'staff'],
    ['Clinician', 'staff'],
    ['Interviewer', 'other'],
    ['narrator', 'narrator'],
  ] as const)('maps the label %s to %s by default', (label, role) => {
    expect(resolveRole(label)).toEqual({ role, source: 'default' });
  });

  it('leaves "Peer 1" and unknown names as other, marked unmapped', () => {
    expect(resolveRole('Peer 1')).toEqual({ role: 'other', source: 'unmapped' });
    expect(resolveRole('Alex Rivera')).toEqual({ role: 'other', source: 'unmapped' });
  });

  it('prefers a role field, then the user map, then the default map', () => {
    const roles = { Helper: 'supported' as const, 'Alex Rivera': 'supporter' as const };
    expect(resolveRole('Helper', { role: 'staff', roles })).toEqual({ role: 'staff', source: 'field' });
    expect(resolveRole('Helper', { roles })).toEqual({ role: 'supported', source: 'user' });
    expect(resolveRole('alex  rivera', { roles })).toEqual({ role: 'supporter', source: 'user' });
    expect(resolveRole('Helpee', { roles })).toEqual({ role: 'supported', source: 'default' });
  });

  it('matches a user label exactly before tolerantly, so Peer 1 and Peer 2 can differ', () => {
    const roles = { 'Peer 1': 'supported' as const, 'Peer 2': 'supporter' as const };
    expect(resolveRole('Peer 1', { roles }).role).toBe('supported');
    expect(resolveRole('Peer 2', { roles }).role).toBe('supporter');
    expect(resolveRole('Helper 4', { roles: { Helper: 'staff' } }).role).toBe('staff');
  });

  it('reads a role field written as a label, and flags one it cannot read', () => {
    expect(resolveRole('Sam', { role: 'Helpee' })).toEqual({ role: 'supported', source: 'field' });
    expect(resolveRole('Helper', { role: 'boss' })).toEqual({ role: 'supporter', source: 'default', invalidField: 'boss' });
  });

  it('exports a frozen default map whose values are roles', () => {
    expect(Object.isFrozen(DEFAULT_ROLE_MAP)).toBe(true);
    expect(DEFAULT_ROLE_MAP['peer helper']).toBe('supporter');
    expect(DEFAULT_ROLE_MAP['helpee']).toBe('supported');
  });
});

describe('roles option and roles file', () => {
  it('parses --roles', () => {
    expect(parseRolesOption('Helper=supporter, Helpee = supported')).toEqual({ Helper: 'supporter', Helpee: 'supported' });
  });

  it('rejects a role that does not exist, naming the allowed ones', () => {
    expect(() => parseRolesOption('Helper=boss')).toThrowError(/supporter, supported, staff, narrator, other/);
    expect(() => parseRolesOption('justaname')).toThrowError(PeerFidelityError);
  });

  it('reads CSV (with or without header) and YAML roles files', () => {
    expect(parseRolesFile('speaker,role\r\nAlex Rivera,supporter\r\nSam,supported\r\n', 'roles.csv')).toEqual({ 'Alex Rivera': 'supporter', Sam: 'supported' });
    expect(parseRolesFile('Alex,supporter\n', 'roles.csv')).toEqual({ Alex: 'supporter' });
    expect(parseRolesFile('Alex Rivera: supporter\nSam: Supported\n', 'roles.yml')).toEqual({ 'Alex Rivera': 'supporter', Sam: 'supported' });
    expect(parseRolesFile('roles:\n  Alex: staff\n', 'roles.yaml')).toEqual({ Alex: 'staff' });
  });

  it('names the file and row of a bad roles file entry', () => {
    let error: unknown;
    try {
      parseRolesFile('speaker,role\nAlex,supporter\nSam,helper-ish\n', 'roles.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeerFidelityError);
    expect((error as PeerFidelityError).code).toBe('ingest/invalid-roles');
    expect((error as PeerFidelityError).message).toMatch(/roles\.csv row 3.*"helper-ish"/);
  });
});
