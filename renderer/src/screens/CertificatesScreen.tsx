import { useCallback, useEffect, useState } from 'react';
import type { CertificateSlotStatus, CertificatesOverview, FseDeskBridge } from '../../../contract/api.js';
import { CertificateCard } from '../components/CertificateCard.js';
import { announceCertificatesChanged } from '../components/CertificateReminders.js';
import { reminderText } from './certificate-view-model.js';

export function CertificatesScreen({ bridge, onOpenProfile }: { bridge: FseDeskBridge; onOpenProfile(): void }) {
  const [overview, setOverview] = useState<CertificatesOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const r = await bridge.invoke('certificates:list', undefined);
    if (r.ok) {
      setOverview(r.value);
      setLoadError(null);
    } else {
      setLoadError(r.error.message);
    }
  }, [bridge]);

  const changed = useCallback(async () => {
    await reload();
    announceCertificatesChanged();
  }, [reload]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const card = (slot: CertificateSlotStatus, o: CertificatesOverview) => (
    <CertificateCard
      key={slot.role}
      bridge={bridge}
      slot={slot}
      chooseFileSupported={o.chooseFileSupported}
      transitionMode={o.transitionMode}
      canImport={o.profileSaved}
      secretsProtected={o.secretsProtected}
      onChanged={changed}
    />
  );

  const structure = overview?.slots.filter((s) => !s.doctor) ?? [];
  const doctors = overview?.slots.filter((s) => s.doctor) ?? [];
  return (
    <div className="certificates">
      <h1 id="certificates-title">Certificati</h1>
      <p className="lead">
        I certificati rilasciati alla struttura per il collegamento con il gateway regionale CART e i certificati di firma dei referti. Una copia protetta dei
        file resta su questo computer; le password{' '}
        {overview?.secretsProtected === false ? 'restano in memoria fino alla chiusura del programma' : 'sono conservate in modo protetto'} e non vengono mai
        mostrate. Le password dei certificati di firma dei referti sono chieste al momento della firma.
      </p>
      {loadError && (
        <p className="notice tone-error" role="alert">
          {loadError}
        </p>
      )}
      {!overview && !loadError && <p className="muted">Verifica dei certificati…</p>}
      {overview && (
        <>
          {overview.reminders.length > 0 && (
            <div className={`notice tone-${overview.reminders.some((r) => r.expired) ? 'error' : 'warning'}`} role="note" data-testid="cert-reminders">
              <p>
                <strong>Da rinnovare:</strong> richiedere il nuovo certificato all’autorità di certificazione e importarlo qui con «Sostituisci il certificato».
              </p>
              <ul>
                {overview.reminders.map((r) => (
                  <li key={r.role}>{reminderText(r)}</li>
                ))}
              </ul>
            </div>
          )}
          {!overview.profileSaved && (
            <div className="notice tone-warning" role="note">
              Prima di importare i certificati salvare il profilo della struttura: serve a verificare che i certificati siano intestati alla struttura.{' '}
              <button type="button" className="link" onClick={onOpenProfile}>
                Vai al profilo
              </button>
            </div>
          )}
          {!overview.secretsProtected && (
            <p className="notice tone-warning" role="note">
              Su questo computer non c’è un portachiavi protetto: le password dei certificati non vengono salvate e saranno richieste a ogni avvio.
            </p>
          )}
          {overview.transitionMode && (
            <p className="notice tone-info" role="note">
              Modalità transitoria regionale attiva: lo stesso certificato è usato per l’autenticazione e per la firma dei token.
            </p>
          )}
          <section aria-labelledby="certificates-structure">
            <h2 id="certificates-structure">Certificati della struttura</h2>
            {structure.map((s) => card(s, overview))}
          </section>
          <section aria-labelledby="certificates-doctors">
            <h2 id="certificates-doctors">Certificati di firma dei medici</h2>
            {doctors.length === 0 ? (
              <p className="muted">
                Nessun medico nell’elenco della struttura: aggiungerli nella sezione «Medici e operatori». Senza un certificato personale, i referti sono
                firmati con il certificato della struttura.
              </p>
            ) : (
              <>
                <p className="hint">Ogni medico può firmare i propri referti con il suo certificato personale; chi non ne ha uno usa quello della struttura.</p>
                {doctors.map((s) => card(s, overview))}
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
