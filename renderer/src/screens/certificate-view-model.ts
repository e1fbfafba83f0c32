// Pure helpers of the certificate screen: Italian labels, dates, the status of a card, the reminders,
// and the mapping of problems to form fields. Kept out of the components so they stay short.
import type { CertificateReminder, CertificateSlot, CertificateSlotStatus, StructureSlot } from '../../../contract/api.js';
import { formatLongDate } from '../../../contract/format-it.js';
import type { FieldProblem } from '../../../contract/result.js';

export interface CardText {
  title: string;
  /** The CN prefix the role expects, shown next to the title. */
  code?: string;
  description: string;
}

export const CARD_TEXT: Record<StructureSlot, CardText> = {
  auth: {
    title: 'Autenticazione',
    code: 'A1#',
    description: 'Usato solo per il canale TLS con il gateway regionale CART: identifica la struttura alla connessione.',
  },
  signature: {
    title: 'Firma dei token',
    code: 'S1#',
    description: 'Usato solo per firmare i token JWT che accompagnano ogni richiesta al gateway.',
  },
  documentSigner: {
    title: 'Firma dei referti',
    description: 'Il certificato della struttura con cui si firmano i referti PDF (firma PAdES), per i medici che non hanno un certificato personale.',
  },
};

/** The texts of a card: the structure's roles, or the doctor the slot belongs to. */
export function cardTextFor(slot: CertificateSlotStatus): CardText {
  if (slot.doctor) {
    return {
      title: slot.doctor.name,
      description: `Il certificato personale con cui ${slot.doctor.name} firma i propri referti. Deve essere intestato al suo codice fiscale (${slot.doctor.fiscalCode}); senza, i suoi referti sono firmati con il certificato della struttura.`,
    };
  }
  return CARD_TEXT[slot.role as StructureSlot] ?? CARD_TEXT.documentSigner;
}

/** A DOM id part for a slot ("doctor:rossi" → "doctor-rossi"). */
export const slotKey = (slot: CertificateSlot): string => slot.replace(':', '-');

export type Tone = 'ok' | 'warning' | 'error' | 'neutral';

/** The badge of a card: one short Italian label and its colour. */
export function slotBadge(slot: CertificateSlotStatus): { label: string; tone: Tone } {
  switch (slot.state) {
    case 'missing':
      return { label: 'Non importato', tone: 'neutral' };
    case 'password-needed':
      return { label: slot.passwordAtSigning ? 'Da importare di nuovo' : 'Password da inserire', tone: 'warning' };
    case 'unreadable':
      return { label: 'File non leggibile', tone: 'error' };
    case 'checked': {
      const r = slot.report;
      if (r?.problems.some((p) => p.code === 'expired')) return { label: 'Scaduto', tone: 'error' };
      if (!r || !r.ok) return { label: 'Non valido', tone: 'error' };
      if (r.problems.some((p) => p.code === 'expiring-soon')) return { label: 'In scadenza', tone: 'warning' };
      return r.problems.length > 0 ? { label: 'Valido, con avvisi', tone: 'warning' } : { label: 'Valido', tone: 'ok' };
    }
  }
}

export function italianDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : formatLongDate(d);
}

export function daysLeftText(days: number | undefined): string {
  if (days === undefined) return '—';
  if (days < 0) return `Scaduto da ${-days} ${-days === 1 ? 'giorno' : 'giorni'}`;
  if (days === 0) return 'Scade oggi';
  return `${days} ${days === 1 ? 'giorno' : 'giorni'}`;
}

/** One reminder in words: «Autenticazione (A1#): scade tra 12 giorni» / «… scaduto il 3 marzo 2026». */
export function reminderText(r: CertificateReminder): string {
  if (r.expired) return `${r.label}: scaduto il ${italianDate(r.notAfter)}`;
  if (r.daysLeft <= 0) return `${r.label}: scade oggi`;
  return `${r.label}: scade tra ${r.daysLeft} ${r.daysLeft === 1 ? 'giorno' : 'giorni'}`;
}

/** The status bar's line: the most urgent reminder, and how many more. */
export function remindersSummary(reminders: CertificateReminder[]): string | null {
  const [first, ...rest] = reminders;
  if (!first) return null;
  const more = rest.length === 0 ? '' : rest.length === 1 ? ' (e un altro certificato)' : ` (e altri ${rest.length} certificati)`;
  return `Certificato ${first.expired ? 'scaduto' : 'in scadenza'} — ${reminderText(first)}${more}. Richiederne il rinnovo e importare il nuovo file.`;
}

/** Problems that name a form field ("file", "password") go next to it; the rest are shown with the message. */
export function splitProblems(problems: FieldProblem[] | undefined): { byField: Record<string, string>; general: string[] } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const p of problems ?? []) {
    if ((p.path === 'file' || p.path === 'password') && !byField[p.path]) byField[p.path] = p.message;
    else general.push(p.message);
  }
  return { byField, general };
}

/** Base64 of a file's bytes, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
