import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../contract/api.js';
import { getBridge } from './bridge.js';
import { CertificatesScreen } from './screens/CertificatesScreen.js';
import { ProfileScreen } from './screens/ProfileScreen.js';

type Section = 'profile' | 'certificates';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'profile', label: 'Profilo della struttura' },
  { id: 'certificates', label: 'Certificati' },
];

export function App() {
  const bridge = useMemo(() => getBridge(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  // Navigation is component state, not the URL: the browser shell keeps its token in the hash.
  const [section, setSection] = useState<Section>('profile');

  useEffect(() => {
    void bridge.invoke('app:info', undefined).then((r) => {
      if (r.ok) setInfo(r.value);
    });
  }, [bridge]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">FSE Desk</span>
        <span className="subtitle">Pubblicazione referti sul Fascicolo Sanitario Elettronico</span>
        {info?.shell === 'browser-shell' && <span className="badge">Ambiente di sviluppo</span>}
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
          {section === 'profile' ? <ProfileScreen bridge={bridge} /> : <CertificatesScreen bridge={bridge} onOpenProfile={() => setSection('profile')} />}
        </main>
      </div>
    </div>
  );
}
