// Certificate files handed to the main process, kept in memory under opaque handles (issue 9). The
// renderer never names a path: the native dialog (Electron) or drag and drop / the file picker give the
// bytes to main, and the renderer receives a random handle it passes back with the password. So no IPC
// call can ask whether some path exists, and a failed import keeps the file: only the password is retyped.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/index.js';

export interface HeldFile {
  fileName: string;
  bytes: Buffer;
}

export interface UploadHandleOptions {
  now: Clock;
  /** A handle not used for this long is forgotten (default 30 minutes). */
  ttlMs?: number;
  /** Import attempts per handle (a wrong password each time) before it is forgotten (default 10). */
  maxUses?: number;
  /** Files held at once; the oldest goes first (default 16). */
  maxHeld?: number;
}

type Entry = HeldFile & { createdAt: number; uses: number };

export type TakeResult = { ok: true; file: HeldFile } | { ok: false; reason: 'unknown' | 'expired' | 'used-up' };

export class UploadHandles {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxUses: number;
  private readonly maxHeld: number;

  constructor(private readonly o: UploadHandleOptions) {
    this.ttlMs = o.ttlMs ?? 30 * 60_000;
    this.maxUses = o.maxUses ?? 10;
    this.maxHeld = o.maxHeld ?? 16;
  }

  /** Keeps a copy of the bytes and returns a fresh 128-bit handle (base64url, 22 characters). */
  hold(fileName: string, bytes: Uint8Array): string {
    this.sweep();
    while (this.entries.size >= this.maxHeld) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    const handle = randomBytes(16).toString('base64url');
    this.entries.set(handle, { fileName, bytes: Buffer.from(bytes), createdAt: this.o.now().getTime(), uses: 0 });
    return handle;
  }

  /** One import attempt with the file: counts towards the use limit; the file stays until `release` or expiry. */
  use(handle: string): TakeResult {
    const e = this.entries.get(handle);
    if (!e) return { ok: false, reason: 'unknown' };
    if (this.o.now().getTime() - e.createdAt > this.ttlMs) {
      this.drop(handle);
      return { ok: false, reason: 'expired' };
    }
    if (e.uses >= this.maxUses) {
      this.drop(handle);
      return { ok: false, reason: 'used-up' };
    }
    e.uses += 1;
    return { ok: true, file: { fileName: e.fileName, bytes: e.bytes } };
  }

  /** The file was imported: forget it (its bytes are overwritten, not left for the garbage collector). */
  release(handle: string): void {
    this.drop(handle);
  }

  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  private drop(handle: string): void {
    const e = this.entries.get(handle);
    if (e) e.bytes.fill(0);
    this.entries.delete(handle);
  }

  private sweep(): void {
    const now = this.o.now().getTime();
    for (const [handle, e] of this.entries) if (now - e.createdAt > this.ttlMs) this.drop(handle);
  }
}
