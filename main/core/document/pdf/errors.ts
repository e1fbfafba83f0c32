// Typed errors of the PDF steps. `message` is precise English for logs; `userMessage` is the
// Italian text for the person at the desk. Neither ever carries key material or patient data.

export type PdfErrorCode =
  'not-pdf' | 'unreadable' | 'encrypted' | 'already-signed' | 'no-pages' | 'cda-declaration' | 'placeholder-too-small' | 'unprintable-character';

const PDF_USER_MESSAGES: Record<PdfErrorCode, string> = {
  'not-pdf': 'Il file indicato non è un PDF. Scegliere un documento PDF.',
  unreadable: 'Il PDF è danneggiato o non leggibile. Rigenerarlo dal programma di origine e riprovare.',
  encrypted: 'Il PDF è protetto da password o cifrato: non è possibile inserire il CDA. Salvarlo senza protezione e riprovare.',
  'already-signed': 'Il PDF contiene già una firma digitale: inserire il CDA o firmarlo di nuovo invaliderebbe la firma esistente. Usare il PDF non firmato.',
  'no-pages': 'Il PDF non contiene pagine.',
  'cda-declaration': 'Il CDA da allegare deve iniziare con la dichiarazione <?xml version="1.0" encoding="UTF-8"?>. Rigenerare il documento.',
  'placeholder-too-small': 'Errore interno nella preparazione della firma. Contattare l’assistenza.',
  // The usual message names the character and the field (UnprintableCharacterError); this is the fallback.
  'unprintable-character': 'Il testo contiene un carattere che non può essere stampato nel PDF: sostituirlo o rimuoverlo.',
};

export class PdfError extends Error {
  readonly userMessage: string;
  constructor(
    readonly code: PdfErrorCode,
    message: string,
    userMessage?: string,
  ) {
    super(message);
    this.name = 'PdfError';
    this.userMessage = userMessage ?? PDF_USER_MESSAGES[code];
  }
  /** Shape of contract/result.ts AppError: the Italian message, ready to show. */
  toAppError(): { code: string; message: string } {
    return { code: `pdf/${this.code}`, message: this.userMessage };
  }
}

/**
 * A character of the report that the readable PDF cannot show as it is (no glyph in the report's
 * font, an emoji, right-to-left text, a bidirectional control). Thrown before anything is drawn or
 * signed: the PDF must say exactly what the CDA says, so the character is never replaced or dropped.
 */
export class UnprintableCharacterError extends PdfError {
  constructor(
    /** The character itself (one code point). */
    readonly character: string,
    /** Where it is, for the logs and the CLI JSON: a path in the report's view, e.g. `sections[3].paragraphs[0]`. */
    readonly location: string,
    /** Where it is, in Italian, as the sentence needs it: e.g. «nel campo Conclusioni». */
    readonly where: string,
    /** Why it cannot be printed, in English. */
    readonly reason: string,
    /** 1-based position of the character in the field's text (code points). */
    readonly position: number,
  ) {
    const u = codePointLabel(character);
    const invisible = /\p{Bidi_Control}/u.test(character);
    super(
      'unprintable-character',
      `report text cannot be drawn in the PDF: ${u} (${reason}) in ${location} at character ${position}`,
      invisible
        ? `Il carattere di controllo invisibile ${u} ${where} (posizione ${position}) non può essere stampato nel PDF: rimuoverlo.`
        : `Il carattere "${character}" (${u}) ${where} non può essere stampato nel PDF: sostituirlo o rimuoverlo.`,
    );
    this.name = 'UnprintableCharacterError';
  }
}

/** "U+1F600": the code point as Unicode writes it, at least four hex digits. */
function codePointLabel(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export type SignerErrorCode = 'wrong-password' | 'corrupt' | 'no-key' | 'no-certificate' | 'key-mismatch' | 'expired' | 'not-yet-valid' | 'unsupported-key';

const SIGNER_USER_MESSAGES: Record<SignerErrorCode, string> = {
  // The MAC cannot tell a wrong password from a changed byte: both are named.
  'wrong-password': 'Password del certificato di firma errata oppure file danneggiato.',
  corrupt: 'Il file del certificato di firma (PKCS#12) è danneggiato, incompleto o non è un file .p12/.pfx valido.',
  'no-key': 'Il file del certificato di firma non contiene la chiave privata. Richiedere al fornitore il file .p12 completo.',
  'no-certificate': 'Il file del certificato di firma non contiene alcun certificato.',
  'key-mismatch': 'Nel file di firma la chiave privata non corrisponde a nessun certificato.',
  expired: 'Il certificato di firma è scaduto: rinnovarlo prima di firmare.',
  'not-yet-valid': 'Il certificato di firma non è ancora valido: controllare la data del computer o la data di inizio validità.',
  'unsupported-key': 'Il certificato di firma usa un tipo di chiave non supportato: serve una chiave RSA o ECDSA (P-256 o P-384).',
};

export class SignerError extends Error {
  readonly userMessage: string;
  constructor(
    readonly code: SignerErrorCode,
    message: string,
    /** For 'unsupported-key': the key algorithm, named in the message ("Ed25519"). */
    keyType?: string,
  ) {
    super(message);
    this.name = 'SignerError';
    this.userMessage =
      code === 'unsupported-key' && keyType
        ? `Il certificato di firma usa una chiave ${keyType}, non supportata: chiedere all'autorità di certificazione un certificato RSA o ECDSA (P-256 o P-384).`
        : SIGNER_USER_MESSAGES[code];
  }
  toAppError(): { code: string; message: string } {
    return { code: `signer/${this.code}`, message: this.userMessage };
  }
}
