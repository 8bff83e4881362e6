/** Read a received message back the way a mail reader would, for assertions in tests. */

/** Undo RFC 2047 "B" words (adjacent words join without the folding space, §6.2). */
export function decodeHeaderValue(value: string): string {
  return value
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

export interface ParsedMail {
  /** Lower-cased header name → decoded value (the last one wins). */
  headers: Map<string, string>;
  /** The body after transfer decoding, with LF line ends. */
  text: string;
}

export function parseMail(data: string): ParsedMail {
  const split = data.indexOf('\r\n\r\n');
  const head = data.slice(0, split);
  const rawBody = data.slice(split + 4);
  const headers = new Map<string, string>();
  // A line that starts with white space continues the header above it (RFC 5322 §2.2.3).
  const lines: string[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] += `\r\n${line}`;
    else lines.push(line);
  }
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeHeaderValue(line.slice(colon + 1).trim()));
  }
  const cte = headers.get('content-transfer-encoding')?.toLowerCase();
  const body = cte === 'base64' ? Buffer.from(rawBody.replace(/\r\n/g, ''), 'base64').toString('utf8') : rawBody;
  return { headers, text: body.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}
