/**
 * `/ws?token=…`: a console session. The token is checked before the upgrade (401 otherwise).
 * Every message is pushed as it is published; a client that cannot keep up (more than
 * MAX_BUFFERED bytes unsent) skips snapshots, which the next second replaces anyway, but never
 * alerts or recommendations.
 */
import type { FastifyInstance } from 'fastify';
import type { HttpApp } from './app-port.ts';
import { sendError } from './errors.ts';
import { requireUser } from './guards.ts';

const MAX_BUFFERED = 4 * 1024 * 1024;

export function registerWebSocket(fastify: FastifyInstance, app: HttpApp): void {
  fastify.get('/ws', {
    websocket: true,
    preValidation: async (req, reply) => {
      try {
        requireUser(app, req, 'viewer');
      } catch (e) {
        return sendError(reply, e);
      }
    },
  }, (socket, req) => {
    const user = requireUser(app, req, 'viewer');
    socket.send(JSON.stringify(app.hello(user)));
    const snap = app.snapshot();
    if (snap) socket.send(JSON.stringify(snap));
    const unsubscribe = app.subscribe((msg) => {
      if (socket.readyState !== socket.OPEN) return;
      if ((msg.type === 'snapshot' || msg.type === 'agents') && socket.bufferedAmount > MAX_BUFFERED) return;
      socket.send(JSON.stringify(msg));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
    // Console sessions only listen; anything they send is ignored.
    socket.on('message', () => undefined);
  });
}
