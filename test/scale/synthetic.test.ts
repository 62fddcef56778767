// The synthetic corpus is reproducible, keeps each conversation's rows together and has a realistic spread of turn lengths.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_COLUMNS, syntheticCsv, syntheticRows } from '../../src/scale/index.js';

describe('syntheticRows', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    const a = [...syntheticRows({ turns: 500, seed: 1 })];
    expect([...syntheticRows({ turns: 500, seed: 1 })]).toEqual(a);
    expect([...syntheticRows({ turns: 500, seed: 2 })]).not.toEqual(a);
    expect(a).toHaveLength(500);
  });

  it('keeps conversations together, numbers turns from 1 and mixes short and long turns', () => {
    const rows = [...syntheticRows({ turns: 5000, seed: 3 })];
    const seen = new Set<string>();
    let previous = '';
    for (const row of rows) {
      if (row.transcript_id !== previous) {
        expect(seen.has(row.transcript_id)).toBe(false);
        expect(row.turn).toBe(1);
        seen.add(row.transcript_id);
        previous = row.transcript_id;
      }
    }
    const words = rows.map((r) => r.text.split(/\s+/).length);
    const short = words.filter((n) => n <= 2).length / rows.length;
    const long = words.filter((n) => n >= 60).length / rows.length;
    expect(short).toBeGreaterThan(0.25);
    expect(short).toBeLessThan(0.5);
    expect(long).toBeGreaterThan(0.03);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['supporter', 'supported']));
  });

  it('writes CSV that reads back as the same rows', () => {
    const text = [...syntheticCsv({ turns: 700, seed: 4 }, 100)].join('');
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...SYNTHETIC_COLUMNS]);
    expect(parsed.data.map((r) => r['text'])).toEqual([...syntheticRows({ turns: 700, seed: 4 })].map((r) => r.text));
  });
});
