// Reads an import file with csv-parse: a header row, then one record per row. Each record keeps the
// physical line it starts on (right even when a quoted field spans lines), so every problem can be
// reported as `file.csv:LINE: column: what is wrong and how to fix it`.
import { CsvError, parse } from 'csv-parse/sync';

export interface ColumnSpec {
  /** The documented header name, e.g. `email`. */
  name: string;
  /** Other spellings accepted for the header (compared after normalizing). */
  aliases?: string[];
  required?: boolean;
}

export interface CsvRow {
  /** The physical line (1-based) where the record starts. */
  line: number;
  /** Trimmed cell text by documented column name ('' when empty or the column is absent). */
  values: Record<string, string>;
}

export interface CsvRead {
  rows: CsvRow[];
  /** Problems with the file itself (header, quoting), already formatted with file and line. */
  errors: string[];
}

/** `file.csv:12: email: … ` — the one format every import problem is reported in. */
/** The natural key of people in every directory file (staff, contacts): matched case-insensitively. */
export const EMAIL_COLUMN: ColumnSpec = {
  name: 'email',
  aliases: ['e-mail', 'email address'],
  required: true,
};

export const problemAt = (file: string, line: number, column: string, message: string) =>
  `${file}:${line}: ${column}: ${message}`;

const normalize = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/^_+|_+$/g, '');

type Record_ = { record: string[]; raw: string; info: { lines: number } };

export function readCsv(text: string, file: string, columns: ColumnSpec[]): CsvRead {
  // One line ending throughout: csv-parse counts lines by its record delimiter.
  const source = text.replace(/\r\n?/g, '\n');
  let records: Record_[];
  try {
    records = parse(source, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: '\n',
    }) as unknown as Record_[];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines ?? 1;
      return {
        rows: [],
        errors: [
          problemAt(
            file,
            line,
            'file',
            `${err.message.replace(/^Invalid Opening Quote: |^Quote Not Closed: /, '')} — check the quotes: a field with commas, quotes or line breaks is written in double quotes, and a quote inside it is doubled ("").`,
          ),
        ],
      };
    }
    throw err;
  }
  const startLine = (r: Record_) => {
    const body = r.raw.replace(/^\n+/, '').replace(/\n$/, '');
    return r.info.lines - (body.match(/\n/g)?.length ?? 0);
  };
  const [header, ...body] = records;
  if (!header)
    return {
      rows: [],
      errors: [
        problemAt(
          file,
          1,
          'header',
          'the file is empty: the first line must name the columns, e.g. ' +
            columns.map((c) => c.name).join(','),
        ),
      ],
    };
  const errors: string[] = [];
  const index = new Map<string, number>();
  header.record.forEach((cell, i) => {
    const key = normalize(cell);
    const column = columns.find((c) => c.name === key || (c.aliases ?? []).map(normalize).includes(key));
    if (!column) {
      if (key)
        errors.push(
          problemAt(
            file,
            startLine(header),
            'header',
            `unknown column "${cell.trim()}"; the columns are: ${columns.map((c) => c.name).join(', ')}`,
          ),
        );
      return;
    }
    if (index.has(column.name))
      errors.push(
        problemAt(file, startLine(header), 'header', `column "${column.name}" is given twice; keep one`),
      );
    else index.set(column.name, i);
  });
  for (const c of columns) {
    if (c.required && !index.has(c.name))
      errors.push(
        problemAt(
          file,
          startLine(header),
          'header',
          `column "${c.name}" is missing; add it to the first line`,
        ),
      );
  }
  if (errors.length) return { rows: [], errors };
  const rows: CsvRow[] = [];
  for (const r of body) {
    if (r.record.every((cell) => cell.trim() === '')) continue;
    const values: Record<string, string> = {};
    for (const c of columns) {
      const i = index.get(c.name);
      values[c.name] = i === undefined ? '' : (r.record[i] ?? '').trim();
    }
    rows.push({ line: startLine(r), values });
  }
  return { rows, errors };
}

/** Splits a list cell ("MD; DC, VA" or "MD DC") into its items. */
export const listCell = (cell: string) =>
  cell
    .split(/[;,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
