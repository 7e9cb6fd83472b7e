import { createHash } from 'node:crypto';
import { importAward } from '../karma/domain/index.ts';
import type { KarmaRuntime } from '../rewards/context.ts';
import { type LedgerEntry, lockMembers } from '../rewards/member-repository.ts';
import { memberKey } from '../rewards/member-state.ts';
import { payEntries, settle } from '../rewards/settle.ts';
import {
  compareIds,
  type ImportFormat,
  type ImportMode,
  type ImportProblemCode,
  type PlanRow,
  type PlanSummary,
  parseImport,
  planImport,
} from './domain.ts';
import { currentTotals, guildExists, importedUsers } from './repository.ts';

/**
 * Imports another bot's levels into a guild's karma. The plan is computed from the members' current
 * totals; applying it goes through the karma ledger exactly like an admin adjustment (members locked
 * in key order, ledger rows keyed so nothing is paid twice, then settlement of levels, achievements,
 * level changes for role rewards, and the leaderboard after commit), a few hundred members per
 * transaction so that a 100,000-member file neither holds locks for long nor costs a transaction each.
 */

export interface LevelImportRequest {
  guildId: string;
  format: ImportFormat;
  mode: ImportMode;
  /** The file as uploaded or read: its hash keys the ledger rows, so the same file pays once. */
  bytes: Uint8Array;
  dryRun: boolean;
  /** The admin behind it (recorded on the ledger rows); null from the command line. */
  actorId: string | null;
  /** How many plan rows to return (highest imported karma first). */
  preview?: number;
  /** Called after each committed transaction of a real run. */
  onProgress?: (progress: { members: number; of: number }) => void;
}

export interface AppliedCounts {
  /** Members credited by this run (ledger rows written). */
  users: number;
  karma: number;
  /** Members whose level went up (role rewards follow these). */
  levelUps: number;
  transactions: number;
}

export interface LevelImportReport {
  guildId: string;
  format: ImportFormat;
  mode: ImportMode;
  dryRun: boolean;
  /** First 16 hex digits of the file's SHA-256: the ledger's source ids are `<fileHash>:<userId>`. */
  fileHash: string;
  summary: PlanSummary;
  rows: PlanRow[];
  /** Null on a dry run. */
  applied: AppliedCounts | null;
}

export const LEVEL_IMPORT_ERROR_KINDS = ['invalid', 'not_found'] as const;

/** An import refused before anything was written; `at` is the place in the file or the input field. */
export class LevelImportError extends Error {
  readonly kind: (typeof LEVEL_IMPORT_ERROR_KINDS)[number];
  readonly code: ImportProblemCode | 'unknown_guild';
  readonly at: string;
  constructor(kind: LevelImportError['kind'], code: LevelImportError['code'], message: string, at: string) {
    super(message);
    this.name = 'LevelImportError';
    this.kind = kind;
    this.code = code;
    this.at = at;
  }
}

export const DEFAULT_PREVIEW = 20;

export function fileHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export class LevelImportService {
  readonly #runtime: KarmaRuntime;
  readonly #batchSize: number;

  constructor(deps: { runtime: KarmaRuntime; batchSize?: number }) {
    this.#runtime = deps.runtime;
    this.#batchSize = deps.batchSize ?? 500;
  }

  async run(request: LevelImportRequest): Promise<LevelImportReport> {
    const parsed = parseImport(request.format, request.bytes);
    if (!parsed.ok) {
      throw new LevelImportError('invalid', parsed.problem.code, parsed.problem.message, parsed.problem.at);
    }
    const { db, configs } = this.#runtime;
    if (!(await guildExists(db, request.guildId))) {
      throw new LevelImportError(
        'not_found',
        'unknown_guild',
        `guild ${request.guildId} is not known to Hearth (the bot has not joined it)`,
        'guildId',
      );
    }
    const config = await db.transaction((tx) => configs.one(tx, request.guildId));
    const hash = fileHash(request.bytes);
    const userIds = parsed.value.map((row) => row.userId);
    const [current, alreadyImported] = await Promise.all([
      currentTotals(db, request.guildId, userIds),
      importedUsers(db, request.guildId, hash),
    ]);
    const planned = planImport({
      rows: parsed.value,
      table: config.table,
      mode: request.mode,
      current,
      alreadyImported,
    });
    if (!planned.ok) {
      throw new LevelImportError(
        'invalid',
        planned.problem.code,
        planned.problem.message,
        planned.problem.at,
      );
    }
    const plan = planned.value;
    const applied = request.dryRun ? null : await this.#apply(request, hash, plan.rows);
    return {
      guildId: request.guildId,
      format: request.format,
      mode: request.mode,
      dryRun: request.dryRun,
      fileHash: hash,
      summary: plan.summary,
      rows: plan.rows.slice(0, request.preview ?? DEFAULT_PREVIEW),
      applied,
    };
  }

  async #apply(
    request: LevelImportRequest,
    batchId: string,
    rows: readonly PlanRow[],
  ): Promise<AppliedCounts> {
    const runtime = this.#runtime;
    const { guildId } = request;
    // The plan's amounts are targets, not deltas: each transaction recomputes the difference from the
    // locked total, so karma earned since the plan was read is not paid again.
    const raise = rows.filter((row) => row.status === 'raise').sort((a, b) => compareIds(a.userId, b.userId));
    const targets = new Map(raise.map((row) => [row.userId, row.importedKarma]));
    const applied: AppliedCounts = { users: 0, karma: 0, levelUps: 0, transactions: 0 };
    for (let start = 0; start < raise.length; start += this.#batchSize) {
      const chunk = raise.slice(start, start + this.#batchSize);
      const { settlement, paid, levelUps } = await runtime.db.transaction(async (tx) => {
        const config = await runtime.configs.one(tx, guildId);
        const locked = await lockMembers(
          tx,
          chunk.map((row) => ({ guildId, userId: row.userId })),
        );
        const states = new Map(locked.map((state) => [memberKey(state.guildId, state.userId), state]));
        const at = runtime.now();
        const entries: LedgerEntry[] = [];
        for (const state of locked) {
          const award = importAward({
            batchId,
            userId: state.userId,
            karma: (targets.get(state.userId) ?? 0) - state.total,
            origin: request.format,
          });
          if (award) entries.push({ guildId, userId: state.userId, ...award, actorId: request.actorId, at });
        }
        const paid = await payEntries(tx, states, entries);
        const settlement = await settle(tx, new Map([[guildId, config]]), states, at);
        return { settlement, paid, levelUps: locked.filter((s) => s.level > s.loadedLevel).length };
      });
      await runtime.afterCommit(settlement)?.();
      applied.users += paid.length;
      applied.karma += paid.reduce((sum, entry) => sum + entry.delta, 0);
      applied.levelUps += levelUps;
      applied.transactions += 1;
      request.onProgress?.({ members: Math.min(start + chunk.length, raise.length), of: raise.length });
    }
    return applied;
  }
}
