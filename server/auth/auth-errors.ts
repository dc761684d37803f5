import { EventlineError } from '../../lib/eventline-error';
import type { Role, SessionRole } from '../../lib/session-types';

export class NotSignedInError extends EventlineError {
  constructor() {
    super('Sign in to continue.', { code: 'UNAUTHENTICATED', httpStatus: 401 });
  }
}

export class WrongCredentialsError extends EventlineError {
  constructor() {
    super('Wrong user name or password.', { code: 'WRONG_CREDENTIALS', httpStatus: 401 });
  }
}

export class ForbiddenError extends EventlineError {
  constructor(readonly needed: Role | 'display', readonly has: SessionRole) {
    super(
      has === 'display'
        ? 'A wall display may only read the wall. Sign in as a person for anything else.'
        : `This needs the ${needed} role; you are signed in as ${has}.`,
      { code: 'FORBIDDEN', httpStatus: 403 },
    );
  }
}

export class CsrfError extends EventlineError {
  constructor() {
    super('Missing or wrong CSRF token: reload the page and try again.', { code: 'CSRF', httpStatus: 403 });
  }
}

export class TooManyLoginAttemptsError extends EventlineError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many sign-in attempts. Try again in ${retryAfterSeconds} s.`, { code: 'RATE_LIMITED', httpStatus: 429, retriable: true });
  }
}

export class UserExistsError extends EventlineError {
  constructor(username: string) {
    super(`A user named "${username}" already exists.`, { code: 'USER_EXISTS', httpStatus: 409 });
  }
}

export class DisplayTokenNotFoundError extends EventlineError {
  constructor(id: string) {
    super(`No display token with id "${id}". It may have been deleted; reload the list.`, { code: 'DISPLAY_NOT_FOUND', httpStatus: 404 });
  }
}

export class InvalidDisplayTokenError extends EventlineError {
  constructor() {
    super('This display link is not valid: it was revoked, has expired or is mistyped. Ask an admin for a new one.', {
      code: 'DISPLAY_TOKEN_INVALID',
      httpStatus: 401,
    });
  }
}
