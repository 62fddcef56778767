// The --codebook and --rules-only options of every command that codes, and the codebook source they name.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultCodebookDir, readCodebookSource, type CodebookSource } from '../codebook/index.js';

export function addCodebookOptions(command: Command): Command {
  return command
    .option('--codebook <dir>', 'codebook folder', defaultCodebookDir())
    .option('--rules-only', "code with the codebook's written rules alone, leaving out its learned classifiers (models/classifier.json)");
}

/** The validated codebook source the options name (without its learned model under --rules-only). */
export function codebookSourceFrom(opts: Record<string, unknown>, cwd: string): CodebookSource {
  return readCodebookSource(resolve(cwd, String(opts['codebook'] ?? defaultCodebookDir())), { models: opts['rulesOnly'] !== true });
}
