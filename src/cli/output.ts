/** Where a command writes. Injected so tests can capture it. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Buffer>;
  /** Colour in human output: off for NO_COLOR, non-TTY, or --no-color. */
  color: boolean;
  cwd: string;
}

export function processIo(): Io {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    color: !process.env.NO_COLOR && Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
}
