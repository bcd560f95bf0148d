// A small structured logger. Secrets and tokens never reach logs: known token shapes and any field
// whose name looks secret are masked before a line is written.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|signature|cookie/i;
const TOKEN_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi, // Authorization headers
  /(postgres(?:ql)?:\/\/[^:@/\s]+:)[^@\s]+@/g, // passwords in database URLs
];

// Drizzle's query errors read `Failed query: <sql>\nparams: <values>`; the values are people's text
// (notes, summaries, names). Logs keep the statement's name and sizes only.
const FAILED_QUERY = /Failed query: ([\s\S]*?)\nparams: ([\s\S]*)$/;

/** `insert into reminder_ledger`, `select … from staff`: what a statement did, without its text. */
export function statementName(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  const verb = /^(with|select|insert into|update|delete from)\b/i.exec(q)?.[1]?.toLowerCase() ?? 'statement';
  const table =
    verb === 'select' || verb === 'with'
      ? /\bfrom "?([a-z_][a-z0-9_]*)"?/i.exec(q)?.[1]
      : /^(?:insert into|update|delete from) "?([a-z_][a-z0-9_]*)"?/i.exec(q)?.[1];
  return table ? `${verb} ${table}` : verb;
}

function hideQueryText(text: string): string {
  const m = FAILED_QUERY.exec(text);
  if (!m) return text;
  const params = m[2]!;
  const count = params.trim() === '' ? 0 : params.split(',').length;
  return `${text.slice(0, m.index)}Failed query: ${statementName(m[1]!)} (${m[1]!.length} chars, ~${count} params of ${params.length} chars; values not logged)`;
}

export function redact(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key)) return '***';
  if (typeof value === 'string') {
    let out = hideQueryText(value);
    for (const re of TOKEN_PATTERNS)
      out = out.replace(re, (m, prefix?: string) =>
        prefix && m.startsWith(prefix) ? `${prefix}***@` : '***',
      );
    return out;
  }
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const emit = (lvl: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry = {
      at: new Date().toISOString(),
      level: lvl,
      message: redact(message),
      ...(redact(fields ?? {}) as object),
    };
    write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** A logger that drops everything (tests, the CLI's quiet paths). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
