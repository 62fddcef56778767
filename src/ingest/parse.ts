// One file's content → transcripts: picks the reader by extension, decodes, normalises, builds.
import type { InputProblem, SourceFormat } from '../core/types.js';
import { buildTranscripts } from './build.js';
import { readVtt, readSrt } from './captions.js';
import { checkColumnMap, readCsv } from './csv.js';
import { docxToText } from './docx.js';
import { readJson, readJsonl } from './json.js';
import { decodeUtf8, normaliseText, stem } from './normalise.js';
import { FileReport } from './report.js';
import { readText } from './text.js';
import type { ParsedFile, ParseOptions, RawTranscript } from './types.js';

const EXTENSIONS: Record<string, SourceFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'txt',
  text: 'txt',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  vtt: 'vtt',
  srt: 'srt',
  docx: 'docx',
};

const HINTS: Record<string, string> = {
  doc: 'Old Word .doc files cannot be read: open it in Word and save it as .docx.',
  pdf: 'PDF cannot be read: copy the text into a .txt file (one "Speaker: text" turn per line).',
  rtf: 'RTF cannot be read: save it as .docx or .txt.',
  xlsx: 'Spreadsheets cannot be read directly: save the sheet as .csv (UTF-8).',
  xls: 'Spreadsheets cannot be read directly: save the sheet as .csv (UTF-8).',
  odt: 'OpenDocument text cannot be read: save it as .docx or .txt.',
  md: 'Markdown files are not read as transcripts: rename it to .txt if it is one.',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format a file name implies, or undefined when its extension is not one this tool reads. */
export function formatFromFileName(fileName: string): SourceFormat | undefined {
  return EXTENSIONS[extensionOf(fileName)];
}

function unknownFormatMessage(fileName: string): string {
  const ext = extensionOf(fileName);
  const hint = HINTS[ext] ?? 'Use --format to say what it is (csv, tsv, txt, json, jsonl, vtt, srt, docx).';
  return `${ext ? `".${ext}" files are` : 'A file with no extension is'} not a transcript format this tool reads. ${hint}`;
}

function finish(report: FileReport, format: SourceFormat, raws: RawTranscript[], options: ParseOptions, defaultId: string): ParsedFile {
  const transcripts = buildTranscripts(raws, {
    report,
    format,
    defaultId,
    ...(options.roles ? { roles: options.roles } : {}),
  });
  const problems: InputProblem[] = options.strict
    ? report.problems.map((p) => (p.severity === 'warning' ? { ...p, severity: 'error' as const } : p))
    : report.problems;
  return { file: report.file, format, transcripts, problems, skipped: report.skipped, turnsRead: report.turnsRead };
}

/**
 * Parses one file's content with no I/O. Problems are returned, not thrown (only a bad option
 * such as an unknown `--column` key throws). `fileName` picks the format and names the file in
 * problems; transcript ids default to `options.defaultId` or the file name without extension.
 */
export async function parseContent(content: string | Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ParsedFile> {
  checkColumnMap(options.columns);
  const report = new FileReport(fileName);
  const defaultId = options.defaultId ?? stem(fileName);
  const format = options.format ?? formatFromFileName(fileName);
  if (!format) {
    report.error('ingest/unknown-format', undefined, unknownFormatMessage(fileName));
    return finish(report, 'txt', [], options, defaultId);
  }

  let text: string;
  if (format === 'docx') {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const docx = await docxToText(bytes);
    if (!docx.ok) {
      report.error('ingest/unreadable-file', undefined, `The file ${docx.message}.`);
      return finish(report, format, [], options, defaultId);
    }
    text = docx.text;
  } else if (typeof content === 'string') {
    text = normaliseText(content);
  } else {
    const decoded = decodeUtf8(content);
    if (!decoded.ok) {
      report.error('ingest/not-utf8', decoded.line, `The file ${decoded.message}.`);
      return finish(report, format, [], options, defaultId);
    }
    text = normaliseText(decoded.text);
  }
  if (!text.trim()) {
    report.error('ingest/empty-file', undefined, 'The file is empty. Remove it, or check that the export finished.');
    return finish(report, format, [], options, defaultId);
  }

  const raws = (() => {
    switch (format) {
      case 'csv':
      case 'tsv':
        return readCsv(text, report, options, format === 'tsv');
      case 'json':
        return readJson(text, report);
      case 'jsonl':
        return readJsonl(text, report);
      case 'vtt':
        return readVtt(text, report);
      case 'srt':
        return readSrt(text, report);
      case 'txt':
      case 'docx':
        return readText(text, report, options);
    }
  })();
  return finish(report, format, raws, options, defaultId);
}
