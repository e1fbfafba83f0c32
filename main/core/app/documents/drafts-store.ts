// Drafts of «Nuovo referto», saved as the user types (the renderer debounces). One statement per save: an
// UPDATE of one row (or an INSERT for a new draft) is atomic in SQLite and durable once it returns (WAL), so a
// closed window or a crash keeps the last save whole. Forms are checked by the contract's schema before here.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { reportFormSchema, type ReportForm } from '../../../../contract/report-form.js';
import type { Clock } from '../../shared/index.js';

export interface DraftRow {
  id: number;
  form: ReportForm;
  createdAt: number;
  updatedAt: number;
}

interface Raw {
  id: number;
  form: string;
  created_at: number;
  updated_at: number;
}

/** A stored form that no longer parses (an older app version wrote it) is still returned as far as it goes. */
function parseForm(text: string): ReportForm | undefined {
  try {
    const parsed = reportFormSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class DraftsStore {
  private readonly st: Record<'insert' | 'update' | 'get' | 'list' | 'discard', Statement>;

  constructor(
    db: Database,
    private readonly now: Clock,
  ) {
    this.st = {
      insert: db.prepare('INSERT INTO library_drafts (kind, form, replace_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE library_drafts SET kind = ?, form = ?, replace_of = ?, updated_at = ? WHERE id = ?'),
      get: db.prepare('SELECT * FROM library_drafts WHERE id = ?'),
      list: db.prepare('SELECT * FROM library_drafts ORDER BY updated_at DESC, id DESC LIMIT 200'),
      discard: db.prepare('DELETE FROM library_drafts WHERE id = ?'),
    };
  }

  /**
   * Saves `form` into draft `draftId`, or into a new draft when none is given or it was discarded meanwhile (another
   * window, or the report was signed): typing never fails for that. Returns the draft's id and the time saved.
   */
  save(form: ReportForm, draftId?: number): { draftId: number; savedAt: number } {
    const at = this.now().getTime();
    const json = JSON.stringify(form);
    const replaceOf = form.replaceOf ?? null;
    if (draftId !== undefined && this.st.update.run(form.kind, json, replaceOf, at, draftId).changes === 1) return { draftId, savedAt: at };
    const id = Number(this.st.insert.run(form.kind, json, replaceOf, at, at).lastInsertRowid);
    return { draftId: id, savedAt: at };
  }

  get(draftId: number): DraftRow | undefined {
    const r = this.st.get.get(draftId) as Raw | undefined;
    if (!r) return undefined;
    const form = parseForm(r.form);
    return form ? { id: r.id, form, createdAt: r.created_at, updatedAt: r.updated_at } : undefined;
  }

  /** Newest first (at most 200: a clinic keeps a handful). */
  list(): DraftRow[] {
    const out: DraftRow[] = [];
    for (const r of this.st.list.all() as Raw[]) {
      const form = parseForm(r.form);
      if (form) out.push({ id: r.id, form, createdAt: r.created_at, updatedAt: r.updated_at });
    }
    return out;
  }

  /** True when the draft existed. */
  discard(draftId: number): boolean {
    return this.st.discard.run(draftId).changes === 1;
  }
}
