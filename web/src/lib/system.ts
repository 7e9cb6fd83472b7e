import type { ReadyPart } from '../api/types.ts';

/** The parts `/ready` reports today; an unknown part still shows, under its own name. */
const PART_KEYS = {
  database: 'system.parts.database',
  queue: 'system.parts.queue',
  hotStore: 'system.parts.hotStore',
  bot: 'system.parts.bot',
} as const;

export type PartLabelKey = (typeof PART_KEYS)[keyof typeof PART_KEYS];

export function partLabelKey(name: string): PartLabelKey | undefined {
  return Object.hasOwn(PART_KEYS, name) ? PART_KEYS[name as keyof typeof PART_KEYS] : undefined;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function describeValue(value: unknown, lang: string): string | undefined {
  if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(value));
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return undefined;
}

/**
 * One line of a part's message and simple details (`kind: pglite · guilds: 1`), times in the
 * reader's locale; nested values are left out.
 */
export function partSummary(part: Pick<ReadyPart, 'message' | 'details'>, lang: string): string {
  const details = Object.entries(part.details ?? {})
    .map(([key, value]) => {
      const text = describeValue(value, lang);
      return text === undefined ? undefined : `${key}: ${text}`;
    })
    .filter((s): s is string => s !== undefined);
  return [part.message, ...details].filter(Boolean).join(' · ');
}
