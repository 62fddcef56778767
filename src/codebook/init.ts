// Scaffolds a new codebook for an organisation's own local standards: one standard, one code, runnable examples.

export interface ScaffoldFile {
  /** Path relative to the codebook folder. */
  path: string;
  content: string;
}

/** The files of a new codebook with one standard and one example code; the caller writes them. */
export function scaffoldCodebook(id: string, title = 'Our peer support standards'): ScaffoldFile[] {
  const manifest = `# Codebook manifest: the standards and the ordered list of codes. Format: see codebook.schema.json.
schema: 1
id: ${id}
version: 0.1.0
title: ${JSON.stringify(title)}
language: en
description: >-
  Our own statements of what good peer support looks like here, written by the people who practise it.
standards:
  - id: our-first-standard
    label: Our first standard
    definition: >-
      Say in plain words what this standard asks of a peer supporter, and why it matters to your community.
codes:
  - asks-what-matters
`;
  const code = `# One code per file; the file name is the code's id.
id: asks-what-matters
label: Asks what matters to the person
standard: our-first-standard
polarity: meets
roles: [supporter]
definition: >-
  The supporter asks an open question about what matters to the person, in their own words.
use-when:
  - The question invites the person's own meaning or priorities.
do-not-use-when:
  - The question can be answered with yes or no.
sources:
  - citation: "Written by our peer team (first draft)"
note: >-
  Asking what matters keeps the person's agenda at the centre of the conversation.
examples:
  positive:
    - text: "What matters most to you this week?"
      evidence: "What matters most to you"
      source: invented
  negative:
    - text: "Did you go to your appointment?"
      source: invented
      why: "A yes/no question about an appointment, not about what matters to the person."
matchers:
  - id: what-matters
    regex: "\\\\bwhat (?:matters|is important|feels important)\\\\b"
requires: [open-question]
`;
  return [
    { path: 'codebook.yml', content: manifest },
    { path: 'codes/asks-what-matters.yml', content: code },
  ];
}
