import { EventlineError } from '../../lib/eventline-error';

export class PartitionNotFoundError extends EventlineError {
  constructor(readonly topic: string, readonly partition: number, partitionCount: number) {
    super(`Topic "${topic}" has no partition ${partition}; its partitions are 0 to ${partitionCount - 1}.`, {
      code: 'PARTITION_NOT_FOUND',
      httpStatus: 400,
    });
  }
}

export class OffsetOutOfRangeError extends EventlineError {
  constructor(readonly topic: string, readonly partition: number, readonly offset: number, readonly logStart: number, readonly logEnd: number) {
    super(
      logStart === logEnd
        ? `Partition ${partition} of "${topic}" holds no records (next offset ${logEnd}), so offset ${offset} cannot be read.`
        : `Offset ${offset} is outside partition ${partition} of "${topic}": readable offsets are ${logStart} to ${logEnd - 1}.`,
      { code: 'OFFSET_OUT_OF_RANGE', httpStatus: 400 },
    );
  }
}
