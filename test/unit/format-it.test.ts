// The one Italian date and number module (contract/format-it.ts), shared by main and the renderer.
// Instants are shown in Rome time whatever the computer's zone; dates written by the clinic as written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDateTime,
  formatDateTimeSeconds,
  formatLongDate,
  formatNumber,
  formatShortDate,
  formatTime,
  formatWrittenDate,
  formatWrittenDateTime,
  ITALIAN_TIME_ZONE,
} from '../../contract/format-it.js';
import { formatClinicDateTime } from '../../main/core/document/cda/hl7-time.js';

const at = (iso: string): Date => new Date(iso);
const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

describe('instants, in Rome time', () => {
  it('uses Europe/Rome', () => {
    assert.equal(ITALIAN_TIME_ZONE, 'Europe/Rome');
  });

  it('long date: "1 dicembre 2026", the Rome day even when UTC is still on the day before', () => {
    assert.equal(formatLongDate(at('2026-11-30T23:30:00Z')), '1 dicembre 2026');
    assert.equal(formatLongDate(at('2025-03-03T10:00:00Z')), '3 marzo 2025');
  });

  it('short date: "01/12/2026", two-digit day and month (unlike the long date\'s "1 dicembre 2026")', () => {
    assert.equal(formatShortDate(at('2026-11-30T23:30:00Z')), '01/12/2026');
    assert.equal(formatShortDate(at('2026-03-12T10:00:00Z')), '12/03/2026');
  });

  it('date-time for the CDA narrative: two digits everywhere, no comma, no seconds', () => {
    assert.equal(formatDateTime(at('2026-03-12T08:30:00Z')), '12/03/2026 09:30'); // winter, +01:00
    assert.equal(formatDateTime(at('2026-07-15T07:00:00Z')), '15/07/2026 09:00'); // summer, +02:00
  });

  it('midnight is 00, never 24', () => {
    assert.equal(formatDateTime(at('2026-01-09T23:05:00Z')), '10/01/2026 00:05');
    assert.equal(formatTime(at('2026-01-09T23:05:00Z')), '00:05:00');
  });

  it('follows the clock changes of Rome', () => {
    assert.equal(formatDateTime(at('2026-03-29T00:59:00Z')), '29/03/2026 01:59');
    assert.equal(formatDateTime(at('2026-03-29T01:00:00Z')), '29/03/2026 03:00');
    assert.equal(formatDateTime(at('2026-10-25T00:30:00Z')), '25/10/2026 02:30');
    assert.equal(formatDateTime(at('2026-10-25T01:30:00Z')), '25/10/2026 02:30');
  });

  it('date-time with seconds for the outbox screen: "12/03/2026, 09:30:15"', () => {
    assert.equal(formatDateTimeSeconds(at('2026-03-12T08:30:15Z')), '12/03/2026, 09:30:15');
  });

  it('time of day: "09:05:09"', () => {
    assert.equal(formatTime(at('2026-03-12T08:05:09Z')), '09:05:09');
  });
});

describe('dates written by the clinic, as written', () => {
  it('writes an ISO date as day, Italian month name and year', () => {
    assert.equal(formatWrittenDate('2026-11-23T10:30:00+01:00'), '23 novembre 2026');
    assert.equal(formatWrittenDate('1980-01-01'), '1 gennaio 1980');
    assert.equal(formatWrittenDate(' 2026-05-01 '), '1 maggio 2026');
  });

  it('names every month', () => {
    MONTHS.forEach((name, i) => assert.equal(formatWrittenDate(`2026-${String(i + 1).padStart(2, '0')}-15`), `15 ${name} 2026`));
  });

  it('never shifts the written day or time through a time zone', () => {
    assert.equal(formatWrittenDate('2026-12-31T23:30:00-05:00'), '31 dicembre 2026');
    assert.equal(formatWrittenDateTime('2026-12-31T23:30:00-05:00'), '31 dicembre 2026, ore 23:30');
    assert.equal(formatWrittenDateTime('2026-03-05T23:50:00+01:00'), '5 marzo 2026, ore 23:50');
    assert.equal(formatWrittenDateTime('2026-06-01T00:05:00+02:00'), '1 giugno 2026, ore 00:05');
  });

  it('adds the time only when one is written', () => {
    assert.equal(formatWrittenDateTime('1980-01-01'), '1 gennaio 1980');
  });

  it('returns text that is not a real date unchanged', () => {
    for (const text of ['ieri', '', '2026-13-01', '2026-00-10', '2026-02-30', '23/11/2026']) {
      assert.equal(formatWrittenDate(text), text);
      assert.equal(formatWrittenDateTime(text), text);
    }
  });
});

describe('numbers', () => {
  it('uses a decimal comma, no grouping, and keeps the decimals entered', () => {
    assert.equal(formatNumber(1.08), '1,08');
    assert.equal(formatNumber(0.7), '0,7');
    assert.equal(formatNumber(5), '5');
    assert.equal(formatNumber(1234567.5), '1234567,5');
    assert.equal(formatNumber(-3.5), '-3,5');
    assert.equal(formatNumber(0.000123456789), '0,000123456789');
    assert.equal(formatNumber(0.1 + 0.2), '0,3'); // 12 decimals at most
  });
});

describe('Intl quirks', () => {
  it('no non-breaking or narrow spaces anywhere', () => {
    const d = at('2026-03-12T08:30:15Z');
    const outputs = [
      formatLongDate(d),
      formatShortDate(d),
      formatDateTime(d),
      formatDateTimeSeconds(d),
      formatTime(d),
      formatWrittenDate('2026-11-23'),
      formatWrittenDateTime('2026-11-23T10:30'),
      formatNumber(1234567.891),
    ];
    for (const s of outputs) assert.doesNotMatch(s, /[\u00a0\u202f\u2009]/, JSON.stringify(s));
  });
});

describe('the CDA narrative', () => {
  it('shows a clinic date-time (Rome wall time, with or without offset) as "dd/mm/yyyy hh:mm"', () => {
    assert.equal(formatClinicDateTime('2026-03-12T09:30'), '12/03/2026 09:30');
    assert.equal(formatClinicDateTime('2026-07-15T09:00:00'), '15/07/2026 09:00');
    assert.equal(formatClinicDateTime('2026-03-12T09:30:00+01:00'), '12/03/2026 09:30');
  });
  it('keeps text that is not a date-time', () => {
    assert.equal(formatClinicDateTime('ieri'), 'ieri');
  });
});
