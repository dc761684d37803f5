import { EventlineError } from '../../lib/eventline-error';

export class PartitionNotFoundError extends EventlineError {
  constructor(readonly topic: string, readonly partition: number, partitionCount: number) {
    super(`Topic "${topic}" has no partition ${partition}; its partitions are 0 to ${partitionCount - 1}.`, {
      code: 'PARTITION_NOT_FOUND',
      httpStatus: 400,
    });
  }
}
