// The closed list of CLI commands; each module registers one command (or group) on the program.
import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { registerAdjudicate } from './adjudicate.js';
import { registerAgree } from './agree.js';
import { registerCode } from './code.js';
import { registerCodebook } from './codebook.js';
import { registerEval } from './eval.js';
import { registerIngest } from './ingest.js';
import { registerMerge } from './merge.js';
import { registerReport } from './report.js';
import { registerScore } from './score.js';
import { registerShard } from './shard.js';
import { registerSheet } from './sheet.js';
import { registerTrain } from './train.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: RegisterCommand[] = [
  registerIngest,
  registerCode,
  registerScore,
  registerMerge,
  registerShard,
  registerReport,
  registerCodebook,
  registerSheet,
  registerAgree,
  registerAdjudicate,
  registerValidate,
  registerTrain,
  registerEval,
];
