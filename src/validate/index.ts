// Public entry of validation and learning: the engine against human gold codings, the validation card, and classifier training.
export { goldSet, type GoldSet, type GoldUnit, type GoldOptions } from './gold.js';
export {
  validateCoding,
  round4,
  DEFAULT_MIN_KAPPA,
  FEW_POSITIVES,
  type Validation,
  type CodeValidation,
  type Disagreement,
  type ValidateOptions,
} from './compare.js';
export { buildValidationCard, formatValidationCard, readValidationCard, type ValidationCard, type ValidationCardCode } from './card.js';
export {
  trainClassifiers,
  formatClassifierModel,
  goldDataHash,
  rulesOnly,
  DEFAULT_FOLDS,
  DEFAULT_SEED,
  DEFAULT_MIN_POSITIVES,
  DEFAULT_MIN_GAIN,
  THRESHOLDS,
  codebookExamples,
  type LabelledText,
  type TrainOptions,
  type TrainingResult,
  type CodeTraining,
  type CodeTrainingStatus,
  type CvCounts,
} from './train.js';
export { formatValidation, formatValidationTable, formatTrainingTable, VALIDATION_FORMATS, type ValidationFormat, type ValidationTableOptions } from './format.js';
