/** Discord's JSON error codes the simulator answers with. */
export const ErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownRole: 10011,
  UnknownUser: 10013,
  UnknownEmoji: 10014,
  UnknownWebhook: 10015,
  UnknownApplication: 10002,
  UnknownInteraction: 10062,
  UnknownApplicationCommand: 10063,
  Unauthorized: 40001,
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  CannotSendMessagesToUser: 50007,
  CannotEditOthersMessage: 50005,
  MissingPermissions: 50013,
  InvalidFormBody: 50035,
  InvalidChannelType: 50024,
  InvalidJson: 50109,
  InvalidOAuthState: 50012,
} as const;

export interface FieldError {
  code: string;
  message: string;
}

/** Nested like Discord's: { content: { _errors: [...] } } or { 0: { name: { _errors } } }. */
export type FormErrors = { _errors?: FieldError[] } & {
  [key: string]: FormErrors | FieldError[] | undefined;
};

export class DiscordHttpError extends Error {
  readonly status: number;
  readonly code: number;
  readonly errors: FormErrors | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: number,
    message: string,
    errors?: FormErrors,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.headers = headers;
  }

  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message, code: this.code };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const unknown = {
  channel: () => new DiscordHttpError(404, ErrorCode.UnknownChannel, 'Unknown Channel'),
  guild: () => new DiscordHttpError(404, ErrorCode.UnknownGuild, 'Unknown Guild'),
  member: () => new DiscordHttpError(404, ErrorCode.UnknownMember, 'Unknown Member'),
  message: () => new DiscordHttpError(404, ErrorCode.UnknownMessage, 'Unknown Message'),
  role: () => new DiscordHttpError(404, ErrorCode.UnknownRole, 'Unknown Role'),
  user: () => new DiscordHttpError(404, ErrorCode.UnknownUser, 'Unknown User'),
  emoji: () => new DiscordHttpError(400, ErrorCode.UnknownEmoji, 'Unknown Emoji'),
  webhook: () => new DiscordHttpError(404, ErrorCode.UnknownWebhook, 'Unknown Webhook'),
  application: () => new DiscordHttpError(404, ErrorCode.UnknownApplication, 'Unknown Application'),
  interaction: () => new DiscordHttpError(404, ErrorCode.UnknownInteraction, 'Unknown interaction'),
  command: () =>
    new DiscordHttpError(404, ErrorCode.UnknownApplicationCommand, 'Unknown application command'),
};

export const missingAccess = (): DiscordHttpError =>
  new DiscordHttpError(403, ErrorCode.MissingAccess, 'Missing Access');
export const missingPermissions = (): DiscordHttpError =>
  new DiscordHttpError(403, ErrorCode.MissingPermissions, 'Missing Permissions');
export const unauthorized = (): DiscordHttpError =>
  new DiscordHttpError(401, ErrorCode.General, '401: Unauthorized');

/** 50035 for one field; `path` like ['embeds', '0', 'title']. */
export function invalidField(path: readonly string[], code: string, message: string): DiscordHttpError {
  const leaf: FormErrors = { _errors: [{ code, message }] };
  let errors: FormErrors = leaf;
  for (let i = path.length - 1; i >= 0; i--) errors = { [path[i] as string]: errors };
  return new DiscordHttpError(400, ErrorCode.InvalidFormBody, 'Invalid Form Body', errors);
}
