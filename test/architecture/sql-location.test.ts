import { describe, expect, it } from 'vitest';
import {
  ALLOW_LIST,
  describeViolations,
  isSqlHome,
  productFiles,
  readAllowList,
  SQL_RULE,
  sqlOutsideHomes,
} from './sql-location.ts';

const violations = sqlOutsideHomes();
const allowList = readAllowList();
const allowed = new Set(allowList.map((entry) => entry.file));

describe(SQL_RULE.name, () => {
  it('finds SQL only in repositories and the database adapter', () => {
    const unexpected = violations.filter((v) => !allowed.has(v.file));
    if (unexpected.length > 0) {
      expect.fail(
        `${SQL_RULE.name}: ${SQL_RULE.comment}\nFound outside them:\n${describeViolations(unexpected)}`,
      );
    }
  });

  it('allow-lists only files that still hold SQL outside a repository', () => {
    const holding = new Set(violations.map((v) => v.file));
    const stale = [...allowed].filter((file) => !holding.has(file));
    expect(stale, `${SQL_RULE.name}: remove these from ${ALLOW_LIST}, they hold no SQL now`).toEqual([]);
  });

  it('allow-lists files outside src/features/ only with a reason', () => {
    const unexplained = allowList.filter((entry) => !entry.file.startsWith('src/features/') && !entry.reason);
    expect(unexplained, `${ALLOW_LIST}: each entry outside src/features/ says why`).toEqual([]);
  });

  it('reads the product’s files, and not its tests', () => {
    const files = productFiles();
    expect(files).toContain('src/pipeline/writer.ts');
    expect(files.filter((file) => file.endsWith('.test.ts'))).toEqual([]);
    expect(files.filter(isSqlHome)).toContain('src/pipeline/repository.ts');
    expect(files.filter(isSqlHome)).toContain('src/platform/db/migrate.ts');
    expect(isSqlHome('src/features/karma/service.ts')).toBe(false);
  });
});
