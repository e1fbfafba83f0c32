// Choosing a certificate file without typing a path (issue 9): drag and drop onto the box, the file
// picker («Sfoglia…»), or in the installed app the native dialog, which runs in the main process. Dropped
// or picked files are read here and their bytes sent to main; either way only an opaque handle and the
// file's name come back.
import { useRef, useState, type DragEvent, type RefObject } from 'react';
import { MAX_CERTIFICATE_BYTES, type CertificateFileHandle, type CertificateSlot, type FseDeskBridge } from '../../../contract/api.js';
import { toBase64 } from '../screens/certificate-view-model.js';

interface Props {
  bridge: FseDeskBridge;
  role: CertificateSlot;
  /** The DOM id prefix of the card ("auth", "doctor-rossi"). */
  idPrefix: string;
  /** Electron: the native dialog in main; otherwise the browser's file picker. */
  chooseFileSupported: boolean;
  disabled: boolean;
  /** The file chosen so far (kept after a failed import), or the one already configured. */
  chosenName: string | null;
  error: string | undefined;
  onChosen(file: CertificateFileHandle): void;
  onError(message: string): void;
  /** True while a picked or dropped file is read and handed to main (the card holds its import button meanwhile). */
  onBusy?(busy: boolean): void;
  /** The button that opens the picker: the card focuses it when the form opens. */
  buttonRef?: RefObject<HTMLButtonElement>;
}

const TOO_BIG = 'Il file è troppo grande per essere un certificato .p12/.pfx: verificare di aver scelto il file giusto.';

export function CertificateFilePicker({
  bridge,
  role,
  idPrefix,
  chooseFileSupported,
  disabled,
  chosenName,
  error,
  onChosen,
  onError,
  onBusy,
  buttonRef,
}: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [reading, setReading] = useState(false);
  const id = `${idPrefix}-file`;

  async function send(file: File) {
    if (file.size > MAX_CERTIFICATE_BYTES) return onError(TOO_BIG);
    setReading(true);
    onBusy?.(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await bridge.invoke('certificates:upload', { fileName: file.name.slice(0, 255) || 'certificato.p12', bytesBase64: toBase64(bytes) });
      if (r.ok) onChosen(r.value);
      else onError(r.error.problems?.[0]?.message ?? r.error.message);
    } catch {
      onError('Il file non può essere letto: verificare che il supporto (es. chiavetta USB) sia collegato e riprovare.');
    } finally {
      setReading(false);
      onBusy?.(false);
    }
  }

  async function choose() {
    if (!chooseFileSupported) return inputRef.current?.click();
    const r = await bridge.invoke('certificates:choose-file', { role });
    if (!r.ok) onError(r.error.message);
    else if (r.value.file) onChosen(r.value.file);
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (disabled) return;
    const file = e.dataTransfer.files[0];
    if (file) void send(file);
  };

  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <span className="label" id={`${id}-label`}>
        File del certificato (.p12/.pfx)
      </span>
      <div
        className={`file-drop${dragging ? ' dragging' : ''}${disabled ? ' disabled' : ''}`}
        data-testid={`cert-drop-${idPrefix}`}
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span className="chosen-file" data-testid={`cert-chosen-${idPrefix}`} aria-live="polite">
          {reading ? 'Lettura del file…' : chosenName ? `File scelto: ${chosenName}` : 'Nessun file scelto'}
        </span>
        <span className="file-drop-actions">
          <span className="muted">Trascinare qui il file oppure</span>
          <button
            type="button"
            className="secondary"
            id={id}
            ref={buttonRef}
            onClick={() => void choose()}
            disabled={disabled || reading}
            aria-describedby={described}
            aria-labelledby={`${id}-label ${id}`}
          >
            {chosenName ? 'Cambia file…' : 'Scegli file…'}
          </button>
        </span>
        {/* The browser's picker, opened by the button (also where no native dialog exists). */}
        <input
          ref={inputRef}
          type="file"
          accept=".p12,.pfx,application/x-pkcs12"
          hidden
          tabIndex={-1}
          aria-hidden="true"
          data-testid={`cert-input-${idPrefix}`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void send(file);
          }}
        />
      </div>
      <p className="hint" id={`${id}-hint`}>
        Il file ricevuto dall’autorità di certificazione. Ne viene conservata una copia protetta nella cartella del programma: l’originale può poi essere
        spostato.
      </p>
      {error && (
        <p className="error" id={`${id}-error`} role="alert" data-field-error={id}>
          {error}
        </p>
      )}
    </div>
  );
}
