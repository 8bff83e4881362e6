/** CrowdflowError codes → HTTP status; every error body is `{ error: { code, message } }`. */
import type { FastifyReply } from 'fastify';
import { CrowdflowError, type ErrorCode } from '../../contracts/index.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  CF_ERR_AUTH: 401,
  CF_ERR_SENSOR_AUTH: 401,
  CF_ERR_FORBIDDEN: 403,
  CF_ERR_NOT_FOUND: 404,
  CF_ERR_CONFLICT: 409,
  CF_ERR_READING_TOO_LARGE: 413,
};

export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof CrowdflowError) {
    return reply.code(STATUS[err.code] ?? 400).send({ error: { code: err.code, message: err.message } });
  }
  reply.log.error(err);
  return reply.code(500).send({ error: { code: 'CF_ERR_INTERNAL', message: 'internal error' } });
}

export function fail(code: ErrorCode, message: string): never {
  throw new CrowdflowError(code, message);
}
