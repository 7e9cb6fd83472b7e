import { type FastifyInstance, fastify } from 'fastify';
import { ParsedMultipart } from './context.ts';
import { DiscordHttpError, ErrorCode } from './errors.ts';
import { parseMultipart } from './multipart.ts';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
}

function isFastifyError(value: unknown): value is FastifyLikeError {
  return value instanceof Error;
}

/**
 * A Fastify instance that speaks Discord's wire conventions: lenient JSON (empty bodies allowed),
 * form bodies for OAuth2, multipart with payload_json, and errors as `{ message, code }`.
 */
export function createHttpApp(bodyLimit = 25 * 1024 * 1024): FastifyInstance {
  const app = fastify({ logger: false, bodyLimit, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString();
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        new DiscordHttpError(400, ErrorCode.InvalidJson, 'The request body contains invalid JSON.'),
        undefined,
      );
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString();
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const buffer = typeof body === 'string' ? Buffer.from(body) : body;
      const parsed = parseMultipart(buffer, request.headers['content-type'] ?? '');
      done(null, new ParsedMultipart(parsed.json, parsed.files));
    } catch {
      done(new DiscordHttpError(400, ErrorCode.InvalidFormBody, 'Invalid Form Body'), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof DiscordHttpError)
      return reply.code(error.status).headers(error.headers).send(error.body());
    const status =
      isFastifyError(error) && error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    const message = isFastifyError(error) ? error.message : 'Internal Server Error';
    return reply
      .code(status)
      .send({ message: status === 500 ? '500: Internal Server Error' : message, code: 0 });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: '404: Not Found', code: 0 }));
  return app;
}
