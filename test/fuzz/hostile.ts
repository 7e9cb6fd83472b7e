import fc from 'fast-check';
import type { JsonSchema } from '../support/operations.ts';

/** What an attacker or a broken client sends, aimed at the kind of input it lands in. */

export function types(schema: JsonSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/** Numbers as a querystring or path carries them, including the forms Ajv used to accept. */
const NUMBER_TEXT = [
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-1e309',
  '0x10',
  '0b11',
  '1e2',
  '-0',
  '0',
  '-1',
  '1.5',
  ' 1',
  '+1',
  '',
  '99999999999999999999999',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '100001',
];

/** Text that breaks naive code: NUL and other control characters, odd Unicode, sheer length. */
const NASTY_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f\u007f',
  '%00',
  '%zz',
  '../../etc/passwd',
  "' OR 1=1 --",
  '\ud800',
  '🔥'.repeat(50),
  'x'.repeat(5000),
  '{"a":1}',
  'null',
  'true',
];

export const hostileText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NUMBER_TEXT, ...NASTY_TEXT) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

const ID_TEXT = [
  '9223372036854775808',
  '99999999999999999999',
  '18446744073709551616',
  '1'.repeat(25),
  '-1',
  '0',
  '00000000000000000001',
  '1e3',
  '\u0000',
  '',
];

export function isIdSchema(schema: JsonSchema | undefined): boolean {
  return schema?.pattern?.startsWith('^[0-9]') === true || schema?.pattern?.startsWith('^[1-9]') === true;
}

/** Hostile text aimed at what the parameter is: numbers get number forms, ids get ids, text gets text. */
export function hostileTextFor(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const kinds = schema ? types(schema) : [];
  const aimed =
    kinds.includes('integer') || kinds.includes('number')
      ? NUMBER_TEXT
      : isIdSchema(schema)
        ? ID_TEXT
        : NASTY_TEXT;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...aimed) }, { weight: 1, arbitrary: hostileText });
}

/** Hostile JSON aimed at the field: extreme numbers for numbers, ids as numbers and huge ids for ids, NUL in text. */
export function hostileJsonFor(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const kinds = schema ? types(schema) : [];
  const aimed: unknown[] =
    kinds.includes('integer') || kinds.includes('number')
      ? [1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 31) - 1, 1.5, '7', true, null, [7]]
      : isIdSchema(schema)
        ? [1282436098416574500, '9223372036854775808', '99999999999999999999', '-1', '']
        : ['\u0000', 'a\u0000b', 'x'.repeat(5000), '', ' ', 7, true, ['text'], { text: 'x' }];
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...aimed) }, { weight: 1, arbitrary: hostileJson });
}

/** JSON values of the wrong kind for whatever field they land in. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e300,
      -1e300,
      Number.MAX_SAFE_INTEGER + 2,
      1282436098416574500,
      '',
      '7',
      'true',
      '\u0000',
      '9223372036854775808',
      '99999999999999999999',
      'x'.repeat(5000),
      [],
      {},
      ['array'],
      [1, 2, 3],
      { nested: { deeper: '\u0000' } },
    ),
  },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

export const BAD_JSON = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '"unterminated',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"__proto__":{"x":1}}',
];
export const DEEP_JSON = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
export const ODD_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/xml',
];
export const ODD_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'SEARCH', 'PROPFIND'];

/** Hostile JSON aimed at what a leaf of a valid document holds. */
export function hostileLeafFor(current: unknown): fc.Arbitrary<unknown> {
  if (typeof current === 'number') return hostileJsonFor({ type: 'number' });
  if (typeof current === 'string' && /^[0-9]+$/.test(current))
    return hostileJsonFor({ type: 'string', pattern: '^[0-9]' });
  if (typeof current === 'string') return hostileJsonFor({ type: 'string' });
  return hostileJson;
}
