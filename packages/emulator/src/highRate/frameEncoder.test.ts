import { describe, expect, it } from 'vitest';
import { frameLength, writeFrame, type FrameTemplate } from './frameEncoder.js';

/** A minimal reader for unmasked server frames, written from RFC 6455 independently of the encoder. */
function readFrames(buffer: Buffer): { fin: boolean; opcode: number; text: string }[] {
  const frames = [];
  let at = 0;
  while (at < buffer.length) {
    const b0 = buffer[at]!;
    const b1 = buffer[at + 1]!;
    expect(b1 & 0x80).toBe(0);
    let length = b1 & 0x7f;
    let start = at + 2;
    if (length === 126) [length, start] = [buffer.readUInt16BE(at + 2), at + 4];
    else if (length === 127) [length, start] = [Number(buffer.readBigUInt64BE(at + 2)), at + 10];
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, text: buffer.subarray(start, start + length).toString('utf8') });
    at = start + length;
  }
  return frames;
}

const template = (size: number): FrameTemplate => ({ prefix: Buffer.from(`{"a":"${'x'.repeat(Math.max(0, size))}é`), suffix: Buffer.from('"}') });

describe('writeFrame', () => {
  it.each([0, 100, 120, 60_000, 70_000])('encodes payloads around the length boundaries (%i)', (size) => {
    const templates = [template(size), template(3)];
    const buffer = Buffer.alloc(templates.reduce((n, t) => n + frameLength(t), 0));
    let at = writeFrame(buffer, 0, templates[0]!, 0xabc);
    at = writeFrame(buffer, at, templates[1]!, 1);
    expect(at).toBe(buffer.length);
    const frames = readFrames(buffer);
    expect(frames.map((f) => [f.fin, f.opcode])).toEqual([[true, 1], [true, 1]]);
    expect(JSON.parse(frames[0]!.text).a).toBe(`${'x'.repeat(size)}é000000000abc`);
    expect(JSON.parse(frames[1]!.text).a).toBe('xxxé000000000001');
  });
});
