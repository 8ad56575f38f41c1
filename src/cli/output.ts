import { MAX_DOCKERFILE_BYTES } from '../io/decode.js';

/** Where a command writes. Injected so tests can capture it. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Buffer>;
  /** Colour in human output: off for NO_COLOR, non-TTY, or --no-color. */
  color: boolean;
  cwd: string;
  /** stderr is a terminal: progress may redraw one line in place (batch). Absent = no. */
  stderrIsTTY?: boolean;
  /** stdin and stdout are a terminal: the interactive review can prompt. Absent = no. */
  interactive?: boolean;
}

/**
 * `dhi-migrate | head` closes the pipe early. The reader has all it wants, so
 * the rest of stdout is dropped quietly instead of crashing on EPIPE, and the
 * run still finishes (writes, summary, exit code) as if nobody had left.
 */
let stdoutClosed = false;
function watchStdoutPipe(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') stdoutClosed = true;
    else throw err;
  });
}

export function processIo(): Io {
  watchStdoutPipe();
  return {
    stdout: (t) => void (stdoutClosed || process.stdout.write(t)),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        // Past the size limit the input is refused anyway: don't buffer an endless pipe.
        if (total > MAX_DOCKERFILE_BYTES) break;
      }
      return Buffer.concat(chunks);
    },
    color: !process.env.NO_COLOR && Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
}
