import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatWrittenDate as italianDate, formatWrittenDateTime as italianDateTime } from '../../../contract/format-it.js';
import { inspectPdf } from '../../../main/core/document/pdf/inspect.js';
import { renderReportPdf } from '../../../main/core/document/pdf/render-report.js';
import { NOW, run, sampleView, tempDir, writeTemp } from './support.js';

describe('Italian dates', () => {
  it('writes an ISO date as day, Italian month name and year', () => {
    assert.equal(italianDate('2026-11-23T10:30:00+01:00'), '23 novembre 2026');
    assert.equal(italianDate('1980-01-01'), '1 gennaio 1980');
  });
  it('keeps the clock time written in the ISO string, whatever the machine time zone', () => {
    assert.equal(italianDateTime('2026-03-05T23:50:00+01:00'), '5 marzo 2026, ore 23:50');
  });
  it('returns text that is not an ISO date unchanged', () => {
    assert.equal(italianDate('ieri'), 'ieri');
  });
});

describe('renderReportPdf', () => {
  it('renders an A4 page whose text is readable, accents included', async () => {
    const dir = tempDir();
    const file = writeTemp(dir, 'report.pdf', await renderReportPdf(sampleView(), { now: NOW }));
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout;
    for (const expected of [
      'Poliambulatorio Santa Maria Novella',
      'Referto di specialistica ambulatoriale',
      'Niccolò D’Angelo',
      'Dott.ssa Lucía Pèrez Ribó',
      'DNGNCL80A01D612X',
      'Quesito diagnostico',
      'Anamnesi',
      'Esame obiettivo',
      'Conclusioni',
      'Suggerimenti',
      'Specialità: Cardiologia',
      '23 novembre 2026, ore 10:30',
      'Data di nascita: 1 gennaio 1980',
      'Pressione arteriosa sistolica',
      'Pagina 1 di 1',
      'RSA-01386030488-20261123-000123 - versione 1',
    ]) {
      assert.ok(text.includes(expected), `missing in page text: ${expected}`);
    }
    const info = run('pdfinfo', [file]).stdout;
    assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    // A person can look at the first page.
    const artifacts = join(process.cwd(), 'test-artifacts', 'pdf');
    mkdirSync(artifacts, { recursive: true });
    run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page1')]);
    copyFileSync(join(dir, 'page1.png'), join(artifacts, 'report-page1.png'));
    copyFileSync(file, join(artifacts, 'report.pdf'));
  });

  it('breaks long reports over several pages numbered "Pagina X di Y"', async () => {
    const base = sampleView();
    const long = sampleView({
      sections: [
        ...base.sections,
        { title: 'Decorso', paragraphs: ['Il paziente riferisce miglioramento dei sintomi dopo la modifica della terapia. '.repeat(150)] },
        {
          title: 'Esami eseguiti',
          paragraphs: [],
          table: { headers: ['Esame', 'Esito'], rows: Array.from({ length: 60 }, (_, i) => [`Esame n. ${i + 1}`, 'Nella norma']) },
        },
      ],
    });
    const dir = tempDir();
    const file = writeTemp(dir, 'long.pdf', await renderReportPdf(long, { now: NOW }));
    const { pages } = await inspectPdf(readFileSync(file));
    assert.ok(pages >= 3, `expected at least 3 pages, got ${pages}`);
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout;
    for (let p = 1; p <= pages; p++) assert.ok(text.includes(`Pagina ${p} di ${pages}`), `missing "Pagina ${p} di ${pages}"`);
    assert.ok(text.includes('Esame n. 60'));
  });

  it('gives byte-identical output for the same view and the same time', async () => {
    const a = await renderReportPdf(sampleView(), { now: NOW });
    const b = await renderReportPdf(sampleView(), { now: NOW });
    assert.ok(Buffer.from(a).equals(Buffer.from(b)));
  });

  it('writes the information dictionary and an XMP packet from the inputs, not the clock, with no PDF/A claim', async () => {
    const dir = tempDir();
    const file = writeTemp(dir, 'meta.pdf', await renderReportPdf(sampleView(), { now: NOW, creator: 'FSE Desk 0.1.0' }));
    const info = run('pdfinfo', [file]).stdout;
    assert.match(info, /Title:\s+Referto di specialistica ambulatoriale/);
    assert.match(info, /Creator:\s+FSE Desk 0\.1\.0/);
    assert.match(info, /CreationDate:\s+Mon Nov 23 09:45:00 2026 UTC/);
    const xmp = run('pdfinfo', ['-meta', file]).stdout;
    // No validator confirmed PDF/A conformance (README "PDF/A"), so the file must not claim it.
    assert.doesNotMatch(xmp, /pdfaid:part/);
    assert.match(xmp, /<xmp:CreateDate>2026-11-23T09:45:00.000Z<\/xmp:CreateDate>/);
    assert.match(xmp, /<rdf:li xml:lang="x-default">Referto di specialistica ambulatoriale<\/rdf:li>/);
    assert.equal(run('qpdf', ['--check', file]).status, 0);
  });
});
