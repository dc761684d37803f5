import { EventlineError } from '../../lib/eventline-error';

export class InvalidReplayFilterError extends EventlineError {
  constructor(message: string) {
    super(message, { code: 'INVALID_REPLAY_FILTER', httpStatus: 422 });
  }
}

export class ReplayConfirmationRequiredError extends EventlineError {
  constructor(readonly matched: number, readonly name: string) {
    super(`This replay sends ${matched} records (more than 1,000): confirm by sending confirmTarget equal to "${name}".`, {
      code: 'REPLAY_CONFIRMATION_REQUIRED',
      httpStatus: 422,
    });
  }
}

export class ReplayJobNotFoundError extends EventlineError {
  constructor(readonly id: string) {
    super(`There is no replay job ${id}.`, { code: 'REPLAY_NOT_FOUND', httpStatus: 404 });
  }
}

export class ReplayStateError extends EventlineError {
  constructor(action: string, state: string) {
    super(`A ${state} replay job cannot be ${action}.`, { code: 'REPLAY_STATE', httpStatus: 409 });
  }
}

export class EmptyReplayError extends EventlineError {
  constructor(detail: string) {
    super(`Nothing to replay: ${detail}.`, { code: 'REPLAY_EMPTY', httpStatus: 422 });
  }
}
