#!/usr/bin/env node
// npm run bench:startup — start-up figures of the built code (dist/, so run `npm run build:node` first):
//  1. `fse-desk --help`: wall time and peak RSS (targets ≤ 150 ms, ≤ 80 MB);
//  2. `fse-desk validate` on one CDA: wall time beyond a bare `node -e 0` of the same run (target ≤ 300 ms)
//     and peak RSS (needs the build's artefacts, as shipped: the compiled schematron, `npm run
//     build:schematron`, and the terminology index, `npm run build:terminology`; a warning says which is missing);
//  3. the browser shell (dist/main/shell/start.js) until it prints its URL, i.e. serves.
// Each figure is printed as an absolute value and as a ratio to the same-run baseline (`node -e 0`), so
// figures of different machines and loads compare. Also the child's CPU time (user + system), which a
// busy machine inflates less than wall time. Prints, never asserts: timings are not tests.
//
// Peak RSS and CPU time are the child's own (getrusage: process.resourceUsage()), written on exit by a
// three-line --import preload that the baseline carries too; for the shell, read from /proc at the moment
// it serves where there is a /proc (Linux). No `/usr/bin/time` needed.
//
//   npm run bench:startup -- [--runs 7] [--cda <file.xml> --type RSA|LAB|RAD]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 7);
const BIN = join(ROOT, 'bin', 'fse-desk.js');
const SHELL = join(ROOT, 'dist', 'main', 'shell', 'start.js');
// The shared reference pack sits beside the checkout (as in the CDA tests); --cda picks another file.
const CDA = resolve(arg('cda') ?? join(ROOT, '..', 'shared', 'reference', 'cda', 'examples', 'RSA.xml'));
const CDA_TYPE = arg('type') ?? 'RSA';
/** Linux's USER_HZ, the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_S = 100;

for (const [file, how] of [
  [join(ROOT, 'dist', 'main', 'cli', 'main.js'), 'npm run build:node'],
  [CDA, 'pass --cda <file.xml> --type <RSA|LAB|RAD>'],
]) {
  if (!existsSync(file)) {
    process.stderr.write(`bench:startup: ${file} is missing (${how})\n`);
    process.exit(1);
  }
}
// Without them validate still runs, but does other work than a shipped app: say so rather than time it silently.
for (const [file, how] of [
  [join(ROOT, 'build', 'schematron'), 'npm run build:schematron: validate reports "Schematron non disponibile"'],
  [join(ROOT, 'build', 'terminology', 'index.json'), 'npm run build:terminology: validate parses the terminology CSV tables'],
]) {
  if (!existsSync(file)) process.stderr.write(`bench:startup: warning: ${file} is missing (${how})\n`);
}

const work = mkdtempSync(join(tmpdir(), 'fse-desk-bench-startup-'));
// The preload: report this process's peak RSS (KiB on Linux and macOS) and CPU time (µs) on exit.
const reporter = join(work, 'report-usage.mjs');
writeFileSync(
  reporter,
  "import { writeFileSync } from 'node:fs';\n" +
    'const file = process.env.BENCH_STARTUP_USAGE_FILE;\n' +
    "if (file) process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(file, JSON.stringify({ rssKiB: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime })); });\n",
);

/** Peak RSS (KiB) and CPU time (µs) of a running process so far, from /proc; undefined where there is no /proc. */
function procUsage(pid) {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    // Fields after the command name "(…)": state is field 3, utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return hwm ? { rssKiB: Number(hwm[1]), cpuUs: (ticks / CLOCK_TICKS_PER_S) * 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one child; resolves with its wall time (spawn → exit, or spawn → the first stdout line when
 * `untilLine`, after which the child is sent SIGTERM), its peak RSS in bytes and its CPU time in ms.
 */
