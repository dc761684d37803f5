'use client';

/**
 * A column header that sorts its table when clicked: `aria-sort` on the cell, the arrow
 * on the inner side of numeric columns so labels line up with their values, and always
 * one glyph wide (hidden when inactive) so headers don't shift.
 */
export function SortableHeader(props: {
  columnKey: string;
  label: string;
  numeric: boolean;
  active: boolean;
  dir: 'asc' | 'desc';
  className?: string;
  onSort: () => void;
}) {
  const { columnKey, label, numeric, active, dir, className, onSort } = props;
  return (
    <th className={className} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={onSort} data-testid={`sort-${columnKey}`}>
        {numeric && <SortArrow active={active} dir={dir} />}
        {label}
        {!numeric && <SortArrow active={active} dir={dir} />}
      </button>
    </th>
  );
}

function SortArrow({ active, dir }: { active: boolean; dir: 'asc' | 'desc' }) {
  return (
    <span className="sort-arrow" aria-hidden="true" style={active ? undefined : { visibility: 'hidden' }}>
      {dir === 'asc' || !active ? '▲' : '▼'}
    </span>
  );
}
