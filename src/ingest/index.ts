// Public API of the ingest layer: read transcripts from files, folders, stdin or strings.
export { ingestPaths, failOnErrors, DEFAULT_MAX_FILE_SIZE } from './ingest.js';
export { parseContent, formatFromFileName, SUPPORTED_EXTENSIONS } from './parse.js';
export { DEFAULT_ROLE_MAP, resolveRole, labelKey, parseRolesOption, parseRolesFile, loadRolesFile, type RoleResolution } from './roles.js';
export { parseDate, normaliseText } from './normalise.js';
export { htmlToText } from './docx.js';
export {
  CANONICAL_COLUMNS,
  type CanonicalColumn,
  type IngestOptions,
  type IngestResult,
  type IngestSummary,
  type ParsedFile,
  type ParseOptions,
  type SkippedItem,
} from './types.js';
export { streamPaths, streamTranscripts, canStream, STREAM_FORMATS, type StreamOptions } from './stream.js';
