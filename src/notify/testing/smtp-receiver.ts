/**
 * A minimal SMTP server for tests (RFC 5321 server side, enough for one client): EHLO/HELO,
 * optional STARTTLS and AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT.
 * It records every accepted message and can be told to fail or hang.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as the client meant it: CRLF line ends, dot-stuffing removed. */
  data: string;
  /** Whether it came over TLS. */
  encrypted: boolean;
  /** The user that authenticated, if any. */
  user: string | undefined;
}

export interface SmtpReceiverOptions {
  /** Offer AUTH PLAIN and require it when set. */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Speak implicit TLS from the first byte (port-465 style). */
  implicitTls?: boolean;
  /** Recipients answered with 550. */
  rejectRecipients?: string[];
  /** Answer the end of DATA with this reply for the first N messages (e.g. "451 try later"). */
  failData?: { times: number; reply: string };
  /** Never send the greeting. */
  hang?: boolean;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  mails: ReceivedMail[];
  /** Every command line the server received, in order (AUTH arguments included). */
  commands: string[];
  /** Every message body received at end of DATA, accepted or not. */
  dataAttempts: string[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(opts: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const commands: string[] = [];
  const dataAttempts: string[] = [];
  const sockets = new Set<Socket>();
  let dataFailures = 0;
  const context = opts.tls ? tls.createSecureContext({ key: opts.tls.key, cert: opts.tls.cert }) : undefined;

  function serve(raw: Socket): void {
    sockets.add(raw);
    raw.setNoDelay(true);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    if (opts.hang) return;
    let socket: Socket = raw;
    let encrypted = false;
    if (opts.implicitTls) {
      if (!context) throw new Error('implicitTls needs tls key and cert');
      socket = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
      socket.on('error', () => {});
      encrypted = true;
    }
    let buffer = '';
    let inData = false;
    let dataLines: string[] = [];
    let from = '';
    let to: string[] = [];
    let user: string | undefined;
    const send = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    const resetTransaction = (): void => {
      from = '';
      to = [];
    };

    const onLine = (line: string): void => {
      if (inData) {
        if (line === '.') {
          inData = false;
          // RFC 5321 §4.5.2: remove the leading dot the client added.
          const data = dataLines.map((l) => (l.startsWith('.') ? l.slice(1) : l)).join('\r\n') + '\r\n';
          dataAttempts.push(data);
          if (opts.failData && dataFailures < opts.failData.times) {
            dataFailures++;
            send(opts.failData.reply);
          } else {
            mails.push({ from, to, data, encrypted, user });
            send('250 2.0.0 Ok: queued');
          }
          dataLines = [];
          resetTransaction();
        } else {
          dataLines.push(line);
        }
        return;
      }
      commands.push(line);
      const verb = line.split(' ')[0]!.toUpperCase();
      const arg = line.slice(verb.length).trim();
      if (verb === 'EHLO') {
        const ext = ['8BITMIME'];
        if (context && !encrypted) ext.push('STARTTLS');
        if (opts.auth) ext.push('AUTH PLAIN');
        send(`250-localhost greets ${arg}`);
        ext.forEach((e, i) => send(`250${i === ext.length - 1 ? ' ' : '-'}${e}`));
      } else if (verb === 'HELO') {
        send('250 localhost');
      } else if (verb === 'STARTTLS' && context && !encrypted) {
        send('220 2.0.0 Ready to start TLS');
        socket.off('data', onData);
        buffer = '';
        const secured = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
        secured.on('error', () => {});
        secured.on('data', onData);
        socket = secured;
        encrypted = true;
        user = undefined;
        resetTransaction();
      } else if (verb === 'AUTH') {
        const [mech, token] = arg.split(' ');
        const parts = Buffer.from(token ?? '', 'base64').toString('utf8').split('\u0000');
        if (mech?.toUpperCase() === 'PLAIN' && opts.auth && parts[1] === opts.auth.user && parts[2] === opts.auth.pass) {
          user = parts[1];
          send('235 2.7.0 Authentication successful');
        } else {
          send('535 5.7.8 Authentication credentials invalid');
        }
      } else if (verb === 'MAIL') {
        if (opts.auth && !user) return send('530 5.7.0 Authentication required');
        from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
        to = [];
        send('250 2.1.0 Ok');
      } else if (verb === 'RCPT') {
        const addr = /<([^>]*)>/.exec(arg)?.[1] ?? '';
        if (!from) return send('503 5.5.1 MAIL first');
        if (opts.rejectRecipients?.includes(addr)) return send('550 5.1.1 No such user');
        to.push(addr);
        send('250 2.1.5 Ok');
      } else if (verb === 'DATA') {
        if (to.length === 0) return send('503 5.5.1 RCPT first');
        inData = true;
        send('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'RSET') {
        resetTransaction();
        send('250 2.0.0 Ok');
      } else if (verb === 'NOOP') {
        send('250 2.0.0 Ok');
      } else if (verb === 'QUIT') {
        send('221 2.0.0 Bye');
        socket.end();
      } else {
        send('502 5.5.2 Command not recognised');
      }
    };

    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        onLine(line);
      }
    };
    socket.on('data', onData);
    send('220 localhost ESMTP test receiver');
  }

  const server = net.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    mails,
    commands,
    dataAttempts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
