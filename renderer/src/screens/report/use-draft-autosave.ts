import { useEffect, useRef, useState } from 'react';
import type { FseDeskBridge } from '../../../../contract/api.js';
import type { ReportForm } from '../../../../contract/report-form.js';

// Long enough not to write on every key, short enough that a crash loses a few words at most.
const DEBOUNCE_MS = 800;

export type DraftStatus = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string };

/**
 * Saves the form as a draft (drafts:save) ~800 ms after the last change, one save at a time so the first save's
 * draftId is used by the next ones; a pending change is written at once when the form closes.
 */
export function useDraftAutosave(bridge: FseDeskBridge, form: ReportForm, initialDraftId: number | undefined, enabled: boolean) {
  const [draftId, setDraftId] = useState<number | undefined>(initialDraftId);
  const [status, setStatus] = useState<DraftStatus>({ kind: 'idle' });
  const idRef = useRef(initialDraftId);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef<ReportForm | null>(null);
  const first = useRef(true);

  const save = (snapshot: ReportForm): Promise<void> => {
    chain.current = chain.current.then(async () => {
      setStatus({ kind: 'saving' });
      const r = await bridge.invoke('drafts:save', { form: snapshot, ...(idRef.current ? { draftId: idRef.current } : {}) });
      if (r.ok) {
        idRef.current = r.value.draftId;
        setDraftId(r.value.draftId);
        setStatus({ kind: 'saved', at: r.value.savedAt });
      } else {
        setStatus({ kind: 'error', message: r.error.message });
      }
    });
    return chain.current;
  };

  useEffect(() => {
    if (first.current) {
      // The form as opened is already stored (or empty): nothing to save yet.
      first.current = false;
      return;
    }
    if (!enabled) return;
    pending.current = form;
    // Said at once, so «Bozza salvata alle…» never stands for a change not written yet.
    setStatus({ kind: 'pending' });
    const timer = setTimeout(() => {
      // flush() may have written it already.
      if (pending.current !== form) return;
      pending.current = null;
      void save(form);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // save is stable in behaviour (refs only).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, enabled]);

  useEffect(
    () => () => {
      if (pending.current) void save(pending.current);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  /** Writes any pending change now and resolves with the draft's id (before the preview, so it is linked to it). */
  async function flush(): Promise<number | undefined> {
    if (pending.current) {
      const snapshot = pending.current;
      pending.current = null;
      await save(snapshot);
    } else {
      await chain.current;
    }
    return idRef.current;
  }

  return { draftId, status, flush };
}
