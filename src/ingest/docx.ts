// DOCX reader: mammoth's HTML (which keeps soft line breaks) turned into plain text for the text reader.
import { decodeEntities, normaliseText } from './normalise.js';

/** Paragraph-ish elements end with a blank line; `<br>` is a line break; every other tag goes. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|h[1-6]|li|tr|table|ul|ol)>/gi, '\n\n')
    .replace(/<\/t[dh]>/gi, '\t')
    .replace(/<[^>]*>/g, '');
  return normaliseText(decodeEntities(text)).replace(/\n{3,}/g, '\n\n');
}

export type DocxText = { ok: true; text: string } | { ok: false; message: string };

/** Never throws: a file that is not a Word document comes back as `ok: false`. */
export async function docxToText(bytes: Uint8Array): Promise<DocxText> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    return { ok: false, message: 'is not a Word .docx file (a .docx is a zip archive). Save it from Word as "Word Document (.docx)"' };
  }
  try {
    // Loaded on first use: mammoth is large, and most runs read no Word files.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    return { ok: true, text: htmlToText(result.value) };
  } catch (error) {
    return { ok: false, message: `could not be opened as a Word document (${(error as Error).message}). Open it in Word and save it again as .docx` };
  }
}
