import { describe, expect, it } from 'vitest';
import { describeUser, imageFacts, resolveUid, runsAsRoot } from './image-user.js';

const passwd = 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\ntoor:x:0:0::/:/bin/sh\n';

describe('image user', () => {
  it('resolves USER to a uid like Docker: names through /etc/passwd, numbers as they are', () => {
    expect(resolveUid('', passwd)).toBe(0);
    expect(resolveUid('nonroot', passwd)).toBe(65532);
    expect(resolveUid('nonroot:nonroot', passwd)).toBe(65532);
    expect(resolveUid('1000:1000', null)).toBe(1000);
    expect(resolveUid('app', passwd)).toBeNull();
    expect(resolveUid('app', null)).toBeNull();
  });

  it('counts unset USER, root, uid 0 and names mapped to uid 0 as root', () => {
    expect(runsAsRoot('', 0)).toBe(true);
    expect(runsAsRoot('root:root', 0)).toBe(true);
    expect(runsAsRoot('0', 0)).toBe(true);
    expect(runsAsRoot('toor', resolveUid('toor', passwd))).toBe(true);
    expect(runsAsRoot('nonroot', 65532)).toBe(false);
    expect(runsAsRoot('app', null)).toBe(false);
  });

  it('describes the user for humans', () => {
    expect(describeUser('', 0)).toBe('root (default)');
    expect(describeUser('root', 0)).toBe('root');
    expect(describeUser('nonroot', 65532)).toBe('nonroot (65532)');
    expect(describeUser('65532', 65532)).toBe('65532');
    expect(describeUser('app', null)).toBe('app');
  });
});

describe('imageFacts', () => {
  it('resolves a named USER through the image /etc/passwd and keeps the config commands', () => {
    const facts = imageFacts(
      { User: 'nonroot', Entrypoint: ['python'], Cmd: ['app.py'] },
      { shell: false, passwd: 'root:x:0:0::/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n' },
      1234,
    );
    expect(facts).toEqual({ user: 'nonroot', uid: 65532, entrypoint: ['python'], cmd: ['app.py'], shell: false, sizeBytes: 1234 });
  });

  it('reads an unset USER as root and missing commands as null; an unknown name stays unknown', () => {
    expect(imageFacts({}, { shell: null, passwd: null }, null)).toEqual({
      user: '',
      uid: 0,
      entrypoint: null,
      cmd: null,
      shell: null,
      sizeBytes: null,
    });
    expect(imageFacts({ User: 'app' }, { shell: true, passwd: null }, null).uid).toBeNull();
  });
});
