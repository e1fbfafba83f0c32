// Dates and numbers as Italian readers expect them (12/03/2026 09:30, 5,2), in Rome time.
import { parseClinicDateTime } from './hl7-time.js';

const dateTimeFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateFormat = new Intl.DateTimeFormat('it-IT', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
const numberFormat = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 12, useGrouping: false });

export function formatItalianDateTime(text: string): string {
  const d = parseClinicDateTime(text);
  return d ? dateTimeFormat.format(d).replace(',', '') : text;
}

/** `1960-06-19` → `19/06/1960` (a calendar date, no time zone involved). */
export function formatItalianDate(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDate : dateFormat.format(d);
}

export function formatItalianNumber(n: number): string {
  return numberFormat.format(n);
}
