import { useEffect, useState } from 'react';
import type { FseDeskBridge } from '../../../../contract/api.js';
import type { DraftSummary } from '../../../../contract/documents.js';
import { formatDateTime } from '../../../../contract/format-it.js';
import type { Doctor, Profile } from '../../../../contract/profile.js';
import { emptyReportForm, formDateTime, REPORT_KIND_LABELS, REPORT_KINDS, type ReportForm, type ReportKind } from '../../../../contract/report-form.js';
import type { Navigate, Route } from '../../navigation.js';
import { ImportPdfStep } from './ImportPdfStep.js';
import { copyForAnotherPatient } from './report-form-model.js';
import { ReportWizard, type ImportedPdf } from './ReportWizard.js';

type NewReportRoute = Extract<Route, { screen: 'new-report' }>;

const KIND_HINTS: Record<ReportKind, string> = {
  RSA: 'Motivo, anamnesi, esame obiettivo, prestazioni, referto e conclusioni.',
  LAB: 'Campioni e risultati con valori, unità e intervalli di riferimento.',
  RAD: 'Esame, tecnica, referto e conclusioni.',
};

type View =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'start' }
  | { kind: 'import' }
  | { kind: 'wizard'; form: ReportForm; draftId?: number; context?: string; imported?: ImportedPdf };

/**
 * «Nuovo referto»: choose what to write (or import a PDF), resume a draft, or — from a document's page — write its
 * new version (replaceOf) or the same content for the right patient (copyOf). Then the guided form.
 */
