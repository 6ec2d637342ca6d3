/**
 * WebSocket text frames (RFC 6455, server to client: unmasked), built straight into one buffer so a
 * whole batch of events goes to the socket in a single write instead of one send per event.
 */

/** A pre-serialized event: fixed bytes around a 12-hex-digit counter that makes each CorrelationId unique. */
export interface FrameTemplate {
  readonly prefix: Buffer;
  readonly suffix: Buffer;
}

export const COUNTER_DIGITS = 12;

function headerLength(payload: number): number {
  return payload < 126 ? 2 : payload < 65_536 ? 4 : 10;
}

export function frameLength(template: FrameTemplate): number {
  const payload = template.prefix.length + COUNTER_DIGITS + template.suffix.length;
  return headerLength(payload) + payload;
}

/** Writes one frame for `template` with `counter` at `offset`; returns the offset after it. */
export function writeFrame(buffer: Buffer, offset: number, template: FrameTemplate, counter: number): number {
  const payload = template.prefix.length + COUNTER_DIGITS + template.suffix.length;
  let at = offset;
  buffer[at++] = 0x81; // FIN + text
  if (payload < 126) buffer[at++] = payload;
  else if (payload < 65_536) {
    buffer[at++] = 126;
    buffer.writeUInt16BE(payload, at);
    at += 2;
  } else {
    buffer[at++] = 127;
    buffer.writeBigUInt64BE(BigInt(payload), at);
    at += 8;
  }
  at += template.prefix.copy(buffer, at);
  at += buffer.write(counter.toString(16).padStart(COUNTER_DIGITS, '0'), at, 'latin1');
  at += template.suffix.copy(buffer, at);
  return at;
}
