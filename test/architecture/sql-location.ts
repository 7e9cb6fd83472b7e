import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSql } from './sql-literals.ts';

/**
 * The rule that dependency-cruiser cannot check, because it reads imports and not strings: SQL lives
 * only where a table's owner keeps it.
 */

export const SQL_RULE = {
  name: 'sql-only-in-repositories',
  comment:
    'SQL (statements, fragments, `sql` templates, Kysely queries) is written only in the repository ' +
    'of the feature that owns the table (*repository*.ts), in src/platform/db/ (the database ' +
    'adapter: connections, migration runner, LISTEN) and in migrations (*.sql). Routes, Discord ' +
    'adapters, services, jobs, pipeline rules and test helpers under src/ call a repository.',
} as const;

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SqlViolation {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Where SQL may be written. Tests (`*.test.ts`) are not product code and are not read at all. */
export function isSqlHome(file: string): boolean {
  return /repository[^/]*\.ts$/.test(path.posix.basename(file)) || file.startsWith('src/platform/db/');
}

/** The product's TypeScript files, repository-relative with forward slashes. */
export function productFiles(): string[] {
  return readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .map((file) => `src/${file.split(path.sep).join('/')}`)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
}

export function sqlOutsideHomes(): SqlViolation[] {
  return productFiles()
    .filter((file) => !isSqlHome(file))
    .flatMap((file) =>
      findSql(file, readFileSync(path.join(ROOT, file), 'utf8')).map((found) => ({ file, ...found })),
    );
}

export function describeViolations(violations: readonly SqlViolation[]): string {
  return violations.map((v) => `  ${v.file}:${v.line}  ${v.text}`).join('\n');
}
