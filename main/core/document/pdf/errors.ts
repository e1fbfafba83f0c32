// Typed errors of the PDF steps. `message` is precise English for logs; `userMessage` is the
// Italian text for the person at the desk. Neither ever carries key material or patient data.

export type PdfErrorCode = 'not-pdf' | 'unreadable' | 'encrypted' | 'already-signed' | 'no-pages' | 'cda-declaration' | 'placeholder-too-small';

const PDF_USER_MESSAGES: Record<PdfErrorCode, string> = {
  'not-pdf': 'Il file indicato non è un PDF. Scegliere un documento PDF.',
  unreadable: 'Il PDF è danneggiato o non leggibile. Rigenerarlo dal programma di origine e riprovare.',
  encrypted: 'Il PDF è protetto da password o cifrato: non è possibile inserire il CDA. Salvarlo senza protezione e riprovare.',
  'already-signed': 'Il PDF contiene già una firma digitale: inserire il CDA o firmarlo di nuovo invaliderebbe la firma esistente. Usare il PDF non firmato.',
  'no-pages': 'Il PDF non contiene pagine.',
  'cda-declaration': 'Il CDA da allegare deve iniziare con la dichiarazione <?xml version="1.0" encoding="UTF-8"?>. Rigenerare il documento.',
  'placeholder-too-small': 'Errore interno nella preparazione della firma. Contattare l’assistenza.',
};

export class PdfError extends Error {
  readonly userMessage: string;
  constructor(
    readonly code: PdfErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PdfError';
    this.userMessage = PDF_USER_MESSAGES[code];
  }
  /** Shape of contract/result.ts AppError: the Italian message, ready to show. */
  toAppError(): { code: string; message: string } {
    return { code: `pdf/${this.code}`, message: this.userMessage };
  }
}

export type SignerErrorCode = 'wrong-password' | 'corrupt' | 'no-key' | 'no-certificate' | 'key-mismatch' | 'expired' | 'not-yet-valid' | 'unsupported-key';

const SIGNER_USER_MESSAGES: Record<SignerErrorCode, string> = {
  'wrong-password': 'Password del certificato di firma errata.',
  corrupt: 'Il file del certificato di firma (PKCS#12) è danneggiato o non è un file .p12/.pfx valido.',
  'no-key': 'Il file del certificato di firma non contiene la chiave privata. Richiedere al fornitore il file .p12 completo.',
  'no-certificate': 'Il file del certificato di firma non contiene alcun certificato.',
  'key-mismatch': 'Nel file di firma la chiave privata non corrisponde a nessun certificato.',
  expired: 'Il certificato di firma è scaduto: rinnovarlo prima di firmare.',
  'not-yet-valid': 'Il certificato di firma non è ancora valido: controllare la data del computer o la data di inizio validità.',
  'unsupported-key': 'Il certificato di firma usa un tipo di chiave non supportato (serve una chiave RSA).',
};

export class SignerError extends Error {
  readonly userMessage: string;
  constructor(
    readonly code: SignerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SignerError';
    this.userMessage = SIGNER_USER_MESSAGES[code];
  }
  toAppError(): { code: string; message: string } {
    return { code: `signer/${this.code}`, message: this.userMessage };
  }
}
