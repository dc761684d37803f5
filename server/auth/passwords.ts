import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

/** bcrypt cost: ~100-200 ms per hash on these 2-core machines, slow enough against guessing. */
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the user does not exist, so the reply takes as long as for a
// real user and timing does not reveal which user names exist.
const decoyHash = bcrypt.hashSync(randomBytes(16).toString('hex'), COST);

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? decoyHash).then((ok) => ok && hash !== null);
}

/** A random password for the first admin when none was configured: 20 url-safe chars. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
