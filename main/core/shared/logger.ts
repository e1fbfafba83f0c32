// Structured logs (JSON lines). Callers pass only non-identifying fields; `redact` is a second
// line of defence that masks anything shaped like a personal tax code, a JWT or a password field.
// The timestamp is the computer's time, whoever logs: taken from the system clock on purpose.
import { systemClock } from './clock.js';
import { replaceTaxCodes } from './fiscal-code.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const SECRET_KEY = /pass(word)?|secret|token|authorization|private/i;

export function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'string') return replaceTaxCodes(value.replace(JWT, '[jwt]'), '[cf]');
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

export function createLogger(write: (line: string) => void, minLevel: Level = 'info'): Logger {
  const order: Level[] = ['debug', 'info', 'warn', 'error'];
  const emit = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    write(JSON.stringify({ time: systemClock().toISOString(), level, msg: redact(msg), ...(fields ? (redact(fields) as object) : {}) }) + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
