#!/usr/bin/env node
// Compiles the official schematron files (resources/cda/schematron/*.sch) into SaxonJS
// stylesheets (build/schematron/<name>.sef.json) at BUILD time, so the app validates CDAs
// offline without Java and without compiling anything at start-up.
//
// Route (docs/cda-validation.md §4): the ISO Schematron skeleton (XSLT 1
// edition, shipped by Debian's python3-lxml) turns the .sch into an XSLT, which is then marked
// XSLT 2.0 so XPath 2 functions (matches(), ...) evaluate as on the gateway (Saxon HE), and
// compiled by the `xslt3` npm package into a .sef.json.
//
// Usage: node scripts/build-schematron.mjs [--all] [--only RSA,LAB,...] [--optional] [--quiet]
//   default: RSA 8.3, LAB 27.1, RAD 4.1 and the other files the skeleton can compile are NOT
//   built unless --all is given (RAP/ErF/ErS use <let> with element content, which the XSLT 1
//   skeleton cannot compile; they are skipped with a message).
//   --optional: when the skeleton is not installed, print why and exit 0 instead of 1.
// Results are cached by a hash of the .sch, the skeleton and the compiler version: a rerun with
// nothing changed only reads a few files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schDir = join(root, 'resources', 'cda', 'schematron');
const outDir = join(root, 'build', 'schematron');
const require = createRequire(import.meta.url);

/** Bump when the compile pipeline changes, so cached outputs are rebuilt. */
const PIPELINE_VERSION = '1';
const DEFAULT_FILES = ['schematron_RSA_v8.3.sch', 'schematronFSE_LAB_v27.1.sch', 'schematronFSE_RAD_v4.1.sch'];
/** Files whose <let> elements have content: the XSLT 1 skeleton cannot compile them (docs/cda-validation.md §4). */
const UNSUPPORTED = new Set(['schematronFSE_RAP_1.4.sch', 'schematronFSE_ErF_1.1.sch', 'schematronFSE_ErS_1.1.sch', 'schematron_ErF_NoSSN_1.2.sch']);

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const optional = flag('--optional');
const quiet = flag('--quiet');
const log = (msg) => {
  if (!quiet) process.stderr.write(msg + '\n');
};

function findSkeletonDir() {
  const fromEnv = process.env.SCHEMATRON_SKELETON_DIR;
  if (fromEnv) return existsSync(join(fromEnv, 'iso_svrl_for_xslt1.xsl')) ? fromEnv : undefined;
  // Debian's python3-lxml package first; else any Python's lxml (pip install lxml), which ships the
  // same files — the route for release machines on Windows and macOS.
  const r = spawnSync('dpkg', ['-L', 'python3-lxml'], { encoding: 'utf8' });
  const line = r.status === 0 && r.stdout ? r.stdout.split('\n').find((l) => l.endsWith('/iso-schematron-xslt1')) : undefined;
  if (line && existsSync(join(line, 'iso_svrl_for_xslt1.xsl'))) return line;
  for (const python of ['python3', 'python']) {
    const py = spawnSync(
      python,
      ['-c', 'import os, lxml.isoschematron as s; print(os.path.join(os.path.dirname(s.__file__), "resources", "xsl", "iso-schematron-xslt1"))'],
      { encoding: 'utf8' },
    );
    const dir = py.status === 0 ? py.stdout.trim() : '';
    if (dir && existsSync(join(dir, 'iso_svrl_for_xslt1.xsl'))) return dir;
  }
  return undefined;
}

function selectFiles() {
  const onlyIdx = argv.indexOf('--only');
  const all = readdirSync(schDir)
    .filter((f) => f.endsWith('.sch'))
    .sort();
  if (onlyIdx >= 0) {
    const wanted = (argv[onlyIdx + 1] ?? '')
      .split(',')
      .filter(Boolean)
      .map((s) => s.toUpperCase());
    return all.filter((f) => wanted.some((w) => f.toUpperCase().includes(`_${w}_`)));
  }
  if (flag('--all')) return all;
  return DEFAULT_FILES;
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

function runXslt3(args) {
  const xslt3 = require.resolve('xslt3/xslt3.js');
  const r = spawnSync(process.execPath, [xslt3, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`xslt3 ${args.join(' ')} failed: ${(r.stderr || r.stdout || '').trim().slice(0, 2000)}`);
}

/** Several test processes may ask for the same build at once: one compiles, the others wait. */
function withLock(fn) {
  const lock = join(outDir, '.lock');
  mkdirSync(outDir, { recursive: true });
  const deadline = Date.now() + 10 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a process that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10 * 60 * 1000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* vanished meanwhile */
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for the schematron build lock');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function main() {
  const skel = findSkeletonDir();
  if (!skel) {
    const msg =
      'build-schematron: the ISO Schematron skeleton (iso-schematron-xslt1, from the Debian package python3-lxml) ' +
      'was not found. Install it with "apt-get install python3-lxml" (or "pip install lxml"), or set SCHEMATRON_SKELETON_DIR.';
    process.stderr.write(msg + (optional ? ' Skipped (--optional).\n' : '\n'));
    return optional ? 0 : 1;
  }
  const skelHash = sha256(
    ...readdirSync(skel)
      .filter((f) => f.endsWith('.xsl'))
      .sort()
      .map((f) => readFileSync(join(skel, f))),
  );
  const compilerVersion = JSON.parse(readFileSync(require.resolve('xslt3/package.json'), 'utf8')).version;
  let failures = 0;
  withLock(() => {
    for (const file of selectFiles()) {
      const name = file.replace(/\.sch$/, '');
      if (UNSUPPORTED.has(file)) {
        log(`build-schematron: ${file} skipped (<let> with element content is not supported by the XSLT 1 skeleton)`);
        continue;
      }
      const sch = readFileSync(join(schDir, file));
      const hash = sha256(PIPELINE_VERSION, compilerVersion, skelHash, sch);
      const sef = join(outDir, `${name}.sef.json`);
      const stamp = `${sef}.sha256`;
      if (existsSync(sef) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) {
        log(`build-schematron: ${name} up to date`);
        continue;
      }
      const started = Date.now();
      const tmp = join(outDir, `.tmp-${name}-${process.pid}`);
      mkdirSync(tmp, { recursive: true });
      try {
        // The XSLT 1 skeleton only accepts queryBinding "xslt"; the output is then declared XSLT 2.0
        // so that Saxon evaluates the tests with XPath 2 semantics, as the gateway does.
        writeFileSync(join(tmp, 'in.sch'), sch.toString('utf8').replace('queryBinding="xslt2"', 'queryBinding="xslt"'));
        runXslt3([`-s:${join(tmp, 'in.sch')}`, `-xsl:${join(skel, 'iso_svrl_for_xslt1.xsl')}`, `-o:${join(tmp, 'xslt1.xsl')}`]);
        const xsl1 = readFileSync(join(tmp, 'xslt1.xsl'), 'utf8');
        const xsl2 = xsl1.replace('version="1.0">', 'version="2.0">');
        writeFileSync(join(tmp, 'xslt2.xsl'), xsl2);
        runXslt3([`-xsl:${join(tmp, 'xslt2.xsl')}`, `-export:${join(tmp, 'out.sef.json')}`, '-nogo']);
        renameSync(join(tmp, 'out.sef.json'), sef);
        writeFileSync(stamp, hash + '\n');
        log(`build-schematron: ${name} compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (err) {
        failures++;
        process.stderr.write(`build-schematron: ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  });
  return failures ? 1 : 0;
}

process.exitCode = main();
