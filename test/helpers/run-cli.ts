// Runs the CLI in-process, as a user would call it, and captures what it prints.
import { run } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stderrIsTty: false, cwd });
  return { code, stdout, stderr };
}
