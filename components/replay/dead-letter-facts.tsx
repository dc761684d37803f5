import type { DeadLetterInfo } from '@/lib/dead-letter-headers';
import { DrawerFacts } from '@/components/ui/side-drawer';

const FAMILY = { spring: 'Spring Kafka', connect: 'Kafka Connect', 'eventline-demo': 'the demo shop' };

/** A dead-lettered record's origin and error, decoded from its headers (lib/dead-letter-headers). */
export function DeadLetterFacts({ info }: { info: DeadLetterInfo }) {
  return (
    <section data-testid="dead-letter-facts">
      <h3 className="panel-title" style={{ marginTop: 12 }}>
        Dead letter <span className="faint small">(headers written by {FAMILY[info.family]})</span>
      </h3>
      <DrawerFacts>
        <dt>Came from</dt>
        <dd className="mono">
          {info.originalTopic ?? '?'} / {info.originalPartition ?? '?'} / {info.originalOffset ?? '?'}
        </dd>
        {info.consumerGroup && (
          <>
            <dt>Failed in</dt>
            <dd className="mono">{info.consumerGroup}</dd>
          </>
        )}
        {info.connector && (
          <>
            <dt>Connector</dt>
            <dd className="mono">{info.connector}</dd>
          </>
        )}
        {(info.exceptionClass || info.exceptionMessage) && (
          <>
            <dt>Error</dt>
            <dd>
              {info.exceptionClass && <span className="mono">{info.exceptionClass}: </span>}
              {info.exceptionMessage}
            </dd>
          </>
        )}
        {info.stacktrace && (
          <>
            <dt>Stack trace</dt>
            <dd>
              <pre className="mono small" style={{ whiteSpace: 'pre-wrap', maxHeight: 160, overflow: 'auto' }}>
                {info.stacktrace}
              </pre>
            </dd>
          </>
        )}
        {info.problems.length > 0 && (
          <>
            <dt>Unreadable</dt>
            <dd className="small">{info.problems.join('; ')}</dd>
          </>
        )}
      </DrawerFacts>
    </section>
  );
}
