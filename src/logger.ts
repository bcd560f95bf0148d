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

export function redact(value: unknown, key = ''): unknown {
  if (key && SECRET_KEY.test(key)) return '***';
  if (typeof value === 'string') {
    let out = value;
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
