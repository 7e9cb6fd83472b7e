/** Discord's CDN image (allowed by the CSP) or, without one, the name's initials. */
export function Avatar({ name, src, size = 32 }: { name: string; src: string | null; size?: number }) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => [...w][0]?.toUpperCase() ?? '')
      .join('') || '?';
  const style = { width: `${size}px`, height: `${size}px` };
  return src ? (
    <img className="avatar" src={src} alt="" width={size} height={size} style={style} />
  ) : (
    <span className="avatar initials" style={style} aria-hidden="true">
      {initials}
    </span>
  );
}

export function userAvatarUrl(userId: string, hash: string | null): string | null {
  return hash ? `https://cdn.discordapp.com/avatars/${userId}/${hash}.png?size=64` : null;
}

export function guildIconUrl(guildId: string, hash: string | null): string | null {
  return hash ? `https://cdn.discordapp.com/icons/${guildId}/${hash}.png?size=64` : null;
}
