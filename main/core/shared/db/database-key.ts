// Where the database key lives. The key is 32 random bytes made on the first open; a source loads it
// (undefined when none was ever stored) and stores a new one. Sources:
//  - keyFileSource: a 0600 file holding the key in hex (the CLI's default, `database.key` in the data folder);
//  - envKeySource: an environment variable named in the profile (the CLI on a machine whose secrets
//    come from a vault or a service manager; nothing is written to disk);
//  - wrappedKeySource: the key encrypted by the OS keychain (Electron safeStorage), `database.key.wrapped`;
//  - passphraseKeySource: the key encrypted with a passphrase the user types each session (scrypt +
//    AES-256-GCM), `database.key.passphrase`, for a PC whose keychain is clear text in practice.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readDatabaseState } from './encryption.js';
import { StorageFault } from './storage-fault.js';
import { writePrivateFile } from './private-files.js';

export const DATABASE_KEY_BYTES = 32;

export interface DatabaseKeySource {
  /** The stored key, or undefined when none was ever stored. Throws StorageFault when it cannot be read. */
  load(): Buffer | undefined;
  /** Stores a newly generated key; never replaces an existing one. */
  store(key: Buffer): void;
  /** For logs and messages, e.g. "key file /x/database.key": never the key itself. */
  describe(): string;
}

/** What Electron's safeStorage offers, as bytes (the Electron layer adapts encryptString/decryptString). */
export interface KeyWrapper {
  encrypt(plain: Buffer): Buffer;
  decrypt(wrapped: Buffer): Buffer;
}

export function newDatabaseKey(): Buffer {
  return randomBytes(DATABASE_KEY_BYTES);
}

/** 64 hex digits (surrounding white space allowed: a key file saved by an editor ends with a newline). */
export function parseHexKey(text: string, where: string, dbFile: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new StorageFault('key-missing', dbFile, `${where} does not hold a database key (expected 64 hexadecimal digits)`);
  }
  return Buffer.from(hex, 'hex');
}

