import { z } from 'zod';
import { curveProblem, curveSchema, DEFAULT_MAX_LEVEL, MAX_LEVEL_LIMIT } from './curve.ts';
import { DEFAULT_PRIVILEGE_UNLOCKS, DEFAULT_TITLE_TIERS } from './titles.ts';

const roleIdSchema = z
  .string()
  .regex(/^\d{1,20}$/, 'expected a Discord role id')
  .refine(
    (id) => !/^\d{1,20}$/.test(id) || BigInt(id) <= 9_223_372_036_854_775_807n,
    'expected a Discord role id',
  );

/**
 * Privileges of all unlocks together: every level's row lists all privileges held so far, so the
 * table grows with levels × privileges.
 */
export const MAX_PRIVILEGES = 500;

export const ROLE_REWARD_MODES = ['stack', 'replace'] as const;
export type RoleRewardMode = (typeof ROLE_REWARD_MODES)[number];

const titleTierSchema = z.object({
  fromLevel: z.int().min(1).max(MAX_LEVEL_LIMIT),
  title: z.string().trim().min(1).max(64),
  key: z.string().min(1).max(100).optional(),
});

const unlockSchema = z.object({
  level: z.int().min(1).max(MAX_LEVEL_LIMIT),
  privileges: z.array(z.string().min(1).max(64)).min(1).max(50),
});

/** A guild's level configuration, stored in `guild_settings` and used to (re)build `user_levels`. */
export const levelSettingsSchema = z
  .object({
    curve: curveSchema.default({ kind: 'mee6' }),
    maxLevel: z.int().min(1).max(MAX_LEVEL_LIMIT).default(DEFAULT_MAX_LEVEL),
    titles: z
      .array(titleTierSchema)
      .min(1)
      .max(MAX_LEVEL_LIMIT)
      .default(() => DEFAULT_TITLE_TIERS.map((tier) => ({ ...tier }))),
    privilegeUnlocks: z
      .array(unlockSchema)
      .max(MAX_LEVEL_LIMIT)
      .refine((unlocks) => unlocks.reduce((n, unlock) => n + unlock.privileges.length, 0) <= MAX_PRIVILEGES, {
        message: `at most ${MAX_PRIVILEGES} privileges in all`,
      })
      .default(() =>
        DEFAULT_PRIVILEGE_UNLOCKS.map((u) => ({ level: u.level, privileges: [...u.privileges] })),
      ),
    roleRewards: z
      .array(z.object({ level: z.int().min(1).max(MAX_LEVEL_LIMIT), roleId: roleIdSchema }))
      .max(250)
      .default([]),
    /** stack: keep every reward role earned so far; replace: keep only the highest one reached. */
    roleRewardMode: z.enum(ROLE_REWARD_MODES).default('stack'),
  })
  .superRefine((settings, ctx) => {
    const problem = curveProblem(settings.curve, settings.maxLevel);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['curve'] });
    if (!settings.titles.some((tier) => tier.fromLevel === 1)) {
      ctx.addIssue({ code: 'custom', message: 'a title must start at level 1', path: ['titles'] });
    }
    if (new Set(settings.titles.map((tier) => tier.fromLevel)).size !== settings.titles.length) {
      ctx.addIssue({ code: 'custom', message: 'two titles start at the same level', path: ['titles'] });
    }
    if (new Set(settings.roleRewards.map((reward) => reward.level)).size !== settings.roleRewards.length) {
      ctx.addIssue({ code: 'custom', message: 'one role reward per level', path: ['roleRewards'] });
    }
    const beyond = settings.roleRewards.find((reward) => reward.level > settings.maxLevel);
    if (beyond) {
      ctx.addIssue({
        code: 'custom',
        message: `level ${beyond.level} is above maxLevel`,
        path: ['roleRewards'],
      });
    }
  });

export type LevelSettings = z.output<typeof levelSettingsSchema>;
export type LevelSettingsInput = z.input<typeof levelSettingsSchema>;

export function parseLevelSettings(input: unknown): LevelSettings {
  return levelSettingsSchema.parse(input);
}
