import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../api/types.ts';
import { heartbeatIntervalSeconds, isDiscordKind, playerEndpoints, playerSnippet } from '../../lib/stages.ts';

/**
 * How a web player watches this stage, as the API has it: the endpoints, who may join (a member's
 * Hearth token, or anyone under a participant id on anonymous stages), the heartbeat pace, and a
 * minimal player. Discord stages have no web player: Discord says who is in the channel.
 */
export function PlayerPanel({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  const id = useId();
  if (isDiscordKind(stage.kind)) {
    return (
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('stages.player.title')}</h2>
        <p>{t('stages.player.discord')}</p>
      </section>
    );
  }
  const origin = window.location.origin;
  const endpoints = playerEndpoints(origin, stage.id);
  const rows: { key: 'join' | 'heartbeat' | 'leave' | 'count' | 'stream'; method: string }[] = [
    { key: 'join', method: 'POST' },
    { key: 'heartbeat', method: 'POST' },
    { key: 'leave', method: 'POST' },
    { key: 'count', method: 'GET' },
    { key: 'stream', method: 'GET' },
  ];
  return (
    <section className="panel player-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('stages.player.title')}</h2>
      <p>{stage.allow_anonymous ? t('stages.player.anonymous') : t('stages.player.members')}</p>
      <p>
        {t('stages.player.heartbeat', {
          seconds: heartbeatIntervalSeconds(stage.ttl_seconds),
          ttl: stage.ttl_seconds,
        })}
      </p>
      <dl className="endpoints">
        {rows.map((row) => (
          <div key={row.key} className="endpoint">
            <dt>{t(`stages.player.endpoints.${row.key}`)}</dt>
            <dd>
              <code>
                {row.method} {endpoints[row.key]}
              </code>
            </dd>
          </div>
        ))}
      </dl>
      <p className="field-hint">{t('stages.player.crossOrigin')}</p>
      <h3 className="subheading">{t('stages.player.example')}</h3>
      <pre className="snippet">
        <code>{playerSnippet(origin, stage)}</code>
      </pre>
    </section>
  );
}