function runOnce(args, { untilLine = false, env = {} } = {}) {
  const usageFile = join(work, `usage-${process.hrtime.bigint()}`);
  return new Promise((done, fail) => {
    const t0 = process.hrtime.bigint();
    let ms;
    let atLine;
    const child = spawn(process.execPath, ['--import', pathToFileURL(reporter).href, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, BENCH_STARTUP_USAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    if (untilLine) {
      createInterface({ input: child.stdout }).once('line', () => {
        ms = Number(process.hrtime.bigint() - t0) / 1e6;
        // Where there is no /proc, the exit report, after a pause for the child to install its signal handlers.
        atLine = procUsage(child.pid);
        setTimeout(() => child.kill('SIGTERM'), atLine === undefined ? 300 : 0);
      });
    } else child.stdout.resume();
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (!untilLine) ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // validate exits 1 for an invalid CDA: still a full validation. A server must have printed its line.
      if (untilLine ? ms === undefined : code !== 0 && code !== 1) {
        fail(new Error(`node ${args.join(' ')} exited with ${code ?? signal}: ${stderr}`));
        return;
      }
      const usage = atLine ?? (existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : { rssKiB: NaN, cpuUs: NaN });
      rmSync(usageFile, { force: true });
      done({ ms, rss: usage.rssKiB * 1024, cpu: usage.cpuUs / 1000 });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const shellData = mkdtempSync(join(work, 'shell-data-'));
const cases = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'fse-desk --help', args: [BIN, '--help'], targetMs: 150, targetMb: 80 },
  { name: `fse-desk validate (${CDA_TYPE})`, args: [BIN, 'validate', '--type', CDA_TYPE, '--cda', CDA], targetBeyondMs: 300 },
  ...(existsSync(SHELL) ? [{ name: 'browser shell until it serves', args: [SHELL], untilLine: true, env: { FSE_DESK_DATA_DIR: shellData, PORT: '0' } }] : []),
];

try {
  // One untimed round first (disk cache), then RUNS rounds, the cases interleaved so that a change of
  // machine load touches them all alike.
  const samples = cases.map(() => ({ ms: [], rss: [], cpu: [] }));
  for (let round = 0; round <= RUNS; round++) {
    for (const [i, c] of cases.entries()) {
      const r = await runOnce(c.args, c);
      if (round === 0) continue;
      for (const k of ['ms', 'rss', 'cpu']) samples[i][k].push(r[k]);
    }
  }
  const fig = cases.map((c, i) => ({ ...c, ms: median(samples[i].ms), rss: median(samples[i].rss), cpu: median(samples[i].cpu) }));
  const base = fig[0];
  const MB = (b) => (b / 1048576).toFixed(1);
  const pad = (s, n) => String(s).padStart(n);
  const cols = [
    ['wall ms', 9],
    ['beyond', 8],
    ['× base', 8],
    ['cpu ms', 8],
    ['× base', 8],
    ['peak MB', 9],
    ['× base', 8],
  ];
  process.stdout.write(
    `bench:startup — node ${process.version}, ${process.platform}/${process.arch}, medians of ${RUNS} runs; "beyond" = minus the baseline\n`,
  );
  process.stdout.write(`${'case'.padEnd(32)}${cols.map(([t, n]) => pad(t, n)).join('')}  target\n`);
  for (const f of fig) {
    const beyond = f.ms - base.ms;
    const target = [
      f.targetMs ? `≤ ${f.targetMs} ms ${f.ms <= f.targetMs ? 'met' : 'MISSED'}` : '',
      f.targetMb ? `≤ ${f.targetMb} MB ${f.rss / 1048576 <= f.targetMb ? 'met' : 'MISSED'}` : '',
      f.targetBeyondMs ? `≤ ${f.targetBeyondMs} ms beyond ${beyond <= f.targetBeyondMs ? 'met' : 'MISSED'}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const values = [
      f.ms.toFixed(0),
      f === base ? '' : beyond.toFixed(0),
      (f.ms / base.ms).toFixed(2),
      f.cpu.toFixed(0),
      (f.cpu / base.cpu).toFixed(2),
      MB(f.rss),
      (f.rss / base.rss).toFixed(2),
    ];
    process.stdout.write(`${f.name.padEnd(32)}${values.map((v, i) => pad(v, cols[i][1])).join('')}  ${target}\n`);
  }
  if (!existsSync(SHELL)) process.stdout.write(`(browser shell skipped: ${SHELL} is not built)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
