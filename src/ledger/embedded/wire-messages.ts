/**
 * Framing of the PostgreSQL frontend protocol (https://www.postgresql.org/docs/current/protocol-message-formats.html),
 * just enough for the embedded ledger's server to cut a byte stream into whole messages.
 */

/** SSLRequest, GSSENCRequest and CancelRequest: 8 (or 16) byte packets without a type byte. */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** A message from the client. `type` is undefined for the untyped startup-phase packets. */
export interface FrontendMessage {
  type?: string;
  /** The startup-phase packet's request code (protocol version or one of the request codes above). */
  code?: number;
  bytes: Uint8Array;
}

/**
 * Takes the whole messages off the front of `buffer`. Before the startup message has been read
 * (`started` false) packets are untyped: int32 length, int32 code. Returns the messages and
 * the bytes left over (an incomplete message waits for more data).
 */
export function takeMessages(buffer: Buffer, started: boolean): { messages: FrontendMessage[]; rest: Buffer; started: boolean } {
  const messages: FrontendMessage[] = [];
  let offset = 0;
  while (true) {
    const left = buffer.length - offset;
    if (!started) {
      if (left < 8) break;
      const length = buffer.readInt32BE(offset);
      if (left < length) break;
      const code = buffer.readInt32BE(offset + 4);
      messages.push({ code, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
      if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) started = true;
      continue;
    }
    if (left < 5) break;
    const length = 1 + buffer.readInt32BE(offset + 1);
    if (left < length) break;
    messages.push({ type: String.fromCharCode(buffer[offset]!), bytes: buffer.subarray(offset, offset + length) });
    offset += length;
  }
  return { messages, rest: buffer.subarray(offset), started };
}

/**
 * Whether the backend answers this message with ReadyForQuery: the end of one unit of work
 * (Sync ends an extended-query batch, Query is a whole simple query). Messages up to and
 * including it must run against the shared session with no other client's in between.
 */
export const endsUnitOfWork = (message: FrontendMessage): boolean => message.type === 'S' || message.type === 'Q';

/** The password a PasswordMessage ('p') carries: a NUL-terminated string after the header. */
export function passwordOf(message: FrontendMessage): string {
  const body = Buffer.from(message.bytes.subarray(5));
  const end = body.indexOf(0);
  return body.subarray(0, end < 0 ? body.length : end).toString('utf8');
}

/** AuthenticationCleartextPassword: ask the client for its password. */
export const askForPassword = (): Buffer => Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

/** A FATAL ErrorResponse with an SQLSTATE code and message, as the server sends before closing. */
export function fatalError(sqlState: string, message: string): Buffer {
  const field = (tag: string, value: string) => Buffer.concat([Buffer.from(tag), Buffer.from(value, 'utf8'), Buffer.from([0])]);
  const body = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', sqlState), field('M', message), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
