// The app core as the tests open it: a data folder, the browser-shell flavour, passwords in memory, the test
// clock and a silent log; `extra` adds what a test needs (outbox tuning, timeouts, a database key…).
import { createAppCore, type AppCore, type AppCoreOptions } from '../../main/core/app/app-core.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { testClock } from './clock.js';

export function testAppCore(dataDir: string, extra: Partial<AppCoreOptions> = {}): AppCore {
  return createAppCore({
    dataDir,
    version: 'test',
    shell: 'browser-shell',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    now: testClock,
    ...extra,
  });
}
