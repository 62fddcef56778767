// `peer-fidelity eval`: the engine's precision, recall and F1 per code against a labelled corpus (JSONL).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PeerFidelityError } from '../../core/errors.js';
import { compileCodebook } from '../../codebook/index.js';
import { evaluateCodebook, formatEvaluation, parseLabelled } from '../../evaluate/labelled.js';
import { addCodebookOptions, codebookSourceFrom } from '../codebook-options.js';
import type { CliContext } from '../program.js';

export function registerEval(program: Command, ctx: CliContext): void {
  const command = program
    .command('eval')
    .description('measure the engine against labelled turns (JSONL: text, role, previous, codes): precision, recall and F1 per code')
    .argument('<files...>', 'labelled JSONL files');
  addCodebookOptions(command)
    .option('--format <format>', 'table or json', 'table')
    .option('--errors <n>', 'how many disagreements to list', '15')
    .addHelpText('after', '\nExample:\n  peer-fidelity eval test/fixtures/labelled/test.jsonl\n')
    .action(async (files: string[], opts: { codebook: string; format: string; errors: string }) => {
      const codebook = compileCodebook(codebookSourceFrom(opts, ctx.io.cwd));
      const records = files.flatMap((file) => {
        const path = resolve(ctx.io.cwd, file);
        let content: string;
        try {
          content = readFileSync(path, 'utf8');
        } catch {
          throw new PeerFidelityError('eval/unreadable', `cannot read ${file}; check the path`, { location: { file } });
        }
        return parseLabelled(content, file);
      });
      const evaluation = evaluateCodebook(records, codebook);
      ctx.io.stdout(opts.format === 'json' ? JSON.stringify(evaluation, null, 2) + '\n' : formatEvaluation(evaluation, Number(opts.errors)));
    });
}
