// Public entry of the report module: the narrative report model, its Markdown and HTML layouts, and score formats.
export { buildReportModel } from './model.js';
export type { DataTable, DriftPattern, ProgramTrend, Quote, ReportModel, ReportOptions, StandardGlance, TrendSeries } from './model.js';
export { formatMarkdown, escapeMarkdown } from './markdown.js';
export { formatHtml } from './html.js';
export { driftBarsChart, meterChart, trendChart } from './charts.js';
export { SCORE_FORMATS, formatScores } from './scores-format.js';
export type { ScoreFormat } from './scores-format.js';
export {
  DEFAULT_MIN_KAPPA,
  PROGRAM_INFO_EXAMPLE,
  assessReliability,
  parseProgramInfo,
} from './inputs.js';
export type { CodeAgreement, CodeReliability, ProgramInfo, ReliabilityAssessment, ReliabilityStatus } from './inputs.js';
export { REFLECTION_PROMPTS, seedQuoteFor } from './seed-text.js';
export type { ReflectionTopic, SeedQuote } from './seed-text.js';
