import { Skeleton } from './skeleton.tsx';

/** One labelled value of a `dl.facts`; while it loads, a placeholder of about its size. */
export function Fact({ label, value }: { label: string; value: string | undefined }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{value ?? <Skeleton height="1.5rem" width="5ch" />}</dd>
    </div>
  );
}
