import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command.js';
import { startMockCartWithTestPki } from '../../mock-cart/server.js';

const PASSWORD_ENV = 'FSE_MOCK_CART_PASSWORD';

/** Starts the stand-in CART gateway with a throw-away test PKI and runs until SIGINT/SIGTERM. */
export const mockCart: CliCommand = {
  words: ['mock-cart'],
  usage: 'fse-desk mock-cart --port <n> --state-dir <dir> [--latency-ms <n>]',
  summary: 'Run the stand-in CART gateway (test PKI, JSON with URL, CA and PKCS#12 paths on stdout)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, 'state-dir': { type: 'string' }, 'latency-ms': { type: 'string' } }, strict: true });
    const port = values.port === undefined ? 0 : Number(values.port);
    const latencyMs = values['latency-ms'] === undefined ? 0 : Number(values['latency-ms']);
    if (!values['state-dir'] || !Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(latencyMs) || latencyMs < 0) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.badInput;
    }
    const { cart, pki } = await startMockCartWithTestPki({ stateDir: resolve(values['state-dir']), port, latencyMs });
    // The password belongs to a throw-away test PKI generated for this state dir: printing it is the point.
    io.out(
      JSON.stringify({
        url: cart.url,
        audience: cart.audience,
        caFile: pki.caFile,
        authP12: pki.authP12,
        signatureP12: pki.signatureP12,
        signerP12: pki.signerP12,
        password: pki.password,
        passwordEnvHint: `export ${PASSWORD_ENV}='${pki.password}' and set passwordEnv: "${PASSWORD_ENV}" in the profile certificates`,
      }) + '\n',
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void cart.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};
