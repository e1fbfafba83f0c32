// Child-process entry of draft-crash.test.ts: the browser shell on the real core (as test/support/shell.ts starts
// it in-process) on FSE_DESK_DATA_DIR, so the test can kill it with SIGKILL. Prints {url} once it listens.
import { startTestShell } from '../support/shell.js';

const dataDir = process.env.FSE_DESK_DATA_DIR;
if (!dataDir) throw new Error('FSE_DESK_DATA_DIR is required');
const env = await startTestShell(dataDir);
process.on('SIGTERM', () => void env.stop().then(() => process.exit(0)));
process.stdout.write(JSON.stringify({ url: env.shell.url }) + '\n');
