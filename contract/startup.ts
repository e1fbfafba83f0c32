// What the app's start-up found, as the renderer sees it: the data opened normally, opened for reading
// only, not opened at all (with the reason, what to do, the file and the backups to restore), or a
// passphrase needed to unlock the database key. The main process decides (main/core/app/startup.ts);
// the renderer shows the matching screen.
import { z } from 'zod';

/** The kinds of storage fault (main/core/shared/db/storage-fault.ts), repeated here: the contract imports nothing of main/. */
export type StorageProblemKind = 'corrupt' | 'too-new' | 'locked' | 'read-only' | 'disk-full' | 'not-a-file' | 'key-missing' | 'wrong-key' | 'io';

export interface StorageProblemView {
  kind: StorageProblemKind;
  /** Italian: what happened, e.g. «Il database è danneggiato». */
  title: string;
  /** Italian: what to do (restore the backup, update the app, close the other program, free space…). */
  advice: string;
  /** The database file's full path. */
  file: string;
}

/** One backup of the database that can be restored from the start-up screen. */
export interface BackupView {
  /** The backup's file name inside <dataDir>/backups (what app:restoreBackup takes). */
  name: string;
  /** The clinic's calendar day it holds (YYYY-MM-DD): one backup a day. */
  day: string;
  /** When it was written (ISO 8601). */
  takenAt: string;
  sizeBytes: number;
}

export type StartupState =
  | { kind: 'ready' }
  /** Writing is impossible (read-only disk or folder, disk full): the lists show, sending is paused. */
  | { kind: 'read-only'; problem: StorageProblemView }
  /**
   * The data could not be opened: the «Archivio non disponibile» screen. `canRestore` is false where a
   * backup cannot help (locked, too new, key problems): the backups are then not offered.
   */
  | { kind: 'storage-problem'; problem: StorageProblemView; canRestore: boolean; backups: BackupView[] }
  /**
   * The database key is protected by a passphrase the user types once per session (weak OS keychain).
   * `firstTime`: none was chosen yet, the user chooses one (and confirms it); otherwise enters it.
   */
  | { kind: 'needs-passphrase'; firstTime: boolean };

/** A backup's name as listBackups gives it: one file name, no path. Checked again against the real list before restoring. */
export const restoreBackupRequest = z
  .object({
    name: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w][\w.-]*$/),
  })
  .strict();
export type RestoreBackupRequest = z.infer<typeof restoreBackupRequest>;

/** Passphrase length: at least 8 characters (scrypt makes guessing slow, not a short phrase safe), at most 200. */
export const PASSPHRASE_MIN = 8;
export const PASSPHRASE_MAX = 200;

/**
 * The session passphrase that unlocks the database key (app:unlockDatabase). `confirm`, when the
 * passphrase is being chosen, is the second typing: checked in the renderer and again in main.
 */
export const unlockDatabaseRequest = z
  .object({
    passphrase: z.string().min(PASSPHRASE_MIN).max(PASSPHRASE_MAX),
    confirm: z.string().max(PASSPHRASE_MAX).optional(),
  })
  .strict();
export type UnlockDatabaseRequest = z.infer<typeof unlockDatabaseRequest>;
