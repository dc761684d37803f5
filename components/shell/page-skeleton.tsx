/** Placeholder while a page's data or code loads: the shape of a header and a table. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div className="skeleton" aria-busy="true" aria-label="Loading">
      <div className="skeleton-bar skeleton-title" />
      <div className="skeleton-table">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="skeleton-bar skeleton-row" />
        ))}
      </div>
    </div>
  );
}
