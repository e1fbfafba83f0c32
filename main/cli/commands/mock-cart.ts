import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { EXIT, type CliCommand } from '../command.js';
import { systemClock } from '../../core/shared/index.js';
import { BUILT_IN_SOFTWARE_IDENTITY } from '../../../contract/software-identity.js';

// The stand-in (and undici, pdf-lib, node-forge with it) loads when this command runs, never with the CLI.
const loadStandIn = () => import('../../../mock-cart/server.js');
const startMockCartWithTestPki: Awaited<ReturnType<typeof loadStandIn>>['startMockCartWithTestPki'] = async (...args) =>
  (await loadStandIn()).startMockCartWithTestPki(...args);

const PASSWORD_ENV = 'FSE_MOCK_CART_PASSWORD';

/** Starts the stand-in CART gateway with a throw-away test PKI and runs until SIGINT/SIGTERM. */
export const mockCart: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, 'state-dir': { type: 'string' }, 'latency-ms': { type: 'string' }, 'write-profile': { type: 'string' } },
      strict: true,
    });
    const port = values.port === undefined ? 0 : Number(values.port);
    const latencyMs = values['latency-ms'] === undefined ? 0 : Number(values['latency-ms']);
    if (!values['state-dir'] || !Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(latencyMs) || latencyMs < 0) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    // The stand-in's frontier accepts only the registered product triple, as the real one does: the app's built-in
    // identity, which the demo profile (written without a software override) sends.
    const software = { ...BUILT_IN_SOFTWARE_IDENTITY };
    const { cart, pki } = await startMockCartWithTestPki({
      stateDir: resolve(values['state-dir']),
      port,
      latencyMs,
      now: systemClock,
      registeredSoftware: software,
    });
    if (values['write-profile']) {
      // A ready-to-use demo profile (training, demos): the example clinic, pointed at this stand-in.
      const profile = {
        environment: 'custom',
        baseUrl: cart.url,
        trustedCaFile: pki.caFile,
        authCertificate: { p12: pki.authP12, passwordEnv: PASSWORD_ENV },
        signatureCertificate: { p12: pki.signatureP12, passwordEnv: PASSWORD_ENV },
        documentSigner: { p12: pki.signerP12, passwordEnv: PASSWORD_ENV },
        clinic: {
          name: 'Poliambulatorio San Frediano',
          fiscalCode: '01386030488',
          istatCode: '048017',
          repository: '999',
          structureType: 'Territorio',
          organizationalSetting: 'AD_PSC107',
          locality: 'POLIAMBULATORIO SAN FREDIANO^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
          address: { street: 'Via di Camaldoli 12', city: 'Firenze', postalCode: '50124', province: 'FI' },
          phone: '055 123456',
        },
        operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
        dataDir: resolve(values['state-dir'], 'client-data'),
      };
      writeFileSync(resolve(values['write-profile']), JSON.stringify(profile, null, 2) + '\n');
    }
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
        ...(values['write-profile'] ? { profile: resolve(values['write-profile']) } : {}),
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
