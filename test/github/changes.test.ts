import { describe, expect, it } from 'vitest';
import { globSet, manifestChanges } from '../../src/github/changes.ts';
import { encodePath } from '../../src/github/client.ts';

describe('manifestChanges', () => {
  const set = globSet(['k8s/**/*.yaml', '!k8s/test/**'], ['k8s/cluster.yaml']);
  it('reads heads of added and modified files, bases of modified, removed and renamed ones', () => {
    expect(
      manifestChanges(
        [
          { filename: 'k8s/a.yaml', status: 'added' },
          { filename: 'k8s/b.yaml', status: 'modified' },
          { filename: 'k8s/c.yaml', status: 'removed' },
          { filename: 'k8s/d.yaml', status: 'renamed', previousFilename: 'old/d.yaml' },
          { filename: 'k8s/test/e.yaml', status: 'modified' },
          { filename: 'k8s/cluster.yaml', status: 'modified' },
          { filename: 'README.md', status: 'modified' },
        ],
        set,
        '.',
      ),
    ).toEqual({
      head: ['k8s/a.yaml', 'k8s/b.yaml', 'k8s/d.yaml'],
      base: [
        { path: 'k8s/b.yaml', repoPath: 'k8s/b.yaml' },
        { path: 'k8s/c.yaml', repoPath: 'k8s/c.yaml' },
        { path: 'old/d.yaml', repoPath: 'old/d.yaml' },
      ],
    });
  });

  it('matches globs relative to the working directory and drops files outside it', () => {
    expect(
      manifestChanges(
        [
          { filename: 'infra/k8s/a.yaml', status: 'modified' },
          { filename: 'k8s/a.yaml', status: 'modified' },
        ],
        set,
        'infra/',
      ),
    ).toEqual({ head: ['k8s/a.yaml'], base: [{ path: 'k8s/a.yaml', repoPath: 'infra/k8s/a.yaml' }] });
  });

  it('encodes each path segment for the contents API but keeps the slashes', () => {
    expect(encodePath('k8s/my app/web#1.yaml')).toBe('k8s/my%20app/web%231.yaml');
  });
});
