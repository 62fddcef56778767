#!/usr/bin/env node
// The peer-fidelity executable: runs the CLI and sets the process exit code.
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2));
