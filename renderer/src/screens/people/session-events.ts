// The operator list or the person operating changed: the top bar's badge reloads. A DOM event, so the
// screens and the badge need no shared state (the guide embeds the people screen outside the layout).
const EVENT = 'fse-desk:session-changed';

export function notifySessionChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onSessionChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
