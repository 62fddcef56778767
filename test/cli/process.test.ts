// Real-process smoke tests of the built CLI: clean stdout for machine formats, no .env read, exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/cli/main.js');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the built peer-fidelity command', () => {
  it('never imports natural’s top level (it prints to stdout and reads ./.env)', () => {
    const offenders = sourceFiles(join(ROOT, 'src')).filter((f) => /from ['"]natural['"]|require\(['"]natural['"]\)/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('prints only JSON on stdout and does not load a .env file from the working directory', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pf-env-'));
    writeFileSync(join(cwd, '.env'), 'PEER_FIDELITY_PROBE=leaked\n');
    writeFileSync(join(cwd, 'talk.txt'), 'Member: I have been low.\nPeer Supporter: What has that been like for you?\n');
    // A wrapper that runs the CLI and reports, at exit, whether the .env file reached process.env.
    writeFileSync(join(cwd, 'probe.mjs'), `process.on('exit', () => { if (process.env.PEER_FIDELITY_PROBE) console.error('ENV LEAKED'); });\nawait import(${JSON.stringify(BIN)});\n`);
    const result = spawnSync(process.execPath, ['probe.mjs', 'code', 'talk.txt', '--format', 'json'], { cwd, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).not.toContain('ENV LEAKED');
  });

  it('exits 2 with a clear message, and no stack trace, for a file it cannot read', () => {
    const result = spawnSync(process.execPath, [BIN, 'code', 'no-such-file.csv'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-file.csv');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its version and help', () => {
    const version = execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(version.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const help = execFileSync(process.execPath, [BIN, 'code', '--help'], { encoding: 'utf8' });
    expect(help).toContain('Examples:');
  });
});
