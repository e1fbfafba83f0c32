// One logical plan of a report's body, used twice: to write the CDA sections and to build the
// PDF view. Both read the same plan, so the readable PDF and the embedded cda.xml say the same.
import type { CodeAttrs, El } from './cda-xml.js';

export interface PlannedTable {
  headers: string[];
  rows: string[][];
  /** Narrative ids of each row (for entries that point at it with `reference`). */
  rowIds?: string[];
  /** Narrative ids per cell, same shape as rows (undefined where no id is needed). */
  cellIds?: Array<Array<string | undefined>>;
}

export interface PlannedSection {
  /** Narrative section ID (XML ID: starts with a letter). */
  id: string;
  code: CodeAttrs;
  /** Italian title, as printed. */
  title: string;
  /** Free text, split into paragraphs by blank lines. */
  text?: string;
  table?: PlannedTable;
  /** Coded entries (level 3), written after the narrative. */
  entries?: (section: El) => void;
}
