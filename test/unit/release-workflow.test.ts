// The release recipe (.github/workflows/release.yml) cannot run here (no internet, no macOS or Windows):
// its shape is checked instead, read with electron-builder's own YAML parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const requireFromBuilder = createRequire(createRequire(createRequire(import.meta.url).resolve('electron-builder')).resolve('app-builder-lib'));
const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  'runs-on': string;
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
}
const workflow = yaml.load(readFileSync('.github/workflows/release.yml', 'utf8')) as {
  on: { push: { tags: string[] } };
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const { test: testJob, build, publish } = workflow.jobs as Record<'test' | 'build' | 'publish', Job>;
const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

test('a release starts from a tag v*', () => {
  assert.deepEqual(workflow.on.push.tags, ['v*']);
});

test('every job uses Node 22 (at least 22.12, checked before the tests)', () => {
  assert.match(workflow.env.NODE_VERSION!, /^22(\.x)?$/);
  for (const job of [testJob, build]) {
    const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.equal(setup?.with?.['node-version'], '${{ env.NODE_VERSION }}');
  }
  assert.match(runs(testJob), /a<22\|\|\(a===22&&b<12\)/);
});

test('the Linux job runs the README’s test command before anything is built', () => {
  assert.equal(testJob['runs-on'], 'ubuntu-latest');
  assert.match(runs(testJob), /npm test && xvfb-run -a npm run test:shifted/);
  assert.match(readFileSync('README.md', 'utf8'), /npm test && npm run test:shifted/);
  assert.match(runs(testJob), /apt-get install -y --no-install-recommends python3-lxml libxml2-utils poppler-utils qpdf openssl ca-certificates faketime/);
  assert.equal(build.needs, 'test');
});

test('installers are built on Windows, macOS and Linux with electron-builder --publish always, and uploaded', () => {
  assert.deepEqual(build.strategy?.matrix.os, ['windows-latest', 'macos-latest', 'ubuntu-latest']);
  assert.match(runs(build), /electron-builder --config electron-builder\.yml --publish always/);
  assert.ok(build.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@')));
  assert.equal(publish.needs, 'build');
});

test('macOS signing and notarisation, and Windows signing, come from the repository secrets', () => {
  const env = build.steps.find((s) => /--publish always/.test(s.run ?? ''))?.env ?? {};
  for (const name of ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) {
    assert.match(env[name] ?? '', new RegExp(`secrets\\.${name}\\b`), name);
  }
});

test('nothing is published while electron-builder.yml still has a placeholder (feed URL, Windows publisher)', () => {
  const guard = /grep -nE '([^']+)' electron-builder\.yml/.exec(runs(build));
  assert.ok(guard, 'the build job greps electron-builder.yml for the placeholders');
  const placeholder = new RegExp(guard[1]!);
  // As written in the repository until a maintainer sets the real values (README "Releases").
  assert.match('  url: https://updates.fse-desk.invalid/fse-desk/', placeholder);
  assert.match("    publisherName: FSE Desk (replace with the code-signing certificate's CN)", placeholder);
  assert.doesNotMatch('  url: https://aggiornamenti.example.it/fse-desk/', placeholder);
});
