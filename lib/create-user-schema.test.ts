import { describe, expect, it } from 'vitest';
import { createUserSchema, userFieldErrors } from './create-user-schema';

describe('createUserSchema', () => {
  it('accepts a good user', () => {
    expect(createUserSchema.parse({ username: ' ana.ops ', password: 'correct horse battery', role: 'operator' })).toEqual({
      username: 'ana.ops',
      password: 'correct horse battery',
      role: 'operator',
    });
  });
  it('names every bad field', () => {
    const r = createUserSchema.safeParse({ username: 'a b', password: 'short', role: 'root' });
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(userFieldErrors(r.error)).sort()).toEqual(['password', 'role', 'username']);
  });
});
