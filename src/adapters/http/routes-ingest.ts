/**
 * `POST /api/v1/readings`: one reading, a `crowdflow.reading-batch/v1` or an array, from one
 * authenticated sensor. Valid readings are accepted even when others in the same body are not;
 * the response lists each rejected reading with its index, id and reason:
 * 200 all accepted (or already known), 207 some rejected, 400 none accepted, 401 bad credentials,
 * 413 body over the limit. Rejections are also kept as dead letters.
 */
import type { FastifyInstance } from 'fastify';
import { READING_LIMITS } from '../../contracts/index.ts';
import type { HttpApp } from './app-port.ts';
import { sendError } from './errors.ts';
import { requireSensor } from './guards.ts';

export function registerIngestRoutes(fastify: FastifyInstance, app: HttpApp): void {
  fastify.register(async (scope) => {
    // Our own parser: the raw bytes go to ingest, which owns size, JSON and schema errors and
    // dead-letters them. Bodies a little over the reading limit still arrive so they can be
    // dead-lettered with a reason; far larger ones are cut off by Fastify's bodyLimit (413).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: READING_LIMITS.maxPayloadBytes * 4 }, (_req, body, done) => done(null, body));
    scope.post('/api/v1/readings', async (req, reply) => {
      try {
        const sensorId = requireSensor(app, req);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const outcome = app.ingestPayload(body, sensorId);
        const status = outcome.rejected.length === 0 ? 200 : outcome.accepted + outcome.duplicates > 0 ? 207 : outcome.rejected[0]?.code === 'CF_ERR_READING_TOO_LARGE' ? 413 : 400;
        return reply.code(status).send(outcome);
      } catch (e) {
        return sendError(reply, e);
      }
    });
  });
}
