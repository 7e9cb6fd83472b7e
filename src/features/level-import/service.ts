import { createHash } from 'node:crypto';
import { ServiceError } from '../../platform/errors.ts';
import { importAward } from '../karma/domain/index.ts';
import type { RewardsContext } from '../rewards/context.ts';
import type { LedgerEntry } from '../rewards/domain/ledger.ts';
import { LockedMembers } from '../rewards/domain/member-state.ts';
import { importedUsers } from '../rewards/ledger-repository.ts';
import { lockMembers, memberTotals } from '../rewards/member-repository.ts';
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
} from './domain/index.ts';
import type { KnownGuilds } from './ports.ts';

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

/**
 * An import refused before anything was written: a `ServiceError` (`invalid` or `not_found`) whose
 * reason is the problem's code and whose field is its place in the file or the input field.
 */
function refused(
  kind: 'invalid' | 'not_found',
  reason: ImportProblemCode | 'unknown_guild',
  message: string,
  at: string,
) {
  return new ServiceError(kind, message, { reason, field: at });
}

export const DEFAULT_PREVIEW = 20;

export function fileHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export class LevelImportService {
  readonly #context: RewardsContext;
  readonly #guilds: KnownGuilds;
  readonly #batchSize: number;

  constructor(deps: { context: RewardsContext; guilds: KnownGuilds; batchSize?: number }) {
    this.#context = deps.context;
    this.#guilds = deps.guilds;
    this.#batchSize = deps.batchSize ?? 500;
  }

  async run(request: LevelImportRequest): Promise<LevelImportReport> {
    const parsed = parseImport(request.format, request.bytes);
    if (!parsed.ok) {
      throw refused('invalid', parsed.problem.code, parsed.problem.message, parsed.problem.at);
    }
    const { db, configs } = this.#context;
    if (!(await this.#guilds.has(request.guildId))) {
      throw refused(
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
      memberTotals(db, request.guildId, userIds),
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
      throw refused('invalid', planned.problem.code, planned.problem.message, planned.problem.at);
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
    const context = this.#context;
    const { guildId } = request;
    // The plan's amounts are targets, not deltas: each transaction recomputes the difference from the
    // locked total, so karma earned since the plan was read is not paid again.
    const raise = rows.filter((row) => row.status === 'raise').sort((a, b) => compareIds(a.userId, b.userId));
    const targets = new Map(raise.map((row) => [row.userId, row.importedKarma]));
    const applied: AppliedCounts = { users: 0, karma: 0, levelUps: 0, transactions: 0 };
    for (let start = 0; start < raise.length; start += this.#batchSize) {
      const chunk = raise.slice(start, start + this.#batchSize);
      const { settlement, paid, levelUps } = await context.db.transaction(async (tx) => {
        const config = await context.configs.one(tx, guildId);
        const locked = await lockMembers(
          tx,
          chunk.map((row) => ({ guildId, userId: row.userId })),
        );
        const members = new LockedMembers(locked);
        const at = context.now();
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
        const paid = await payEntries(tx, members, entries);
        const settlement = await settle(tx, new Map([[guildId, config]]), members, at, context.consumers);
        return { settlement, paid, levelUps: locked.filter((s) => s.level > s.loadedLevel).length };
      });
      await context.afterCommit(settlement)?.();
      applied.users += paid.length;
      applied.karma += paid.reduce((sum, entry) => sum + entry.delta, 0);
      applied.levelUps += levelUps;
      applied.transactions += 1;
      request.onProgress?.({ members: Math.min(start + chunk.length, raise.length), of: raise.length });
    }
    return applied;
  }
}
