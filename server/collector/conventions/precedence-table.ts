// Prints the conventions' precedence table (docs/architecture.md) from the data the
// collector runs on, so the documented order and the code's order cannot part.
import { BUILT_IN_CONVENTIONS, DEAD_LETTER_CONVENTIONS, type IdConvention, type IdField, type IdSource, type Marker } from './id-conventions';

const COLUMNS: [IdField, string][] = [
  ['eventId', 'event id'],
  ['correlationId', 'correlation id'],
  ['causationId', 'causation id'],
  ['eventType', 'type'],
  ['eventVersion', 'version'],
  ['source', 'source'],
];

const PARSED: Record<string, string> = {
  traceparent: 'trace id',
  'b3-single': 'trace id',
  'b3-trace-id': 'trace id',
  'uber-trace-id': 'trace id',
  'spring-bytes': 'bytes',
  'first-type-name': 'first type',
};

const source = (s: IdSource) => `\`${s.header ?? `$.${s.path}`}\`${s.parse && PARSED[s.parse] ? ` (${PARSED[s.parse]})` : ''}`;
const marker = (m: Marker) =>
  'anyHeader' in m ? `${m.anyHeader.map((h) => `\`${h}\``).join(' or ')}${m.pattern ? ` ~ \`${m.pattern.source}\`` : ''}` : `\`$.${m.path}\` is an ${m.type}`;

export function precedenceTable(conventions: IdConvention[] = BUILT_IN_CONVENTIONS): string {
  const lines = [
    `| # | convention | ${COLUMNS.map(([, t]) => t).join(' | ')} | applies when |`,
    `|---|---|${COLUMNS.map(() => '---|').join('')}---|`,
  ];
  conventions.forEach((c, i) => {
    const cells = COLUMNS.map(([f]) => (c.ids[f] ?? []).map(source).join(', ') || '—');
    lines.push(`| ${i + 1} | ${c.title} (\`${c.name}\`) | ${cells.join(' | ')} | ${(c.when ?? []).map(marker).join(' and ') || 'always'} |`);
  });
  const notes = conventions.filter((c) => c.note).map((c) => `* \`${c.name}\`: ${c.note}.`);
  const dead = DEAD_LETTER_CONVENTIONS.map(
    (d) => `* Dead letters, ${d.title} (\`${d.name}\`): \`${d.topic}\`, \`${d.partition}\`, \`${d.offset}\` (${d.encoding === 'binary' ? '4- and 8-byte big-endian integers' : 'decimal text'}) → \`dead_letter_of\` = \`topic/partition/offset\`.`,
  );
  return [...lines, '', ...notes, ...dead].join('\n');
}
