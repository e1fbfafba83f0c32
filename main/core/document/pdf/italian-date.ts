// Italian dates for the readable PDF ("23 novembre 2026", "ore 10:30"). The date and time are
// shown as written in the ISO string (the clinic's local time, offset included), never shifted
// through the machine's time zone.

const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

/** "2026-11-23T10:30:00+01:00" → "23 novembre 2026"; unparseable input is returned unchanged. */
export function italianDate(iso: string): string {
  const m = ISO.exec(iso.trim());
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/** "2026-11-23T10:30:00+01:00" → "23 novembre 2026, ore 10:30"; the time part only when present. */
export function italianDateTime(iso: string): string {
  const m = ISO.exec(iso.trim());
  const date = italianDate(iso);
  return m?.[4] && m[5] ? `${date}, ore ${m[4]}:${m[5]}` : date;
}
