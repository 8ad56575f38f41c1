import { describe, expect, it } from 'vitest';
import { formatExecForm, parseCommand, splitShellWords } from './command.js';

describe('parseCommand', () => {
  it('treats JSON string arrays as exec form and anything else as shell form', () => {
    expect(parseCommand('["node", "a.js"]')).toEqual({ form: 'exec', argv: ['node', 'a.js'] });
    expect(parseCommand('[node, a.js]')).toEqual({ form: 'shell', text: '[node, a.js]' });
    expect(parseCommand('node a.js')).toEqual({ form: 'shell', text: 'node a.js' });
  });
});

describe('splitShellWords', () => {
  it.each([
    ['node server.js --port 8080', ['node', 'server.js', '--port', '8080']],
    ['python3 -c "print(1)"', ['python3', '-c', 'print(1)']],
    ["nginx -g 'daemon off;'", ['nginx', '-g', 'daemon off;']],
    ['exec gunicorn app:app', ['gunicorn', 'app:app']],
    ['java -jar \\\n  /app/app.jar', ['java', '-jar', '/app/app.jar']],
  ])('%s', (text, words) => {
    expect(splitShellWords(text)).toEqual({ ok: true, words });
  });

  it.each([
    ['npm run migrate && npm start', '&&'],
    ['node a.js | tee log', 'pipe'],
    ['node a.js > out.log', 'redirect'],
    ['python3 $APP', 'variable'],
    ['python3 "${APP}"', 'expansion'],
    ['ls *.js', 'glob'],
    ['cd /app', 'builtin'],
    ['PORT=80 node a.js', 'assignment'],
    ['echo "unterminated', 'unterminated'],
  ])('%s needs a shell', (text, why) => {
    const r = splitShellWords(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  it('formats exec form as a JSON array', () => {
    expect(formatExecForm(['nginx', '-g', 'daemon off;'])).toBe('["nginx", "-g", "daemon off;"]');
  });
});
