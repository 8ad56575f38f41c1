import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './model.js';
import { describeInputProblems, findInputProblems } from './problems.js';

const problems = (text: string) => findInputProblems(parseDockerfile(text)).map((p) => `${p.line}: ${p.message}`);

describe('findInputProblems: broken input', () => {
  it.each([
    [
      'unterminated heredoc',
      'FROM alpine\nRUN <<EOF\necho hi\n',
      '2: unterminated heredoc <<EOF: no line closes it, so the rest of the file would be its body',
    ],
    [
      'unterminated heredoc swallowing a FROM',
      'FROM a AS b\nCOPY <<CONF /etc/x\nk=v\nFROM python:3.12\n',
      '2: unterminated heredoc <<CONF: no line closes it, so the rest of the file would be its body',
    ],
    [
      'unterminated heredoc at the very end',
      'FROM alpine\nRUN <<EOF',
      '2: unterminated heredoc <<EOF: no line closes it, so the rest of the file would be its body',
    ],
    [
      'the second of two heredocs unterminated',
      'FROM alpine\nRUN <<A <<B\na\nA\nb\n',
      '2: unterminated heredoc <<B: no line closes it, so the rest of the file would be its body',
    ],
    [
      'unterminated quoted heredoc, CRLF',
      'FROM alpine\r\nRUN <<"EOF" bash\r\necho\r\n',
      '2: unterminated heredoc <<EOF: no line closes it, so the rest of the file would be its body',
    ],
    [
      'a <<- terminator needs <<- (tabs are not stripped for <<)',
      'FROM alpine\nRUN <<EOF\necho \\\n\tEOF\n',
      '2: unterminated heredoc <<EOF: no line closes it, so the rest of the file would be its body',
    ],
    [
      'ONBUILD RUN heredoc unterminated',
      'FROM alpine\nONBUILD RUN <<EOF\necho\n',
      '2: unterminated heredoc <<EOF: no line closes it, so the rest of the file would be its body',
    ],
    ['FROM without anything', 'FROM\nRUN x\n', '1: FROM has no image'],
    ['FROM with only a flag', 'FROM --platform=$BUILDPLATFORM\n', '1: FROM has no image'],
    ['lowercase from without image', 'from\n', '1: FROM has no image'],
    ['FROM AS name (image missing)', 'FROM AS build\n', '1: FROM expects "image [AS name]", found "AS build"'],
    ['FROM with two words', 'FROM python 3.12\n', '1: FROM expects "image [AS name]", found "python 3.12"'],
    ['FROM image AS (name missing)', 'FROM node:22 AS\n', '1: FROM expects "image [AS name]", found "node:22 AS"'],
    [
      'FROM with a trailing comment',
      'FROM node:22 AS b # the base\n',
      '1: FROM expects "image [AS name]", found "node:22 AS b # the base"',
    ],
    ['RUN before FROM', 'RUN echo\nFROM alpine\n', '1: RUN before the first FROM (only ARG may come before it)'],
    ['no FROM at all', '# hi\nRUN echo\nCMD x\n', '2: no FROM instruction, so no build stage'],
    ['only ARGs', 'ARG X=1\n', '1: no FROM instruction, so no build stage'],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)[0]).toBe(expected);
  });

  it('reads "<<" in quotes the way the parser does, and says so', () => {
    expect(problems('FROM alpine\nRUN echo "a <<EOF"\nFROM python:3.12\n')).toEqual([
      `2: "<<" in quotes or JSON is read as a heredoc (<<EOF") that never ends; the Dockerfile parser dhi-migrate uses can't read this file`,
    ]);
  });

  it('describes the first problem on one line and counts the rest', () => {
    const found = findInputProblems(parseDockerfile('FROM\nFROM a b\nRUN <<EOF\n'));
    expect(describeInputProblems(found)).toBe('line 1: FROM has no image (and 2 more problems); left untouched');
  });
});

describe('findInputProblems: unusual but not broken', () => {
  it.each([
    ['empty', ''],
    ['blank lines', '\n\n  \r\n'],
    ['only comments', '# nothing here\n# really\n'],
    ['only parser directives', '# syntax=docker/dockerfile:1\n# escape=`\n'],
    ['BOM-less CRLF file', 'FROM alpine\r\nCMD ["x"]\r\n'],
    ['ARG before FROM', 'ARG BASE=python:3.12\nFROM ${BASE}\n'],
    ['terminated heredocs, <<- and quoted', 'FROM alpine\nRUN <<-EOF\n\techo\n\tEOF\nCOPY <<"X" /x\n$y\nX\n'],
    ['shell arithmetic "<<"', 'FROM alpine\nRUN echo $((1 << 2))\n'],
    // The parser misses these terminators (body line ending in a backslash); BuildKit does not.
    ['heredoc body line ending in a backslash before the terminator', 'FROM alpine\nRUN <<EOF\necho \\\nEOF\nCMD x\n'],
    ['<<- heredoc with the same, CRLF', 'FROM alpine\r\nCOPY <<-"X" /x.sh\r\n\techo $HOME \\\r\n\tX\r\nCMD y\r\n'],
    ['unknown instruction', 'FROM alpine\nFOO bar\n'],
    ['lowercase keywords', 'from alpine as b\nrun echo\n'],
    ['empty continuation line', 'FROM alpine\nRUN echo \\\n\n  hi\n'],
    ['trailing backslash at the end of the file', 'FROM alpine\nRUN echo \\'],
    ['no final newline', 'FROM alpine'],
    ['FROM with flags and AS', 'FROM --platform=$BUILDPLATFORM golang:1.26 as build\n'],
    ['FROM split over lines', 'FROM \\\n  node:22 \\\n  AS b\n'],
    ['image from an ARG without default', 'ARG IMG\nFROM $IMG\n'],
  ])('%s', (_name, text) => {
    expect(problems(text)).toEqual([]);
  });
});
