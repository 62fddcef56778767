import { describe, expect, it } from 'vitest';
import { createDeidentifier, DEIDENTIFICATION_NOTICE, speakerNames } from '../../src/deidentify/index.js';
import { generateCorpus } from '../fixtures/report/synthetic.js';

describe('createDeidentifier', () => {
  it('masks emails, web addresses and phone numbers, keeping punctuation around them', () => {
    const d = createDeidentifier({ detectPeople: false });
    expect(d.mask('Write to maria.lopez@example.org, or see https://example.org/group.')).toBe('Write to [EMAIL 1], or see [URL 1].');
    expect(d.mask('Call (413) 555-0199 or +44 20 7946 0958; www.example.com works too')).toBe(
      'Call [PHONE 1] or [PHONE 2]; [URL 2] works too',
    );
  });

  it('leaves dates, times and small numbers alone', () => {
    const d = createDeidentifier({ detectPeople: false });
    const text = 'On 2025-03-14 at 10:30 we met for 45 minutes, 3 of us, in room 12.';
    expect(d.mask(text)).toBe(text);
  });

  it('uses one placeholder per person across calls, for full names and their parts', () => {
    const d = createDeidentifier({ names: ['Maria Lopez', 'Peer Helper 3', 'Alex Rivera'] });
    expect(d.mask('Maria Lopez said hi.')).toBe('[NAME 1] said hi.');
    expect(d.mask('Thanks, maria! Alex will call.')).toBe('Thanks, [NAME 1]! [NAME 2] will call.');
    expect(d.mask('The peer helper listened.')).toBe('The peer helper listened.');
  });

  it('keeps a placeholder of its own for a first name two people share', () => {
    const d = createDeidentifier({ names: ['Sam Okafor', 'Sam Chen'], detectPeople: false });
    expect(d.mask('Sam Okafor and Sam Chen, and then Sam.')).toBe('[NAME 1] and [NAME 2], and then [NAME 3].');
  });

  it('catches names nobody listed with compromise as a second net', () => {
    const d = createDeidentifier({ names: [] });
    const out = d.mask('I talked with Jordan Blake yesterday, and Dr. Patel too.');
    expect(out).not.toMatch(/Jordan|Blake|Patel/);
    expect(out).toMatch(/\[NAME 1\]/);
    expect(out).toMatch(/too\.$/);
  });

  it('collects speaker names from transcripts and carries the review notice', () => {
    const corpus = generateCorpus({ seed: 1, programs: [{ name: 'P', site: 'S', driftShare: () => 0.2 }], quarters: [1], perQuarter: 2 });
    const names = speakerNames(corpus.map((c) => c.transcript));
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(DEIDENTIFICATION_NOTICE).toBe('Automated de-identification is incomplete. Review before sharing.');
  });
});
