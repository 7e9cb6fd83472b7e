import { useTranslation } from 'react-i18next';
import { useGuildChannels } from '../../api/queries.ts';
import { InlineError } from '../../components/inline-error.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { channelKind, importableChannels } from '../../lib/history.ts';

const SKELETON_ROWS = 6;

/**
 * Checkboxes for the guild's channels (from `GET /guilds/{id}/channels`), loaded only once the
 * admin chooses to pick channels. The list has a fixed height, so loading never moves the form.
 */
export function ChannelPicker({
  guildId,
  selected,
  onChange,
}: {
  guildId: string;
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const channels = useGuildChannels(guildId, true);
  const list = channels.data ? importableChannels(channels.data.channels) : undefined;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };

  if (channels.isError && !list) {
    return (
      <div className="channel-picker">
        <InlineError error={channels.error} title={t('errors.failed', { what: t('errors.what.channels') })} />
        <button type="button" className="button secondary small" onClick={() => void channels.refetch()}>
          {t('errors.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className="channel-picker" aria-busy={!list}>
      <p className="field-hint" aria-live="polite">
        {list ? t('history.form.selected', { selected: selected.size, total: list.length }) : '\u00a0'}
      </p>
      <ul className="channel-options">
        {list
          ? list.map((c) => {
              const kind = channelKind(c.type);
              return (
                <li key={c.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={selected.has(c.id)}
                      onChange={(e) => toggle(c.id, e.target.checked)}
                    />
                    <span className="channel-option-name">#{c.name}</span>
                    {kind === 'text' ? null : (
                      <span className="badge">{t(`history.channelKind.${kind}`)}</span>
                    )}
                  </label>
                </li>
              );
            })
          : Array.from({ length: SKELETON_ROWS }, (_v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <li key={i}>
                <Skeleton height="1.5rem" />
              </li>
            ))}
        {list && list.length === 0 ? <li className="field-hint">{t('history.form.noChannels')}</li> : null}
      </ul>
    </div>
  );
}
