import type { FastifyInstance } from 'fastify';
import { isRecord, optString, stringArray } from '../json.ts';
import { hasPermission, Permission } from '../permissions.ts';
import { channelToApi, guildToApi, memberToApi, roleToApi, voiceStateToApi } from '../serialize.ts';
import type { SimGuild } from '../types.ts';
import { Answer, botOf, defineRoute, type RestContext, type RouteRequest } from './context.ts';
import { invalidField, missingAccess, missingPermissions, unknown } from './errors.ts';

/** The guild of a request, after checking the bot is in it (Discord: 404 unknown, 403 not a member). */
export function guildFor(ctx: RestContext, req: RouteRequest): SimGuild {
  const guild = ctx.state.guilds.get(req.params.guildId ?? '');
  if (!guild) throw unknown.guild();
  const userId = req.caller.kind === 'bot' ? req.caller.bot.userId : null;
  if (userId && !ctx.state.member(guild.id, userId)) throw missingAccess();
  return guild;
}

export function intParam(
  req: RouteRequest,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = req.query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value))
    throw invalidField([name], 'NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`);
  if (value < min || value > max) {
    throw invalidField(
      [name],
      value < min ? 'NUMBER_TYPE_MIN' : 'NUMBER_TYPE_MAX',
      `Int must be ${value < min ? 'greater' : 'less'} than or equal to ${value < min ? min : max}.`,
    );
  }
  return value;
}

