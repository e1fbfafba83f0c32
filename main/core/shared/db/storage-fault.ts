// Every way the database file can fail to open, as one typed error the app screen and the CLI can explain.
// openDatabase throws only StorageFault; callers branch on `kind`, show storageFaultAdvice(kind) in
// Italian with the file's path, and never overwrite, repair or delete the file themselves.

export type StorageFaultKind = 'corrupt' | 'too-new' | 'locked' | 'read-only' | 'disk-full' | 'not-a-file' | 'key-missing' | 'wrong-key' | 'io';

export class StorageFault extends Error {
  override readonly name = 'StorageFault';
  constructor(
    readonly kind: StorageFaultKind,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** SQLite result codes (primary and extended, as better-sqlite3 names them in `err.code`) and Node errno codes. */
const BY_CODE: ReadonlyArray<[RegExp, StorageFaultKind]> = [
  [/^SQLITE_(CORRUPT|NOTADB)/, 'corrupt'],
  [/^SQLITE_(BUSY|LOCKED)/, 'locked'],
  [/^SQLITE_READONLY/, 'read-only'],
  [/^SQLITE_FULL/, 'disk-full'],
  [/^SQLITE_IOERR_(WRITE|FSYNC|SHMSIZE|TRUNCATE)$/, 'io'],
  [/^(EISDIR|ENOTDIR)$/, 'not-a-file'],
  [/^(EROFS|EACCES|EPERM)$/, 'read-only'],
  [/^(ENOSPC|EDQUOT)$/, 'disk-full'],
  [/^(EBUSY)$/, 'locked'],
];

/**
 * Maps whatever opening or migrating the database threw to a StorageFault for `file`.
 * A StorageFault passes through unchanged; anything unrecognised becomes 'io' with its message kept.
 */
export function classifyStorageError(err: unknown, file: string): StorageFault {
  if (err instanceof StorageFault) return err;
  const e = (err ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const text = typeof e.message === 'string' ? e.message : String(err);
  // Node's messages start with their code already ("ENOENT: no such file…"); SQLite's do not.
  const message = code && !text.startsWith(code) ? `${code}: ${text}` : text;
  // Raised by the migration runner (database.ts) when user_version is above the newest known migration;
  // matched by name so this module stays free of the migration code.
  if (e.name === 'DatabaseTooNewError') return new StorageFault('too-new', file, message, { cause: err });
  for (const [pattern, kind] of BY_CODE) {
    if (pattern.test(code)) return new StorageFault(kind, file, message, { cause: err });
  }
  // SQLite reports a directory given as the database path as CANTOPEN; the caller checks the path
  // with stat before opening, so a CANTOPEN reaching here is a missing folder or a permission problem.
  if (code.startsWith('SQLITE_CANTOPEN')) return new StorageFault('read-only', file, message, { cause: err });
  if (/database or disk is full/i.test(message)) return new StorageFault('disk-full', file, message, { cause: err });
  if (/file is not a database|malformed/i.test(message)) return new StorageFault('corrupt', file, message, { cause: err });
  return new StorageFault('io', file, message, { cause: err });
}

const ADVICE: Record<StorageFaultKind, { title: string; advice: string }> = {
  corrupt: {
    title: 'Il database è danneggiato',
    advice:
      'Il file del database non è leggibile. Ripristinare l’ultimo backup (cartella «backups» nella cartella dei dati): il file danneggiato viene conservato a parte, non cancellato.',
  },
  'too-new': {
    title: 'Il database è di una versione più recente dell’applicazione',
    advice:
      'Il database è stato aggiornato da una versione più nuova di FSE Desk. Aggiornare l’applicazione all’ultima versione: con questa versione si rischierebbe di perdere dati.',
  },
  locked: {
    title: 'Il database è in uso da un altro programma',
    advice: 'Un altro programma (o un’altra copia di FSE Desk) sta usando il database. Chiudere l’altro programma e riprovare.',
  },
  'read-only': {
    title: 'Il database è in sola lettura',
    advice:
      'Non è possibile scrivere nel database o nella sua cartella (disco protetto o permessi insufficienti). È possibile consultare i documenti, ma non inviarne di nuovi: controllare i permessi della cartella dei dati.',
  },
  'disk-full': {
    title: 'Il disco è pieno',
    advice: 'Non c’è spazio sufficiente sul disco per il database. Liberare spazio e riprovare: nessun dato è stato perso.',
  },
  'not-a-file': {
    title: 'Il percorso del database non è un file',
    advice: 'Al posto del file del database c’è una cartella (o un percorso non valido). Controllare la cartella dei dati o il percorso indicato nel profilo.',
  },
  'key-missing': {
    title: 'Manca la chiave di cifratura del database',
    advice:
      'Il database è cifrato ma la sua chiave non è disponibile (file della chiave assente, variabile d’ambiente non impostata o portachiavi del sistema non accessibile). Ripristinare il file della chiave o impostare la variabile indicata nel profilo.',
  },
  'wrong-key': {
    title: 'La chiave non apre il database',
    advice:
      'La chiave di cifratura non corrisponde a questo database (database copiato da un altro computer o utente, o chiave sostituita). Usare la chiave originale; il file non è stato modificato.',
  },
  io: {
    title: 'Errore di lettura o scrittura del database',
    advice:
      'Il sistema non è riuscito a leggere o scrivere il file del database. Controllare il disco e riprovare; se si ripete, ripristinare l’ultimo backup.',
  },
};

/** Italian title and what-to-do text for the start-up screen and the CLI's error object. */
export function storageFaultAdvice(kind: StorageFaultKind): { title: string; advice: string } {
  return ADVICE[kind];
}
