import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiscalCode } from '../../main/core/shared/fiscal-code.js';

// The regional test tax codes for the stage accreditation (docs/cart-region.md §9).
for (const cf of ['RMSLSO31M04Z404R', 'MNTMRA03M71C615V', 'MNZLSN99E05F205J', 'DRCGNN12A46A326K', 'BRGLRZ80D58H501Q']) {
  test(`the regional test tax code ${cf} is valid`, () => {
    assert.deepEqual(checkFiscalCode(cf), { ok: true, value: cf });
  });
}

test('a tax code with a wrong check character is refused', () => {
  const r = checkFiscalCode('RMSLSO31M04Z404A');
  assert.equal(r.ok, false);
});

test('an omocodic tax code (a digit replaced by its letter) is accepted', () => {
  // RMSLSO31M04Z404R with the last digit of the town code 4 written as Q; check character recomputed.
  assert.equal(checkFiscalCode('RMSLSO31M04Z40QO').ok, true);
});

test('a tax code of the wrong length is refused with its reason', () => {
  assert.deepEqual(checkFiscalCode('RMSLSO31M04'), { ok: false, message: 'Il codice fiscale deve avere 16 caratteri.' });
});
