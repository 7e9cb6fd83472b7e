import type { FastifyInstance } from 'fastify';
import { isRecord } from '../json.ts';
import { defined, Fields } from './control-fields.ts';
import type { ControlDeps } from './control-routes.ts';
import { paramsOf, queryOf } from './control-routes.ts';

/** Control routes for interactions, reading what the bot did, faults, traffic and stats. */
export function registerControlOpsRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { state, control, gateway, faults, traffic } = deps;

  app.post('/interactions/command', async (request) => {
    const f = new Fields(request.body);
    const interaction = control.slashCommand({
      userId: f.str('userId'),
      channelId: f.str('channelId'),
      name: f.str('name'),
      ...defined({
        options: f.optOptions('options'),
        subcommand: f.optStr('subcommand'),
        group: f.optStr('group'),
        locale: f.optStr('locale'),
      }),
    });
    return { id: interaction.id, token: interaction.token, payload: interaction.payload };
  });

  app.post('/interactions/button', async (request) => {
    const f = new Fields(request.body);
    const interaction = control.clickButton({
      userId: f.str('userId'),
      channelId: f.str('channelId'),
      messageId: f.str('messageId'),
      customId: f.str('customId'),
      ...defined({ locale: f.optStr('locale') }),
    });
    return { id: interaction.id, token: interaction.token, payload: interaction.payload };
  });

  app.post('/interactions/select', async (request) => {
    const f = new Fields(request.body);
    const interaction = control.selectMenu({
      userId: f.str('userId'),
      channelId: f.str('channelId'),
      messageId: f.str('messageId'),
      customId: f.str('customId'),
      values: f.optStrings('values') ?? [],
      ...defined({ locale: f.optStr('locale') }),
    });
    return { id: interaction.id, token: interaction.token, payload: interaction.payload };
  });

  app.post('/interactions/modal', async (request) => {
    const f = new Fields(request.body);
    const interaction = control.submitModal({
      userId: f.str('userId'),
      fields: f.optStringMap('fields') ?? {},
      ...defined({
        channelId: f.optStr('channelId'),
        interactionId: f.optStr('interactionId'),
        customId: f.optStr('customId'),
        locale: f.optStr('locale'),
      }),
    });
    return { id: interaction.id, token: interaction.token, payload: interaction.payload };
  });

  /** `?wait=MS` long-polls until the bot answered (and finished a deferred reply with settled=true). */
  app.get('/interactions/:id', async (request) => {
    const id = paramsOf(request).id ?? '';
    const q = queryOf(request);
    const wait = Number(q.get('wait') ?? 0);
    if (wait > 0)
      return control.waitForResponse(id, { timeoutMs: wait, settled: q.get('settled') === 'true' });
    return control.interaction(id);
  });

  app.get('/bot/actions', async (request) => {
    const q = queryOf(request);
    return control.botActions(
      defined({
        kind: q.get('kind') ?? undefined,
        channelId: q.get('channelId') ?? undefined,
        since: q.has('since') ? Number(q.get('since')) : undefined,
        limit: q.has('limit') ? Number(q.get('limit')) : undefined,
      }),
    );
  });

  app.get('/bot/messages', async (request) => {
    const channelId = queryOf(request).get('channelId') ?? undefined;
    return control.botMessages(channelId).map((m) => control.messageView(m));
  });

  app.get('/bot/dms', async (request) => {
    const userId = queryOf(request).get('userId') ?? undefined;
    return control
      .dms(userId)
      .map((dm) => ({ ...dm, messages: dm.messages.map((m) => control.messageView(m)) }));
  });

  app.get('/bot/commands', async () =>
    [...state.commands.values()].map((c) => ({
      id: c.id,
      applicationId: c.applicationId,
      guildId: c.guildId,
      name: c.name,
      type: c.type,
      options: c.options,
    })),
  );

  app.post('/faults/rest/429', async (request) => {
    const f = new Fields(request.body);
    faults.storm429(
      defined({
        requests: f.optNum('requests'),
        durationMs: f.optNum('durationMs'),
        retryAfterMs: f.optNum('retryAfterMs'),
        global: f.optBool('global'),
      }),
    );
    return faults.summary();
  });

  app.post('/faults/rest/5xx', async (request) => {
    const f = new Fields(request.body);
    const status =
      isRecord(request.body) && Array.isArray(request.body.status)
        ? request.body.status.filter((s): s is number => typeof s === 'number')
        : f.optNum('status');
    faults.burst5xx({ requests: f.optNum('requests') ?? 1, ...defined({ status }) });
    return faults.summary();
  });

  app.post('/faults/rest/latency', async (request) => {
    const f = new Fields(request.body);
    faults.latency({
      ms: f.optNum('ms') ?? 100,
      ...defined({ durationMs: f.optNum('durationMs'), requests: f.optNum('requests') }),
    });
    return faults.summary();
  });

  app.get('/faults', async () => faults.summary());

  app.delete('/faults', async () => {
    faults.clear();
    return faults.summary();
  });

  app.post('/faults/gateway/disconnect', async (request) => {
    const f = new Fields(request.body);
    const mode = f.optStr('mode') === 'terminate' ? ('terminate' as const) : ('close' as const);
    return {
      affected: gateway.disconnect({
        mode,
        ...defined({ shardId: f.optNum('shardId'), code: f.optNum('code') }),
      }),
    };
  });

  app.post('/faults/gateway/invalid-session', async (request) => {
    const f = new Fields(request.body);
    return {
      affected: gateway.invalidateSession(
        defined({ shardId: f.optNum('shardId'), resumable: f.optBool('resumable') }),
      ),
    };
  });

  app.post('/faults/gateway/reconnect', async (request) => {
    const f = new Fields(request.body);
    return { affected: gateway.requestReconnect(defined({ shardId: f.optNum('shardId') })) };
  });

  app.post('/faults/gateway/redeliver', async (request) => {
    const f = new Fields(request.body);
    return {
      redelivered: gateway.redeliver(defined({ shardId: f.optNum('shardId'), count: f.optNum('count') })),
    };
  });

  app.post('/traffic/start', async (request) => {
    const f = new Fields(request.body);
    const mix = f.optRecord('mix');
    return traffic.start(
      defined({
        eventsPerSecond: f.optNum('eventsPerSecond'),
        seed: f.optNum('seed'),
        maxEvents: f.optNum('maxEvents'),
        mix: mix
          ? defined({
              message: numberOr(mix.message),
              reaction: numberOr(mix.reaction),
              voice: numberOr(mix.voice),
            })
          : undefined,
      }),
    );
  });

  app.post('/traffic/stop', async () => traffic.stop());
  app.get('/traffic', async () => traffic.stats());

  app.get('/stats', async () => deps.stats());

  app.post('/ratelimits/reset', async () => {
    deps.limiter?.reset();
    return { reset: deps.limiter !== null };
  });
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
