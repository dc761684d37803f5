import { describe, expect, it } from 'vitest';
import { registryEndpoint } from './registry-http';

describe('registryEndpoint', () => {
  it('moves credentials written into the URL into basic auth, and out of the address', () => {
    expect(registryEndpoint({ url: 'https://ops:p%40ss@registry.example:8081/apis/ccompat/v7/' })).toEqual({
      base: 'https://registry.example:8081/apis/ccompat/v7',
      username: 'ops',
      password: 'p@ss',
    });
  });

  it('prefers the configured username and password', () => {
    expect(registryEndpoint({ url: 'https://a:b@registry.example', username: 'svc', password: 'pw' })).toEqual({ base: 'https://registry.example', username: 'svc', password: 'pw' });
  });

  it('leaves a plain address as it is, without a trailing slash', () => {
    expect(registryEndpoint({ url: 'http://127.0.0.1:8080/apis/ccompat/v7/' })).toEqual({ base: 'http://127.0.0.1:8080/apis/ccompat/v7' });
  });
});
