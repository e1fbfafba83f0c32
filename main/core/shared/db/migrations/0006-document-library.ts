import type { Migration } from './types.js';

/**
 * The clinic's documents as «Documenti» shows them (issue 10): one row per document version the app produced,
 * linked to the outbox job that created or replaced it; the later operations (delete, metadata update) linked
 * to their jobs; and the drafts of «Nuovo referto». No state is stored here: a document's state on the FSE is
 * computed from its jobs in the query that lists it (main/core/app/documents/document-states.ts).
 * Tax codes and names are stored in clear inside the SQLCipher-encrypted database (README "Patient data at rest").
 * `name_key` / `name_key_rev` are «family given» / «given family», lower-case without accents, for prefix search.
 */
export const m0006DocumentLibrary: Migration = {
  version: 6,
  name: 'document-library',
  up(db) {
    db.exec(`
      CREATE TABLE library_documents (
        id                   INTEGER PRIMARY KEY,
        job_id               INTEGER NOT NULL UNIQUE REFERENCES outbox_jobs(id),
        identificativo_doc   TEXT NOT NULL,
        set_id               TEXT NOT NULL,
        version              INTEGER NOT NULL,
        type                 TEXT NOT NULL,
        patient_cf           TEXT NOT NULL,
        patient_given        TEXT NOT NULL,
        patient_family       TEXT NOT NULL,
        name_key             TEXT NOT NULL,
        name_key_rev         TEXT NOT NULL,
        patient_birth_date   TEXT,
        patient_sex          TEXT,
        patient_json         TEXT NOT NULL,
        doctor_id            TEXT,
        doctor_cf            TEXT NOT NULL,
        doctor_name          TEXT NOT NULL,
        service_date         TEXT NOT NULL,
        created_at           INTEGER NOT NULL,
        source               TEXT NOT NULL CHECK (source IN ('written', 'imported')),
        replaces_document_id INTEGER REFERENCES library_documents(id),
        -- «Correggi e invia di nuovo»: the rejected document this one corrects (a new publication, not a version).
        corrects_document_id INTEGER REFERENCES library_documents(id)
      ) STRICT;
      -- The form a version was made from (several KB, up to hundreds): in its own table, so the rows that lists and
      -- searches read stay small (a few hundred bytes, many to a page) and a search touches few pages.
      CREATE TABLE library_forms (
        document_id INTEGER PRIMARY KEY REFERENCES library_documents(id),
        report_form TEXT NOT NULL
      ) STRICT;
      -- Newest first (by id: the order of recording, whatever the clock did) is the order of every list. Each filter's
      -- index also carries job_id (and the name indexes the tax code, for the patient search), so a search reads its
      -- matches and their jobs from the index alone (rows are large: the form, the patient).
      CREATE INDEX library_documents_cf ON library_documents(patient_cf, job_id);
      CREATE INDEX library_documents_name ON library_documents(name_key, job_id, patient_cf);
      CREATE INDEX library_documents_name_rev ON library_documents(name_key_rev, job_id, patient_cf);
      CREATE INDEX library_documents_service ON library_documents(service_date, job_id);
      CREATE INDEX library_documents_type ON library_documents(type, job_id);
      CREATE INDEX library_documents_replaces ON library_documents(replaces_document_id) WHERE replaces_document_id IS NOT NULL;
      CREATE INDEX library_documents_corrects ON library_documents(corrects_document_id) WHERE corrects_document_id IS NOT NULL;
      CREATE INDEX library_documents_set ON library_documents(set_id, version);
      -- «Documenti» filtered by a state other than published starts from the few jobs in the matching job states.
      CREATE INDEX outbox_jobs_state_held ON outbox_jobs(state, held);
      -- A job's state and held flag without reading its row (which holds the request): the state of a document is
      -- computed from these two columns of several jobs (document-states.ts, INDEXED BY this index).
      CREATE INDEX outbox_jobs_state_of ON outbox_jobs(id, state, held);

      CREATE TABLE library_operations (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES library_documents(id),
        job_id      INTEGER NOT NULL UNIQUE REFERENCES outbox_jobs(id),
        action      TEXT NOT NULL CHECK (action IN ('delete', 'updateMetadata')),
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX library_operations_document ON library_operations(document_id, id);

      -- AUTOINCREMENT: a discarded draft's id is never given to a new one (a window still holding it would write over it).
      CREATE TABLE library_drafts (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        kind       TEXT NOT NULL,
        form       TEXT NOT NULL,
        replace_of INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX library_drafts_updated ON library_drafts(updated_at, id);
    `);
  },
};
