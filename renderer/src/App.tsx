import { useEffect, useMemo, useState } from 'react';
import type { AppInfo, StartupState } from '../../contract/api.js';
import { getBridge } from './bridge.js';
import { OutboxStatusBar } from './components/OutboxStatusBar.js';
import { CertificatesScreen } from './screens/CertificatesScreen.js';
import { OutboxScreen } from './screens/OutboxScreen.js';
import { ProfileScreen } from './screens/ProfileScreen.js';
import { PassphraseScreen, ReadOnlyBanner, StorageProblemScreen } from './screens/StartupScreens.js';

type Section = 'profile' | 'certificates' | 'outbox';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'profile', label: 'Profilo della struttura' },
  { id: 'certificates', label: 'Certificati' },
  { id: 'outbox', label: 'Invii' },
];

export function App() {
  const bridge = useMemo(() => getBridge(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  // Navigation is component state, not the URL: the browser shell keeps its token in the hash.
  const [section, setSection] = useState<Section>('profile');
  // What start-up found: the normal screens only when the data is open (ready, or read-only with a banner).
  const [startup, setStartup] = useState<StartupState | null>(null);

  useEffect(() => {
    void bridge.invoke('app:info', undefined).then((r) => {
      if (r.ok) setInfo(r.value);
    });
    void bridge.invoke('app:startup', undefined).then((r) => setStartup(r.ok ? r.value : { kind: 'ready' }));
  }, [bridge]);

  const header = (
    <div className="topbar">
      <span className="brand">FSE Desk</span>
      <span className="subtitle">Pubblicazione referti sul Fascicolo Sanitario Elettronico</span>
      {info?.shell === 'browser-shell' && <span className="badge">Ambiente di sviluppo</span>}
    </div>
  );
  if (!startup) return <div className="app">{header}</div>;
  if (startup.kind === 'storage-problem' || startup.kind === 'needs-passphrase') {
    return (
      <div className="app">
        <header className="app-header">{header}</header>
        {startup.kind === 'storage-problem' ? (
          <StorageProblemScreen bridge={bridge} state={startup} onState={setStartup} />
        ) : (
          <PassphraseScreen bridge={bridge} state={startup} onState={setStartup} />
        )}
      </div>
    );
  }

  return (
    <div className="app">
      {/* Title and connection status stay on screen while the page scrolls. */}
      <header className="app-header">
        {header}
        {startup.kind === 'read-only' && <ReadOnlyBanner bridge={bridge} problem={startup.problem} onState={setStartup} />}
        <OutboxStatusBar bridge={bridge} onOpenOutbox={() => setSection('outbox')} />
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label="Sezioni">
          {SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              className={`nav-item${section === s.id ? ' active' : ''}`}
              aria-current={section === s.id ? 'page' : undefined}
              onClick={() => setSection(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        {/* Each screen reloads its data when shown, so the profile form never saves a stale copy. */}
        <main className="content">
          {section === 'profile' && <ProfileScreen bridge={bridge} />}
          {section === 'certificates' && <CertificatesScreen bridge={bridge} onOpenProfile={() => setSection('profile')} />}
          {section === 'outbox' && <OutboxScreen bridge={bridge} />}
        </main>
      </div>
    </div>
  );
}
