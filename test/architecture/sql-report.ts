import { ALLOW_LIST, type AllowListEntry, readAllowList, SQL_RULE, sqlOutsideHomes } from './sql-location.ts';

/**
 * Every case of `sql-only-in-repositories`, allow-listed or not (the test hides the allow-listed):
 *   node test/architecture/sql-report.ts          file:line and the SQL, one a line
 *   node test/architecture/sql-report.ts --json   the allow-list that would hold them all today
 * (Node 24: from a shell whose node is older, ./node_modules/.bin/node.)
 */

const violations = sqlOutsideHomes();
if (process.argv.includes('--json')) {
  const reasons = new Map(readAllowList().map((entry) => [entry.file, entry.reason]));
  const entries: AllowListEntry[] = [...new Set(violations.map((v) => v.file))].map((file) => {
    const reason = reasons.get(file);
    return reason === undefined ? { file } : { file, reason };
  });
  process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
} else {
  const listed = new Set(readAllowList().map((entry) => entry.file));
  for (const v of violations) {
    process.stdout.write(
      `${v.file}:${v.line}\t${SQL_RULE.name}${listed.has(v.file) ? ' (allow-listed)' : ''}\t${v.text}\n`,
    );
  }
  process.stdout.write(
    `${violations.length} SQL literal(s) outside repositories; allow-list: ${ALLOW_LIST}\n`,
  );
}
