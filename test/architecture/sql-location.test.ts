import { describe, expect, it } from 'vitest';
import { describeViolations, isSqlHome, productFiles, SQL_RULE, sqlOutsideHomes } from './sql-location.ts';

describe(SQL_RULE.name, () => {
  it('finds SQL only in repositories and the database adapter', () => {
    // No allow-list: a file that needs SQL is a repository, or it calls one.
    const unexpected = sqlOutsideHomes();
    if (unexpected.length > 0) {
      expect.fail(
        `${SQL_RULE.name}: ${SQL_RULE.comment}\nFound outside them:\n${describeViolations(unexpected)}`,
      );
    }
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
