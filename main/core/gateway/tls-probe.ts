// Tells whether the server refuses our client certificate, when an exchange died without an answer.
// Why: with TLS 1.3 the server checks the client certificate after the client already considers
// the handshake done and has written its request; servers that verify in application code (Node,
// like the stand-in) then just close the socket with no TLS alert, which looks like a dropped
// connection. A second, idle connection tells them apart: a server that accepted the certificate
// waits for a request, one that refused it hangs up at once (or sends the alert).
import { connect, type ConnectionOptions } from 'node:tls';

const REFUSAL_ALERT =
  /ALERT_(BAD_CERTIFICATE|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED|ACCESS_DENIED)/;

/** Resolves true when the server closes (or alerts) an idle, freshly authenticated connection within waitMs. */
export function clientCertificateRefused(url: URL, options: ConnectionOptions, waitMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (refused: boolean): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve(refused);
    };
    const socket = connect({ ...options, host: url.hostname, port: Number(url.port || 443) });
    socket.setTimeout(waitMs * 4, () => done(false));
    socket.on('secureConnect', () => {
      timer = setTimeout(() => done(false), waitMs);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => done(socket.authorized && (REFUSAL_ALERT.test(err.code ?? '') || err.code === 'ECONNRESET')));
    socket.on('close', () => done(socket.authorized));
    socket.on('end', () => done(socket.authorized));
  });
}
