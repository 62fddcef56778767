// WebVTT (Teams, Zoom) and SRT readers.
import { describe, expect, it } from 'vitest';
import { parseContent } from '../../src/ingest/index.js';
import { accountedFor, fixtureBytes, parseFixture } from './fixtures.js';

describe('WebVTT', () => {
  it('reads a Teams file (BOM, CRLF, GUID cue ids, <v> voices, entities) and merges a speaker’s consecutive cues', async () => {
    expect([...fixtureBytes('teams.vtt').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = await parseFixture('teams.vtt', { roles: { 'Alex Rivera': 'supporter', 'Sam Okafor': 'supported' } });
    expect(parsed.problems).toEqual([]);
    expect(parsed.transcripts[0]?.turns).toEqual([
      { index: 1, speaker: 'Alex Rivera', role: 'supporter', text: "Hi Sam, thanks for making time today. How's the week been?", start: 3.12, end: 7.48, sourceLine: 4 },
      {
        index: 2,
        speaker: 'Sam Okafor',
        role: 'supported',
        text: 'Honestly? Up & down. I kept thinking about the meeting and whether I should say anything at all.',
        start: 8.01,
        end: 15.2,
        sourceLine: 8,
      },
      { index: 3, speaker: 'Alex Rivera', role: 'supporter', text: "What would saying something mean for you? I've had meetings like that too.", start: 15.9, end: 21.05, sourceLine: 16 },
      { index: 4, speaker: 'Sam Okafor', role: 'supported', text: 'That I get a say. Café later? 😊', start: 21.6, end: 24, sourceLine: 21 },
    ]);
  });

  it('reads a Zoom file (numeric ids, "Name:" prefixes), keeps file order past a backwards time, and skips only the unreadable cue', async () => {
    const parsed = await parseFixture('zoom.vtt');
    const turns = parsed.transcripts[0]?.turns ?? [];
    expect(turns.map((t) => [t.speaker, t.text, t.start, t.end])).toEqual([
      ['Jordan Lee', 'Welcome back, everyone. Who wants to start?', 1.5, 4],
      ['Priya', 'I can. This week was rough, mostly at work. My supervisor keeps changing the plan.', 4.2, 11],
      ['Jordan Lee', 'That sounds tiring. What do you need from us tonight?', 13.5, 16],
    ]);
    const cueProblems = parsed.problems.filter((p) => p.code === 'ingest/caption-cue');
    expect(cueProblems.map((p) => [p.line, p.severity])).toEqual([
      [13, 'warning'],
      [17, 'warning'],
    ]);
    expect(cueProblems[1]?.message).toContain('skipped');
    expect(parsed.skipped).toEqual([{ kind: 'turn', file: 'zoom.vtt', line: 17, reason: 'caption cue could not be read' }]);
    expect(accountedFor(parsed)).toBe(true);
  });

  it('keeps cues with no speaker as separate "unknown" turns, with one warning', async () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there.\n\n00:00:02.000 --> 00:00:03.000\nGeneral Kenobi.\n';
    const parsed = await parseContent(vtt, 'plain.vtt');
    expect(parsed.transcripts[0]?.turns.map((t) => t.speaker)).toEqual(['unknown', 'unknown']);
    expect(parsed.problems.filter((p) => p.code === 'ingest/missing-speaker')).toHaveLength(1);
  });
});

describe('SRT', () => {
  it('reads an SRT with BOM, CRLF, "Name:" prefixes and tags; warns about and skips a cue it cannot read', async () => {
    const parsed = await parseFixture('otter.srt', { roles: { Morgan: 'supporter', Dee: 'supported' } });
    expect(parsed.transcripts[0]?.turns.map((t) => [t.speaker, t.role, t.text, t.start, t.end, t.sourceLine])).toEqual([
      ['Morgan', 'supporter', 'Thanks for coming in. Where would you like to start?', 0, 4.2, 2],
      ['Dee', 'supported', "I'm not sure. My case manager says I should join the group. I don't know if it's for me.", 4.5, 12, 6],
      ['Morgan', 'supporter', 'What would make it feel like yours?', 12.5, 16, 19],
    ]);
    expect(parsed.problems).toMatchObject([{ code: 'ingest/caption-cue', file: 'otter.srt', line: 14, severity: 'warning' }]);
    expect(accountedFor(parsed)).toBe(true);
  });
});
