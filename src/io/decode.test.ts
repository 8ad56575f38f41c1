import { describe, expect, it } from 'vitest';
import { MAX_DOCKERFILE_BYTES, decodeDockerfile, dominantEol, encodeDockerfile, isDecodeError, type Decoded } from './decode.js';

function decodeOk(bytes: Buffer): Decoded {
  const result = decodeDockerfile(bytes, 'Dockerfile');
  if (isDecodeError(result)) throw new Error(`unexpected: ${result.message}`);
  return result;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('decodeDockerfile', () => {
  it.each([
    ['LF', Buffer.from('FROM node:22\nRUN npm ci\n')],
    ['CRLF', Buffer.from('FROM node:22\r\nRUN npm ci\r\n')],
    ['mixed EOL', Buffer.from('FROM a\r\nRUN b\nRUN c\r\n\r\nCMD d')],
    ['BOM + CRLF', Buffer.concat([BOM, Buffer.from('FROM a\r\nCMD ["b"]\r\n')])],
    ['non-ASCII', Buffer.from('# Ünïcödé 日本語 🐳\nLABEL maintainer="Zoë"\n')],
    ['two BOMs', Buffer.concat([BOM, BOM, Buffer.from('FROM a\n')])],
    ['lone CR', Buffer.from('FROM a\rRUN b\r')],
    ['empty', Buffer.alloc(0)],
    ['BOM only', BOM],
    ['escape codes', Buffer.from('RUN echo "\x1b[31mred\x1b[0m"\n\tCMD x\f\n')],
  ])('round-trips %s byte-exact', (_name, bytes) => {
    const decoded = decodeOk(bytes);
    expect(encodeDockerfile(decoded.text, decoded.bom).equals(bytes)).toBe(true);
  });

  it('strips exactly one BOM and reports it', () => {
    const decoded = decodeOk(Buffer.concat([BOM, Buffer.from('FROM a\n')]));
    expect(decoded).toEqual({ text: 'FROM a\n', bom: true, eol: '\n' });
    expect(decodeOk(Buffer.concat([BOM, BOM, Buffer.from('x')])).text).toBe('\uFEFFx');
  });

  it('keeps CRLF in the text and reports the dominant ending', () => {
    expect(decodeOk(Buffer.from('FROM a\r\nRUN b\r\n'))).toEqual({ text: 'FROM a\r\nRUN b\r\n', bom: false, eol: '\r\n' });
  });

  it('detects NUL bytes as binary', () => {
    const result = decodeDockerfile(Buffer.from('FROM a\n\0\0\0'), 'x');
    expect(result).toEqual({ kind: 'binary', message: 'binary file', path: 'x' });
  });

  it('detects a high share of control characters as binary', () => {
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(decodeDockerfile(bytes, 'x')).toMatchObject({ kind: 'binary' });
  });

  it('only sniffs the first 8 KiB for NUL', () => {
    const bytes = Buffer.concat([Buffer.alloc(9000, 'a'), Buffer.from([0])]);
    // Past the sniff window, a NUL is still valid UTF-8: decoded, not "binary".
    expect(isDecodeError(decodeDockerfile(bytes, 'x'))).toBe(false);
  });

  it('rejects invalid UTF-8', () => {
    for (const bytes of [
      Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xe9, 0x0a]), // Latin-1 é
      Buffer.from([0xc0, 0xaf]), // overlong '/'
      Buffer.from([0xed, 0xa0, 0x80]), // encoded surrogate
      Buffer.from([0xe6, 0x97]), // truncated sequence
    ]) {
      expect(decodeDockerfile(bytes, 'x')).toEqual({ kind: 'invalid-utf8', message: 'not valid UTF-8', path: 'x' });
    }
  });

  it('names UTF-16 instead of calling it binary', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM a\n', 'utf16le')]);
    const result = decodeDockerfile(bytes, 'x');
    expect(result).toMatchObject({ kind: 'invalid-utf8' });
    expect(isDecodeError(result) && result.message).toMatch(/^not valid UTF-8 \(looks like UTF-16/);
  });

  it('enforces the size limit', () => {
    expect(isDecodeError(decodeDockerfile(Buffer.alloc(MAX_DOCKERFILE_BYTES, 'a'), 'x'))).toBe(false);
    expect(decodeDockerfile(Buffer.alloc(MAX_DOCKERFILE_BYTES + 1, 'a'), 'x')).toEqual({
      kind: 'too-large',
      message: 'too large: 5.0 MiB, over the 5 MiB limit for a Dockerfile',
      path: 'x',
    });
  });
});

describe('dominantEol', () => {
  it.each([
    ['', '\n'],
    ['no newline', '\n'],
    ['a\nb\n', '\n'],
    ['a\r\nb\r\n', '\r\n'],
    ['a\r\nb\r\nc\n', '\r\n'],
    ['a\nb\nc\r\n', '\n'],
    ['a\r\nb\n', '\r\n'],
    ['a\nb\r\n', '\n'],
    ['\r\n', '\r\n'],
  ])('%j -> %j', (text, eol) => expect(dominantEol(text)).toBe(eol));
});
