// The public library API of peer-fidelity: named exports only (a test pins this list).
export type * from './core/types.js';
export { MODIFIER_NAMES, REQUIREMENTS, ROLES } from './core/types.js';
export { PeerFidelityError, formatLocation } from './core/errors.js';
export { compareFindings, sortFindings } from './core/order.js';
export { VERSION } from './core/version.js';

export { ingestPaths, parseContent, resolveRole, DEFAULT_ROLE_MAP, loadRolesFile, parseRolesOption } from './ingest/index.js';
export type { IngestOptions, IngestResult, IngestSummary, ParsedFile, SkippedItem } from './ingest/index.js';

export { loadCodebook, defaultCodebookDir, readCodebookSource, compileCodebook } from './codebook/index.js';
export type { CompiledCodebook, CodebookSource, CodebookProblem } from './codebook/index.js';
export { runSelfTest, type SelfTestReport } from './codebook/self-test.js';
export { formatCodebookDocs } from './codebook/docs.js';
export { scaffoldCodebook } from './codebook/init.js';
export { codebookJsonSchemas } from './codebook/schema.js';

export { codeTranscript, analyzeTurn, detectModifiers, questionType, type CodingOptions } from './coding/index.js';
export { formatCoded, turnRows, type CodedFormat } from './report/coded-output.js';
export { evaluateCodebook, parseLabelled, formatEvaluation, type Evaluation, type LabelledTurn } from './evaluate/labelled.js';

export { computeAgreement, krippendorffAlpha, cohenKappa, fleissKappa, scottPi, percentAgreement, clusterBootstrap, formatAgreement } from './reliability/index.js';
export { buildSheet, readCodingSheets, adjudicate, formatConsensusSheet } from './human/index.js';
export { goldSet, validateCoding, buildValidationCard, readValidationCard, trainClassifiers } from './validate/index.js';
export type { ValidationCard, Validation } from './validate/index.js';

export { summarizeTranscript, aggregate, detectRegressions, buildScoreFile, mergeScoreFiles, parseScoreFile, fidelityIndex } from './aggregate/index.js';
export type { TranscriptSummary, ScoreTable, ScoreFile, TrendTable } from './aggregate/index.js';
export { buildReportModel, formatMarkdown, formatHtml, formatScores, type ReportModel, type ReportOptions } from './report/index.js';
export { createDeidentifier, DEIDENTIFICATION_NOTICE } from './deidentify/index.js';
