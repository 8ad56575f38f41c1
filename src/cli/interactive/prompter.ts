/**
 * The two ways the review's questions get answered: a person at a terminal
 * (@inquirer/prompts, imported only here and only when needed, so the other
 * commands don't pay its startup cost) and `--yes` (every default, every change).
 */
import type { Io } from '../output.js';
import { renderChange, renderEvent, wrap, type RenderOptions } from './render.js';
import type { Ask, ChangeAction, Question, ReviewUi } from './types.js';

/** Thrown by inquirer on Ctrl-C (and when the terminal goes away). */
export function isPromptExit(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

export async function terminalUi(io: Io, o: RenderOptions): Promise<ReviewUi> {
  const { select, confirm } = await import('@inquirer/prompts');
  // Node 20's styleText ignores NO_COLOR, so colour is switched off in the theme.
  const same = (text: string) => text;
  const theme = o.color
    ? { indexMode: 'number' as const }
    : {
        indexMode: 'number' as const,
        prefix: { idle: '?', done: '>' },
        style: {
          answer: same,
          message: same,
          error: (t: string) => `> ${t}`,
          defaultAnswer: (t: string) => `(${t})`,
          help: same,
          highlight: same,
          key: same,
          description: same,
          disabled: same,
          keysHelpTip: () => undefined,
        },
      };

  const ask = async (q: Question): Promise<string | boolean> => {
    if (q.kind === 'change') {
      io.stdout(renderChange(q, o));
      const choices: { value: ChangeAction; name: string }[] = [
        { value: 'apply', name: 'Apply' },
        { value: 'skip', name: 'Skip' },
        { value: 'apply-rule', name: `Apply all remaining ${q.change.ruleId} changes in this file` },
        { value: 'skip-file', name: 'Skip the rest of this file' },
        { value: 'quit', name: 'Quit (write nothing more; asks about what you accepted)' },
      ];
      return select({ message: 'This change?', choices, default: 'apply', theme });
    }
    if (q.kind === 'option') {
      const choices = q.choices.map((c) => ({ value: c.value, name: c.label, description: c.description }));
      // Wrapped here: inquirer would cut words at the terminal edge ("? " takes 2 columns).
      const message = wrap(`${q.path}: ${q.message}`, o.width - 2).join('\n');
      return select({ message, choices, default: q.default, theme });
    }
    io.stdout('\n' + q.files.map((f) => `  ${f.path} (${f.changes} ${f.changes === 1 ? 'change' : 'changes'})`).join('\n') + '\n');
    const n = q.files.length;
    const message = q.quitting
      ? `Quit: write the changes accepted so far to ${n === 1 ? 'this file' : `these ${n} files`}?`
      : `Write ${n === 1 ? 'this file' : `these ${n} files`}?`;
    return confirm({ message, default: !q.quitting, theme });
  };
  return { ask: ask as Ask, show: (event) => io.stdout(renderEvent(event, o)) };
}

/** `--yes`: every option as given on the command line, every change applied, written. */
export function acceptAllUi(): ReviewUi {
  const ask = async (q: Question): Promise<string | boolean> => {
    if (q.kind === 'change') return 'apply';
    if (q.kind === 'option') return q.default;
    return true;
  };
  return { ask: ask as Ask, show: () => undefined };
}
