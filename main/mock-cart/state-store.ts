// What the stand-in has applied, persisted as one JSON file in stateDir (temp file + fsync + rename, so a crash
// never leaves a half-written state). Patient and operator tax codes are stored only as SHA-256 hashes.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredDoc {
  identificativoDoc: string;
  sha256: string;
  createCount: number;
  deleted: boolean;
  replacedBy?: string;
  metadataUpdates: number;
  patientHash?: string;
  workflowInstanceId: string;
}

export interface StatusEvent {
  eventType: string;
  eventStatus: 'SUCCESS' | 'BLOCKING_ERROR' | 'NON_BLOCKING_ERROR' | 'ASYNC_RETRY';
  eventDate: string;
  identificativoDocumento: string;
  message?: string;
}

export interface Transaction {
  workflowInstanceId: string;
  traceId: string;
  /** SHA-256 of the JWT `sub`: only the issuing subject may read the events. */
  subjectHash: string;
  events: StatusEvent[];
}

interface StateFile {
  version: 1;
  documents: Record<string, StoredDoc>;
  transactions: Record<string, Transaction>;
}

export class StateStore {
  private state: StateFile;
  private readonly file: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'mock-cart-state.json');
    this.state = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as StateFile) : { version: 1, documents: {}, transactions: {} };
  }

  doc(id: string): StoredDoc | undefined {
    return this.state.documents[id];
  }

  /** A document that replace/delete/metadata may act on. */
  current(id: string): StoredDoc | undefined {
    const d = this.doc(id);
    return d && !d.deleted && !d.replacedBy ? d : undefined;
  }

  allDocs(): StoredDoc[] {
    return Object.values(this.state.documents);
  }

  transaction(wii: string): Transaction | undefined {
    return this.state.transactions[wii];
  }

  byTrace(traceId: string): Transaction[] {
    return Object.values(this.state.transactions).filter((t) => t.traceId === traceId);
  }

  /** Runs the mutation and persists the result before returning (applied = on disk). */
  update(mutate: (s: { documents: Record<string, StoredDoc>; transactions: Record<string, Transaction> }) => void): void {
    mutate(this.state);
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.state, null, 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
