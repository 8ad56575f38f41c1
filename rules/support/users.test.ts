import { describe, expect, it } from 'vitest';
import { CustomIdentities, mapOwnerSpec, ownerFor, readCreationArgs } from './users.js';

describe('readCreationArgs', () => {
  it.each([
    [
      'useradd',
      ['-r', '-u', '1001', '-g', 'app', '-s', '/sbin/nologin', 'app'],
      [
        { kind: 'user', name: 'app', id: '1001' },
        { kind: 'group', name: 'app', id: null },
      ],
    ],
    [
      'useradd',
      ['--uid=2000', '--create-home', 'worker'],
      [
        { kind: 'user', name: 'worker', id: '2000' },
        { kind: 'group', name: 'worker', id: null },
      ],
    ],
    ['adduser', ['-D', '-u', '1000', '-G', 'web', '-h', '/home/web', 'web'], [{ kind: 'user', name: 'web', id: '1000' }]],
    [
      'adduser',
      ['--system', '--group', '--uid', '999', 'svc'],
      [
        { kind: 'user', name: 'svc', id: '999' },
        { kind: 'group', name: 'svc', id: null },
      ],
    ],
    ['groupadd', ['-g', '1001', '-r', 'app'], [{ kind: 'group', name: 'app', id: '1001' }]],
    ['addgroup', ['-S', '-g101', 'nginx'], [{ kind: 'group', name: 'nginx', id: '101' }]],
  ] as const)('%s %j', (tool, args, identities) => {
    expect(readCreationArgs(tool, [...args])).toEqual({ tool, identities, unreadable: null });
  });

  it('treats `adduser user group` as membership, not creation', () => {
    expect(readCreationArgs('adduser', ['app', 'wheel'])).toBeNull();
  });

  it('says when the name is a variable', () => {
    expect(readCreationArgs('useradd', ['-r', null])?.unreadable).toBe('useradd names the user with a variable');
  });
});

describe('owner specs', () => {
  const custom = new CustomIdentities();
  custom.add([readCreationArgs('useradd', ['-u', '1001', 'app'])!]);
  const user = { name: 'nonroot', uid: 65532 };

  it('maps custom names and ids, keeps other parts and numeric style', () => {
    expect(mapOwnerSpec('app', custom, user)).toBe('nonroot');
    expect(mapOwnerSpec('app:app', custom, user)).toBe('nonroot:nonroot');
    expect(mapOwnerSpec('1001:root', custom, user)).toBe('65532:root');
    expect(mapOwnerSpec('www-data', custom, user)).toBeNull();
  });

  it('rewrites any owner to the DHI user', () => {
    expect(ownerFor('www-data:www-data', user)).toBe('nonroot:nonroot');
    expect(ownerFor('33', user)).toBe('65532');
  });
});
