// Pure helpers of the certificate screen: Italian labels, dates, the status of a card, and the
// mapping of problems to form fields. Kept out of the components so they stay short.
import type { CertificateSlot, CertificateSlotStatus } from '../../../contract/api.js';
import { formatLongDate } from '../../../contract/format-it.js';
import type { FieldProblem } from '../../../contract/result.js';

export interface CardText {
  title: string;
  /** The CN prefix the role expects, shown next to the title. */
  code?: string;
  description: string;
  /** Shown in the hint of the path field. */
  examplePath: string;
}

export const CARD_TEXT: Record<CertificateSlot, CardText> = {
  auth: {
    title: 'Autenticazione',
    code: 'A1#',
    description: 'Usato solo per il canale TLS con il gateway regionale CART: identifica la struttura alla connessione.',
    examplePath: 'C:\\Certificati\\autenticazione.p12',
  },
  signature: {
    title: 'Firma dei token',
    code: 'S1#',
    description: 'Usato solo per firmare i token JWT che accompagnano ogni richiesta al gateway.',
    examplePath: 'C:\\Certificati\\firma.p12',
  },
  documentSigner: {
    title: 'Firma dei referti',
    description: 'Il certificato del medico o della struttura con cui si firmano i referti PDF (firma PAdES).',
    examplePath: 'C:\\Certificati\\firma-referti.pfx',
  },
};

export type Tone = 'ok' | 'warning' | 'error' | 'neutral';

/** The badge of a card: one short Italian label and its colour. */
export function slotBadge(slot: CertificateSlotStatus): { label: string; tone: Tone } {
  switch (slot.state) {
    case 'missing':
      return { label: 'Non importato', tone: 'neutral' };
    case 'password-needed':
      return { label: 'Password da inserire', tone: 'warning' };
    case 'unreadable':
      return { label: 'File non leggibile', tone: 'error' };
    case 'checked': {
      const r = slot.report;
      if (!r || !r.ok) return { label: 'Non valido', tone: 'error' };
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

/** Problems that name a form field ("path", "password") go next to it; the rest are shown with the message. */
export function splitProblems(problems: FieldProblem[] | undefined): { byField: Record<string, string>; general: string[] } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const p of problems ?? []) {
    if ((p.path === 'path' || p.path === 'password') && !byField[p.path]) byField[p.path] = p.message;
    else general.push(p.message);
  }
  return { byField, general };
}