export function registerGuildRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { state, actions } = ctx;

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId',
    auth: 'bot',
    bucket: 'guilds.get',
    major: 'guildId',
    handler: (req) => guildToApi(state, guildFor(ctx, req), req.query.get('with_counts') === 'true'),
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/channels',
    auth: 'bot',
    bucket: 'guilds.channels',
    major: 'guildId',
    handler: (req) =>
      state
        .guildChannels(guildFor(ctx, req).id)
        .filter((c) => !c.thread)
        .map((c) => channelToApi(state, c)),
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/roles',
    auth: 'bot',
    bucket: 'guilds.roles',
    major: 'guildId',
    handler: (req) => state.guildRoles(guildFor(ctx, req).id).map(roleToApi),
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/members',
    auth: 'bot',
    bucket: 'members.list',
    major: 'guildId',
    handler: (req) => {
      const guild = guildFor(ctx, req);
      const limit = intParam(req, 'limit', 1, 1, 1000);
      const after = req.query.get('after') ?? '0';
      if (!/^\d+$/.test(after))
        throw invalidField(['after'], 'NUMBER_TYPE_COERCE', `Value "${after}" is not snowflake.`);
      return state.membersAfter(guild.id, after, limit).map((m) => memberToApi(state, m));
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/members/search',
    auth: 'bot',
    bucket: 'members.search',
    major: 'guildId',
    handler: (req) => {
      const guild = guildFor(ctx, req);
      const query = (req.query.get('query') ?? '').toLowerCase();
      const limit = intParam(req, 'limit', 1, 1, 1000);
      const out = [];
      for (const member of state.members(guild.id)) {
        if (out.length >= limit) break;
        const user = state.users.get(member.userId);
        if ([user?.username, user?.globalName, member.nick].some((n) => n?.toLowerCase().startsWith(query))) {
          out.push(memberToApi(state, member));
        }
      }
      return out;
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/members/:userId',
    auth: 'bot',
    bucket: 'members.get',
    major: 'guildId',
    handler: (req) => {
      const guild = guildFor(ctx, req);
      const userId = req.params.userId === '@me' ? botOf(req).userId : (req.params.userId ?? '');
      const member = state.member(guild.id, userId);
      if (!member) throw unknown.member();
      return memberToApi(state, member);
    },
  });

  /** Discord's hierarchy rule: a bot may only manage roles strictly below its highest role. */
  const assertCanManageRole = (guildId: string, botUserId: string, roleId: string): void => {
    const role = state.roles.get(roleId);
    if (!role || role.guildId !== guildId || role.id === guildId) throw unknown.role();
    if (!hasPermission(state.guildPermissions(guildId, botUserId), Permission.ManageRoles))
      throw missingPermissions();
    if (role.managed || role.position >= state.highestRolePosition(guildId, botUserId))
      throw missingPermissions();
  };

  for (const method of ['PUT', 'DELETE'] as const) {
    defineRoute(app, ctx, {
      method,
      url: '/guilds/:guildId/members/:userId/roles/:roleId',
      auth: 'bot',
      bucket: 'members.roles',
      major: 'guildId',
      handler: (req) => {
        const guild = guildFor(ctx, req);
        const bot = botOf(req);
        const member = state.member(guild.id, req.params.userId ?? '');
        if (!member) throw unknown.member();
        const roleId = req.params.roleId ?? '';
        assertCanManageRole(guild.id, bot.userId, roleId);
        const has = member.roles.includes(roleId);
        if (method === 'PUT' && !has)
          actions.updateMember(guild.id, member.userId, { roles: [...member.roles, roleId] });
        if (method === 'DELETE' && has)
          actions.updateMember(guild.id, member.userId, { roles: member.roles.filter((r) => r !== roleId) });
        ctx.log.record({
          botUserId: bot.userId,
          kind: method === 'PUT' ? 'member.role.add' : 'member.role.remove',
          guildId: guild.id,
          userId: member.userId,
          roleId,
          detail: { changed: method === 'PUT' ? !has : has },
        });
        return undefined;
      },
    });
  }

  defineRoute(app, ctx, {
    method: 'PATCH',
    url: '/guilds/:guildId/members/:userId',
    auth: 'bot',
    bucket: 'members.update',
    major: 'guildId',
    handler: (req) => {
      const guild = guildFor(ctx, req);
      const bot = botOf(req);
      const member = state.member(guild.id, req.params.userId ?? '');
      if (!member) throw unknown.member();
      const body = isRecord(req.body) ? req.body : {};
      const patch: { roles?: string[]; nick?: string | null } = {};
      if (body.roles !== undefined) {
        const roles = stringArray(body.roles);
        if (!roles) throw invalidField(['roles'], 'BASE_TYPE_ARRAY', 'Must be an array.');
        const changed = roles
          .filter((r) => !member.roles.includes(r))
          .concat(member.roles.filter((r) => !roles.includes(r)));
        for (const roleId of changed) assertCanManageRole(guild.id, bot.userId, roleId);
        patch.roles = roles;
      }
      if (body.nick !== undefined) {
        if (!hasPermission(state.guildPermissions(guild.id, bot.userId), Permission.ManageNicknames))
          throw missingPermissions();
        patch.nick = optString(body.nick) ?? null;
      }
      const updated = actions.updateMember(guild.id, member.userId, patch);
      ctx.log.record({
        botUserId: bot.userId,
        kind: 'member.update',
        guildId: guild.id,
        userId: member.userId,
        detail: { ...patch },
      });
      return updated ? memberToApi(state, updated) : new Answer(204, undefined);
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/threads/active',
    auth: 'bot',
    bucket: 'threads',
    major: 'guildId',
    handler: (req) => {
      const guild = guildFor(ctx, req);
      const bot = botOf(req);
      const threads = state
        .guildChannels(guild.id)
        .filter(
          (c) =>
            c.thread &&
            !c.thread.archived &&
            hasPermission(state.channelPermissions(c.id, bot.userId), Permission.ViewChannel),
        );
      return { threads: threads.map((c) => channelToApi(state, c)), members: [] };
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/voice-states/:userId',
    auth: 'bot',
    bucket: 'voice-states',
    major: 'guildId',
    handler: (req) => {
      const guild = guildFor(ctx, req);
      const userId = req.params.userId === '@me' ? botOf(req).userId : (req.params.userId ?? '');
      const voice = state.voiceState(guild.id, userId);
      if (!voice) throw unknown.member();
      return voiceStateToApi(state, voice, true);
    },
  });
}
