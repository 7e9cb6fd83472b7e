import { describe, expect, it } from 'vitest';
import { findSql, isSql } from './sql-literals.ts';

const lines = (source: string) => findSql('example.ts', source).map((f) => f.line);

describe('isSql', () => {
  it.each([
    'SELECT total FROM user_karma WHERE guild_id = $1',
    '\n      INSERT INTO karma_ledger (guild_id, user_id) VALUES ($1, $2)',
    'UPDATE user_karma uk SET total = d.total FROM d',
    'DELETE FROM viewer_sessions WHERE left_at < $1',
    'WITH chunk AS (SELECT 1) SELECT * FROM chunk',
    '-- the lock first\nSELECT pg_advisory_xact_lock($1)',
    '(SELECT user_id FROM user_karma) UNION ALL (SELECT user_id FROM members)',
    'CREATE INDEX IF NOT EXISTS quests_period ON quests (period)',
    'LISTEN hearth_live',
    'NOTIFY hearth_live',
    'TRUNCATE karma_ledger',
    'BEGIN',
    `TRUNCATE \${}`,
  ])('reads a statement as SQL: %s', (text) => {
    expect(isSql(text)).toBe(true);
  });

  it.each([
    'members m JOIN user_karma uk ON uk.guild_id = m.guild_id',
    'm.guild_id = $1 AND uk.total > 0',
    ' FOR UPDATE',
    'ON CONFLICT (event_id) DO NOTHING',
    'id = ANY($2::bigint[])',
  ])('reads a fragment of a statement as SQL: %s', (text) => {
    expect(isSql(text)).toBe(true);
  });

  it.each([
    'Add or remove karma from a member, with a reason (admin); idempotent by key',
    'Delete a stage and end its open sessions (its history stays until retention)',
    'From when a live event happened to when it was committed',
    'querystring from must not be after to',
    'DELETE',
    'CONFLICT',
    'messages.delete',
    '/stages/:stageId/viewers/join',
    'Select a channel',
    'select',
    "text.replace(/x/, '$1')",
    `leaderboard \${} from the hot store failed; using SQL`,
  ])('does not read prose, methods or keys as SQL: %s', (text) => {
    expect(isSql(text)).toBe(false);
  });
});

describe('findSql', () => {
  it('reports each SQL literal with its line', () => {
    const source = [
      "const a = 'SELECT 1 FROM guilds WHERE id = $1';",
      "const b = 'a sentence from a member';",
      `const c = \`SELECT count(*) FROM \${table} WHERE \${where}\`;`,
    ].join('\n');
    expect(lines(source)).toEqual([1, 3]);
  });

  it('reports Kysely queries and sql templates, which are SQL built in code', () => {
    const source = [
      "await db.selectFrom('user_karma').select('total').execute();",
      'const x = sql`now()`;',
      "await db.insertInto('guilds').values(row).execute();",
    ].join('\n');
    expect(lines(source)).toEqual([1, 2, 3]);
  });

  it('ignores module names and strings inside non-SQL templates’ text', () => {
    const source = [
      "import { x } from './SELECT FROM x.ts';",
      "const y = await import('./DELETE FROM y.ts');",
      `const z = \`Deleted \${count} from the list\`;`,
    ].join('\n');
    expect(lines(source)).toEqual([]);
  });

  it('finds SQL inside the placeholder of a template that is not SQL', () => {
    expect(lines(`const t = \`\${flag ? 'SELECT 1 FROM guilds' : ''}\`;`)).toEqual([1]);
  });
});
