import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format.ts';
import type { ChannelBar } from '../lib/overview.ts';

/**
 * Messages per channel as horizontal bars in plain HTML: channel names are long and categorical,
 * which reads better across than under a canvas axis, and a list is what a screen reader needs.
 */
export function ChannelBars({ channels, lang }: { channels: readonly ChannelBar[]; lang: string }) {
  const { t } = useTranslation();
  return (
    <ol className="channel-bars">
      {channels.map((c) => (
        <li key={c.channelId}>
          <span className="channel-name">#{c.name ?? t('overview.unknownChannel')}</span>
          <span className="channel-track" aria-hidden="true">
            <span className="channel-fill" style={{ width: `${Math.max(2, c.share * 100)}%` }} />
          </span>
          <span className="channel-value">
            {t('overview.messagesCount', { count: c.messages, value: formatNumber(c.messages, lang) })}
          </span>
        </li>
      ))}
    </ol>
  );
}
