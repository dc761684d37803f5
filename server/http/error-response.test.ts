import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { TopicNotFoundError } from '../kafka/kafka-errors';
import { createLogger } from '../log/logger';
import { clipEchoes, errorResponse, MAX_ECHO_CHARS } from './error-response';

const log = createLogger({ level: 'error' });
const body = async (res: Response) => JSON.stringify(await res.json());

describe('error echoes of user input', () => {
  it('cuts a quoted run, or a run without spaces, to 200 characters and says how much was left out', () => {
    expect(clipEchoes(`Topic "${'t'.repeat(1000)}" does not exist.`)).toBe(`Topic "${'t'.repeat(MAX_ECHO_CHARS)}… (800 more characters)" does not exist.`);
    expect(clipEchoes(`No API route GET /api/${'p'.repeat(500)}`)).not.toContain('p'.repeat(MAX_ECHO_CHARS + 1));
    expect(clipEchoes('Offset 9 is outside partition 0 of "orders": readable offsets are 0 to 5.')).toBe('Offset 9 is outside partition 0 of "orders": readable offsets are 0 to 5.');
  });

  it('bounds a typed error and a zod error whose unknown key is huge, details included', async () => {
    expect(await body(errorResponse(new TopicNotFoundError('n'.repeat(10_000)), log))).not.toContain('n'.repeat(MAX_ECHO_CHARS + 1));
    const parsed = z.object({ name: z.string() }).strict().safeParse({ name: 'ok', ['k'.repeat(10_000)]: 1 });
    const res = errorResponse(parsed.error, log);
    expect(res.status).toBe(422);
    const text = await body(res);
    expect(text).toContain('k'.repeat(100));
    expect(text).not.toContain('k'.repeat(MAX_ECHO_CHARS + 1));
  });

  it('keeps a message that has spaces and quotes inside the input under the backstop', () => {
    expect(clipEchoes(`Topic "${'a b" '.repeat(2000)}"`).length).toBeLessThanOrEqual(1001);
  });
});
