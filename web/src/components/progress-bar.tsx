/**
 * A horizontal bar for a share of something (a level, a quest, an achievement). It is a real
 * `progressbar` with its value in words, so screen readers hear "245 karma to level 7", not "53".
 */
export function ProgressBar({
  fraction,
  label,
  valueText,
}: {
  fraction: number;
  label: string;
  valueText: string;
}) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
    >
      <span className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
