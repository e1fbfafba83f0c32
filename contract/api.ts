// The one API contract between the renderer and the main process. Electron IPC (preload) and the
// browser shell (loopback HTTP, tests and development) both carry exactly these channels.
// Requests are validated with these schemas in the main process; responses are plain JSON.
import { z } from 'zod';
import type { Profile } from './profile.js';
import type { Result } from './result.js';
import type { Channel } from './channels.js';
import {
  certificateRoleRequest,
  importCertificateRequest,
  uploadCertificateRequest,
  type CertificateFileHandle,
  type CertificateReminder,
  type CertificateRoleRequest,
  type CertificateSlot,
  type CertificatesOverview,
  type ImportCertificateRequest,
  type ImportCertificateResponse,
  type UploadCertificateRequest,
} from './certificates.js';
import {
  copyTextRequest,
  outboxJobRequest,
  outboxOverviewRequest,
  outboxResolveRequest,
  type CopyTextRequest,
  type OutboxJobHistory,
  type OutboxJobRequest,
  type OutboxJobView,
  type OutboxOverview,
  type OutboxOverviewRequest,
  type OutboxResolveRequest,
  type SupportBundle,
} from './outbox.js';
import { restoreBackupRequest, unlockDatabaseRequest, type RestoreBackupRequest, type StartupState, type UnlockDatabaseRequest } from './startup.js';
import { chooseModeRequest, type ChooseModeRequest, type SetupStatus, type TestCallResponse } from './setup.js';

import {
  removeDoctorRequest,
  removeOperatorRequest,
  saveDoctorRequest,
  saveOperatorRequest,
  setOperatorRequest,
  type PeopleOverview,
  type RemoveDoctorRequest,
  type RemoveOperatorRequest,
  type SaveDoctorRequest,
  type SaveDoctorResponse,
  type SaveOperatorRequest,
  type SessionState,
  type SetOperatorRequest,
} from './people.js';

import {
  documentsDeleteRequest,
  documentsMetadataOptionsRequest,
  documentsUpdateMetadataRequest,
  reportsImportPdfRequest,
  reportsPreviewRequest,
  reportsSignRequest,
  reportsValidateRequest,
  terminologySearchRequest,
  type DocumentActionResponse,
  type DocumentsDeleteRequest,
  type DocumentsMetadataOptionsRequest,
  type DocumentsMetadataOptionsResponse,
  type DocumentsUpdateMetadataRequest,
  type ReportsImportPdfRequest,
  type ReportsImportPdfResponse,
  type ReportsPreviewRequest,
  type ReportsPreviewResponse,
  type ReportsSignRequest,
  type ReportsSignResponse,
  type ReportsValidateRequest,
  type ReportsValidateResponse,
  type TerminologySearchRequest,
  type TerminologySearchResponse,
} from './reports.js';

import {
  documentRequest,
  documentsListRequest,
  draftRequest,
  draftSaveRequest,
  patientsSearchRequest,
  type DocumentDetail,
  type DocumentPdf,
  type DocumentRequest,
  type DocumentsListRequest,
  type DocumentsPage,
  type Draft,
  type DraftRequest,
  type DraftSaved,
  type DraftSaveRequest,
  type DraftSummary,
  type OpenPdfResponse,
  type PatientMatch,
  type PatientsSearchRequest,
} from './documents.js';

export { CHANNELS, IPC_PREFIX, isChannel, type Channel } from './channels.js';
export * from './documents.js';
export * from './reports.js';
export * from './report-form.js';
export * from './people.js';
export * from './certificates.js';
export * from './outbox.js';
export * from './startup.js';
export * from './setup.js';

export interface AppInfo {
  version: string;
  /** Where the app keeps its database and documents. */
  dataDir: string;
  /** 'electron' or 'browser-shell': the renderer may show a development banner in the shell. */
  shell: 'electron' | 'browser-shell';
}

export interface SaveProfileResponse {
  profile: Profile;
  savedAt: string;
}

