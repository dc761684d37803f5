// Pure renderers for the local broker's files: server.properties, its logging config, and
// which slf4j backend to put next to Kafka's jars. No I/O here, so they are unit-tested.

export type LoggingBackend = {
  /** log4j 1 (reload4j) for Kafka 3.x, log4j 2 for 4.x: each reads a different config. */
  kind: 'log4j1' | 'log4j2';
  groupId: string;
  artifactId: string;
  version: string;
};

export function kafkaMajor(version: string): number {
  const major = Number.parseInt(version, 10);
  if (!Number.isFinite(major)) throw new Error(`Not a Kafka version: "${version}"`);
  return major;
}

/**
 * Kafka declares its slf4j backend compile-only, so we add one. 3.x ships reload4j; 4.x
 * ships log4j 2 but still resolves slf4j-api 1.7.36 (checked on 4.1.1), which needs the
 * slf4j-1 binding `log4j-slf4j-impl` — the slf4j2 binding would silently log nothing.
 * `slf4jMajor` lets the caller correct this if a later Kafka moves to slf4j-api 2.
 */
export function loggingBackendFor(kafkaVersion: string, slf4jMajor = 1): LoggingBackend {
  if (kafkaMajor(kafkaVersion) < 4) {
    return { kind: 'log4j1', groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' };
  }
  const artifactId = slf4jMajor >= 2 ? 'log4j-slf4j2-impl' : 'log4j-slf4j-impl';
  return { kind: 'log4j2', groupId: 'org.apache.logging.log4j', artifactId, version: '2.24.3' };
}

export type ServerPropertiesInput = {
  port: number;
  controllerPort: number;
  logDir: string;
  host?: string;
};

/** Escapes a value for a Java .properties file (backslashes and line breaks). */
function prop(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * A single node that is both broker and controller, with a static one-voter quorum (works
 * on 3.9 and 4.x alike, and needs no --standalone at format time).
 */
export function renderServerProperties(input: ServerPropertiesInput): string {
  const host = input.host ?? '127.0.0.1';
  const entries: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@${host}:${input.controllerPort}`],
    ['listeners', `PLAINTEXT://${host}:${input.port},CONTROLLER://${host}:${input.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${input.port}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['log.dirs', input.logDir],
    // Topics are created on purpose (the admin facade, tests, the demo), never by a typo.
    ['auto.create.topics.enable', 'false'],
    ['num.partitions', 1],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    // One broker: internal topics cannot have more replicas. One partition each keeps the
    // first group join fast (kafkajs loops while __consumer_offsets is being created).
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    // Tests and the demo join groups constantly; the default 3 s delay only slows them.
    ['group.initial.rebalance.delay.ms', 0],
    // A developer's disk: keep 3 days or 512 MiB per partition, whichever comes first, in
    // 64 MiB segments so retention can actually delete (it never deletes the open one).
    ['log.retention.hours', 72],
    ['log.retention.bytes', 512 * 1024 * 1024],
    ['log.segment.bytes', 64 * 1024 * 1024],
    ['log.retention.check.interval.ms', 60_000],
    // Sized for a laptop or a 2-core CI runner rather than a server.
    ['num.network.threads', 2],
    ['num.io.threads', 4],
    ['num.recovery.threads.per.data.dir', 1],
    ['background.threads', 4],
    // The broker is unfenced on a heartbeat; a shorter interval makes it ready sooner.
    ['broker.heartbeat.interval.ms', 500],
  ];
  return `# Written by Eventline (server/local-kafka/local-broker.ts) on every start; edits are lost.\n${entries
    .map(([k, v]) => `${k}=${prop(v)}`)
    .join('\n')}\n`;
}

/**
 * Logging config that sends everything to one rolling file instead of stdout. Request and
 * state-change loggers are INFO-chatty per request/partition, so they are kept at WARN.
 */
export function renderLoggingConfig(kind: LoggingBackend['kind'], logFile: string): string {
  const file = prop(logFile);
  const pattern = '[%d] %p %m (%c)%n';
  if (kind === 'log4j1') {
    return [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.RollingFileAppender',
      `log4j.appender.file.File=${file}`,
      'log4j.appender.file.MaxFileSize=10MB',
      'log4j.appender.file.MaxBackupIndex=3',
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      `log4j.appender.file.layout.ConversionPattern=${pattern}`,
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n');
  }
  return [
    'status = warn',
    // Kafka logs its own shutdown from a JVM shutdown hook: log4j2's hook must not close the file first.
    'shutdownHook = disable',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${file}`,
    `appender.file.filePattern = ${file}.%i`,
    'appender.file.layout.type = PatternLayout',
    `appender.file.layout.pattern = ${pattern}`,
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 10MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = warn',
    'logger.stateChange.name = state.change.logger',
    'logger.stateChange.level = warn',
    '',
  ].join('\n');
}

/** JVM system property that points the backend at the file written by renderLoggingConfig. */
export function loggingConfigFlag(kind: LoggingBackend['kind'], configFile: string): string {
  return kind === 'log4j1' ? `-Dlog4j.configuration=file:${configFile}` : `-Dlog4j2.configurationFile=${configFile}`;
}

/** A KRaft cluster id: 16 random bytes, base64url, never starting with '-' (as Kafka's Uuid). */
export function newClusterId(randomBytes: (n: number) => Uint8Array): string {
  for (;;) {
    const id = Buffer.from(randomBytes(16)).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
