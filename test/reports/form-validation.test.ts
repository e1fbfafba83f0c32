// reports:validate — every problem the document would get, on the form field that causes it, in Italian: the
// form's own rules, the report model, the schematron and the terminology; dates in the future are warnings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { birthFromFiscalCode, emptyReportForm, type ReportForm, type ReportProblem } from '../../contract/report-form.js';
import { daysFrom, testNow } from '../support/clock.js';
import { formDateTime } from '../../contract/report-form.js';
import { sampleForm, startReportEnv, type ReportEnv } from './support.js';

let env: ReportEnv;
before(async () => {
  env = await startReportEnv();
});
after(async () => env?.close());

async function problemsOf(form: ReportForm): Promise<ReportProblem[]> {
  const r = await env.service.validate(form);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value.problems;
}
const errors = (ps: ReportProblem[]): ReportProblem[] => ps.filter((p) => p.severity === 'error');
function errorOn(ps: ReportProblem[], field: string): ReportProblem {
  const p = errors(ps).find((x) => x.field === field);
  assert.ok(p, `expected an error on ${field}, got ${JSON.stringify(ps)}`);
  return p;
}

describe('a complete form', () => {
  for (const kind of ['RSA', 'LAB', 'RAD'] as const) {
    test(`of kind ${kind} has no error`, async () => {
      assert.deepEqual(errors(await problemsOf(sampleForm(kind))), []);
    });
  }
});

describe('problems land on the field that causes them', () => {
  test('a tax code with a wrong check character is on patient.fiscalCode', async () => {
    const f = sampleForm('RSA');
    f.patient.fiscalCode = 'RMSLSO31M04Z404X';
    assert.match(errorOn(await problemsOf(f), 'patient.fiscalCode').message, /carattere di controllo/);
  });

  test('an empty patient surname is on patient.familyName', async () => {
    const f = sampleForm('LAB');
    f.patient.familyName = '';
    assert.match(errorOn(await problemsOf(f), 'patient.familyName').message, /cognome del paziente/);
  });

  test('a RSA with no service performed is on rsa.services (the schematron wants one)', async () => {
    const f = sampleForm('RSA');
    f.rsa!.services = [{ code: '', description: '' }];
    assert.match(errorOn(await problemsOf(f), 'rsa.services').message, /almeno una prestazione/);
  });

  test('a RSA without the report text is on rsa.findings', async () => {
    const f = sampleForm('RSA');
    f.rsa!.findings = '  ';
    assert.match(errorOn(await problemsOf(f), 'rsa.findings').message, /testo del referto/);
  });

  test('an ICD9-CM code the gateway does not know is on that service row (terminology)', async () => {
    const f = sampleForm('RSA');
    f.rsa!.services = [
      { code: '89.52', description: 'ECG' },
      { code: '99.999', description: 'Prestazione inventata' },
    ];
    assert.match(errorOn(await problemsOf(f), 'rsa.services.1.code').message, /non è censito: codice "99\.999"/);
  });

  test('a service row with a code but no description takes the name from the ICD9-CM list', async () => {
    const f = sampleForm('RSA');
    f.rsa!.services = [{ code: '89.52', description: '' }];
    assert.deepEqual(errors(await problemsOf(f)), []);
  });

  test('a LAB result row keeps its index across empty rows and sections', async () => {
    const f = sampleForm('LAB');
    const [glucose, hb] = f.lab!.results;
    // Row 1 empty (skipped), row 3 a second chemistry result without its value.
    f.lab!.results = [
      glucose!,
      { ...glucose!, code: '', display: '', value: '', unit: '' },
      hb!,
      { ...glucose!, code: '2160-0', display: 'Creatinina', value: '' },
    ];
    assert.match(errorOn(await problemsOf(f), 'lab.results.3.value').message, /risultato/);
  });

  test('a LAB unit that is not UCUM is on lab.results.N.unit', async () => {
    const f = sampleForm('LAB');
    f.lab!.results[1]!.unit = 'g per dl';
    assert.match(errorOn(await problemsOf(f), 'lab.results.1.unit').message, /UCUM/);
  });

  test('a LAB reference range that is not a number is on lab.results.N.rangeLow', async () => {
    const f = sampleForm('LAB');
    f.lab!.results[0]!.rangeLow = 'settanta';
    assert.match(errorOn(await problemsOf(f), 'lab.results.0.rangeLow').message, /numero/);
  });

  test('a LAB test code that is not LOINC is on lab.results.N.code', async () => {
    const f = sampleForm('LAB');
    f.lab!.results[0]!.code = 'GLU';
    assert.match(errorOn(await problemsOf(f), 'lab.results.0.code').message, /LOINC/);
  });

  test('a RAD without exams is on rad.exams', async () => {
    const f = sampleForm('RAD');
    f.rad!.exams = [];
    assert.match(errorOn(await problemsOf(f), 'rad.exams').message, /almeno un esame/);
  });

  test('no doctor chosen is on doctorId', async () => {
    const f = sampleForm('RAD');
    f.doctorId = '';
    assert.match(errorOn(await problemsOf(f), 'doctorId').message, /medico/);
  });

  test('a doctor of the list without phone or e-mail is on doctorId (the schematron wants a telecom for the author)', async () => {
    const local = await startReportEnv({ doctors: [{ id: 'muto', fiscalCode: 'MNTMRA03M71C615V', givenName: 'Maria', familyName: 'Montanari' }] });
    try {
      const f = { ...sampleForm('RSA'), doctorId: 'muto' };
      const r = await local.service.validate(f);
      assert.ok(r.ok);
      assert.match(errorOn(r.value.problems, 'doctorId').message, /Medici e operatori.*recapito del medico/);
    } finally {
      await local.close();
    }
  });

  test('a discipline outside the national list is on discipline', async () => {
    const f = sampleForm('RSA');
    f.discipline = 'AD_PSC555';
    errorOn(await problemsOf(f), 'discipline');
  });

  test('a malformed service date is on serviceDate', async () => {
    const f = sampleForm('RSA');
    f.serviceDate = '31/02/2026';
    assert.match(errorOn(await problemsOf(f), 'serviceDate').message, /data e ora non valide/);
  });
});

