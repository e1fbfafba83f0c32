import { useEffect, useRef, useState } from 'react';
import { base64ToBytes, openPdf } from './pdf-loader.js';

interface PdfViewProps {
  /** The exact bytes to show (the preview is the PDF that will be signed). */
  pdfBase64: string;
  /** What the PDF is, for screen readers: «Anteprima del referto», «Referto firmato»… */
  title: string;
}

type ViewState = { kind: 'loading' } | { kind: 'shown'; pages: number; truncated: boolean } | { kind: 'error'; message: string };

// A report is one to a few pages; a runaway import should not freeze the window.
const MAX_PAGES = 40;

/**
 * Renders a PDF's pages with pdf.js as canvases fitted to the panel width, under the app's strict CSP.
 * Each page is an image with an Italian label; the text layer is omitted (the same text is in the form).
 */
export function PdfView({ pdfBase64, title }: PdfViewProps) {
  const pagesRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ViewState>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    const host = pagesRef.current;
    if (!host) return;
    host.replaceChildren();
    setState({ kind: 'loading' });
    let destroy: (() => void) | undefined;
    void (async () => {
      try {
        const doc = await openPdf(base64ToBytes(pdfBase64));
        destroy = () => void doc.destroy();
        if (cancelled) return destroy();
        const count = Math.min(doc.numPages, MAX_PAGES);
        const width = Math.max(320, host.clientWidth || 760);
        for (let n = 1; n <= count && !cancelled; n++) {
          const page = await doc.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const scale = width / base.width;
          const ratio = window.devicePixelRatio || 1;
          const viewport = page.getViewport({ scale: scale * ratio });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.className = 'pdf-page';
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `${title} — pagina ${n} di ${doc.numPages}`);
          canvas.dataset.page = String(n);
          host.appendChild(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        if (!cancelled) setState({ kind: 'shown', pages: doc.numPages, truncated: doc.numPages > count });
      } catch (err) {
        // A render abandoned because the view changed or closed (the document destroyed under it) is no failure.
        if (cancelled) return;
        // English detail for developers in the console; the user gets the Italian sentence.
        console.error('PDF preview failed', err);
        setState({ kind: 'error', message: 'Impossibile mostrare il PDF in anteprima. Il documento può comunque essere aperto o salvato.' });
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [pdfBase64, title]);

  return (
    <section className="pdf-view" aria-label={title} aria-busy={state.kind === 'loading'} data-pdf-state={state.kind}>
      {state.kind === 'loading' && <p className="pdf-status">Caricamento del PDF…</p>}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'shown' && state.truncated && (
        <p className="pdf-status">
          Mostrate le prime {MAX_PAGES} pagine di {state.pages}.
        </p>
      )}
      <div ref={pagesRef} className="pdf-pages" />
    </section>
  );
}
