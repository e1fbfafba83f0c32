import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, SetupStatus, StartupState } from '../../contract/api.js';
import { getBridge } from './bridge.js';
import { OutboxStatusBar } from './components/OutboxStatusBar.js';
import { OperatorBadge } from './components/OperatorBadge.js';
import { useHeadingFocus } from './focus.js';
import { PeopleScreen } from './screens/people/PeopleScreen.js';
import { NotificationPermissionPrompt } from './components/NotificationPrompt.js';
import { useDesktopNotifications } from './notifications.js';
import { DocumentPage } from './screens/documents/DocumentPage.js';
import { DocumentsScreen } from './screens/documents/DocumentsScreen.js';
import { CertificatesScreen } from './screens/CertificatesScreen.js';
import { CertificateNavBadge, CertificateReminderBar, useCertificateReminders } from './components/CertificateReminders.js';
import { OutboxScreen } from './screens/OutboxScreen.js';
import { ProfileScreen } from './screens/ProfileScreen.js';
import { NewReportScreen } from './screens/report/NewReportScreen.js';
import { sectionOf, type Navigate, type Route } from './navigation.js';
import { PassphraseScreen, ReadOnlyBanner, StorageProblemScreen } from './screens/StartupScreens.js';
import { SetupGuide } from './screens/setup/SetupGuide.js';
import { TrainingBanner } from './screens/setup/TrainingBanner.js';

type Section = Route['screen'];

// Sidebar entries in the order of the daily job; screens add theirs here.
const SECTIONS: { id: Section; label: string }[] = [
  { id: 'new-report', label: 'Nuovo referto' },
  { id: 'documents', label: 'Documenti' },
  { id: 'outbox', label: 'Invii' },
  { id: 'people', label: 'Medici e operatori' },
  { id: 'certificates', label: 'Certificati' },
  { id: 'profile', label: 'Profilo della struttura' },
  { id: 'setup', label: 'Configurazione guidata' },
];

