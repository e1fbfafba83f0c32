// A coded act's `<code>` that also points at its row in the section narrative.
import { codeEl, type El } from './cda-xml.js';
import { codeSystemOf, type Coded } from './report-model.js';

/** `<code>` of an act: the coded value when given, else nullFlavor; both point at the narrative row. */
export function codedWithText(parent: El, c: Coded | undefined, reference: string): void {
  let code: El;
  if (c) {
    const system = codeSystemOf(c);
    code = codeEl(parent, 'code', { code: c.code, codeSystem: system.oid, codeSystemName: system.name, displayName: c.display });
  } else {
    code = parent.ele('code', { nullFlavor: 'UNK' });
  }
  code.ele('originalText').ele('reference', { value: reference });
}
