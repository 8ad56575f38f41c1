import { describe, expect, it } from 'vitest';
import { applyEdits, editsConflict, mapOffsetBack } from './edits.js';

describe('applyEdits', () => {
  it('splices edits in any order and keeps the rest byte for byte', () => {
    const text = 'FROM a\r\nRUN x\r\n';
    const out = applyEdits(text, [
      { start: 8, end: 13, text: 'RUN y' },
      { start: 5, end: 6, text: 'b:1' },
    ]);
    expect(out).toBe('FROM b:1\r\nRUN y\r\n');
  });

  it('refuses overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: 'x' },
        { start: 2, end: 4, text: 'y' },
      ]),
    ).toThrow(/overlapping/);
  });
});

describe('editsConflict', () => {
  it('detects overlap, same-point inserts and inserts inside a replacement', () => {
    expect(editsConflict({ start: 0, end: 3, text: '' }, { start: 2, end: 5, text: '' })).toBe(true);
    expect(editsConflict({ start: 3, end: 3, text: 'a' }, { start: 3, end: 3, text: 'b' })).toBe(true);
    expect(editsConflict({ start: 2, end: 2, text: 'a' }, { start: 0, end: 5, text: 'b' })).toBe(true);
  });
  it('allows adjacent edits and inserts at a replacement boundary', () => {
    expect(editsConflict({ start: 0, end: 3, text: '' }, { start: 3, end: 5, text: '' })).toBe(false);
    expect(editsConflict({ start: 0, end: 0, text: 'a' }, { start: 0, end: 5, text: 'b' })).toBe(false);
    expect(editsConflict({ start: 5, end: 5, text: 'a' }, { start: 0, end: 5, text: 'b' })).toBe(false);
  });
});

describe('mapOffsetBack', () => {
  const edits = [
    { start: 5, end: 6, text: 'long-name' }, // +8
    { start: 10, end: 10, text: 'INSERTED\n' }, // +9
  ];
  it('maps offsets before, inside and after edits to the original text', () => {
    expect(mapOffsetBack(2, edits)).toBe(2);
    expect(mapOffsetBack(7, edits)).toBe(5); // inside the replacement
    expect(mapOffsetBack(14, edits)).toBe(6); // first byte after the replacement
    expect(mapOffsetBack(18, edits)).toBe(10); // start of the insertion
    expect(mapOffsetBack(27, edits)).toBe(10); // first byte after the insertion
    expect(mapOffsetBack(30, edits)).toBe(13);
  });

  it('a line moved by the same set of edits maps back to where it was written', () => {
    const before = 'FROM a\nEXPOSE 80\nCMD x\n';
    // EXPOSE 80 removed from line 2 and re-inserted at the end (what the split does).
    const moved = [
      { start: 7, end: 17, text: '' },
      { start: 23, end: 23, text: '\nFROM b\nEXPOSE 80\n' },
    ];
    const after = applyEdits(before, moved);
    expect(after).toBe('FROM a\nCMD x\n\nFROM b\nEXPOSE 80\n');
    const at = after.indexOf('EXPOSE 80');
    expect(mapOffsetBack(at, moved, before)).toBe(7);
    expect(mapOffsetBack(at + 7, moved, before)).toBe(14); // same column on the old line
    // A genuinely new line still maps to the insertion point; without `before`, nothing changes.
    expect(mapOffsetBack(after.indexOf('FROM b'), moved, before)).toBe(23);
    expect(mapOffsetBack(at, moved)).toBe(23);
  });

  it('an ambiguous or partial match is not a move', () => {
    const before = 'EXPOSE 80\nEXPOSE 80\nEXPOSE 8080\n';
    const twice = [
      { start: 0, end: 20, text: '' },
      { start: 32, end: 32, text: 'EXPOSE 80\n' },
    ];
    expect(mapOffsetBack(applyEdits(before, twice).indexOf('EXPOSE 80\n'), twice, before)).toBe(32);
    const partial = [
      { start: 20, end: 32, text: '' }, // removes EXPOSE 8080: contains "EXPOSE 80" but not as a whole line
      { start: 32, end: 32, text: 'EXPOSE 80\n' },
    ];
    expect(mapOffsetBack(applyEdits(before, partial).lastIndexOf('EXPOSE 80\n'), partial, before)).toBe(32);
  });
});
