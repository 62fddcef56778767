// `peer-fidelity codebook check|docs|init|schema`: validate and self-test a codebook, write its docs, scaffold a new one.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { PeerFidelityError } from '../../core/errors.js';
import { compileCodebook, defaultCodebookDir, readCodebookSource } from '../../codebook/index.js';
import { formatCodebookDocs } from '../../codebook/docs.js';
import { scaffoldCodebook } from '../../codebook/init.js';
import { codebookJsonSchemas } from '../../codebook/schema.js';
import { runSelfTest, type SelfTestReport } from '../../codebook/self-test.js';
import { writeFileAtomic } from '../io.js';
import type { CliContext } from '../program.js';

function formatSelfTest(report: SelfTestReport): string {
  const rows = report.codes.map((c) => {
    const ok = c.positive.passed === c.positive.total && c.negative.passed === c.negative.total;
    return `${ok ? 'ok  ' : 'FAIL'}  ${c.code.padEnd(28)} positive ${`${c.positive.passed}/${c.positive.total}`.padStart(5)}   negative ${`${c.negative.passed}/${c.negative.total}`.padStart(5)}`;
  });
  const lines = ['result code                         examples that behave as written', ...rows];
  if (report.failures.length > 0) {
    lines.push('', `${report.failures.length} example${report.failures.length === 1 ? '' : 's'} did not behave as written:`);
    for (const f of report.failures) {
      lines.push(`  ${f.file}${f.line ? `:${f.line}` : ''}  ${f.kind} example ${f.index + 1} of ${f.code}: ${f.reason}`, `      “${f.text}”`);
    }
  }
  const totals = report.codes.reduce((acc, c) => acc + c.positive.total + c.negative.total, 0);
  lines.push('', `${report.codes.length} codes, ${totals} examples, ${report.failures.length} not behaving as written.`);
  return lines.join('\n') + '\n';
}

export function registerCodebook(program: Command, ctx: CliContext): void {
  const group = program.command('codebook').description('check, document and create codebooks');

  group
    .command('check')
    .description('validate a codebook and run every example in it as a test (exit 1 when an example fails)')
    .argument('[dir]', 'codebook folder', defaultCodebookDir())
    .option('--format <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  peer-fidelity codebook check codebooks/mead-macneil\n  peer-fidelity codebook check ./our-codebook --format json\n')
    .action((dir: string, opts: { format: string }) => {
      const source = readCodebookSource(resolve(ctx.io.cwd, dir));
      const report = runSelfTest(source, compileCodebook(source));
      ctx.io.stdout(opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatSelfTest(report));
      if (!report.passed) ctx.setExitCode(1);
    });

  group
    .command('docs')
    .description("write the codebook's reference page (README.md in the codebook folder): the coders' handout")
    .argument('[dir]', 'codebook folder', defaultCodebookDir())
    .option('--output <file>', 'where to write it (default: <dir>/README.md; "-" for standard output)')
    .addHelpText('after', '\nExample:\n  peer-fidelity codebook docs codebooks/mead-macneil\n')
    .action((dir: string, opts: { output?: string }) => {
      const folder = resolve(ctx.io.cwd, dir);
      const markdown = formatCodebookDocs(readCodebookSource(folder));
      if (opts.output === '-') return ctx.io.stdout(markdown);
      const target = opts.output ? resolve(ctx.io.cwd, opts.output) : join(folder, 'README.md');
      writeFileAtomic(target, markdown);
      ctx.io.stderr(`wrote ${target}\n`);
    });

  group
    .command('init')
    .description('create a new codebook folder for your own local standards (one standard, one example code)')
    .argument('<dir>', 'folder to create (must not exist or be empty)')
    .option('--title <title>', 'title of the codebook')
    .addHelpText('after', '\nExample:\n  peer-fidelity codebook init codebooks/our-standards --title "Riverside peer standards"\n')
    .action((dir: string, opts: { title?: string }) => {
      const folder = resolve(ctx.io.cwd, dir);
      if (existsSync(folder) && readdirSync(folder).length > 0) {
        throw new PeerFidelityError('usage/folder-not-empty', `${folder} already has files in it; choose a new folder name so nothing is overwritten`);
      }
      const id = (folder.split(/[\\/]/).pop() ?? 'local').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'local';
      for (const file of scaffoldCodebook(id, opts.title)) writeFileAtomic(join(folder, file.path), file.content);
      const schemas = codebookJsonSchemas();
      writeFileAtomic(join(folder, 'codebook.schema.json'), JSON.stringify(schemas.manifest, null, 2) + '\n');
      writeFileAtomic(join(folder, 'code.schema.json'), JSON.stringify(schemas.code, null, 2) + '\n');
      ctx.io.stderr(`created ${folder}\nnext: edit codes/asks-what-matters.yml, then run: peer-fidelity codebook check ${dir}\n`);
    });

  group
    .command('schema')
    .description('print the JSON Schema of code files (or of codebook.yml with --manifest), for editor completion')
    .option('--manifest', 'the schema of codebook.yml instead')
    .action((opts: { manifest?: boolean }) => {
      const schemas = codebookJsonSchemas();
      ctx.io.stdout(JSON.stringify(opts.manifest ? schemas.manifest : schemas.code, null, 2) + '\n');
    });
}
