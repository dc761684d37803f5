import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classArchive } from './local-broker-cds';
import { readLogTail } from './local-broker-datadir';
import { kafkaMajor, loggingBackendFor, newClusterId, renderLoggingConfig, renderServerProperties } from './local-broker-config';
import {
  KafkaJarFetchError,
  KafkaVersionNotFoundError,
  MavenCentralUnreachableError,
  PortTakenError,
} from './local-broker-errors';
import { classifyMavenFailure, kafkaLibsDir } from './local-broker-jars';
import { javaCommand, parseJavaVersion } from './local-broker-java';
import { choosePorts } from './local-broker-ports';

const parseProps = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('parseJavaVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17, '17.0.15'],
    ['java version "1.8.0_381"\nJava(TM) SE Runtime Environment (build 1.8.0_381-b09)', 8, '1.8.0_381'],
    ['openjdk version "11.0.2" 2019-01-15', 11, '11.0.2'],
    ['openjdk version "21" 2023-09-19', 21, '21'],
    ['openjdk version "24-ea" 2025-03-18', 24, '24-ea'],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss2m\nopenjdk version "25.0.1" 2025-10-21 LTS', 25, '25.0.1'],
  ])('reads %j', (output, major, version) => {
    expect(parseJavaVersion(output)).toEqual({ major, version });
  });

  it('returns undefined for output that is not java -version', () => {
    expect(parseJavaVersion('bash: java: command not found')).toBeUndefined();
  });

  it('prefers JAVA_HOME over PATH, as Kafka scripts do', () => {
    expect(javaCommand({ JAVA_HOME: '/opt/jdk' })).toBe('/opt/jdk/bin/java');
    expect(javaCommand({})).toBe('java');
  });
});

describe('renderServerProperties', () => {
  const props = parseProps(renderServerProperties({ port: 19092, controllerPort: 19093, logDir: '/tmp/x/kraft-logs' }));

  it('is a static single-voter KRaft node on 127.0.0.1', () => {
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:19092',
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      'log.dirs': '/tmp/x/kraft-logs',
    });
  });

  it('fits one broker and never creates topics by accident', () => {
    expect(props).toMatchObject({
      'auto.create.topics.enable': 'false',
      'num.partitions': '1',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
    });
    expect(Number(props['log.retention.hours'])).toBeGreaterThan(0);
    expect(Number(props['log.segment.bytes'])).toBeLessThan(Number(props['log.retention.bytes']));
  });

  it('escapes backslashes in paths', () => {
    const text = renderServerProperties({ port: 1, controllerPort: 2, logDir: 'C:\\kafka\\data' });
    expect(text).toContain('log.dirs=C:\\\\kafka\\\\data');
  });
});

describe('logging', () => {
  it('uses reload4j for 3.x and the slf4j-1 log4j2 binding for 4.x', () => {
    expect(loggingBackendFor('3.9.1')).toMatchObject({ kind: 'log4j1', artifactId: 'slf4j-reload4j' });
    expect(loggingBackendFor('4.1.1')).toMatchObject({ kind: 'log4j2', artifactId: 'log4j-slf4j-impl' });
    expect(loggingBackendFor('4.3.0', 2)).toMatchObject({ kind: 'log4j2', artifactId: 'log4j-slf4j2-impl' });
  });

  it('writes to the given file in both formats', () => {
    expect(renderLoggingConfig('log4j1', '/d/broker.log')).toContain('log4j.appender.file.File=/d/broker.log');
    expect(renderLoggingConfig('log4j2', '/d/broker.log')).toContain('appender.file.fileName = /d/broker.log');
  });

  it('rejects a version that is not one', () => {
    expect(() => kafkaMajor('latest')).toThrow(/Not a Kafka version/);
  });
});

