import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSwitchGuild } from '../api/queries.ts';
import { Avatar, guildIconUrl } from '../components/avatar.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { useSession } from './session.tsx';

/**
 * The header's guild switcher: a disclosure button with one button per guild. Not a <select>:
 * arrowing through a select fires `change` at each step, which would switch guilds mid-choice.
 */
export function GuildMenu() {
  const { t } = useTranslation();
  const { me, guild } = useSession();
  const [open, setOpen] = useState(false);
  const switcher = useSwitchGuild();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const name = guild?.name ?? t('header.noServer');
  if (me.guilds.length < 2) {
    return (
      <span className="guild-current">
        <Avatar name={name} src={guild ? guildIconUrl(guild.id, guild.icon) : null} size={28} />
        <span className="guild-name">{name}</span>
      </span>
    );
  }
  return (
    <div className="guild-menu" ref={root}>
      <button
        type="button"
        ref={button}
        className="guild-button"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={t('header.switchServerCurrent', { name })}
        onClick={() => setOpen((v) => !v)}
      >
        <Avatar name={name} src={guild ? guildIconUrl(guild.id, guild.icon) : null} size={28} />
        <span className="guild-name">{name}</span>
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={listId} className="menu" hidden={!open}>
        <ul>
          {me.guilds.map((g) => (
            <li key={g.id}>
              <button
                type="button"
                className="menu-item"
                aria-current={g.id === guild?.id ? 'true' : undefined}
                disabled={switcher.isPending}
                onClick={() => {
                  setOpen(false);
                  if (g.id !== guild?.id) switcher.mutate(g.id);
                }}
              >
                <Avatar name={g.name} src={guildIconUrl(g.id, g.icon)} size={24} />
                <span>{g.name}</span>
                {g.id === guild?.id ? <span className="badge">{t('guilds.current')}</span> : null}
              </button>
            </li>
          ))}
        </ul>
        <Link href="/guilds" className="menu-footer" onClick={() => setOpen(false)}>
          {t('header.allServers')}
        </Link>
      </div>
      {switcher.isError ? <InlineError error={switcher.error} title={t('errors.action.switch')} /> : null}
    </div>
  );
}
