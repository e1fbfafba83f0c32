import { useEffect, useMemo, useState } from 'react';
import type { AppInfo } from '../../contract/api.js';
import { getBridge } from './bridge.js';
import { ProfileScreen } from './screens/ProfileScreen.js';

export function App() {
  const bridge = useMemo(() => getBridge(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);

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
          <button type="button" className="nav-item active" aria-current="page">
            Profilo della struttura
          </button>
        </nav>
        <main className="content">
          <ProfileScreen bridge={bridge} />
        </main>
      </div>
    </div>
  );
}