export function NewReportScreen({ bridge, route, navigate }: { bridge: FseDeskBridge; route: NewReportRoute; navigate: Navigate }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const doctors: readonly Doctor[] = profile?.doctors ?? [];

  const newForm = (kind: ReportKind, p: Profile | null = profile): ReportForm => emptyReportForm(kind, p ?? undefined, new Date());

  async function loadDrafts() {
    const r = await bridge.invoke('drafts:list', undefined);
    if (r.ok) setDrafts(r.value);
  }

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const pr = await bridge.invoke('profile:get', undefined);
      const p = pr.ok ? pr.value : null;
      if (cancelled) return;
      setProfile(p);
      if (route.draftId) {
        const d = await bridge.invoke('drafts:get', { draftId: route.draftId });
        if (cancelled) return;
        if (!d.ok) return setView({ kind: 'error', message: d.error.message });
        return setView({ kind: 'wizard', form: d.value.form, draftId: d.value.draftId });
      }
      // correctOf (G, «Correggi e invia di nuovo» of a rejected document): its own content, patient included.
      const source = route.replaceOf ?? route.copyOf ?? route.correctOf;
      if (source) {
        const r = await bridge.invoke('documents:get', { documentId: source });
        if (cancelled) return;
        if (!r.ok) return setView({ kind: 'error', message: r.error.message });
        const doc = r.value;
        const kind = (REPORT_KINDS as readonly string[]).includes(doc.type) ? (doc.type as ReportKind) : 'RSA';
        // Without a stored form (a document from before the app kept them) the patient at least is known.
        const stored: ReportForm = doc.reportForm ?? {
          ...newForm(kind, p),
          patient: {
            ...newForm(kind, p).patient,
            fiscalCode: doc.patient.fiscalCode,
            givenName: doc.patient.givenName,
            familyName: doc.patient.familyName,
            birthDate: doc.patient.birthDate ?? '',
            sex: doc.patient.sex === 'M' || doc.patient.sex === 'F' ? doc.patient.sex : '',
          },
        };
        const who = `${doc.patient.familyName} ${doc.patient.givenName}`;
        if (route.correctOf)
          return setView({
            kind: 'wizard',
            form: { ...stored, correctOf: source, documentDate: formDateTime(new Date()) },
            context: `Correzione del referto di ${who} rifiutato da CART: correggere quanto indicato, controllare l’anteprima e firmare.`,
          });
        if (route.replaceOf)
          return setView({
            kind: 'wizard',
            form: { ...stored, replaceOf: source, documentDate: formDateTime(new Date()) },
            context: `Sostituisce la versione ${doc.version} del referto di ${who}: correggere, controllare l’anteprima e firmare.`,
          });
        return setView({
          kind: 'wizard',
          form: { ...copyForAnotherPatient(stored), documentDate: formDateTime(new Date()) },
          context: `Stesso contenuto del referto pubblicato per errore a ${who}: indicare il paziente corretto.`,
        });
      }
      if (route.importPdf) return setView({ kind: 'import' });
      if (route.kind) return setView({ kind: 'wizard', form: emptyReportForm(route.kind, p ?? undefined, new Date()) });
      setView({ kind: 'start' });
    })();
    void loadDrafts();
    return () => {
      cancelled = true;
    };
    // The route is fixed for this screen's life (App remounts it on a new route).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge]);

  if (view.kind === 'loading') return <p role="status">Caricamento…</p>;
  if (view.kind === 'error')
    return (
      <section>
        <h1>Nuovo referto</h1>
        <p className="notice tone-error" role="alert">
          {view.message}
        </p>
        <button type="button" className="secondary" onClick={() => setView({ kind: 'start' })}>
          Torna a Nuovo referto
        </button>
      </section>
    );
  if (view.kind === 'import')
    return (
      <ImportPdfStep
        bridge={bridge}
        onCancel={() => setView({ kind: 'start' })}
        onImported={(imp, kind) =>
          setView({ kind: 'wizard', form: { ...newForm(kind), importId: imp.importId }, imported: { fileName: imp.fileName, pageCount: imp.pageCount } })
        }
      />
    );
  if (view.kind === 'wizard')
    return (
      <ReportWizard
        bridge={bridge}
        initialForm={view.form}
        {...(view.draftId ? { initialDraftId: view.draftId } : {})}
        doctors={doctors}
        {...(view.context ? { context: view.context } : {})}
        {...(view.imported ? { imported: view.imported } : {})}
        onSigned={(r) => navigate({ screen: 'document', documentId: r.documentId })}
        onClose={() => {
          setView({ kind: 'start' });
          // The closing form writes its last change first (autosave on unmount); list after it.
          setTimeout(() => void loadDrafts(), 300);
        }}
      />
    );

  return (
    <section className="new-report-start">
      <h1>Nuovo referto</h1>
      <p className="lead">Scegliere il tipo di referto da scrivere, oppure importare il PDF prodotto dal programma già in uso.</p>
      <ul className="kind-choices" aria-label="Tipo di referto">
        {REPORT_KINDS.map((k) => (
          <li key={k}>
            <button type="button" className="kind-choice" onClick={() => setView({ kind: 'wizard', form: newForm(k) })}>
              <span className="kind-title">{REPORT_KIND_LABELS[k]}</span>
              <span className="kind-hint">{KIND_HINTS[k]}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="kind-choice import" onClick={() => setView({ kind: 'import' })}>
            <span className="kind-title">Importa un PDF esistente</span>
            <span className="kind-hint">Il PDF del referto già scritto, a cui aggiungere i dati strutturati.</span>
          </button>
        </li>
      </ul>
      <h2>Bozze</h2>
      {drafts.length === 0 ? (
        <p className="muted">Nessuna bozza: i referti in scrittura vengono salvati qui automaticamente.</p>
      ) : (
        <ul className="draft-list">
          {drafts.map((d) => (
            <li key={d.draftId}>
              <span className="draft-what">
                <strong>{d.kindLabel}</strong> — {d.patientName || 'paziente non indicato'}
                {d.maskedFiscalCode && <span className="mono muted"> {d.maskedFiscalCode}</span>}
                {d.replaceOf && <span className="muted"> (nuova versione)</span>}
              </span>
              <span className="muted">modificata il {formatDateTime(new Date(d.updatedAt))}</span>
              <span className="draft-actions">
                <button
                  type="button"
                  className="secondary small"
                  onClick={() =>
                    void bridge.invoke('drafts:get', { draftId: d.draftId }).then((r) => {
                      if (r.ok) setView({ kind: 'wizard', form: r.value.form, draftId: r.value.draftId });
                      else setView({ kind: 'error', message: r.error.message });
                    })
                  }
                  aria-label={`Riprendi la bozza: ${d.kindLabel}, ${d.patientName || 'paziente non indicato'}`}
                >
                  Riprendi
                </button>
                <button
                  type="button"
                  className="link small"
                  onClick={() => {
                    if (window.confirm('Eliminare questa bozza? Il testo scritto andrà perso.'))
                      void bridge.invoke('drafts:discard', { draftId: d.draftId }).then(() => loadDrafts());
                  }}
                  aria-label={`Elimina la bozza: ${d.kindLabel}, ${d.patientName || 'paziente non indicato'}`}
                >
                  Elimina
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