describe('newClusterId', () => {
  it('is 22 base64url characters and never starts with a dash', () => {
    let calls = 0;
    const id = newClusterId((n) => new Uint8Array(n).fill(calls++ === 0 ? 0xfb : 7)); // 0xfb.. encodes to "-..."
    expect(calls).toBe(2);
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});

describe('jar cache and Maven failures', () => {
  it('lives outside git, per version', () => {
    expect(kafkaLibsDir('3.9.1', { EVENTLINE_CACHE_DIR: '/c' })).toBe('/c/kafka/3.9.1/libs');
    expect(kafkaLibsDir('4.1.1', { HOME: '/h' })).toMatch(/\.cache\/eventline\/kafka\/4\.1\.1\/libs$/);
  });

  it('tells an unreachable Maven Central from an unknown version', () => {
    const offline =
      '[ERROR] Plugin org.apache.maven.plugins:maven-dependency-plugin:3.8.1 or one of its dependencies could not be resolved: Failed to read artifact descriptor for org.apache.maven.plugins:maven-dependency-plugin:jar:3.8.1: Could not transfer artifact org.apache.maven.plugins:maven-dependency-plugin:pom:3.8.1 from/to central (https://repo.maven.apache.org/maven2): transfer failed for https://repo.maven.apache.org/maven2/x.pom: Connect to 127.0.0.1:1 [/127.0.0.1] failed: Connection refused -> [Help 1]\n[ERROR] \n';
    const unknown =
      '[ERROR] Failed to execute goal on project eventline-local-kafka: Could not resolve dependencies for project dev.eventline:eventline-local-kafka:pom:1: Could not find artifact org.apache.kafka:kafka_2.13:jar:3.99.7 in central (https://repo.maven.apache.org/maven2) -> [Help 1]\n';
    const unreachable = classifyMavenFailure(offline, '3.9.1');
    expect(unreachable).toBeInstanceOf(MavenCentralUnreachableError);
    expect(unreachable.message).toMatch(/^Cannot fetch Kafka 3\.9\.1 from Maven Central .*Connection refused/);
    expect(unreachable.message).not.toContain('[Help 1]');
    expect(classifyMavenFailure(unknown, '3.99.7')).toBeInstanceOf(KafkaVersionNotFoundError);
    expect(classifyMavenFailure('[ERROR] something else broke\n', '3.9.1')).toBeInstanceOf(KafkaJarFetchError);
  });
});

describe('choosePorts', () => {
  it('fails with PortTakenError for an explicit port in use', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as net.AddressInfo).port;
    try {
      await expect(choosePorts({ port: taken }, () => {})).rejects.toBeInstanceOf(PortTakenError);
      await expect(choosePorts({ port: 0, controllerPort: taken }, () => {})).rejects.toMatchObject({
        code: 'LOCAL_KAFKA_PORT_TAKEN',
        role: 'controller',
      });
    } finally {
      server.close();
    }
  });

  it('leaves 9093 to a broker on 9092: a broker on another port gets a free controller port', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const brokerPort = (server.address() as net.AddressInfo).port;
    server.close();
    const { port, controllerPort } = await choosePorts({ port: brokerPort }, () => {});
    expect(port).toBe(brokerPort);
    expect(controllerPort).not.toBe(9093);
    expect(controllerPort).not.toBe(port);
  });

  it('picks two distinct free ports for 0', async () => {
    const { port, controllerPort } = await choosePorts({ port: 0, controllerPort: 0 }, () => {});
    expect(port).toBeGreaterThan(0);
    expect(controllerPort).not.toBe(port);
  });
});

describe('classArchive', () => {
  it('records an archive on the first run, keeps it only after a clean exit, then uses it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eventline-cds-'));
    const libsDir = path.join(dir, 'libs');
    await mkdir(libsDir);
    try {
      const first = await classArchive(libsDir, '17.0.15');
      expect(first.useFlags).toEqual([]);
      const temp = first.recordFlags[0]!.replace('-XX:ArchiveClassesAtExit=', '');
      await writeFile(temp, 'archive'); // what the JVM writes at exit
      await first.commit(137); // SIGKILLed: may be cut short
      expect(await readdir(dir)).toEqual(['libs']);

      const second = await classArchive(libsDir, '17.0.15');
      // While this process records, another start does not record too.
      expect(await classArchive(libsDir, '17.0.15')).toMatchObject({ useFlags: [], recordFlags: [], recording: false });
      await writeFile(second.recordFlags[0]!.replace('-XX:ArchiveClassesAtExit=', ''), 'archive');
      await second.commit(143); // clean exit on SIGTERM
      expect((await readdir(dir)).sort()).toEqual(['classes-java-17.0.15.jsa', 'libs']);

      const third = await classArchive(libsDir, '17.0.15');
      expect(third.useFlags[0]).toBe(`-XX:SharedArchiveFile=${path.join(dir, 'classes-java-17.0.15.jsa')}`);
      expect(third.recordFlags).toEqual(third.useFlags);
      expect((await classArchive(libsDir, '21.0.2')).useFlags).toEqual([]); // one archive per JDK
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readLogTail', () => {
  it('quotes only this run, without the config dump', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eventline-log-'));
    const file = path.join(dir, 'broker.log');
    const earlier = 'ERROR from an earlier run\n';
    await writeFile(file, `${earlier}INFO KafkaConfig values:\n\tnode.id = 1\n\tlog.dirs = /x\nERROR Address already in use\n`);
    try {
      expect(await readLogTail(file, Buffer.byteLength(earlier))).toEqual(['INFO KafkaConfig values:', 'ERROR Address already in use']);
      expect(await readLogTail(path.join(dir, 'missing.log'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
