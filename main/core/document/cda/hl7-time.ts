// HL7 TS values (yyyyMMddHHmmss+ZZZZ) in Italian civil time. The offset is the one Europe/Rome
// had at that instant (+0100 in winter, +0200 in summer), computed with the runtime's ICU data.
import { formatDateTime, ITALIAN_TIME_ZONE } from '../../../../contract/format-it.js';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: ITALIAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface RomeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
}

function romeParts(date: Date): RomeParts {
  const p: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(date)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const offsetMinutes = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!, offsetMinutes };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function offsetString(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

/** `20260312093000+0100`: an instant as HL7 TS with seconds, in Europe/Rome time. */
export function hl7Timestamp(date: Date): string {
  const r = romeParts(date);
  return `${r.year}${pad(r.month)}${pad(r.day)}${pad(r.hour)}${pad(r.minute)}${pad(r.second)}${offsetString(r.offsetMinutes, '')}`;
}

/** `2026-03-12T09:30:00+01:00`: the same instant as ISO 8601 with the Rome offset (for display). */
export function isoRome(date: Date): string {
  const r = romeParts(date);
  return `${r.year}-${pad(r.month)}-${pad(r.day)}T${pad(r.hour)}:${pad(r.minute)}:${pad(r.second)}${offsetString(r.offsetMinutes, ':')}`;
}

/** `19600619` from `1960-06-19`. */
export function hl7Date(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads a date-time typed by clinic staff: ISO 8601 with an offset or `Z` is taken as is; without
 * one (`2026-03-12T09:30`, or a bare date) it is Italian local time, the only reading that makes
 * sense at a clinic desk. Returns undefined when the text is not a real date.
 */
export function parseClinicDateTime(text: string): Date | undefined {
  if (ZONED_DATE_TIME.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  // Wall time → instant: subtract Rome's offset, re-checking once around DST changes.
  let instant = guess - romeParts(new Date(guess)).offsetMinutes * 60000;
  instant = guess - romeParts(new Date(instant)).offsetMinutes * 60000;
  const back = romeParts(new Date(instant));
  if (back.year !== y || back.month !== mo || back.day !== d) return undefined;
  return new Date(instant);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** A clinic date-time for the narrative, "12/03/2026 09:30" in Rome time (contract/format-it.ts); text that does not parse is kept. */
export function formatClinicDateTime(text: string): string {
  const d = parseClinicDateTime(text);
  return d ? formatDateTime(d) : text;
}
