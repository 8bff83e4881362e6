/**
 * A TCP proxy on loopback that a test can cut like a failed uplink: `cut()` drops every open
 * connection and refuses new ones until `restore()`. `loseNextAnswers(n)` forwards the next n
 * connections' requests but drops their answers (the request arrived, the acknowledgement did not).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
  readonly url: string;
  cut(): void;
  restore(): void;
  loseNextAnswers(n: number): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  let down = false;
  let lose = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) return void client.destroy();
    const dropAnswer = lose > 0;
    if (dropAnswer) lose--;
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    if (dropAnswer) {
      upstream.once('data', () => {
        client.destroy();
        upstream.destroy();
      });
    } else {
      upstream.pipe(client);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    loseNextAnswers(n) {
      lose = n;
    },
    close: () => new Promise<void>((r) => {
      for (const s of open) s.destroy();
      server.close(() => r());
    }),
  };
}
