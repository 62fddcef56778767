// Public entry of human coding: coding sheets out, filled-in sheets back in as findings, and adjudication.
export { SHEET_COLUMNS, CONTEXT_COLUMNS, buildSheet, turnContext, writeSheetCsv, checkUniqueTranscriptIds, type SheetOptions } from './sheet.js';
export { readCodingSheets, type SheetFile, type ReadSheetsOptions, type CoderNote, type HumanCodings } from './read-sheets.js';
export {
  adjudicate,
  formatConsensusSheet,
  type Adjudication,
  type AdjudicationRow,
  type AdjudicationStatus,
  type AdjudicationSummary,
  type ConsensusOptions,
} from './adjudicate.js';
export { closeMatches, didYouMean } from './close-matches.js';
export { loadSheetFiles } from './files.js';
