import type { CSSProperties } from 'react';

/** A placeholder with the final content's size, so nothing moves when the data arrives. */
export function Skeleton({
  width,
  height,
  className,
}: {
  width?: string;
  height: string;
  className?: string;
}) {
  const style: CSSProperties = { height, ...(width ? { width } : {}) };
  return <span className={`skeleton ${className ?? ''}`} style={style} aria-hidden="true" />;
}

/** Placeholder rows of a table while its data loads, each one cell across every column. */
export function SkeletonRows({ count, columns, height }: { count: number; columns: number; height: string }) {
  return Array.from({ length: count }, (_v, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
    <tr key={i} className="skeleton-row">
      <td colSpan={columns}>
        <Skeleton height={height} />
      </td>
    </tr>
  ));
}
