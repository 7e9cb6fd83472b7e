/** Locale-aware formatting; `lang` is the dashboard's language (BCP 47). */

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(value);
}

/** A UTC day (`YYYY-MM-DD`) as a short date: "Nov 23", "11月23日", "11月23日". */
export function formatDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function formatTime(epochMs: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(new Date(epochMs));
}

export function formatLatency(ms: number, lang: string): string {
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: 'millisecond',
    unitDisplay: 'short',
    maximumFractionDigits: ms < 10 ? 2 : 0,
  }).format(ms);
}

/** An uptime in its largest whole unit ("3 days", "5 hours", "42 minutes"), translated by Intl. */
export function formatUptime(seconds: number, lang: string): string {
  const units = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ] as const;
  for (const [unit, size] of units) {
    if (seconds >= size) {
      return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(
        Math.floor(seconds / size),
      );
    }
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(
    Math.max(0, Math.floor(seconds)),
  );
}

/** A moment (ISO 8601) as a short local date and time: "11/23/26, 9:41 PM". */
export function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** A signed amount, "+10" or "−5", with the language's digits and grouping. */
export function formatDelta(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { signDisplay: 'exceptZero' }).format(value);
}
