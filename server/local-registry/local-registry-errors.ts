import { EventlineError } from '../../lib/eventline-error';

// Errors of the project's own local schema registry (Apicurio Registry, see local-registry.ts).
// Each message is one line a developer can act on.

export class RegistryBuildError extends EventlineError {
  constructor(readonly version: string, readonly detail: string) {
    super(`Maven could not build the local schema registry (Apicurio Registry ${version}): ${detail}`, {
      code: 'LOCAL_REGISTRY_BUILD_FAILED',
      retriable: /Could not transfer|transfer failed|Unknown ?host|timed out|Connection refused/i.test(detail),
    });
  }
}

export class RegistryMavenMissingError extends EventlineError {
  constructor(readonly cacheDir: string, cause?: unknown) {
    super(`Maven (mvn) was not found and the local schema registry is not built in ${cacheDir} yet: install Maven 3.6+ (e.g. apt install maven) once to build it.`, {
      code: 'LOCAL_REGISTRY_MAVEN_MISSING',
      cause,
    });
  }
}

export class RegistryNotReadyError extends EventlineError {
  constructor(readonly reason: string, readonly logFile: string, readonly logTail: string[]) {
    const tail = logTail.length ? ` Last lines of ${logFile}:\n${logTail.join('\n')}` : ` ${logFile} is empty.`;
    super(`The local schema registry did not become ready: ${reason}; see ${logFile}.${tail}`, {
      code: 'LOCAL_REGISTRY_NOT_READY',
      retriable: true,
    });
  }
}

export class RegistryPortTakenError extends EventlineError {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 (local schema registry) is already in use: stop whatever listens there or choose another port.`, {
      code: 'LOCAL_REGISTRY_PORT_TAKEN',
    });
  }
}
