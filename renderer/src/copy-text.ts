// Copies text for the person at the desk. Electron: the main process writes the clipboard (the
// renderer's permission requests are all denied by policy). Browser shell: the page's clipboard,
// or, where that is refused, the text is selected for Ctrl+C.
import type { FseDeskBridge } from '../../contract/api.js';

export type CopyOutcome = 'copied' | 'selected' | 'failed';

export async function copyText(bridge: FseDeskBridge, text: string, fallback?: HTMLTextAreaElement | null): Promise<CopyOutcome> {
  const r = await bridge.invoke('app:copy-text', { text });
  if (r.ok) return 'copied';
  if (r.error.code === 'unsupported') {
    try {
      if (navigator.clipboard) {
        await navigator.clipboard.writeText(text);
        return 'copied';
      }
    } catch {
      // Refused (no user activation, no permission): fall through to selecting the text.
    }
    if (fallback) {
      fallback.focus();
      fallback.select();
      return 'selected';
    }
  }
  return 'failed';
}

export const COPY_MESSAGES: Record<CopyOutcome, string> = {
  copied: 'Copiato negli appunti.',
  selected: 'Testo selezionato: premere Ctrl+C per copiarlo.',
  failed: 'Copia non riuscita: selezionare il testo e premere Ctrl+C.',
};