/** Channel name → request schema. The payload of every call is checked against it before any handler runs. */
export const requestSchemas = {
  'app:info': z.undefined(),
  'profile:get': z.undefined(),
  // The draft comes from a form: any JSON object; the main process validates it field by field.
  'profile:save': z.object({ profile: z.record(z.unknown()) }).strict(),
  'profile:validate': z.object({ profile: z.record(z.unknown()) }).strict(),
  'certificates:list': z.undefined(),
  // The role only sets the dialog's title; the dialog itself runs in the main process.
  'certificates:choose-file': certificateRoleRequest,
  'certificates:import': importCertificateRequest,
  'certificates:remove': certificateRoleRequest,
  // Drag and drop or the file picker: the renderer sends the bytes it read, never a path.
  'certificates:upload': uploadCertificateRequest,
  'certificates:reminders': z.undefined(),
  'outbox:overview': outboxOverviewRequest,
  'outbox:events': outboxJobRequest,
  'outbox:retry': outboxJobRequest,
  'outbox:cancel': outboxJobRequest,
  'outbox:resolve': outboxResolveRequest,
  'outbox:resume': z.undefined(),
  'outbox:support-bundle': outboxJobRequest,
  'app:copy-text': copyTextRequest,
  'app:startup': z.undefined(),
  'app:retryStartup': z.undefined(),
  'app:restoreBackup': restoreBackupRequest,
  'app:unlockDatabase': unlockDatabaseRequest,
  'setup:status': z.undefined(),
  'setup:choose-mode': chooseModeRequest,
  'setup:test-call': z.undefined(),
  'people:get': z.undefined(),
  'people:save-doctor': saveDoctorRequest,
  'people:remove-doctor': removeDoctorRequest,
  'people:save-operator': saveOperatorRequest,
  'people:remove-operator': removeOperatorRequest,
  'session:get': z.undefined(),
  'session:set-operator': setOperatorRequest,
  'reports:validate': reportsValidateRequest,
  'reports:preview': reportsPreviewRequest,
  'reports:sign': reportsSignRequest,
  'reports:import-pdf': reportsImportPdfRequest,
  'terminology:search': terminologySearchRequest,
  'documents:delete': documentsDeleteRequest,
  'documents:update-metadata': documentsUpdateMetadataRequest,
  'documents:metadata-options': documentsMetadataOptionsRequest,
  'documents:list': documentsListRequest,
  'documents:get': documentRequest,
  'documents:pdf': documentRequest,
  'documents:open-pdf': documentRequest,
  'drafts:save': draftSaveRequest,
  'drafts:list': z.undefined(),
  'drafts:get': draftRequest,
  'drafts:discard': draftRequest,
  'patients:search': patientsSearchRequest,
} satisfies { [C in Channel]: z.ZodType<RequestTypes[C]> };

export interface ResponseTypes {
  'app:info': AppInfo;
  'profile:get': Profile | null;
  'profile:save': SaveProfileResponse;
  'profile:validate': { valid: true };
  'certificates:list': CertificatesOverview;
  /** null when the person closed the dialog without choosing. The file stays in main: only a handle comes back. */
  'certificates:choose-file': { file: CertificateFileHandle | null };
  'certificates:import': ImportCertificateResponse;
  'certificates:remove': { role: CertificateSlot };
  'certificates:upload': CertificateFileHandle;
  'certificates:reminders': { reminders: CertificateReminder[] };
  'outbox:overview': OutboxOverview;
  'outbox:events': OutboxJobHistory;
  'outbox:retry': OutboxJobView;
  'outbox:cancel': OutboxJobView;
  'outbox:resolve': OutboxJobView;
  /** The overview after the attempt: still paused (with the reason) when the cause is not fixed. */
  'outbox:resume': OutboxOverview;
  'outbox:support-bundle': SupportBundle;
  'app:copy-text': { copied: true };
  /** What start-up found; the renderer shows the normal screens only for ready and read-only. */
  'app:startup': StartupState;
  /** Start-up run again (after closing the other program, freeing space…). */
  'app:retryStartup': StartupState;
  /** The state after restoring the backup and running start-up again. */
  'app:restoreBackup': StartupState;
  /** The state after opening the data with the session passphrase (a wrong one is an error, nothing changes). */
  'app:unlockDatabase': StartupState;
  /** The first-run guide's checklist and the mode (contract/setup.ts). */
  'setup:status': SetupStatus;
  /** Switches the desk to training or real use (closes the current data, opens the other folder's). */
  'setup:choose-mode': SetupStatus;
  /** A harmless status look-up over mutual TLS: the X-CART-id, or what to fix. */
  'setup:test-call': TestCallResponse;
  'people:get': PeopleOverview;
  'people:save-doctor': SaveDoctorResponse;
  'people:remove-doctor': PeopleOverview;
  'people:save-operator': PeopleOverview;
  'people:remove-operator': PeopleOverview;
  /** Who operates now and who may (the picker «Chi sta lavorando?» shows when needsChoice). */
  'session:get': SessionState;
  /** Also writes profile.operator = {fiscalCode, role}: the `sub`/`subject_role` of the next calls. */
  'session:set-operator': SessionState;
  /** Every problem the document would get (form, XSD, schematron, terminology), on its form field. */
  'reports:validate': ReportsValidateResponse;
  /** The exact PDF bytes that will be signed, or the errors to fix first. */
  'reports:preview': ReportsPreviewResponse;
  /** Signs the previewed bytes in the main process, queues the create (or replace), records the document. */
  'reports:sign': ReportsSignResponse;
  'reports:import-pdf': ReportsImportPdfResponse;
  'terminology:search': TerminologySearchResponse;
  'documents:delete': DocumentActionResponse;
  'documents:update-metadata': DocumentActionResponse;
  'documents:metadata-options': DocumentsMetadataOptionsResponse;
  /** «Documenti»: one page, newest first, each with its state on the FSE (tax codes masked). */
  'documents:list': DocumentsPage;
  /** A document's page: patient, versions, operations with their CART ids, allowed actions. */
  'documents:get': DocumentDetail;
  /** The signed PDF as sent (to save, or to show in the shell). */
  'documents:pdf': DocumentPdf;
  /** Electron: opened with the system viewer; the browser shell answers 'unsupported' (the page downloads documents:pdf). */
  'documents:open-pdf': OpenPdfResponse;
  /** Saves the form as typed (a new draft when draftId is absent or gone). */
  'drafts:save': DraftSaved;
  /** Newest first. */
  'drafts:list': DraftSummary[];
  'drafts:get': Draft;
  'drafts:discard': { discarded: true };
  /** Patients of earlier documents by tax code or name prefix, latest first, at most 20. */
  'patients:search': PatientMatch[];
}

