import { execFileSync } from 'node:child_process';

/**
 * Runs a bench-only Python reference script with Debian's interpreter (pandas, scikit-learn and
 * xgboost are Debian packages there, never product dependencies) and parses the JSON it prints.
 * When Python or a package is missing, or the script fails, the bench carries on with
 * "unavailable: reason" in place of the figures.
 */

export const PYTHON = '/usr/bin/python3';

export type Unavailable = `unavailable: ${string}`;

export function runPythonReference<T>(script: string, args: readonly string[]): T | Unavailable {
  try {
    execFileSync(PYTHON, ['-c', 'import xgboost, sklearn, pandas'], { stdio: 'pipe' });
  } catch (error) {
    return `unavailable: ${PYTHON} cannot import xgboost, sklearn and pandas (${firstLine(error)})`;
  }
  try {
    const out = execFileSync(PYTHON, [script, ...args], {
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 << 20,
    });
    return JSON.parse(out) as T;
  } catch (error) {
    return `unavailable: ${script} failed (${firstLine(error)})`;
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.length > 0 ? stderr : String(error);
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? text;
}
