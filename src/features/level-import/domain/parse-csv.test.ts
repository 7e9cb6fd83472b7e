import { describe, expect, it } from 'vitest';
import { type ImportRow, parseImport, parseText } from './index.ts';

const A = '100000000000000001';
const B = '100000000000000002';
const C = '100000000000000003';

function rows(text: string): ImportRow[] {
  const result = parseText('csv', text);
  if (!result.ok) throw new Error(`expected rows, got ${result.problem.message}`);
  return result.value;
}

function problem(text: string) {
  const result = parseText('csv', text);
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

describe('CSV files', () => {
  it('reads a user id and XP column, in any order and case, with optional level and messages', () => {
    const text = `Name,XP,Level,user_id,Messages\nalice,900,5,${A},12\nbob,10,,${B},\n`;
    expect(rows(text)).toEqual([
      { userId: A, xp: 900, level: 5, messages: 12, at: 'line 2' },
      { userId: B, xp: 10, at: 'line 3' },
    ]);
  });

  it.each([
    ['userId', `userId,xp\n${A},1`],
    ['id', `id,xp\n${A},1`],
    ['user_id over id', `id,user_id,xp\n7,${A},1`],
  ])('finds the user id column: %s', (_name, text) => {
    expect(rows(text)[0]?.userId).toBe(A);
  });

  it('handles quoted cells, escaped quotes and line breaks inside quotes', () => {
    const text = `user_id,username,xp\r\n"${A}","smith, ""the"" great",5\r\n${B},"two\nlines",6\r\n${C},x,"7"`;
    expect(rows(text).map((r) => [r.userId, r.xp, r.at])).toEqual([
      [A, 5, 'line 2'],
      [B, 6, 'line 3'],
      [C, 7, 'line 5'],
    ]);
  });

  it.each([
    ['semicolons', `user_id;xp\n${A};5`],
    ['tabs', `user_id\txp\n${A}\t5`],
    ['CR line ends', `user_id,xp\r${A},5\r`],
    ['blank lines and spaces', `\n user_id , xp \n\n ${A} , 5 \n\n`],
  ])('reads %s', (_name, text) => {
    expect(rows(text).map((r) => [r.userId, r.xp])).toEqual([[A, 5]]);
  });

  it('drops a UTF-8 byte order mark', () => {
    const result = parseImport('csv', new TextEncoder().encode(`\uFEFFuser_id,xp\n${A},5`));
    expect(result).toMatchObject({ ok: true, value: [{ userId: A, xp: 5 }] });
  });

  it.each([
    [`user,xp\n${A},1`, 'missing_column', 'line 1', /user id column/],
    [`user_id,points\n${A},1`, 'missing_column', 'line 1', /"xp"/],
    [`\nuser_id,xp,xp\n${A},1,1`, 'bad_csv', 'line 2', /"xp" appears twice/],
    [`user_id,xp\n${A},-5`, 'bad_xp', 'line 2, column "xp"', /negative/],
    [`user_id,xp\n${A},"1,234"`, 'bad_xp', 'line 2, column "xp"', /must be a number/],
    [`user_id,xp\n1.23457E+17,5`, 'bad_user_id', 'line 2, column "user_id"', /digits/],
    [`userId,xp\n${A}`, 'bad_xp', 'line 2, column "xp"', /is missing/],
    [`id,xp,level\n${A},5,x`, 'bad_level', 'line 2, column "level"', /number/],
    [`id,xp,message_count\n${A},5,-1`, 'bad_messages', 'line 2, column "message_count"', /negative/],
    [`user_id,xp\n${A},1\n${B},2\n${A},3`, 'duplicate_user', 'line 4', /already appears at line 2/],
    [`user_id,xp\n"${A},1`, 'bad_csv', 'line 2', /never closed/],
    [`user_id,xp\n"${A}"x,1`, 'bad_csv', 'line 2', /after a closing quote/],
    ['user_id,xp\n', 'empty_file', 'file', /no members/],
    ['\n\n', 'empty_file', 'file', /empty/],
  ])('refuses bad input naming the line and column (%#)', (text, code, at, message) => {
    const found = problem(text);
    expect(found).toMatchObject({ code, at });
    expect(found.message).toMatch(message);
  });
});
