/** Line-buffered JSONL file writer: collects lines and writes them in ~1 MB chunks (simulate, training runs). */
import { closeSync, openSync, writeSync } from 'node:fs';

export class JsonlWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  lines = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(obj: unknown): void {
    const s = JSON.stringify(obj) + '\n';
    this.buf.push(s);
    this.size += s.length;
    this.lines++;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
