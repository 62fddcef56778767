// DOCX reader on a minimal .docx built in the test with jszip.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { htmlToText, parseContent } from '../../src/ingest/index.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A minimal valid .docx: content types, the package relationship and one document part. */
async function buildDocx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = new Date('2024-01-01T00:00:00Z');
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    { date },
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    { date },
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${paragraphs.map((p) => `<w:p>${p}</w:p>`).join('')}</w:body></w:document>`,
    { date },
  );
  return zip.generateAsync({ type: 'uint8array' });
}

const run = (text: string): string => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('DOCX reader', () => {
  it('keeps soft line breaks: a break inside a turn joins with a space, a break before a label starts a turn', async () => {
    const bytes = await buildDocx([
      run('Helper: How has the week been?'),
      `${run('Helpee: Okay.')}<w:r><w:br/></w:r>${run('Mostly 😔.')}`,
      `${run('Helper: Rough &amp; busy?')}<w:r><w:br/></w:r>${run('Helpee: Yes, both.')}`,
    ]);
    const parsed = await parseContent(bytes, 'session.docx');
    expect(parsed.problems).toEqual([]);
    expect(parsed.transcripts[0]?.source.format).toBe('docx');
    expect(parsed.transcripts[0]?.turns.map((t) => [t.speaker, t.role, t.text])).toEqual([
      ['Helper', 'supporter', 'How has the week been?'],
      ['Helpee', 'supported', 'Okay. Mostly 😔.'],
      ['Helper', 'supporter', 'Rough & busy?'],
      ['Helpee', 'supported', 'Yes, both.'],
    ]);
  });

  it('reads a DOCX with no labels as a story', async () => {
    const parsed = await parseContent(await buildDocx([run('I found the group by accident.'), run('Now I go every week.')]), 'story.docx');
    expect(parsed.transcripts[0]?.turns.map((t) => t.role)).toEqual(['narrator', 'narrator']);
  });

  it('reports a file that is not a Word document', async () => {
    const parsed = await parseContent('Helper: this is plain text with a .docx name', 'fake.docx');
    expect(parsed.problems).toMatchObject([{ code: 'ingest/unreadable-file', file: 'fake.docx', severity: 'error' }]);
    const zipButNotWord = await new JSZip().file('a.txt', 'x').generateAsync({ type: 'uint8array' });
    expect((await parseContent(zipButNotWord, 'zip.docx')).problems[0]?.code).toBe('ingest/unreadable-file');
  });

  it('turns mammoth HTML into text lines', () => {
    expect(htmlToText('<p>Sam: Okay.<br />Mostly.</p><p>Alex: A &amp; B &#39;C&#x27;</p>')).toBe("Sam: Okay.\nMostly.\n\nAlex: A & B 'C'\n\n");
  });
});
