import { EventlineError } from '../../lib/eventline-error';
import { versionLabel } from '../../lib/type-family';

export class CatalogEntryNotFoundError extends EventlineError {
  constructor(readonly eventType: string, readonly version: string) {
    super(
      `The catalog has no event type "${eventType}" ${versionLabel(version)}: it has not been collected yet, or the catalog job has not reached it (it folds new events every few seconds).`,
      { code: 'CATALOG_ENTRY_NOT_FOUND', httpStatus: 404 },
    );
  }
}
