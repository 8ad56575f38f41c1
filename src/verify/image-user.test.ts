import { describe, expect, it } from 'vitest';
import { describeUser, resolveUid, runsAsRoot } from './image-user.js';

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
