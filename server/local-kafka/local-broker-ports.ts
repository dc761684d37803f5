import net from 'node:net';
import { PortTakenError } from './local-broker-errors';

export const DEFAULT_BROKER_PORT = 9092;
export const DEFAULT_CONTROLLER_PORT = 9093;

/** True if a listener could bind host:port right now (the broker binds 127.0.0.1 only). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free now; the broker binds it a moment later (a small race we accept). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * An explicit port must be free (else PortTakenError); 0 means any free port; no port
 * means the default if it is free, else any free port — said in a log line, since a
 * developer's tools may expect 9092.
 */
export async function choosePorts(
  requested: { port?: number; controllerPort?: number },
  log: (line: string) => void,
): Promise<{ port: number; controllerPort: number }> {
  const pick = async (want: number | undefined, fallback: number, role: 'broker' | 'controller', avoid?: number) => {
    if (want !== undefined && want !== 0) {
      if (!(await isPortFree(want))) throw new PortTakenError(want, role);
      return want;
    }
    let port = 0;
    while (port === 0 || port === avoid) port = await freePort();
    if (want === undefined && fallback !== 0 && fallback !== avoid) {
      if (await isPortFree(fallback)) return fallback;
      log(`port ${fallback} is taken; the ${role} listener uses ${port} instead`);
    }
    return port;
  };
  const port = await pick(requested.port, DEFAULT_BROKER_PORT, 'broker');
  // 9093 only beside 9092: a broker moved elsewhere (the e2e one on 19192) must not race a
  // developer's default `npm start` for 9093; nothing outside the broker dials its controller.
  const controllerFallback = port === DEFAULT_BROKER_PORT ? DEFAULT_CONTROLLER_PORT : 0;
  const controllerPort = await pick(requested.controllerPort, controllerFallback, 'controller', port);
  if (controllerPort === port) throw new PortTakenError(port, 'controller');
  return { port, controllerPort };
}
