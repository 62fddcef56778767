// Sentence modifiers: negation scope, question type, reported speech, reflexive and hypothetical use.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/coding/analyze.js';
import { detectModifiers, questionType } from '../../src/coding/modifiers.js';

function modifiersAt(text: string, phrase: string, previousReflexive = false) {
  const sentences = splitSentences(text);
  const start = text.indexOf(phrase);
  const sentence = sentences.find((s) => s.start <= start && start < s.end);
  if (!sentence || start < 0) throw new Error(`"${phrase}" not in "${text}"`);
  // A previous sentence already known to have (or not to have) a reflexive frame.
  const previous = { sentence: splitSentences('Before.')[0]!, previous: undefined, reflexive: previousReflexive };
  return detectModifiers({ sentence, previous }, { start, end: start + phrase.length });
}

describe('negation is scope-aware', () => {
  it.each([
    ["I'm not going to tell you what to do.", 'tell you what to do', true],
    ['I don’t have any symptoms to report.', 'symptoms', true],
    ['I never said you were symptomatic.', 'symptomatic', true],
    ["I don't think you should stop.", 'you should', false],
    ["You shouldn't worry about that.", "You should", false],
    ["Don't you remember the last time?", 'remember the last time', false],
    ['It was not easy, but you should rest.', 'you should', false],
    ["Don't worry, I'll have a word with her.", "I'll have a word", false],
    ["I'm not judging, I just think you drink too much.", 'you drink too much', false],
  ])('%s → negated=%s', (text, phrase, negated) => {
    expect(modifiersAt(text, phrase).negated === true).toBe(negated);
  });
});

describe('questions and their type', () => {
  it.each([
    ['What does it mean for you when you say that?', 'open'],
    ['what was going on around then', 'open'],
    ['Tell me about the weekend.', 'open'],
    ['I wonder what that was like for you', 'open'],
    ['How was that for you?', 'open'],
    ['Are you safe?', 'closed'],
    ['Did you take your meds today?', 'closed'],
    ['is it the depression or the tiredness?', 'closed'],
    ['How many times did that happen?', 'closed'],
    ['Why don’t you just call them?', 'closed'],
    ['do you want to come along', 'closed'],
    ['What helps me is going to the gym.', undefined],
    ['I went to the gym.', undefined],
    ['When you talk in the language of suicide I feel kind of scared.', undefined],
  ])('%s → %s', (text, type) => {
    expect(questionType(text)).toBe(type);
  });
});

describe('reported speech', () => {
  it.each([
    ['My doctor says I need to increase my medication.', 'I need to increase', true],
    ['They told me I was non-compliant.', 'non-compliant', true],
    ['The nurse wrote that I was "decompensating".', 'decompensating', true],
    ['When you say your depression is acting up, what do you mean?', 'your depression', true],
    ['You seem really symptomatic today.', 'symptomatic', false],
    ["I don't think 'relapse' is the right word.", 'relapse', true],
    ["He said his bus was late, but between us I don't believe it.", 'between us', false],
    ["When the nurse wrote that I was 'non-compliant', I felt like a naughty kid.", 'I felt like', false],
    ["when you say it's back, what's it actually been like", "what's it actually been like", false],
    ['If you say anything about harming yourself I have to report it.', 'I have to report it', false],
  ])('%s → %s', (text, phrase, reported) => {
    expect(modifiersAt(text, phrase).reportedSpeech === true).toBe(reported);
  });
});

describe('reflexive use of clinical language', () => {
  it.each([
    ['I saw it as an illness that I had.', 'illness', true],
    ['I had learned to think about my feelings through the lens of illness.', 'illness', true],
    ['I used to call every bad day a symptom.', 'symptom', true],
    ['In the past I would just call the doctor.', 'call the doctor', true],
    ['Your symptoms are getting worse.', 'symptoms', false],
    ["If I were you I'd just tell him.", 'tell him', false],
    ['In the past being uncomfortable led to going to bed.', 'going to bed', true],
  ])('%s → %s', (text, phrase, reflexive) => {
    expect(modifiersAt(text, phrase).reflexive === true).toBe(reflexive);
  });

  it('carries into a following "Then…" sentence of the same turn', () => {
    expect(modifiersAt('Then they’d adjust my medication.', 'adjust my medication', true).reflexive).toBe(true);
    expect(modifiersAt('They adjust my medication.', 'adjust my medication', true).reflexive).toBeUndefined();
  });
});

describe('hypothetical', () => {
  it.each([
    ['If you ever want to come along, I’d like that.', 'want to come along', true],
    ['If I were you, I would stop.', 'I would stop', false],
    ['if I were you I would stop', 'I would stop', false],
    ['If you feel like it, you should come.', 'you should', false],
    ['If things get bad you need to call 999.', 'you need to call', false],
    ['If you need to talk you can call me.', 'you can call me', false],
    ['if you ever fancy coming along just say', 'coming along', true],
    ["I suppose I'm knackered, to be honest.", "I'm knackered", false],
    ['I can imagine that felt awful.', 'that felt awful', false],
    ['Suppose you did tell her, what then?', 'you did tell her', true],
  ])('%s → %s', (text, phrase, hypothetical) => {
    expect(modifiersAt(text, phrase).hypothetical === true).toBe(hypothetical);
  });
});
