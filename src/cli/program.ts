// Builds the commander program and runs it in-process: the CLI's single entry for tests and the bin.
import { Command, CommanderError } from 'commander';
import { PeerFidelityError, formatLocation } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { type CliIo, processIo } from './io.js';
import { COMMANDS } from './commands/index.js';

export interface CliContext {
  io: CliIo;
  /** Set by a command to report a failed check (exit 1) without throwing. */
  setExitCode: (code: number) => void;
}

function buildProgram(ctx: CliContext): Command {
  const program = new Command('peer-fidelity')
    .description(
      'Codes peer support conversations and stories against Mead & MacNeil\'s peer support standards\n' +
        'and writes program-level fidelity narratives. Everything runs on this machine: nothing is sent anywhere.',
    )
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show technical detail (stack traces) when something goes wrong')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) });
  }
  return program;
}

function describeError(error: PeerFidelityError): string {
  const where = formatLocation(error.location);
  const lines = [`peer-fidelity: ${where ? `${where}: ` : ''}${error.message}`];
  for (const detail of error.details) {
    const at = formatLocation(detail);
    lines.push(`  - ${at ? `${at}: ` : ''}${detail.message}`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the CLI with `argv` (without the node and script paths) and returns the exit code. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const ctx: CliContext = { io, setExitCode: (code) => (exitCode = Math.max(exitCode, code)) };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof PeerFidelityError) {
      io.stderr(describeError(error));
      if (program.opts()['verbose'] && error.stack) io.stderr(error.stack + '\n');
      return error.exitCode;
    }
    const verbose = argv.includes('--verbose');
    io.stderr(
      `peer-fidelity: something went wrong inside the tool (this is a bug, not a problem with your files): ${
        error instanceof Error ? error.message : String(error)
      }\n` + (verbose && error instanceof Error ? `${error.stack}\n` : 'Run again with --verbose for technical detail.\n'),
    );
    return 2;
  }
}
