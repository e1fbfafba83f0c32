// Where the app is: component state, not the URL (the browser shell keeps its token in the hash).
// Every screen that leads elsewhere receives `navigate` and names the place with a Route.

export type ReportKind = 'RSA' | 'LAB' | 'RAD';

export type Route =
  | { screen: 'setup' }
  // replaceOf: a new version of that document; copyOf: its content for another patient (wrong-patient flow);
  // correctOf: a rejected document's content, patient included, to fix and sign again («Correggi e invia di nuovo»).
  | { screen: 'new-report'; kind?: ReportKind; draftId?: number; replaceOf?: number; copyOf?: number; correctOf?: number; importPdf?: boolean }
  | { screen: 'documents' }
  | { screen: 'document'; documentId: number }
  | { screen: 'people' }
  | { screen: 'profile' }
  | { screen: 'certificates' }
  | { screen: 'outbox'; jobId?: number };

export type Navigate = (to: Route) => void;

/** The sidebar entry a route belongs to (a document's page lights «Documenti»). */
export function sectionOf(route: Route): Route['screen'] {
  return route.screen === 'document' ? 'documents' : route.screen;
}
