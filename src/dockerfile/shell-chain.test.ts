import { describe, expect, it } from 'vitest';
import { applyEdits } from '../engine/edits.js';
import { readShellChain, removeCommands, removeWord, programName, type ShellChain } from './shell-chain.js';

function chain(text: string, escape = '\\'): ShellChain {
  const r = readShellChain(text, 0, text.length, escape);
  if (!r.ok) throw new Error(r.reason);
  return r.chain;
}
const cut = (text: string, ranges: { start: number; end: number }[]) =>
  applyEdits(
    text,
    ranges.map((r) => ({ ...r, text: '' })),
  );

describe('readShellChain', () => {
  it('reads words with quotes, escapes, expansions and continuations, at exact offsets', () => {
    const text = `A=1 useradd -c "App user" --uid=$UID \\\n  'app' && echo x\\ y`;
    const c = chain(text);
    expect(c.commands).toHaveLength(2);
    expect(programName(c.commands[0]!)).toBe('useradd');
    expect(c.commands[0]!.words.map((w) => w.value)).toEqual(['A=1', 'useradd', '-c', 'App user', null, 'app']);
    expect(text.slice(c.commands[0]!.words[5]!.start, c.commands[0]!.words[5]!.end)).toBe("'app'");
    expect(c.commands[1]!.words.map((w) => w.value)).toEqual(['echo', 'x y']);
  });

  it.each([
    ['a || b', 'the `||` operator'],
    ['a | b', 'a `|` pipe'],
    ['a > /dev/null', 'a redirect'],
    ['echo $(id)', 'command substitution'],
    ['if true; then a; fi', 'shell control flow (`if`)'],
    ['a && && b', 'an empty command between separators'],
  ])('refuses %s: %s', (text, reason) => {
    expect(readShellChain(text, 0, text.length, '\\')).toEqual({ ok: false, reason });
  });

  it('skips comment lines inside continuations and records them', () => {
    const text = 'a \\\n# note\n && b';
    const c = chain(text);
    expect(c.commands.map((x) => x.words[0]!.value)).toEqual(['a', 'b']);
    expect(c.commentLines).toHaveLength(1);
  });

  it('honours a backtick escape character', () => {
    const c = chain('a `\n && b c:\\dir', '`');
    expect(c.commands.map((x) => x.words.map((w) => w.value))).toEqual([['a'], ['b', 'c:dir']]);
  });
});

describe('removeCommands', () => {
  const text = 'groupadd app \\\n && useradd -g app app \\\n && mkdir /data \\\n && chown app /data';
  it('removes a leading run up to the next kept command', () => {
    expect(cut(text, removeCommands(chain(text), new Set([0, 1]))!)).toBe('mkdir /data \\\n && chown app /data');
  });
  it('removes a trailing run back to the end of the previous command', () => {
    expect(cut(text, removeCommands(chain(text), new Set([3]))!)).toBe('groupadd app \\\n && useradd -g app app \\\n && mkdir /data');
  });
  it('removes separate runs in one go', () => {
    expect(cut(text, removeCommands(chain(text), new Set([1, 3]))!)).toBe('groupadd app \\\n && mkdir /data');
  });
  it('returns null when everything would go, or a comment would', () => {
    expect(removeCommands(chain(text), new Set([0, 1, 2, 3]))).toBeNull();
    const withComment = 'a \\\n# keep me\n && b';
    expect(removeCommands(chain(withComment), new Set([0]))).toBeNull();
  });
});

describe('removeWord', () => {
  const drop = (text: string, cmd: number, word: number) => {
    const c = chain(text);
    return cut(text, [removeWord(text, c, c.commands[cmd]!, word)!]);
  };
  it('takes the blanks after a word followed on its line', () => {
    expect(drop('apt-get install -y ca-certificates curl', 0, 3)).toBe('apt-get install -y curl');
  });
  it('takes the blanks before the last word of a command', () => {
    expect(drop('apk add git ca-certificates && ls', 0, 3)).toBe('apk add git && ls');
  });
  it('takes the whole line when the word is alone on a continuation line', () => {
    expect(drop('apt-get install -y \\\n    ca-certificates \\\n    git', 0, 3)).toBe('apt-get install -y \\\n    git');
  });
  it('takes the blanks before a word that ends its line', () => {
    expect(drop('apt-get install -y \\\n    curl ca-certificates \\\n    git', 0, 4)).toBe('apt-get install -y \\\n    curl \\\n    git');
  });
  it('does not leave a dangling continuation after the last word', () => {
    expect(drop('apt-get install -y \\\n    curl \\\n    ca-certificates', 0, 4)).toBe('apt-get install -y \\\n    curl');
  });
});
