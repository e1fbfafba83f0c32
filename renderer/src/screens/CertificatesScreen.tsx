import { useCallback, useEffect, useState } from 'react';
import type { CertificatesOverview, FseDeskBridge } from '../../../contract/api.js';
import { CertificateCard } from '../components/CertificateCard.js';

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

  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <div className="certificates">
      <h1 id="certificates-title">Certificati</h1>
      <p className="lead">
        I certificati rilasciati alla struttura per il collegamento con il gateway regionale CART e il certificato di firma dei referti. I file e le chiavi
        restano su questo computer; le password{' '}
        {overview?.secretsProtected === false ? 'restano in memoria fino alla chiusura del programma' : 'sono conservate in modo protetto'} e non vengono mai
        mostrate.
      </p>
      {loadError && (
        <p className="notice tone-error" role="alert">
          {loadError}
        </p>
      )}
      {!overview && !loadError && <p className="muted">Verifica dei certificati…</p>}
      {overview && (
        <>
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
          {overview.slots.map((slot) => (
            <CertificateCard
              key={slot.role}
              bridge={bridge}
              slot={slot}
              chooseFileSupported={overview.chooseFileSupported}
              transitionMode={overview.transitionMode}
              canImport={overview.profileSaved}
              secretsProtected={overview.secretsProtected}
              onChanged={reload}
            />
          ))}
        </>
      )}
    </div>
  );
}
