import type { FastifyInstance } from 'fastify';
import { isJsonObject, jsonArray, optString } from '../json.ts';
import { Permission } from '../permissions.ts';
import { guildToApi, userToApi, type Wire } from '../serialize.ts';
import type { JsonObject, SimCommand } from '../types.ts';
import { botOf, defineRoute, type RestContext, type RouteRequest } from './context.ts';
import { invalidField, missingAccess, unknown } from './errors.ts';

function commandToApi(c: SimCommand): Wire {
  const out: Wire = {
    ...c.raw,
    id: c.id,
    application_id: c.applicationId,
    version: c.version,
    type: c.type,
    name: c.name,
    description: c.description,
    default_member_permissions: c.defaultMemberPermissions,
    nsfw: false,
    integration_types: [0],
    contexts: null,
  };
  if (c.options.length > 0) out.options = c.options;
  if (c.guildId) out.guild_id = c.guildId;
  return out;
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

function parseCommand(
  raw: unknown,
  index: number | null,
): JsonObject & { name: string; type: number; description: string } {
  const path = index === null ? [] : [String(index)];
  if (!isJsonObject(raw)) {
    throw invalidField(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  }
  const type = typeof raw.type === 'number' ? raw.type : 1;
  const name = optString(raw.name);
  if (!name || !COMMAND_NAME.test(name) || (type === 1 && name !== name.toLowerCase())) {
    throw invalidField([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const description = optString(raw.description) ?? '';
  if (type === 1 && (description.length < 1 || description.length > 100)) {
    throw invalidField(
      [...path, 'description'],
      'BASE_TYPE_BAD_LENGTH',
      'Must be between 1 and 100 in length.',
    );
  }
  return { ...raw, name, type, description };
}

function guildScope(ctx: RestContext, req: RouteRequest): string | null {
  const guildId = req.params.guildId ?? null;
  if (guildId !== null && !ctx.state.guilds.has(guildId)) throw unknown.guild();
  return guildId;
}

/** The application in the path must be the caller's own. */
function appOf(req: RouteRequest): string {
  const bot = botOf(req);
  if (req.params.appId !== bot.applicationId) throw missingAccess();
  return bot.applicationId;
}

function storeCommand(
  ctx: RestContext,
  applicationId: string,
  guildId: string | null,
  body: ReturnType<typeof parseCommand>,
): SimCommand {
  const existing = [...ctx.state.commands.values()].find(
    (c) =>
      c.applicationId === applicationId &&
      c.guildId === guildId &&
      c.name === body.name &&
      c.type === body.type,
  );
  const command: SimCommand = {
    id: existing?.id ?? ctx.state.snowflakes.next(),
    applicationId,
    guildId,
    name: body.name,
    description: body.description,
    type: body.type,
    options: jsonArray(body.options) ?? [],
    defaultMemberPermissions:
      typeof body.default_member_permissions === 'string' ? body.default_member_permissions : null,
    version: ctx.state.snowflakes.next(),
    raw: body,
  };
  ctx.state.commands.set(command.id, command);
  return command;
}

export function registerCoreRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { state } = ctx;

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/gateway',
    auth: 'none',
    bucket: 'gateway',
    handler: () => ({ url: ctx.gatewayUrl() }),
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/gateway/bot',
    auth: 'bot',
    bucket: 'gateway',
    handler: () => {
      const { total, maxConcurrency, recommendedShards } = ctx.sessionStartLimit;
      return {
        url: ctx.gatewayUrl(),
        shards: recommendedShards,
        session_start_limit: {
          total,
          remaining: Math.max(0, total - ctx.identifiesUsed()),
          reset_after: 86_400_000,
          max_concurrency: maxConcurrency,
        },
      };
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/users/@me',
    auth: 'any',
    bucket: 'users.me',
    handler: (req) => {
      const userId =
        req.caller.kind === 'bot'
          ? req.caller.bot.userId
          : req.caller.kind === 'bearer'
            ? req.caller.grant.userId
            : '';
      const user = state.users.get(userId);
      if (!user) throw unknown.user();
      const out: Wire = { ...userToApi(user), locale: 'en-US', mfa_enabled: false, premium_type: 0 };
      if (req.caller.kind === 'bot') out.verified = true;
      if (req.caller.kind === 'bearer' && req.caller.grant.scopes.includes('email')) {
        out.email = user.email ?? `${user.username}@users.hearth-sim.invalid`;
        out.verified = true;
      }
      return out;
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/users/@me/guilds',
    auth: 'any',
    bucket: 'users.me.guilds',
    handler: (req) => {
      const userId =
        req.caller.kind === 'bot'
          ? req.caller.bot.userId
          : req.caller.kind === 'bearer'
            ? req.caller.grant.userId
            : '';
      if (req.caller.kind === 'bearer' && !req.caller.grant.scopes.includes('guilds')) throw missingAccess();
      const withCounts = req.query.get('with_counts') === 'true';
      const limit = Math.min(200, Math.max(1, Number(req.query.get('limit') ?? 200) || 200));
      const after = req.query.get('after');
      return state
        .guildsOfUser(userId)
        .filter((g) => after === null || BigInt(g.id) > BigInt(after))
        .slice(0, limit)
        .map((g) => {
          const out: Wire = {
            id: g.id,
            name: g.name,
            icon: g.icon,
            banner: null,
            owner: g.ownerId === userId,
            permissions: state.guildPermissions(g.id, userId).toString(),
            features: [...g.features],
          };
          if (withCounts) {
            out.approximate_member_count = state.memberCount(g.id);
            out.approximate_presence_count = Math.ceil(state.memberCount(g.id) / 3);
          }
          return out;
        });
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/users/:userId',
    auth: 'bot',
    bucket: 'users.get',
    handler: (req) => {
      const user = state.users.get(req.params.userId ?? '');
      if (!user) throw unknown.user();
      return userToApi(user);
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/applications/@me',
    auth: 'bot',
    bucket: 'applications',
    handler: (req) => {
      const bot = botOf(req);
      const owner = state.guilds.values().next().value?.ownerId;
      const ownerUser = owner ? state.users.get(owner) : undefined;
      return {
        id: bot.applicationId,
        name: bot.name,
        icon: null,
        description: 'Simulated application',
        summary: '',
        type: null,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        approximate_guild_count: state.guildsOfUser(bot.userId).length,
        owner: ownerUser ? userToApi(ownerUser) : null,
        team: null,
        bot: userToApi(
          state.users.get(bot.userId) ?? {
            id: bot.userId,
            username: bot.name,
            globalName: null,
            avatar: null,
            bot: true,
          },
        ),
        redirect_uris: [],
        interactions_endpoint_url: null,
        tags: [],
        install_params: {
          scopes: ['bot', 'applications.commands'],
          permissions: Permission.Administrator.toString(),
        },
        integration_types_config: { '0': {} },
      };
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/oauth2/@me',
    auth: 'bearer',
    bucket: 'oauth2',
    handler: (req) => {
      if (req.caller.kind !== 'bearer') throw missingAccess();
      const { grant } = req.caller;
      const user = state.users.get(grant.userId);
      return {
        application: {
          id: grant.applicationId,
          name: state.botByApplication(grant.applicationId)?.name ?? 'app',
        },
        scopes: grant.scopes,
        expires: new Date(grant.expiresAt).toISOString(),
        user: user ? userToApi(user) : null,
      };
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/guilds/:guildId/preview',
    auth: 'bot',
    bucket: 'guilds.get',
    major: 'guildId',
    handler: (req) => {
      const guild = state.guilds.get(req.params.guildId ?? '');
      if (!guild) throw unknown.guild();
      return guildToApi(state, guild, true);
    },
  });

  for (const scoped of [false, true]) {
    const base = scoped ? '/applications/:appId/guilds/:guildId/commands' : '/applications/:appId/commands';
    const list = (req: RouteRequest): SimCommand[] => {
      const appId = appOf(req);
      const guildId = guildScope(ctx, req);
      return [...state.commands.values()].filter((c) => c.applicationId === appId && c.guildId === guildId);
    };
    defineRoute(app, ctx, {
      method: 'GET',
      url: base,
      auth: 'bot',
      bucket: 'commands.get',
      handler: (req) => list(req).map(commandToApi),
    });
    defineRoute(app, ctx, {
      method: 'PUT',
      url: base,
      auth: 'bot',
      bucket: 'commands',
      handler: (req) => {
        const appId = appOf(req);
        const guildId = guildScope(ctx, req);
        if (!Array.isArray(req.body)) throw invalidField([], 'BASE_TYPE_ARRAY', 'Must be an array.');
        const parsed = req.body.map((raw, i) => parseCommand(raw, i));
        const kept = parsed.map((body) => storeCommand(ctx, appId, guildId, body));
        const keptIds = new Set(kept.map((c) => c.id));
        for (const c of list(req)) if (!keptIds.has(c.id)) state.commands.delete(c.id);
        ctx.log.record({
          botUserId: botOf(req).userId,
          kind: 'commands.overwrite',
          guildId,
          detail: { names: kept.map((c) => c.name) },
        });
        return kept.map(commandToApi);
      },
    });
    defineRoute(app, ctx, {
      method: 'POST',
      url: base,
      auth: 'bot',
      bucket: 'commands',
      handler: (req) =>
        commandToApi(storeCommand(ctx, appOf(req), guildScope(ctx, req), parseCommand(req.body, null))),
    });
    defineRoute(app, ctx, {
      method: 'GET',
      url: `${base}/:commandId`,
      auth: 'bot',
      bucket: 'commands.get',
      handler: (req) => {
        const command = list(req).find((c) => c.id === req.params.commandId);
        if (!command) throw unknown.command();
        return commandToApi(command);
      },
    });
    defineRoute(app, ctx, {
      method: 'DELETE',
      url: `${base}/:commandId`,
      auth: 'bot',
      bucket: 'commands',
      handler: (req) => {
        const command = list(req).find((c) => c.id === req.params.commandId);
        if (!command) throw unknown.command();
        state.commands.delete(command.id);
        return undefined;
      },
    });
  }
}
