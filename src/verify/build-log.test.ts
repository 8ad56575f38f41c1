import { describe, expect, it } from 'vitest';
import { logTail, parseBuildFailure } from './build-log.js';

describe('parseBuildFailure: buildah and podman', () => {
  it('names the RUN that failed and its own error line (buildah 1.28 output)', () => {
    const log = [
      'STEP 1/4: FROM dhi.io/php:8.3-dev',
      'STEP 2/4: WORKDIR /var/www/html',
      'STEP 3/4: COPY index.php ./',
      'STEP 4/4: RUN chown -R www-data:www-data /var/www/html',
      'chown: unknown user/group www-data:www-data',
      'subprocess exited with status 1',
      'subprocess exited with status 1',
      'Error: building at STEP "RUN chown -R www-data:www-data /var/www/html": exit status 1',
    ].join('\n');
    expect(parseBuildFailure(log)).toEqual({
      failedStep: 'RUN chown -R www-data:www-data /var/www/html',
      failedStage: undefined,
      error: 'chown: unknown user/group www-data:www-data',
    });
  });

  it('copes with quotes in the step and in the error (a COPY --from that finds nothing)', () => {
    const log = [
      '[1/2] STEP 1/2: FROM dhi.io/python:3.12-dev AS build',
      '[1/2] STEP 2/2: WORKDIR /srv',
      '[2/2] STEP 1/2: FROM dhi.io/python:3.12',
      '[2/2] STEP 2/2: COPY --from=build /srv/deps "/srv/deps"',
      'Error: building at STEP "COPY --from=build /srv/deps "/srv/deps"": checking on sources under "/var/lib/x": copier: stat: "/srv/deps": no such file or directory',
    ].join('\n');
    expect(parseBuildFailure(log)).toEqual({
      failedStep: 'COPY --from=build /srv/deps "/srv/deps"',
      failedStage: '2/2',
      error: 'checking on sources under "/var/lib/x": copier: stat: "/srv/deps": no such file or directory',
    });
  });

  it('prefers a specific exec error; reads a FROM that has no local image', () => {
    const noShell = [
      '[2/2] STEP 3/3: RUN echo "a b" && true',
      'process failed to start with error: fork/exec /bin/sh: no such file or directoryprocess exited with error: exec: not startedsubprocess exited with status 1',
      'Error: building at STEP "RUN echo "a b" && true": exit status 1',
    ].join('\n');
    expect(parseBuildFailure(noShell)).toMatchObject({
      failedStep: 'RUN echo "a b" && true',
      error: 'fork/exec /bin/sh: no such file or directory',
    });
    const from = [
      '[1/2] STEP 1/2: FROM dhi.io/python:2.7 AS build',
      'Error: creating build container: dhi.io/python:2.7: image not known',
    ].join('\n');
    expect(parseBuildFailure(from)).toEqual({
      failedStep: 'FROM dhi.io/python:2.7 AS build',
      failedStage: '1/2',
      error: 'Error: creating build container: dhi.io/python:2.7: image not known',
    });
  });
});

describe('parseBuildFailure: Docker', () => {
  it('reads BuildKit plain progress', () => {
    const log = [
      '#0 building with "default" instance using docker driver',
      '',
      '#1 [internal] load build definition from Dockerfile',
      '#1 DONE 0.0s',
      '',
      '#7 [build 3/4] RUN npm ci',
      '#7 0.412 npm ERR! code ENOENT',
      '#7 0.413 npm ERR! enoent Could not read package.json',
      '#7 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 254',
      '------',
      ' > [build 3/4] RUN npm ci:',
      '0.412 npm ERR! code ENOENT',
      '0.413 npm ERR! enoent Could not read package.json',
      '------',
      'Dockerfile:5',
      '--------------------',
      '   5 | >>> RUN npm ci',
      '--------------------',
      'ERROR: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 254',
    ].join('\n');
    expect(parseBuildFailure(log)).toEqual({
      failedStep: 'RUN npm ci',
      failedStage: 'build',
      error: 'npm ERR! enoent Could not read package.json',
    });
  });

  it('reads a BuildKit base image that cannot be resolved', () => {
    const log = [
      '#2 [internal] load metadata for dhi.io/python:2.7',
      '#2 ERROR: dhi.io/python:2.7: not found',
      '------',
      ' > [internal] load metadata for dhi.io/python:2.7:',
      '------',
      'ERROR: failed to solve: dhi.io/python:2.7: failed to resolve source metadata for dhi.io/python:2.7: not found',
    ].join('\n');
    expect(parseBuildFailure(log)).toEqual({
      failedStep: 'FROM dhi.io/python:2.7',
      failedStage: undefined,
      error: 'ERROR: failed to solve: dhi.io/python:2.7: failed to resolve source metadata for dhi.io/python:2.7: not found',
    });
  });

  it('reads the legacy builder', () => {
    const log = [
      'Sending build context to Docker daemon  3.072kB',
      'Step 1/4 : FROM php:8.3-fpm',
      ' ---> 0123456789ab',
      'Step 4/4 : RUN chown -R www-data:www-data /var/www/html',
      ' ---> Running in 5678',
      "chown: invalid user: 'www-data:www-data'",
      "The command '/bin/sh -c chown -R www-data:www-data /var/www/html' returned a non-zero code: 1",
    ].join('\n');
    expect(parseBuildFailure(log)).toEqual({
      failedStep: 'RUN chown -R www-data:www-data /var/www/html',
      error: "chown: invalid user: 'www-data:www-data'",
    });
  });
});

describe('logTail', () => {
  it('keeps the last lines without trailing blank ones', () => {
    expect(logTail('a\nb\nc\n\n', 2)).toEqual(['b', 'c']);
  });
});
