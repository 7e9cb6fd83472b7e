import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimControl } from '../control.ts';
import type { RestFaults } from '../faults.ts';
import type { Gateway } from '../gateway.ts';
import type { CommunityOptions, GeneratedCommunity } from '../generator.ts';
import { isRecord, jsonArray, records } from '../json.ts';
import type { RateLimiter } from '../ratelimit.ts';
import {
  channelToApi,
  guildToApi,
  memberToApi,
  roleToApi,
  userToApi,
  voiceStateToApi,
  type Wire,
} from '../serialize.ts';
import type { SimState } from '../state.ts';
import type { TrafficGenerator } from '../traffic.ts';
import { ChannelType } from '../types.ts';
import { communityOptionsFrom, defined, Fields } from './control-fields.ts';
import { registerControlOpsRoutes } from './control-ops-routes.ts';
import { DiscordHttpError, ErrorCode, unknown } from './errors.ts';

export interface ControlDeps {
  state: SimState;
  control: SimControl;
  gateway: Gateway;
  faults: RestFaults;
  traffic: TrafficGenerator;
  limiter: RateLimiter | null;
  controlToken: string | null;
  stats: () => unknown;
  generate: (options?: CommunityOptions) => GeneratedCommunity;
}

export type Params = Record<string, string>;

export function paramsOf(request: FastifyRequest): Params {
  const out: Params = {};
  if (isRecord(request.params))
    for (const [k, v] of Object.entries(request.params)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function queryOf(request: FastifyRequest): URLSearchParams {
  return new URLSearchParams(request.url.split('?')[1] ?? '');
}

export function communitySummary(state: SimState, c: GeneratedCommunity): Wire {
  return {
    guildId: c.guild.id,
    name: c.guild.name,
    ownerId: c.ownerId,
    members: state.memberCount(c.guild.id),
    memberIds: c.memberIds.slice(0, 100),
    helperBotId: c.helperBotId,
    moderatorRoleId: c.moderatorRoleId,
    roles: c.roles.map((r) => ({ id: r.id, name: r.name })),
    textChannels: c.textChannels.map((ch) => ({ id: ch.id, name: ch.name })),
    voiceChannels: c.voiceChannels.map((ch) => ({ id: ch.id, name: ch.name })),
    stageChannels: c.stageChannels.map((ch) => ({ id: ch.id, name: ch.name })),
    threads: c.threads.map((ch) => ({ id: ch.id, name: ch.name, archived: ch.thread?.archived ?? false })),
    hiddenChannels: c.hiddenChannels.map((ch) => ({ id: ch.id, name: ch.name })),
    messages: c.messages,
    startAt: new Date(c.startAt).toISOString(),
    endAt: new Date(c.endAt).toISOString(),
  };
}

/**
 * The control API under /_sim: JSON in, JSON out, no bot auth (an optional control token), no
 * rate limits and no faults. Everything here maps onto SimControl.
 */
export function registerControlRoutes(app: FastifyInstance, deps: ControlDeps): void {
  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        if (deps.controlToken === null) return;
        const header =
          request.headers['x-control-token'] ?? request.headers.authorization?.replace(/^Bearer\s+/i, '');
        if (header !== deps.controlToken) {
          await reply.code(401).send({ message: 'control token required', code: 0 });
        }
      });
      registerCommunityRoutes(scope, deps);
      registerControlOpsRoutes(scope, deps);
    },
    { prefix: '/_sim' },
  );
}

function registerCommunityRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { state, control } = deps;

  app.get('/state', async () => ({
    users: state.users.size,
    guilds: [...state.guilds.values()].map((g) => ({
      id: g.id,
      name: g.name,
      ownerId: g.ownerId,
      members: state.memberCount(g.id),
      channels: state.guildChannels(g.id).length,
      roles: state.guildRoles(g.id).length,
      voice: [...state.voiceStates(g.id)].length,
      messages: state.guildChannels(g.id).reduce((n, c) => n + state.messages.count(c.id), 0),
    })),
    messages: state.messages.total,
    commands: state.commands.size,
    bots: state.bots.map((b) => ({
      userId: b.userId,
      applicationId: b.applicationId,
      name: b.name,
      token: b.token,
      clientSecret: b.clientSecret,
    })),
  }));

  app.post('/users', async (request) => {
    const f = new Fields(request.body);
    return userToApi(
      control.createUser({
        username: f.str('username'),
        ...defined({ globalName: f.optStr('globalName'), bot: f.optBool('bot') }),
      }),
    );
  });

  app.post('/guilds', async (request) => {
    const f = new Fields(request.body);
    const guild = control.createGuild({
      name: f.str('name'),
      ...defined({
        ownerId: f.optStr('ownerId'),
        botPermissions: f.optBits('botPermissions'),
        preferredLocale: f.optStr('preferredLocale'),
      }),
    });
    return guildToApi(state, guild, true);
  });

  app.post('/generate', async (request) =>
    communitySummary(state, deps.generate(communityOptionsFrom(request.body))),
  );

  app.get('/guilds/:guildId', async (request) => {
    const guild = state.guilds.get(paramsOf(request).guildId ?? '');
    if (!guild) throw unknown.guild();
    return {
      ...guildToApi(state, guild, true),
      channels: state
        .guildChannels(guild.id)
        .map((c) => ({ ...channelToApi(state, c), message_count: state.messages.count(c.id) })),
      voice_states: [...state.voiceStates(guild.id)].map((v) => voiceStateToApi(state, v, false)),
      member_count: state.memberCount(guild.id),
    };
  });

  app.post('/guilds/:guildId/channels', async (request) => {
    const f = new Fields(request.body);
    const overwrites = overwritesOf(f);
    const type = f.optNum('type');
    const known: readonly number[] = Object.values(ChannelType);
    if (type !== undefined && !known.includes(type))
      throw badRequest('Field "type" must be a Discord channel type');
    const channel = control.createChannel(paramsOf(request).guildId ?? '', {
      name: f.str('name'),
      ...defined({
        type: Object.values(ChannelType).find((t) => t === type),
        parentId: f.optStr('parentId'),
        topic: f.optStr('topic'),
        overwrites,
        position: f.optNum('position'),
      }),
    });
    return channelToApi(state, channel);
  });

  // Replaces a channel's permission overwrites: how a test turns a channel forbidden mid-import.
  app.put('/channels/:channelId/overwrites', async (request) => {
    const f = new Fields(request.body);
    const overwrites = overwritesOf(f);
    if (!overwrites) throw badRequest('Field "overwrites" must be a list of overwrites');
    return channelToApi(state, control.setOverwrites(paramsOf(request).channelId ?? '', overwrites));
  });

  app.post('/dms', async (request) => {
    const f = new Fields(request.body);
    return channelToApi(state, control.openDm(f.str('userId'), f.optStr('botUserId')));
  });

  app.post('/channels/:channelId/threads', async (request) => {
    const f = new Fields(request.body);
    const thread = control.createThread(paramsOf(request).channelId ?? '', {
      name: f.str('name'),
      ownerId: f.str('ownerId'),
      ...defined({ archived: f.optBool('archived') }),
    });
    return channelToApi(state, thread);
  });

  app.post('/guilds/:guildId/roles', async (request) => {
    const f = new Fields(request.body);
    const role = control.createRole(paramsOf(request).guildId ?? '', {
      name: f.str('name'),
      ...defined({
        permissions: f.optBits('permissions'),
        color: f.optNum('color'),
        hoist: f.optBool('hoist'),
        mentionable: f.optBool('mentionable'),
        position: f.optNum('position'),
      }),
    });
    return roleToApi(role);
  });

  app.get('/guilds/:guildId/members/:userId', async (request) => {
    const { guildId = '', userId = '' } = paramsOf(request);
    const member = state.member(guildId, userId);
    if (!member) throw unknown.member();
    return memberToApi(state, member);
  });

  app.put('/guilds/:guildId/members/:userId', async (request) => {
    const { guildId = '', userId = '' } = paramsOf(request);
    const f = new Fields(request.body);
    return control.addMember(
      guildId,
      userId,
      defined({
        roles: f.optStrings('roles'),
        nick: f.optStr('nick'),
        systemMessage: f.optBool('systemMessage'),
      }),
    );
  });

  app.patch('/guilds/:guildId/members/:userId', async (request) => {
    const { guildId = '', userId = '' } = paramsOf(request);
    const f = new Fields(request.body);
    const nick = isRecord(request.body) && request.body.nick === null ? null : f.optStr('nick');
    return control.updateMember(guildId, userId, defined({ roles: f.optStrings('roles'), nick }));
  });

  app.delete('/guilds/:guildId/members/:userId', async (request, reply) => {
    const { guildId = '', userId = '' } = paramsOf(request);
    control.removeMember(guildId, userId);
    return reply.code(204).send();
  });

  app.post('/channels/:channelId/messages', async (request) => {
    const f = new Fields(request.body);
    const attachments = records(f.raw('attachments'))?.map((a) => ({
      filename: String(a.filename ?? 'file.bin'),
      size: typeof a.size === 'number' ? a.size : 1024,
      contentType: typeof a.contentType === 'string' ? a.contentType : null,
    }));
    const message = control.postMessage({
      channelId: paramsOf(request).channelId ?? '',
      authorId: f.str('authorId'),
      ...defined({
        content: f.optStr('content'),
        embeds: jsonArray(f.raw('embeds')),
        attachments,
        replyTo: f.optStr('replyTo'),
      }),
    });
    return control.messageView(message);
  });

  app.get('/channels/:channelId/messages', async (request) => {
    const channelId = paramsOf(request).channelId ?? '';
    if (!state.channels.has(channelId)) throw unknown.channel();
    const q = queryOf(request);
    const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? 50) || 50));
    const before = q.get('before');
    const after = q.get('after');
    const authorId = q.get('authorId');
    let page = state.messages.history(
      channelId,
      before
        ? { limit: authorId ? 100_000 : limit, before }
        : after
          ? { limit: authorId ? 100_000 : limit, after }
          : { limit: authorId ? 100_000 : limit },
    );
    if (authorId) page = page.filter((m) => m.authorId === authorId).slice(0, limit);
    return page.map((m) => control.messageView(m));
  });

  app.patch('/channels/:channelId/messages/:messageId', async (request) => {
    const { channelId = '', messageId = '' } = paramsOf(request);
    const f = new Fields(request.body);
    return control.messageView(control.editMessage({ channelId, messageId, content: f.str('content') }));
  });

  app.delete('/channels/:channelId/messages/:messageId', async (request, reply) => {
    const { channelId = '', messageId = '' } = paramsOf(request);
    control.deleteMessage({ channelId, messageId });
    return reply.code(204).send();
  });

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/channels/:channelId/messages/:messageId/reactions',
      handler: async (request) => {
        const { channelId = '', messageId = '' } = paramsOf(request);
        const f = new Fields(request.body ?? Object.fromEntries(queryOf(request)));
        const input = { channelId, messageId, userId: f.str('userId'), emoji: f.str('emoji') };
        return { changed: method === 'PUT' ? control.react(input) : control.unreact(input) };
      },
    });
  }

  app.post('/voice/join', async (request) => {
    const f = new Fields(request.body);
    const voice = control.voiceJoin({
      userId: f.str('userId'),
      channelId: f.str('channelId'),
      ...defined({ selfMute: f.optBool('selfMute'), selfDeaf: f.optBool('selfDeaf') }),
    });
    return voiceStateToApi(state, voice, false);
  });

  app.post('/voice/leave', async (request, reply) => {
    const f = new Fields(request.body);
    control.voiceLeave({ guildId: f.str('guildId'), userId: f.str('userId') });
    return reply.code(204).send();
  });

  app.post('/voice/update', async (request) => {
    const f = new Fields(request.body);
    const voice = control.voiceUpdate({
      guildId: f.str('guildId'),
      userId: f.str('userId'),
      ...defined({
        selfMute: f.optBool('selfMute'),
        selfDeaf: f.optBool('selfDeaf'),
        mute: f.optBool('mute'),
        deaf: f.optBool('deaf'),
        suppress: f.optBool('suppress'),
        selfStream: f.optBool('selfStream'),
        selfVideo: f.optBool('selfVideo'),
      }),
    });
    return voiceStateToApi(state, voice, false);
  });
}

export function badRequest(message: string): DiscordHttpError {
  return new DiscordHttpError(400, ErrorCode.InvalidFormBody, message);
}

function overwritesOf(f: Fields) {
  return records(f.raw('overwrites'))?.map((o) => ({
    id: String(o.id),
    type: o.type === 'member' || o.type === 1 ? ('member' as const) : ('role' as const),
    allow: String(o.allow ?? '0'),
    deny: String(o.deny ?? '0'),
  }));
}
