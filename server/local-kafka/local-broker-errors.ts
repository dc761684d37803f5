import { EventlineError } from '../../lib/eventline-error';

// Errors of the project's own local Kafka (server/local-kafka/local-broker.ts). Each message is
// one line that tells a developer what to do; none is retriable by calling again as-is,
// except a broker that did not become ready (a slow machine may make it next time).

export class JavaMissingError extends EventlineError {
  constructor(readonly javaCommand: string, cause?: unknown) {
    super(`Java was not found (tried "${javaCommand}"): install a JDK 17 or newer (e.g. apt install openjdk-17-jre-headless) or set JAVA_HOME.`, {
      code: 'LOCAL_KAFKA_JAVA_MISSING',
      cause,
    });
  }
}

export class JavaTooOldError extends EventlineError {
  constructor(readonly found: string, readonly major: number) {
    super(`Java ${found} is too old for Kafka: install a JDK 17 or newer, or point JAVA_HOME at one.`, {
      code: 'LOCAL_KAFKA_JAVA_TOO_OLD',
    });
  }
}

export class MavenMissingError extends EventlineError {
  constructor(readonly cacheDir: string, cause?: unknown) {
    super(`Maven (mvn) was not found and Kafka's jars are not cached in ${cacheDir}: install Maven 3.6+ (e.g. apt install maven) once to fetch them.`, {
      code: 'LOCAL_KAFKA_MAVEN_MISSING',
      cause,
    });
  }
}

export class MavenCentralUnreachableError extends EventlineError {
  constructor(readonly version: string, readonly detail: string) {
    super(`Cannot fetch Kafka ${version} from Maven Central and it is not cached yet: check the network or proxy (Maven said: ${detail}).`, {
      code: 'LOCAL_KAFKA_MAVEN_UNREACHABLE',
      retriable: true,
    });
  }
}

export class KafkaVersionNotFoundError extends EventlineError {
  constructor(readonly version: string) {
    super(`Kafka ${version} is not on Maven Central as org.apache.kafka:kafka_2.13: pick a released version (e.g. 3.9.1) with --version or KAFKA_VERSION.`, {
      code: 'LOCAL_KAFKA_VERSION_NOT_FOUND',
    });
  }
}

export class KafkaJarFetchError extends EventlineError {
  constructor(readonly version: string, readonly detail: string) {
    super(`Maven could not fetch Kafka ${version}'s jars: ${detail}`, { code: 'LOCAL_KAFKA_FETCH_FAILED' });
  }
}

export class PortTakenError extends EventlineError {
  constructor(readonly port: number, readonly role: 'broker' | 'controller') {
    super(`Port ${port} on 127.0.0.1 (Kafka ${role} listener) is already in use: stop whatever listens there or choose another port.`, {
      code: 'LOCAL_KAFKA_PORT_TAKEN',
    });
  }
}

export class BrokerNotReadyError extends EventlineError {
  constructor(readonly reason: string, readonly logFile: string, readonly logTail: string[]) {
    const tail = logTail.length ? ` Last lines of ${logFile}:\n${logTail.join('\n')}` : ` ${logFile} is empty.`;
    super(`Local Kafka did not become ready: ${reason}; see ${logFile}.${tail}`, {
      code: 'LOCAL_KAFKA_NOT_READY',
      retriable: true,
    });
  }
}

export class DataDirInUseError extends EventlineError {
  constructor(readonly dataDir: string, readonly pid: number, readonly brokers: string[]) {
    const where = brokers.length ? ` at ${brokers.join(',')}` : '';
    super(`${dataDir} is in use by another local Kafka (process ${pid}${where}): stop it, connect to it with KAFKA_BROKERS, or use another data folder.`, {
      code: 'LOCAL_KAFKA_DATA_DIR_IN_USE',
    });
  }
}
