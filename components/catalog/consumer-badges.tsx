import Link from 'next/link';
import type { CatalogConsumer } from '@/lib/catalog-types';
import { formatCount, formatRate } from '@/components/format/format';
import { statusClass } from '@/components/lag/lag-series';
import styles from './catalog.module.css';

/** The groups reading a type's topics, each a link to its page, coloured by its status on those topics. */
export function ConsumerBadges({ consumers }: { consumers: CatalogConsumer[] }) {
  if (!consumers.length) return <span className="faint">none</span>;
  return (
    <span className={styles.badges}>
      {consumers.map((c) => (
        <Link
          key={c.groupId}
          href={`/groups/${encodeURIComponent(c.groupId)}`}
          className={statusClass(c.status)}
          data-testid="catalog-consumer"
          data-group={c.groupId}
          title={`${c.groupId}: ${c.status} on ${c.topics.join(', ')} · lag ${formatCount(c.lag)} · ${formatRate(c.consumeRate)} · ${c.members} members`}
        >
          {c.groupId}
        </Link>
      ))}
    </span>
  );
}
