import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const ROLES = ['member', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a Discord user, in some guilds, with one role. */
export interface AuthContext {
  userId: string;
  guildIds: string[];
  role: Role;
}

const RANK: Record<Role, number> = { member: 0, admin: 1, service: 2 };

/** service ⊇ admin ⊇ member: a route needing `admin` accepts an admin or a service token. */
export function roleSatisfies(actual: Role, needed: Role): boolean {
  return RANK[actual] >= RANK[needed];
}

export type VerifyResult =
  | { ok: true; auth: AuthContext; claims: Record<string, unknown> }
  | { ok: false; reason: string };

const ISSUER = 'hearth';
const SNOWFLAKE = /^\d{1,20}$/;

export interface TokenService {
  /** `claims` adds data for the holder (the dashboard's guild list); it grants nothing. */
  sign(auth: AuthContext, ttlSeconds: number, claims?: Record<string, unknown>): Promise<string>;
  verify(token: string): Promise<VerifyResult>;
}

/** HS256 tokens signed with JWT_SECRET. */
export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(auth, ttlSeconds, claims = {}) {
      return new SignJWT({ ...claims, guilds: auth.guildIds, role: auth.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(auth.userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        const { sub, guilds, role } = payload;
        if (typeof sub !== 'string' || !SNOWFLAKE.test(sub))
          return { ok: false, reason: 'token has no valid subject' };
        if (!Array.isArray(guilds) || !guilds.every((g) => typeof g === 'string' && SNOWFLAKE.test(g))) {
          return { ok: false, reason: 'token has no valid guild list' };
        }
        if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
          return { ok: false, reason: 'token has no valid role' };
        }
        return {
          ok: true,
          auth: { userId: sub, guildIds: guilds as string[], role: role as Role },
          claims: payload as Record<string, unknown>,
        };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'token expired' };
        if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
          return { ok: false, reason: 'token signature is invalid' };
        }
        return { ok: false, reason: 'token is malformed' };
      }
    },
  };
}

/** Parses `30s`, `15m`, `1h`, `7d` or a number of seconds. */
export function parseTtl(value: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] ?? ''] ?? 1;
  const seconds = n * unit;
  return seconds > 0 ? seconds : undefined;
}