describe('warnings', () => {
  test('a service date in the future is a warning, not an error', async () => {
    const f = sampleForm('RSA');
    f.serviceDate = formDateTime(daysFrom(2));
    f.documentDate = formDateTime(daysFrom(2));
    const ps = await problemsOf(f);
    assert.deepEqual(errors(ps), []);
    assert.ok(
      ps.some((p) => p.field === 'serviceDate' && p.severity === 'warning' && /nel futuro/.test(p.message)),
      JSON.stringify(ps),
    );
    assert.ok(ps.some((p) => p.field === 'documentDate' && p.severity === 'warning'));
  });

  test('a report dated before its service is a warning', async () => {
    const f = sampleForm('LAB');
    f.serviceDate = formDateTime(daysFrom(-1));
    f.documentDate = formDateTime(daysFrom(-2));
    const ps = await problemsOf(f);
    assert.ok(ps.some((p) => p.field === 'documentDate' && p.severity === 'warning' && /precedente/.test(p.message)));
  });
});

describe('the tax code prefills birth date and sex', () => {
  test('a man born in 1931 (check the century against today)', () => {
    assert.deepEqual(birthFromFiscalCode('RMSLSO31M04Z404R', testNow()), { birthDate: '1931-08-04', sex: 'M' });
  });
  test('a woman: day + 40', () => {
    assert.deepEqual(birthFromFiscalCode('MNTMRA03M71C615V', testNow()), { birthDate: '2003-08-31', sex: 'F' });
  });
  test('omocodia letters are read as digits', () => {
    // Omocodia replaces digits with L M N P Q R S T U V (0–9): 80 is written UL.
    assert.deepEqual(birthFromFiscalCode('RSSMRAULA01H501U', testNow()), { birthDate: '1980-01-01', sex: 'M' });
  });
  test('not a tax code: undefined', () => {
    assert.equal(birthFromFiscalCode('ABC', testNow()), undefined);
    assert.equal(birthFromFiscalCode('RSSMRA80B31H501U', testNow()), undefined); // 31 February
  });
  test('an empty birth date and sex on the form are taken from the tax code', async () => {
    const f = sampleForm('RSA');
    assert.equal(f.patient.birthDate, '');
    assert.deepEqual(errors(await problemsOf(f)), []);
  });
});

test('emptyReportForm preselects the only doctor, the discipline and the regime of the repository', () => {
  const f = emptyReportForm('LAB', { clinic: { repository: '201' }, doctors: [{ id: 'x', discipline: 'AD_PSC008' }] }, testNow());
  assert.equal(f.doctorId, 'x');
  assert.equal(f.discipline, 'AD_PSC008');
  assert.equal(f.administrativeRequest, 'SSN');
  assert.equal(f.lab!.results.length, 1);
  assert.equal(emptyReportForm('RSA', { clinic: { repository: '999' } }).administrativeRequest, 'NOSSN');
  assert.equal(emptyReportForm('RSA', { clinic: { repository: '999' } }).serviceDate, '');
});
