/** The HTTP server: sensor ingest, the operator API, the console WebSocket and the console page. */
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import type { HttpApp } from './app-port.ts';
import { registerIngestRoutes } from './routes-ingest.ts';
import { registerApiRoutes } from './routes-api.ts';
import { registerWebSocket } from './websocket.ts';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  /** The built console (web/dist); when absent, `/` says how to build it. */
  readonly webRoot: string | null;
  readonly logLevel?: 'silent' | 'error' | 'warn' | 'info';
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  readonly fastify: FastifyInstance;
  close(): Promise<void>;
}

export async function startHttpServer(app: HttpApp, opts: HttpServerOptions): Promise<HttpServer> {
  const fastify = Fastify({ logger: { level: opts.logLevel ?? 'warn' }, bodyLimit: 256 * 1024 });
  await fastify.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Fastify's own errors (body too large, bad JSON, unsupported media type) in our error shape.
  fastify.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const code = status === 413 ? 'CF_ERR_READING_TOO_LARGE' : status < 500 ? 'CF_ERR_REQUEST' : 'CF_ERR_INTERNAL';
    if (status >= 500) reply.log.error(err);
    return reply.code(status).send({ error: { code, message: status < 500 ? err.message : 'internal error' } });
  });
  registerIngestRoutes(fastify, app);
  registerApiRoutes(fastify, app);
  registerWebSocket(fastify, app);
  if (opts.webRoot && existsSync(opts.webRoot)) {
    await fastify.register(fastifyStatic, { root: opts.webRoot, prefix: '/', index: ['index.html'] });
    // The console is a single-page app: unknown non-API paths get its index.
    fastify.setNotFoundHandler((req, reply) =>
      req.url.startsWith('/api/') ? reply.code(404).send({ error: { code: 'CF_ERR_NOT_FOUND', message: `no route ${req.method} ${req.url}` } }) : reply.sendFile('index.html'),
    );
  } else {
    fastify.get('/', async (_req, reply) => reply.type('text/plain').send('crowdflow console not built: run `npm run build:web`'));
  }
  fastify.server.on('connection', (socket) => socket.setNoDelay(true));
  await fastify.listen({ host: opts.host, port: opts.port });
  const addr = fastify.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}`, port, fastify, close: () => fastify.close() };
}
