// What the stand-in has applied, persisted in stateDir as an append-only log of JSON lines: each applied
// operation appends ONE line with the documents and transactions it changed, written and fsync'd before
// the answer (applied = on disk), and the log is replayed at start. Appending keeps the cost of a publish
// constant (rewriting one JSON file grew with the number of documents and skewed the drain benchmark).
// A line torn by a crash mid-write is dropped at the next start (that operation was never answered).
// Patient and operator tax codes are stored only as SHA-256 hashes.
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
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

/** One log line. */
interface Change {
  docs?: StoredDoc[];
  txs?: Transaction[];
}

/** The one-file format of earlier versions, imported once when no log exists yet. */
interface LegacyStateFile {
  documents: Record<string, StoredDoc>;
  transactions: Record<string, Transaction>;
}

/** What a mutation may do; every change must go through put* so it reaches the log. */
export interface StateWriter {
  /** The stored document (a copy: change it and putDoc it). */
  doc(id: string): StoredDoc | undefined;
  putDoc(d: StoredDoc): void;
  putTransaction(t: Transaction): void;
}

export class StateStore {
  private readonly documents = new Map<string, StoredDoc>();
  private readonly transactions = new Map<string, Transaction>();
  /** traceId → workflowInstanceIds: status/search/{traceId} without scanning every transaction. */
  private readonly byTraceIndex = new Map<string, Set<string>>();
  private readonly file: string;
  private fd: number | undefined;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'mock-cart-state.jsonl');
    const legacy = join(dir, 'mock-cart-state.json');
    const fresh = !existsSync(this.file);
    if (!fresh) this.replay();
    this.fd = openSync(this.file, 'a');
    if (fresh && existsSync(legacy)) {
      const old = JSON.parse(readFileSync(legacy, 'utf8')) as LegacyStateFile;
      this.write({ docs: Object.values(old.documents ?? {}), txs: Object.values(old.transactions ?? {}) });
    }
  }

  private replay(): void {
    const text = readFileSync(this.file, 'utf8');
    let good = 0; // byte length of the complete, parsable prefix
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const line = text.slice(start, nl);
      let change: Change;
      try {
        change = JSON.parse(line) as Change;
      } catch {
        break; // torn or damaged: everything from here on is dropped
      }
      this.apply(change);
      start = nl + 1;
      good += Buffer.byteLength(line, 'utf8') + 1;
    }
    if (good < Buffer.byteLength(text, 'utf8')) {
      const fd = openSync(this.file, 'r+');
      try {
        ftruncateSync(fd, good);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  private apply(c: Change): void {
    for (const d of c.docs ?? []) this.documents.set(d.identificativoDoc, d);
    for (const t of c.txs ?? []) {
      const before = this.transactions.get(t.workflowInstanceId);
      if (before && before.traceId !== t.traceId) this.byTraceIndex.get(before.traceId)?.delete(t.workflowInstanceId);
      this.transactions.set(t.workflowInstanceId, t);
      let set = this.byTraceIndex.get(t.traceId);
      if (!set) this.byTraceIndex.set(t.traceId, (set = new Set()));
      set.add(t.workflowInstanceId);
    }
  }

  private write(c: Change): void {
    if (this.fd === undefined) throw new Error('state store closed');
    writeSync(this.fd, JSON.stringify(c) + '\n');
    fsyncSync(this.fd);
    this.apply(c);
  }

  doc(id: string): StoredDoc | undefined {
    const d = this.documents.get(id);
    return d ? { ...d } : undefined;
  }

  /** A document that replace/delete/metadata may act on. */
  current(id: string): StoredDoc | undefined {
    const d = this.doc(id);
    return d && !d.deleted && !d.replacedBy ? d : undefined;
  }

  allDocs(): StoredDoc[] {
    return [...this.documents.values()].map((d) => ({ ...d }));
  }

  transaction(wii: string): Transaction | undefined {
    return this.transactions.get(wii);
  }

  byTrace(traceId: string): Transaction[] {
    return [...(this.byTraceIndex.get(traceId) ?? [])].map((w) => this.transactions.get(w)!).filter((t) => t !== undefined);
  }

  /** Runs the mutation and appends its changes (one fsync'd line) before returning: applied = on disk. */
  update(mutate: (s: StateWriter) => void): void {
    const docs = new Map<string, StoredDoc>();
    const txs = new Map<string, Transaction>();
    mutate({
      doc: (id) => {
        const d = docs.get(id) ?? this.documents.get(id);
        return d ? { ...d } : undefined;
      },
      putDoc: (d) => void docs.set(d.identificativoDoc, { ...d }),
      putTransaction: (t) => void txs.set(t.workflowInstanceId, t),
    });
    if (docs.size === 0 && txs.size === 0) return;
    this.write({ ...(docs.size ? { docs: [...docs.values()] } : {}), ...(txs.size ? { txs: [...txs.values()] } : {}) });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
