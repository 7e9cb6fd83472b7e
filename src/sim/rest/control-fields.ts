import type { CommunityOptions } from '../generator.ts';
import type { OptionValue } from '../interaction-payloads.ts';
import { isRecord } from '../json.ts';
import { DiscordHttpError, ErrorCode } from './errors.ts';

/** Typed reads of control API JSON bodies; a wrong field answers 400 naming it. */
export class Fields {
  readonly #body: Record<string, unknown>;

  constructor(body: unknown) {
    this.#body = isRecord(body) ? body : {};
  }

  #bad(name: string, expected: string): DiscordHttpError {
    return new DiscordHttpError(400, ErrorCode.InvalidFormBody, `Field "${name}" must be ${expected}`);
  }

  str(name: string): string {
    const v = this.#body[name];
    if (typeof v !== 'string' || v === '') throw this.#bad(name, 'a non-empty string');
    return v;
  }

  optStr(name: string): string | undefined {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.#bad(name, 'a string');
    return v;
  }

  optNum(name: string): number | undefined {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.#bad(name, 'a number');
    return v;
  }

  optBool(name: string): boolean | undefined {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw this.#bad(name, 'a boolean');
    return v;
  }

  optStrings(name: string): string[] | undefined {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      throw this.#bad(name, 'an array of strings');
    return v;
  }

  /** Permission bitfields travel as decimal strings (or numbers for small values). */
  optBits(name: string): bigint | undefined {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return BigInt(v);
    throw this.#bad(name, 'a permission bitfield string');
  }

  optRecord(name: string): Record<string, unknown> | undefined {
    const v = this.#body[name];
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) throw this.#bad(name, 'an object');
    return v;
  }

  optOptions(name: string): Record<string, OptionValue> | undefined {
    const record = this.optRecord(name);
    if (!record) return undefined;
    const out: Record<string, OptionValue> = {};
    for (const [k, v] of Object.entries(record)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
        throw this.#bad(`${name}.${k}`, 'a string, number or boolean');
      out[k] = v;
    }
    return out;
  }

  optStringMap(name: string): Record<string, string> | undefined {
    const record = this.optRecord(name);
    if (!record) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) {
      if (typeof v !== 'string') throw this.#bad(`${name}.${k}`, 'a string');
      out[k] = v;
    }
    return out;
  }

  raw(name: string): unknown {
    return this.#body[name];
  }
}

/** Copies only the keys whose values are defined (exactOptionalPropertyTypes-friendly). */
export function defined<T extends Record<string, unknown>>(
  input: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Generator options from a control API body (unknown keys are ignored, wrong types refused). */
export function communityOptionsFrom(body: unknown): CommunityOptions {
  const f = new Fields(body);
  const history = f.optRecord('history');
  return defined({
    seed: f.optNum('seed'),
    name: f.optStr('name'),
    members: f.optNum('members'),
    textChannels: f.optNum('textChannels'),
    voiceChannels: f.optNum('voiceChannels'),
    stageChannels: f.optNum('stageChannels'),
    categories: f.optNum('categories'),
    threads: f.optNum('threads'),
    roles: f.optNum('roles'),
    hiddenChannels: f.optNum('hiddenChannels'),
    reactionRate: f.optNum('reactionRate'),
    attachmentRate: f.optNum('attachmentRate'),
    botMessageRate: f.optNum('botMessageRate'),
    mentionRate: f.optNum('mentionRate'),
    joinMessages: f.optBool('joinMessages'),
    userSkew: f.optNum('userSkew'),
    channelSkew: f.optNum('channelSkew'),
    history: history
      ? defined({ messages: num(history.messages), days: num(history.days), endAt: num(history.endAt) })
      : undefined,
  });
}
