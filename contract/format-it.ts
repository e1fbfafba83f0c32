// Italian dates and numbers, the one module for them: the CDA narrative, the readable PDF and the
// certificate messages (main), the screens (renderer). It lives in contract/ because the renderer may
// import nothing else; it is pure and built on Intl (Node and Chromium both ship full ICU), so no month
// name is written here. Two kinds of input:
//   - instants (a Date): shown in Italian civil time, Europe/Rome, whatever the computer's time zone;
//   - dates written by the clinic ("2026-11-23T10:30:00+01:00", "1980-01-01"): shown as written, the
//     calendar date and clock time never shifted through any time zone (a birth date is a date).
// The outputs are the ones the app has always shown; the tests in test/unit/format-it.test.ts pin them.

/** Italian civil time: the clinics are in Tuscany, the computer may be set to anything. */
export const ITALIAN_TIME_ZONE = 'Europe/Rome';

const inRome = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => new Intl.DateTimeFormat('it-IT', { timeZone: ITALIAN_TIME_ZONE, ...options });

const LONG_DATE = inRome({ day: 'numeric', month: 'long', year: 'numeric' });
const SHORT_DATE = inRome({ day: '2-digit', month: '2-digit', year: 'numeric' });
const DATE_TIME = inRome({ day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const DATE_TIME_SECONDS = inRome({ day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const TIME = inRome({ hour: 'numeric', minute: 'numeric', second: 'numeric' });
// Written dates: the written day is placed at midnight UTC and read back in UTC, so never shifted.
const WRITTEN_DATE = new Intl.DateTimeFormat('it-IT', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const NUMBER = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 12, useGrouping: false });

/** "1 dicembre 2026" (Rome): the validity of a certificate on its card. */
export function formatLongDate(at: Date): string {
  return LONG_DATE.format(at);
}

/** "01/12/2026" (Rome): certificate messages. Two digits asked for explicitly: it is what toLocaleDateString('it-IT') gives with current ICU data, older data wrote "1/12/2026". */
export function formatShortDate(at: Date): string {
  return SHORT_DATE.format(at);
}

/** "12/03/2026 09:30" (Rome, no comma): dates in the CDA narrative. */
export function formatDateTime(at: Date): string {
  return DATE_TIME.format(at).replace(',', '');
}

/** "12/03/2026, 09:30:15" (Rome): the outbox screen, where events seconds apart must stay apart. */
export function formatDateTimeSeconds(at: Date): string {
  return DATE_TIME_SECONDS.format(at);
}

/** "09:30:15" (Rome): "Profilo salvato alle …". */
export function formatTime(at: Date): string {
  return TIME.format(at);
}

const WRITTEN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

/** The written calendar date (midnight UTC of it) and clock time ("10:30", as written); undefined when there is no real date. */
function written(iso: string): { date: Date; time: string | undefined } | undefined {
  const m = WRITTEN.exec(iso.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return { date, time: m[4] && m[5] ? `${m[4]}:${m[5]}` : undefined };
}

/** "2026-11-23T10:30:00+01:00" or "2026-11-23" → "23 novembre 2026", as written; other text is returned unchanged. */
export function formatWrittenDate(iso: string): string {
  const w = written(iso);
  return w ? WRITTEN_DATE.format(w.date) : iso;
}

/** "2026-11-23T10:30:00+01:00" → "23 novembre 2026, ore 10:30", as written; the time only when written; other text unchanged. */
export function formatWrittenDateTime(iso: string): string {
  const w = written(iso);
  if (!w) return iso;
  const date = WRITTEN_DATE.format(w.date);
  return w.time ? `${date}, ore ${w.time}` : date;
}

/** 5.2 → "5,2", 1234.5 → "1234,5" (no grouping; up to 12 decimals, as entered): lab values and ranges. */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}
