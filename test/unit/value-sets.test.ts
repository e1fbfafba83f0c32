import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STRUCTURE_TYPES, SUBJECT_ROLES } from '../../contract/profile.js';
import { PRACTICE_SETTINGS, privateClinicFirst, STRUCTURE_TYPE_VALUES, SUBJECT_ROLE_VALUES, type ValueSetEntry } from '../../contract/value-sets.js';

const OPENAPI = '../shared/reference/gateway/swagger_gtw-2026-07.yaml';
const PROVENANCE = readFileSync('resources/value-sets/PROVENANCE.md', 'utf8');

/** Every enum list of a property in the OpenAPI text (each request body repeats it); read as text, no YAML library needed. */
function openApiEnums(property: string): string[][] {
  const lines = readFileSync(OPENAPI, 'utf8').split('\n');
  const lists: string[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() !== `${property}:`) return;
    const indent = line.length - line.trimStart().length;
    const values: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() !== '' && l.length - l.trimStart().length <= indent) break;
      const m = /^\s+- (\S+)\s*$/.exec(l);
      if (m) values.push(m[1]!);
    }
    if (values.length > 0) lists.push(values);
  });
  return lists;
}

/** The codes PROVENANCE.md lists as having no Italian name («Unnamed codes: …»). */
function unnamedInProvenance(): string[] {
  const m = /Unnamed codes: ([^*]*)\.\*\*/.exec(PROVENANCE);
  assert.ok(m, 'PROVENANCE.md states the unnamed codes');
  return m[1] === 'none' ? [] : m[1]!.split(/,\s*/);
}

const named = (set: readonly ValueSetEntry[]) => new Set(set.filter((e) => e.display.trim() !== '').map((e) => e.code));

test('every organisational setting code of the gateway OpenAPI has an Italian name or is listed as unnamed in PROVENANCE', () => {
  const lists = openApiEnums('assettoOrganizzativo');
  assert.ok(lists.length >= 1 && lists[0]!.length > 80, 'the OpenAPI enum was found');
  const names = named(PRACTICE_SETTINGS);
  const unnamed = unnamedInProvenance();
  for (const list of lists) for (const code of list) assert.ok(names.has(code) || unnamed.includes(code), `${code} has no Italian name`);
});

test('the organisational settings hold no code the gateway would refuse', () => {
  const accepted = new Set(openApiEnums('assettoOrganizzativo').flat());
  assert.deepEqual(
    PRACTICE_SETTINGS.map((e) => e.code).filter((c) => !accepted.has(c)),
    [],
  );
});

test('every structure type of the gateway OpenAPI has an Italian name and an explanation, and matches the profile enum', () => {
  for (const list of openApiEnums('tipologiaStruttura')) assert.deepEqual([...list].sort(), [...STRUCTURE_TYPES].sort());
  for (const code of STRUCTURE_TYPES) {
    const e = STRUCTURE_TYPE_VALUES.find((v) => v.code === code);
    assert.ok(e?.display && e.explanation, `${code} is named and explained`);
  }
});

test('every operator role code has an Italian name and the set matches the profile enum', () => {
  assert.deepEqual(SUBJECT_ROLE_VALUES.map((e) => e.code).sort(), [...SUBJECT_ROLES].sort());
  for (const e of SUBJECT_ROLE_VALUES) assert.ok(e.display.length > 2, `${e.code} is named`);
});

test('a private clinic is offered Poliambulatorio, Territorio and the doctor roles first, and not the other actors', () => {
  const codes = (set: readonly ValueSetEntry[]) => privateClinicFirst(set).first.map((e) => e.code);
  assert.ok(codes(PRACTICE_SETTINGS).includes('AD_PSC107'));
  assert.ok(!codes(PRACTICE_SETTINGS).includes('AD_PSC049'), 'intensive care is not offered first');
  assert.deepEqual(codes(STRUCTURE_TYPE_VALUES), ['Territorio', 'Ospedale']);
  assert.ok(codes(SUBJECT_ROLE_VALUES).includes('DRS') && !codes(SUBJECT_ROLE_VALUES).includes('ASS'));
});

test('the names are the source’s: spot checks against the affinity-domain tables', () => {
  const name = (set: readonly ValueSetEntry[], code: string) => set.find((e) => e.code === code)?.display;
  assert.equal(name(PRACTICE_SETTINGS, 'AD_PSC008'), 'Cardiologia');
  assert.equal(name(PRACTICE_SETTINGS, 'AD_PSC100'), 'Laboratorio Analisi Chimico Cliniche');
  assert.equal(name(SUBJECT_ROLE_VALUES, 'DRS'), 'Dirigente sanitario');
  assert.match(STRUCTURE_TYPE_VALUES.find((e) => e.code === 'Territorio')!.explanation!, /specialista territoriale/);
});
