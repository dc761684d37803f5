import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafkaBrokers } from '../kafka/test-support/test-kafka';
import { kafkaServiceCount } from '../kafka';
import { signIn, startTestServer, TEST_ADMIN_PASSWORD } from '../test-support/start-test-server';
import { SESSION_COOKIE } from '../auth';
import { isWrite, type RouteDef } from './route-table';

let server: Awaited<ReturnType<typeof startTestServer>>;
let viewer: { cookie: string; csrfToken: string };
let display: { cookie: string; csrfToken: string };

const urlOf = (r: RouteDef) => r.example ?? r.path;

beforeAll(async () => {
  server = await startTestServer({ brokers: testKafkaBrokers() });
  await server.auth.users.create('vera', 'viewer-password-1', 'viewer');
  viewer = await signIn(server.url, 'vera', 'viewer-password-1');
  const { token } = await server.auth.displays.create({ name: 'team room', boards: ['health', 'groups', 'dlq', 'flows', 'lag', 'drift'], expiresAt: null, createdBy: 'admin' });
  const session = (await server.auth.displays.exchange(token, { ip: null, userAgent: null }))!;
  display = { cookie: `${SESSION_COOKIE}=${session.token}`, csrfToken: session.csrfToken };
});
afterAll(() => server?.stop());

describe('every API route is behind auth', () => {
  it('has routes to check, each with an access level', () => {
    expect(server.routes.length).toBeGreaterThan(5);
    expect(server.routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/health',
      'POST /api/auth/login',
    ]);
  });

  it('answers 401 to an anonymous request on every non-public route', async () => {
    for (const r of server.routes.filter((r) => r.access !== 'public')) {
      const res = await fetch(server.url + urlOf(r), {
        method: r.method,
        headers: { 'content-type': 'application/json' },
        body: isWrite(r.method) ? '{}' : undefined,
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to a viewer on every write route above viewer', async () => {
    const writes = server.routes.filter((r) => isWrite(r.method) && r.access !== 'public' && r.access !== 'viewer');
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const r of writes) {
      const res = await fetch(server.url + urlOf(r), {
        method: r.method,
        headers: { 'content-type': 'application/json', cookie: viewer.cookie, 'x-csrf-token': viewer.csrfToken },
        body: '{}',
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
  });

  it('answers 403 to a wall display on every route outside the wall, reads and writes alike', async () => {
    const outside = server.routes.filter((r) => r.access !== 'public' && r.access !== 'display');
    expect(outside.length).toBeGreaterThan(10);
    for (const r of outside) {
      const res = await fetch(server.url + urlOf(r), {
        method: r.method,
        headers: { 'content-type': 'application/json', cookie: display.cookie, 'x-csrf-token': display.csrfToken },
        body: isWrite(r.method) ? '{}' : undefined,
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
  });

  it('lets a wall display read the wall routes, and only GETs are open to it', async () => {
    const wall = server.routes.filter((r) => r.access === 'display');
    expect(wall.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /api/wall', 'GET /api/wall/drift', 'GET /api/wall/flows', 'GET /api/wall/lag']);
    for (const r of wall) {
      const res = await fetch(server.url + urlOf(r), { headers: { cookie: display.cookie } });
      expect(res.status, `${r.method} ${r.path}`).toBe(200);
    }
  });

  it('lets a viewer read the catalog, its types, versions and drift', async () => {
    for (const path of ['/api/catalog', '/api/catalog/drift?kind=added', '/api/catalog/drift?type=t&version=1']) {
      expect((await fetch(server.url + path, { headers: { cookie: viewer.cookie } })).status, path).toBe(200);
    }
    // A type the catalog has not seen: not found, with what to do, rather than refused.
    const res = await fetch(`${server.url}/api/catalog/entry?type=shop.Nope&version=1`, { headers: { cookie: viewer.cookie } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CATALOG_ENTRY_NOT_FOUND');
    expect((await fetch(`${server.url}/api/catalog/drift?kind=bogus`, { headers: { cookie: viewer.cookie } })).status).toBe(422);
  });

  it('keeps a display to its own boards: the flow map and the lag charts only when its token allows them', async () => {
    const { token } = await server.auth.displays.create({ name: 'lobby', boards: ['health'], expiresAt: null, createdBy: 'admin' });
    const session = (await server.auth.displays.exchange(token, { ip: null, userAgent: null }))!;
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    expect((await fetch(`${server.url}/api/wall`, { headers: { cookie } })).status).toBe(200);
    for (const path of ['/api/wall/flows', '/api/wall/lag?groups=g', '/api/wall/drift']) {
      expect((await fetch(server.url + path, { headers: { cookie } })).status, path).toBe(403);
    }
    // The map a display gets carries names and figures, never event type names.
    const flows = (await (await fetch(`${server.url}/api/wall/flows`, { headers: { cookie: display.cookie } })).json()) as { nodes: unknown[]; edges: { types: string[] }[] };
    expect(Array.isArray(flows.nodes)).toBe(true);
    expect(flows.edges.flatMap((e) => e.types)).toEqual([]);
  });

  it('refuses a signed-in write without the CSRF token, and one from another origin', async () => {
    const admin = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD);
    const noToken = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: JSON.stringify({ username: 'x1', password: 'long-enough-pw', role: 'viewer' }),
    });
    expect(noToken.status).toBe(403);
    const crossSite = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'x2', password: 'long-enough-pw', role: 'viewer' }),
    });
    expect(crossSite.status).toBe(403);
    expect((await server.auth.users.list()).map((u) => u.username)).not.toContain('x1');
  });

  it('serves no route that is missing from the route table', async () => {
    const res = await fetch(`${server.url}/api/not-a-route`, { headers: { cookie: viewer.cookie } });
    expect(res.status).toBe(404);
  });

  it('has exactly one Kafka client in the process', () => {
    expect(kafkaServiceCount()).toBe(1);
  });
});
