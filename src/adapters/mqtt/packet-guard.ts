/**
 * aedes has no limit on packet size, so a client could make the broker buffer a gigabyte. This
 * transform sits between the TCP socket and aedes, walks the MQTT fixed headers (type byte, then
 * the "remaining length" varint of MQTT 3.1.1 §2.2.3 / 5.0 §2.1.4) and ends the connection as soon
 * as a packet announces more than `maxPacketBytes`, before its body is read. Bytes pass through
 * unchanged otherwise.
 */
import { Transform, type TransformCallback } from 'node:stream';

export class PacketSizeGuard extends Transform {
  /** Bytes still to pass of the current packet's body. */
  private remaining = 0;
  /** Partial fixed header bytes carried across chunks. */
  private header: number[] = [];

  constructor(
    private readonly maxPacketBytes: number,
    private readonly onTooLarge: (announcedBytes: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header.push(chunk[i]!);
      i++;
      const h = this.header;
      // h[0] is the type byte; h[1..4] the remaining-length varint, last byte has bit 7 clear.
      if (h.length >= 2 && (h[h.length - 1]! & 0x80) === 0) {
        let len = 0;
        for (let k = h.length - 1; k >= 1; k--) len = len * 128 + (h[k]! & 0x7f);
        this.header = [];
        if (len > this.maxPacketBytes) {
          this.onTooLarge(len);
          done(new Error(`MQTT packet of ${len} bytes exceeds the ${this.maxPacketBytes} byte limit`));
          return;
        }
        this.remaining = len;
      } else if (h.length > 5) {
        done(new Error('malformed MQTT remaining length'));
        return;
      }
    }
    done(null, chunk);
  }
}
