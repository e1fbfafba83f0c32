// The shipped terminology tables are plain RFC 4180 CSV (quoted fields only carry commas in descriptions).
// Hand-written (a dozen lines): no dependency is worth it for that. Used by the validator (codes) and by the
// report form's searchable lists (codes and descriptions), so both read a table the same way.

/** One CSV line split on commas outside double quotes ("" inside quotes is a quote). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(cur);
      cur = '';
    } else cur += ch;
  }
  fields.push(cur);
  return fields;
}