export function App() {
  const bridge = useMemo(() => getBridge(), []);
  const [info, setInfo] = useState<AppInfo | null>(null);
  // Navigation is component state, not the URL: the browser shell keeps its token in the hash.
  const [route, setRoute] = useState<Route>({ screen: 'profile' });
  const navigate: Navigate = setRoute;
  const section = sectionOf(route);
  // What start-up found: the normal screens only when the data is open (ready, or read-only with a banner).
  const [startup, setStartup] = useState<StartupState | null>(null);
  // The first-run guide's checklist; 'none' where the main process runs no guide (a core opened alone, in tests).
  const [setup, setSetup] = useState<SetupStatus | 'none' | null>(null);
  const [guideFirst, setGuideFirst] = useState<boolean | null>(null);
  const landingChosen = useRef(false);
  const dataOpen = startup?.kind === 'ready' || startup?.kind === 'read-only';
  // Certificates expiring within 30 days: a line in the status area and a badge on «Certificati».
  const certificateReminders = useCertificateReminders(bridge, dataOpen);
  useEffect(() => {
    if (!dataOpen) return;
    void bridge.invoke('setup:status', undefined).then((r) => {
      setSetup(r.ok ? r.value : 'none');
      // Decided once per start: the guide stays in front until the person presses «Inizia a lavorare».
      // An installation already set up opens on its documents: the daily job, not the clinic's settings.
      if (!landingChosen.current) {
        landingChosen.current = true;
        if (r.ok && r.value.complete) setRoute({ screen: 'documents' });
      }
      setGuideFirst((g) => g ?? (r.ok && !r.value.complete));
    });
  }, [bridge, dataOpen]);
  const training = setup !== null && setup !== 'none' && setup.mode === 'training';
  const guide =
    setup !== null && setup !== 'none' ? (
      <SetupGuide
        bridge={bridge}
        status={setup}
        onStatus={setSetup}
        onFinish={() => {
          setGuideFirst(false);
          setRoute({ screen: 'new-report' });
        }}
      />
    ) : null;
  // A screen change moves the focus to its heading (keyboard and screen-reader users).
  const contentRef = useRef<HTMLElement>(null);
  useHeadingFocus(`${route.screen}:${route.screen === 'document' ? route.documentId : ''}`, contentRef);

  useEffect(() => {
    void bridge.invoke('app:info', undefined).then((r) => {
      if (r.ok) setInfo(r.value);
    });
    void bridge.invoke('app:startup', undefined).then((r) => setStartup(r.ok ? r.value : { kind: 'ready' }));
  }, [bridge]);
  // Desktop notifications (rejected, sending stopped, all sent after an outage); a click opens «Documenti».
  useDesktopNotifications(bridge, () => setRoute({ screen: 'documents' }));

  const header = (
    <div className={`topbar${training ? ' training' : ''}`}>
      <span className="brand">FSE Desk</span>
      {training && <TrainingBanner />}
      <span className="subtitle">Pubblicazione referti sul Fascicolo Sanitario Elettronico</span>
      {info?.shell === 'browser-shell' && <span className="badge">Ambiente di sviluppo</span>}
      {/* Who operates: chosen at start (when the clinic lists operators), changed on demand. Not while the data is read-only. */}
      {startup?.kind === 'ready' && <OperatorBadge bridge={bridge} />}
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

  // A fresh install is a setup to complete: the guide instead of the normal layout until every step is done.
  if (guide && guideFirst && startup.kind === 'ready') {
    return (
      <div className="app">
        <header className="app-header">{header}</header>
        <main className="content setup-content">{guide}</main>
      </div>
    );
  }

  return (
    <div className="app">
      {/* Title and connection status stay on screen while the page scrolls. */}
      <header className="app-header">
        {header}
        {startup.kind === 'read-only' && <ReadOnlyBanner bridge={bridge} problem={startup.problem} onState={setStartup} />}
        <OutboxStatusBar bridge={bridge} onOpenOutbox={() => navigate({ screen: 'outbox' })} />
        <CertificateReminderBar reminders={certificateReminders} onOpen={() => navigate({ screen: 'certificates' })} />
        <NotificationPermissionPrompt />
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label="Sezioni">
          {SECTIONS.filter((s) => s.id !== 'setup' || guide).map((s) => (
            <button
              key={s.id}
              type="button"
              className={`nav-item${section === s.id ? ' active' : ''}`}
              aria-current={section === s.id ? 'page' : undefined}
              onClick={() => navigate({ screen: s.id } as Route)}
            >
              {s.label}
              {s.id === 'certificates' && <CertificateNavBadge reminders={certificateReminders} />}
            </button>
          ))}
        </nav>
        {/* Each screen reloads its data when shown, so the profile form never saves a stale copy. */}
        <main className="content" ref={contentRef}>
          {/* Keyed by the whole route: «Sostituisci» or a draft opened from elsewhere starts a fresh form. */}
          {route.screen === 'new-report' && <NewReportScreen key={JSON.stringify(route)} bridge={bridge} route={route} navigate={navigate} />}
          {route.screen === 'profile' && <ProfileScreen bridge={bridge} />}
          {route.screen === 'setup' && guide}
          {route.screen === 'certificates' && <CertificatesScreen bridge={bridge} onOpenProfile={() => navigate({ screen: 'profile' })} />}
          {route.screen === 'outbox' && <OutboxScreen bridge={bridge} />}
          {route.screen === 'people' && <PeopleScreen bridge={bridge} />}
          {route.screen === 'documents' && <DocumentsScreen bridge={bridge} navigate={navigate} />}
          {route.screen === 'document' && <DocumentPage key={route.documentId} bridge={bridge} navigate={navigate} documentId={route.documentId} />}
        </main>
      </div>
    </div>
  );
}