export interface RequestTypes {
  'app:info': undefined;
  'profile:get': undefined;
  'profile:save': { profile: Record<string, unknown> };
  'profile:validate': { profile: Record<string, unknown> };
  'certificates:list': undefined;
  'certificates:choose-file': CertificateRoleRequest;
  'certificates:import': ImportCertificateRequest;
  'certificates:remove': CertificateRoleRequest;
  'certificates:upload': UploadCertificateRequest;
  'certificates:reminders': undefined;
  'outbox:overview': OutboxOverviewRequest;
  'outbox:events': OutboxJobRequest;
  'outbox:retry': OutboxJobRequest;
  'outbox:cancel': OutboxJobRequest;
  'outbox:resolve': OutboxResolveRequest;
  'outbox:resume': undefined;
  'outbox:support-bundle': OutboxJobRequest;
  'app:copy-text': CopyTextRequest;
  'app:startup': undefined;
  'app:retryStartup': undefined;
  'app:restoreBackup': RestoreBackupRequest;
  'app:unlockDatabase': UnlockDatabaseRequest;
  'setup:status': undefined;
  'setup:choose-mode': ChooseModeRequest;
  'setup:test-call': undefined;
  'people:get': undefined;
  'people:save-doctor': SaveDoctorRequest;
  'people:remove-doctor': RemoveDoctorRequest;
  'people:save-operator': SaveOperatorRequest;
  'people:remove-operator': RemoveOperatorRequest;
  'session:get': undefined;
  'session:set-operator': SetOperatorRequest;
  'reports:validate': ReportsValidateRequest;
  'reports:preview': ReportsPreviewRequest;
  'reports:sign': ReportsSignRequest;
  'reports:import-pdf': ReportsImportPdfRequest;
  'terminology:search': TerminologySearchRequest;
  'documents:delete': DocumentsDeleteRequest;
  'documents:update-metadata': DocumentsUpdateMetadataRequest;
  'documents:metadata-options': DocumentsMetadataOptionsRequest;
  'documents:list': DocumentsListRequest;
  'documents:get': DocumentRequest;
  'documents:pdf': DocumentRequest;
  'documents:open-pdf': DocumentRequest;
  'drafts:save': DraftSaveRequest;
  'drafts:list': undefined;
  'drafts:get': DraftRequest;
  'drafts:discard': DraftRequest;
  'patients:search': PatientsSearchRequest;
}

export type RequestOf<C extends Channel> = RequestTypes[C];
export type ResponseOf<C extends Channel> = ResponseTypes[C];

/** What the preload exposes as `window.fseDesk`, and what the shell's HTTP transport implements. */
export interface FseDeskBridge {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
}
