import type { RegistryStatus } from '@/lib/catalog-types';

const WORD: Record<RegistryStatus['state'], string> = { ready: 'Schema registry', starting: 'Schema registry starting', unreachable: 'Schema registry unreachable', none: 'No schema registry' };
const TONE: Record<RegistryStatus['state'], string> = { ready: 'badge-ok', starting: 'badge-warn', unreachable: 'badge-danger', none: '' };

/** Where the catalog stands with the registry, said plainly: a badge, with the reason or the address on hover. */
export function RegistryStatusBadge({ status }: { status: RegistryStatus }) {
  return (
    <span className={`badge ${TONE[status.state]}`} title={status.reason ?? status.url ?? undefined} data-testid="registry-status" data-state={status.state}>
      {WORD[status.state]}
    </span>
  );
}

/** The same, as a sentence for a panel that would show the registered schema. */
export function RegistryStatusNote({ status }: { status: RegistryStatus }) {
  if (status.state === 'ready') return null;
  return (
    <p className="panel-message" data-testid="registry-note">
      {status.reason ?? WORD[status.state]}
    </p>
  );
}