function readKeyFile(file: string, what: string, dbFile: string): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new StorageFault('key-missing', dbFile, `${what} cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

/** `dbFile` is only for the faults' `file` field: the screen names the database the key belongs to. */
export function keyFileSource(file: string, dbFile: string): DatabaseKeySource {
  const what = `key file ${file}`;
  return {
    describe: () => what,
    load() {
      const raw = readKeyFile(file, what, dbFile);
      return raw === undefined ? undefined : parseHexKey(raw.toString('utf8'), what, dbFile);
    },
    store(key) {
      writePrivateFile(file, `${key.toString('hex')}\n`, { exclusive: true });
    },
  };
}

export function envKeySource(name: string, env: NodeJS.ProcessEnv, dbFile: string): DatabaseKeySource {
  const what = `environment variable ${name}`;
  return {
    describe: () => what,
    load() {
      const value = env[name];
      // The user provides this key (e.g. `openssl rand -hex 32`): an unset variable is never replaced
      // by a generated key that would be lost when the process ends.
      if (value === undefined || value.trim() === '') throw new StorageFault('key-missing', dbFile, `${what} is not set`);
      return parseHexKey(value, what, dbFile);
    },
    store() {
      throw new StorageFault('key-missing', dbFile, `${what} is not set`);
    },
  };
}

export function wrappedKeySource(file: string, wrapper: KeyWrapper, dbFile: string): DatabaseKeySource {
  const what = `keychain-wrapped key ${file}`;
  return {
    describe: () => what,
    load() {
      const raw = readKeyFile(file, what, dbFile);
      if (raw === undefined) return undefined;
      let key: Buffer;
      try {
        const stored = JSON.parse(raw.toString('utf8')) as { v?: unknown; wrapped?: unknown };
        if (stored.v !== 1 || typeof stored.wrapped !== 'string') throw new Error('unknown format');
        key = wrapper.decrypt(Buffer.from(stored.wrapped, 'base64'));
      } catch (err) {
        // Another user account or PC, or a reset keychain: the key is there but cannot be unwrapped here.
        throw new StorageFault('key-missing', dbFile, `${what} cannot be unwrapped by this keychain: ${(err as Error).message}`, { cause: err });
      }
      if (key.length !== DATABASE_KEY_BYTES) throw new StorageFault('key-missing', dbFile, `${what} unwraps to ${key.length} bytes, not ${DATABASE_KEY_BYTES}`);
      return key;
    },
    store(key) {
      writePrivateFile(file, JSON.stringify({ v: 1, wrapped: wrapper.encrypt(key).toString('base64') }), { exclusive: true });
    },
  };
}

// scrypt cost: N=2^15, r=8 (about 32 MiB and a tenth of a second once per session), OWASP's minimum.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

interface PassphraseFile {
  v: 1;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

export function passphraseKeySource(file: string, passphrase: string, dbFile: string): DatabaseKeySource {
  const what = `passphrase-protected key ${file}`;
  const kek = (salt: Buffer, s: { N: number; r: number; p: number }): Buffer =>
    scryptSync(passphrase.normalize('NFC'), salt, 32, { N: s.N, r: s.r, p: s.p, maxmem: SCRYPT.maxmem });
  return {
    describe: () => what,
    load() {
      const raw = readKeyFile(file, what, dbFile);
      if (raw === undefined) return undefined;
      let stored: PassphraseFile;
      try {
        stored = JSON.parse(raw.toString('utf8')) as PassphraseFile;
        if (stored.v !== 1 || stored.kdf !== 'scrypt') throw new Error('unknown format');
      } catch (err) {
        throw new StorageFault('key-missing', dbFile, `${what} is damaged: ${(err as Error).message}`, { cause: err });
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', kek(Buffer.from(stored.salt, 'base64'), stored), Buffer.from(stored.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64')), decipher.final()]);
      } catch (err) {
        throw new StorageFault('wrong-key', dbFile, `${what}: wrong passphrase (or damaged file)`, { cause: err });
      }
    },
    store(key) {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek(salt, SCRYPT), iv);
      const data = Buffer.concat([cipher.update(key), cipher.final()]);
      const stored: PassphraseFile = {
        v: 1,
        kdf: 'scrypt',
        N: SCRYPT.N,
        r: SCRYPT.r,
        p: SCRYPT.p,
        salt: salt.toString('base64'),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
      writePrivateFile(file, JSON.stringify(stored), { exclusive: true });
    },
  };
}

/** The passphrase-wrapped key's file inside the data folder. */
export const PASSPHRASE_KEY_FILE = 'database.key.passphrase';

/**
 * The database key on a computer without a protected keychain: wrapped by a passphrase the user types
 * once per session (kept in memory only). Until the first one is chosen, a key kept earlier in a weaker
 * place (Electron's keychain-wrapped file, the shell's key file) is still where the key is: it is adopted,
 * i.e. wrapped by the passphrase, read back, and only then removed, so the data never loses its key.
 */
export interface SessionPassphraseKey {
  /**
   * 'choose' when no passphrase-wrapped key exists yet (the user picks one), 'enter' when it does.
   * Throws StorageFault 'key-missing' when a key kept earlier exists but cannot be read here (another
   * user account, a keyring unavailable in this session): a passphrase chosen now could not open the data.
   */
  status(): 'choose' | 'enter';
  /** The key source for this passphrase; loads the key once (scrypt is slow on purpose) and keeps it. */
  withPassphrase(passphrase: string): DatabaseKeySource;
}

export function sessionPassphraseKey(dataDir: string, dbFile: string, previous?: { file: string; source: DatabaseKeySource }): SessionPassphraseKey {
  const file = join(dataDir, PASSPHRASE_KEY_FILE);
  const earlier = (): DatabaseKeySource | undefined => (previous && existsSync(previous.file) ? previous.source : undefined);
  return {
    status() {
      if (existsSync(file)) return 'enter';
      const before = earlier();
      if (before && !before.load()) throw new StorageFault('key-missing', dbFile, `${before.describe()} holds no key`);
      // An encrypted database whose key file is gone: a new passphrase would wrap a new key that cannot open it.
      if (!before && readDatabaseState(dbFile)?.keyCheck) throw new StorageFault('key-missing', dbFile, `the database is encrypted but ${file} is missing`);
      return 'choose';
    },
    withPassphrase(passphrase) {
      const own = passphraseKeySource(file, passphrase, dbFile);
      let known: Buffer | undefined;
      const loadOnce = (): Buffer | undefined => {
        const key = own.load();
        const before = key ? undefined : earlier();
        if (!before || !previous) return key;
        const adopted = before.load();
        if (!adopted) return undefined;
        own.store(adopted);
        if (!own.load()?.equals(adopted))
          throw new StorageFault('io', dbFile, `${own.describe()} does not read back the key adopted from ${before.describe()}`);
        // The earlier copy is clear text in practice where this runs (keychain-policy.ts): it goes.
        rmSync(previous.file);
        return adopted;
      };
      return {
        describe: own.describe,
        load() {
          known ??= loadOnce();
          return known;
        },
        store(key) {
          own.store(key);
          known = key;
        },
      };
    },
  };
}
