#!/usr/bin/env node
// The peer-fidelity executable: runs the CLI and sets the process exit code.
import { compileRegexpsEagerly } from '../core/regexp-compilation.js';

// Before any module compiles a regex.
compileRegexpsEagerly();

// A reader that stops early (`peer-fidelity code … | head`) closes the pipe: that is not an error, so stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { run } = await import('./program.js');
process.exitCode = await run(process.argv.slice(2));
