import { EventlineError } from '../../lib/eventline-error';

export class PartitionNotFoundError extends EventlineError {
  constructor(readonly topic: string, readonly partition: number, partitionCount: number) {
    super(`Topic "${topic}" has no partition ${partition}; its partitions are 0 to ${partitionCount - 1}.`, {
      code: 'PARTITION_NOT_FOUND',
      httpStatus: 400,
    });
  }
}

/** A message-browser filter that does not parse: the operator's to fix, so a 400 with the parse error. */
export class InvalidMessageFilterError extends EventlineError {
  constructor(detail: string) {
    super(detail, { code: 'INVALID_MESSAGE_FILTER', httpStatus: 400 });
  }
}
