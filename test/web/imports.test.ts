import { describe, expect, it } from 'vitest';
import * as domain from '../../src/features/level-import/domain/index.ts';
import type { LevelImportReport } from '../../web/src/api/types.ts';
import {
  contentTypeOf,
  fileProblem,
  guessFormat,
  IMPORT_FORMATS,
  IMPORT_MAX_BYTES,
  IMPORT_MODES,
  importPath,
  planStillHolds,
  summaryFacts,
  wouldChange,
} from '../../web/src/lib/imports.ts';

describe('the import form', () => {
  it('offers what the API takes', () => {
    expect([...IMPORT_FORMATS].sort()).toEqual([...domain.IMPORT_FORMATS].sort());
    expect([...IMPORT_MODES].sort()).toEqual([...domain.IMPORT_MODES].sort());
    expect(IMPORT_MAX_BYTES).toBe(domain.MAX_IMPORT_BYTES);
  });

  it('guesses the format from the file when the file tells', () => {
    expect(guessFormat('leaderboard.json', '{"admins":[],"players":[{"id":"1"')).toBe('mee6');
    expect(guessFormat('page.json', '\uFEFF  [{"id":"1","level":3,"xp":10}]')).toBe('mee6');
    expect(guessFormat('export.json', '{"settings":{"curve":[5,50,100]},"users":{}}')).toBe('polaris');
    expect(guessFormat('export.json', '{"users":{"123":{"xp":5}}}')).toBe('polaris');
    expect(guessFormat('levels.csv', 'anything')).toBe('csv');
    expect(guessFormat('levels.txt', 'user_id,xp,level\n1,2,3')).toBe('csv');
    expect(guessFormat('levels.txt', 'id;XP\n1;2')).toBe('csv');
    expect(guessFormat('unknown.json', '[{"id":"1","xp":2}]')).toBeUndefined();
    expect(guessFormat('notes.txt', 'hello')).toBeUndefined();
  });

  it('sends the file as JSON or CSV, with the options in the query', () => {
    expect(contentTypeOf('csv')).toBe('text/csv');
    expect(contentTypeOf('mee6')).toBe('application/json');
    expect(contentTypeOf('polaris')).toBe('application/json');
    expect(importPath('123', { format: 'mee6', mode: 'level', dryRun: true })).toBe(
      '/api/v1/imports/levels/123?format=mee6&mode=level&dry_run=true',
    );
  });

  it('refuses empty and oversized files before uploading them', () => {
    expect(fileProblem({ size: 0 })).toBe('empty');
    expect(fileProblem({ size: IMPORT_MAX_BYTES })).toBeUndefined();
    expect(fileProblem({ size: IMPORT_MAX_BYTES + 1 })).toBe('tooLarge');
  });
});

describe('the dry run', () => {
  const file = { name: 'a.json', size: 10, lastModified: 1 };
  const planned = { file, format: 'mee6' as const, mode: 'xp' as const };

  it('holds only for the same file, format and mode', () => {
    expect(planStillHolds(planned, { ...planned })).toBe(true);
    expect(planStillHolds(planned, { ...planned, mode: 'level' })).toBe(false);
    expect(planStillHolds(planned, { ...planned, format: 'csv' })).toBe(false);
    expect(planStillHolds(planned, { ...planned, file: { ...file, lastModified: 2 } })).toBe(false);
    expect(planStillHolds(planned, { ...planned, file: undefined })).toBe(false);
    expect(planStillHolds(undefined, planned)).toBe(false);
  });

  const report: LevelImportReport = {
    guildId: '1',
    format: 'mee6',
    mode: 'xp',
    dryRun: true,
    fileHash: 'abc',
    summary: {
      usersInFile: 3,
      usersChanged: 2,
      usersKept: 1,
      alreadyImported: 0,
      karmaAdded: 900,
      levelChanges: 2,
      levelsCapped: 0,
    },
    rows: [],
    applied: null,
  };

  it('lists the summary in the page’s order and says whether importing would change anything', () => {
    expect(summaryFacts(report).map((f) => f.key)).toEqual(Object.keys(report.summary));
    expect(wouldChange(report)).toBe(true);
    expect(wouldChange({ ...report, summary: { ...report.summary, usersChanged: 0 } })).toBe(false);
  });
});
