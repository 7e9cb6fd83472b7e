import { Skeleton } from './skeleton.tsx';

/** One number with its label; while loading, a placeholder of the same size. */
export function StatCard({
  label,
  value,
  hint,
}: {
  label: string;
  value: string | undefined;
  hint?: string;
}) {
  return (
    <div className="stat-card">
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value" aria-busy={value === undefined}>
        {value === undefined ? <Skeleton width="5ch" height="2.25rem" /> : value}
      </dd>
      {hint ? <dd className="stat-hint">{hint}</dd> : null}
    </div>
  );
}
