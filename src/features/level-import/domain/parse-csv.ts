import { fail, type ImportRow, RowCollector, readRow } from './rows.ts';

/**
 * A CSV of user id and XP, as a spreadsheet or a script writes it: RFC 4180 quoting (`""` inside
 * quotes, line breaks inside quoted cells), CRLF, LF or CR line ends, and a comma, semicolon or tab
 * separator (detected from the header). The header names the columns, in any order and case:
 * a user id (`user_id`, `userId` or `id`, preferred in that order), `xp`, and optionally `level`
 * and `messages` (or `message_count`). Other columns are ignored.
 */

const ID_COLUMNS = ['user_id', 'userid', 'id'];
const MESSAGE_COLUMNS = ['messages', 'message_count'];

export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Splits CSV text into records, each with the line it starts on. */
export function csvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    for (;;) {
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) fail('bad_csv', `line ${quoteLine}`, 'a quoted cell is never closed');
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          cell += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== separator && next !== '\n' && next !== '\r') {
          fail('bad_csv', `line ${line}`, `unexpected ${JSON.stringify(next)} after a closing quote`);
        }
      } else {
        while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
          cell += text[i];
          i++;
        }
      }
      cells.push(cell);
      cell = '';
      if (text[i] === separator) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    records.push({ line: start, cells });
  }
  return records;
}

function detectSeparator(text: string): string {
  const end = text.search(/[\r\n]/);
  const header = end === -1 ? text : text.slice(0, end);
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

function columnOf(header: readonly string[], names: readonly string[]): number | undefined {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index !== -1) return index;
  }
  return undefined;
}

export function parseCsv(text: string): ImportRow[] {
  const separator = detectSeparator(text);
  const records = csvRecords(text, separator).filter((record) => record.cells.some((cell) => cell.trim()));
  const first = records[0];
  if (!first) return fail('empty_file', 'file', 'the file is empty');
  const header = first.cells.map((cell) => cell.trim().toLowerCase());
  const headerAt = `line ${first.line}`;
  const seen = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name)) fail('bad_csv', headerAt, `the column "${name}" appears twice`);
    seen.add(name);
  }
  const idColumn = columnOf(header, ID_COLUMNS);
  const xpColumn = columnOf(header, ['xp']);
  if (idColumn === undefined) {
    fail('missing_column', headerAt, 'no user id column: name one "user_id", "userId" or "id"');
  }
  if (xpColumn === undefined) fail('missing_column', headerAt, 'no "xp" column');
  const levelColumn = columnOf(header, ['level']);
  const messagesColumn = columnOf(header, MESSAGE_COLUMNS);
  const names = header;

  const rows = new RowCollector();
  for (const { line, cells } of records.slice(1)) {
    const cell = (index: number | undefined): string | undefined =>
      index === undefined ? undefined : cells[index]?.trim();
    const at = `line ${line}`;
    const columnName = (field: string): string =>
      field === 'id'
        ? (names[idColumn] ?? 'id')
        : field === 'messages' && messagesColumn !== undefined
          ? (names[messagesColumn] ?? field)
          : field;
    rows.add(
      readRow({
        at,
        id: cell(idColumn),
        xp: cell(xpColumn),
        level: cell(levelColumn),
        messages: cell(messagesColumn),
        fieldAt: (field) => `${at}, column "${columnName(field)}"`,
      }),
    );
  }
  return rows.done();
}
