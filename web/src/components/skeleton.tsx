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
