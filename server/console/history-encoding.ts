import type { Server } from 'socket.io';
import type { HistoryPayload } from '../../protocol';
import type { HistoryRing } from './history-ring';

type Encoder = Server['encoder'];
type Packet = Parameters<Encoder['encode']>[0];

/** socket.io-parser's PacketType.EVENT. */
const EVENT = 2;

/**
 * The history a console gets on connect, encoded once per change of the ring (once a second)
 * however many consoles connect: a reconnect storm of hundreds of consoles costs one JSON encoding
 * of the ~2 MB history, not hundreds. Socket.IO encodes every packet it sends through the server's
 * one encoder; wrapped, it answers the history packet from its cache while the payload is the same
 * object and encodes every other packet as before (same wire format: the console needs nothing new).
 */
export class HistoryEncoding {
  /** How many history packets were encoded (the reconnect-storm test counts them). */
  encodings = 0;
  private current: HistoryPayload | undefined;
  private revision = -1;
  private encoded: { nsp: string; parts: ReturnType<Encoder['encode']> } | undefined;

  constructor(private readonly ring: HistoryRing) {}

  /** The history to send: the same object for as long as the ring holds the same snapshots. */
  payload(): HistoryPayload {
    if (!this.current || this.revision !== this.ring.revision) {
      this.revision = this.ring.revision;
      this.current = { snapshots: this.ring.all() };
      this.encoded = undefined;
    }
    return this.current;
  }

  /** Wraps the server's encoder (every packet the server sends goes through it). */
  install(encoder: Encoder): void {
    const encode = encoder.encode.bind(encoder);
    encoder.encode = (packet: Packet): ReturnType<Encoder['encode']> => {
      const data: unknown = packet.data;
      const isHistory = (packet.type as number) === EVENT && packet.id === undefined && Array.isArray(data) && data[0] === 'history';
      if (!isHistory) return encode(packet);
      const cacheable = data[1] === this.current;
      if (cacheable && this.encoded?.nsp === packet.nsp) return this.encoded.parts;
      this.encodings++;
      const parts = encode(packet);
      if (cacheable) this.encoded = { nsp: packet.nsp, parts };
      return parts;
    };
  }
}
