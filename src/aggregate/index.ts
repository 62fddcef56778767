// Public entry of the aggregate module: per-transcript summaries, scores per group, drift over time, mergeable files.
export { SUMMARY_FORMAT, canonicalSummary, sortSummaries, summarizeTranscript } from './summary.js';
export type { CodeTally, RoleTally, TranscriptSummary } from './summary.js';
export { PERIOD_UNITS, describePeriod, periodOf } from './period.js';
export type { PeriodUnit } from './period.js';
export {
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  GROUP_BYS,
  LOW_EVIDENCE_FINDINGS,
  MIN_CONVERSATIONS,
  NOT_GIVEN,
  aggregate,
  groupSummaries,
  scoreGroup,
  standardsFor,
} from './scores.js';
export type {
  Estimate,
  GroupBy,
  Mutuality,
  RoleBalance,
  ScoreOptions,
  ScoreRow,
  ScoreTable,
  ScoreWarning,
  StandardRef,
  StandardScore,
} from './scores.js';
export { DEFAULT_REGRESSION_THRESHOLD, MIN_COMPARISON_CONVERSATIONS, OVERALL, detectRegressions } from './trends.js';
export type { CheckStatus, RegressionCheck, StandardTrend, TrendOptions, TrendPoint, TrendTable } from './trends.js';
export { SCORE_FILE_KIND, buildScoreFile, mergeScoreFiles, parseScoreFile } from './score-file.js';
export type { ParsedScoreFile, ScoreFile, ScoreFileCodebook, ScoreFileOptions } from './score-file.js';
export { fidelityIndex, PRIOR_DRIFTS, PRIOR_MEETS } from './stats.js';
