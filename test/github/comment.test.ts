import { describe, expect, it } from 'vitest';
import type { GitHub, IssueComment } from '../../src/github/client.ts';
import { markerFor, publishComment, stickyComments } from '../../src/github/comment.ts';

function comment(id: number, body: string, extra: Partial<IssueComment> = {}): IssueComment {
  return {
    id,
    nodeId: `N${id}`,
    body,
    htmlUrl: `u${id}`,
    login: 'berth[bot]',
    userType: 'Bot',
    authorAssociation: 'NONE',
    minimized: false,
    ...extra,
  };
}

function memoryGitHub(existing: IssueComment[]) {
  const comments = [...existing];
  const calls: string[] = [];
  const github: Pick<GitHub, 'listComments' | 'createComment' | 'updateComment' | 'minimizeComment'> = {
    listComments: async () => comments,
    createComment: async (_n, body) => {
      calls.push('create');
      const c = comment(comments.length + 100, body);
      comments.push(c);
      return c;
    },
    updateComment: async (id, body) => {
      calls.push(`update ${id}`);
      const c = comments.find((x) => x.id === id)!;
      c.body = body;
      return c;
    },
    minimizeComment: async (nodeId) => {
      calls.push(`minimize ${nodeId}`);
    },
  };
  return { github: github as GitHub, comments, calls };
}

const APP = { login: 'berth[bot]' };

describe('sticky comments', () => {
  const marker = markerFor('plan', 'prod');

  it('gives plan and apply comments of a cluster, and each cluster, markers of their own', () => {
    expect(marker).toBe('<!-- berth:plan cluster=prod -->');
    const markers = [markerFor('apply', 'prod'), markerFor('plan', 'staging'), markerFor('rollback', 'prod')];
    expect(new Set([marker, ...markers]).size).toBe(4);
  });

  it("counts only comments that start with the marker and come from berth's own login", () => {
    const found = stickyComments(
      [
        comment(1, `${marker}\nplan`),
        comment(2, `quoting ${marker}`),
        comment(3, `${marker}\nfake`, { login: 'mallory', userType: 'User' }),
        comment(4, `${marker}\nanother app`, { login: 'other-app[bot]' }),
        comment(5, `${marker}\nmember`, { login: 'ana', userType: 'User', authorAssociation: 'MEMBER' }),
        comment(6, `${markerFor('plan', 'staging')}\nother cluster`),
        comment(7, `${markerFor('apply', 'prod')}\napply of the same cluster`),
        comment(8, `${marker}\ncase`, { login: 'Berth[bot]' }),
      ],
      marker,
      APP,
    );
    expect(found.map((c) => c.id)).toEqual([1, 8]);
  });

  it("takes members' comments only when asked (a person's token)", () => {
    const comments = [
      comment(1, `${marker}\nby the workflow token`, { login: 'github-actions[bot]' }),
      comment(2, `${marker}\nby a maintainer's token`, {
        login: 'ana',
        userType: 'User',
        authorAssociation: 'MEMBER',
      }),
      comment(3, `${marker}\nby a stranger`, {
        login: 'eve',
        userType: 'User',
        authorAssociation: 'CONTRIBUTOR',
      }),
      comment(4, `${marker}\nby another bot`, { login: 'dependabot[bot]' }),
    ];
    const action = { login: 'github-actions[bot]', members: true };
    expect(stickyComments(comments, marker, action).map((c) => c.id)).toEqual([1, 2]);
  });

  it('updates the plan comment and leaves the apply comment of the same cluster alone', async () => {
    const apply = markerFor('apply', 'prod');
    const { github, calls, comments } = memoryGitHub([
      comment(1, `${marker}\nplan`),
      comment(2, `${apply}\napplied`),
    ]);
    await publishComment(github, 2, 'update', marker, 'new plan', APP);
    expect(calls).toEqual(['update 1']);
    expect(comments.map((c) => c.body)).toEqual([`${marker}\nnew plan`, `${apply}\napplied`]);
  });

  it("creates a comment rather than edit one someone else wrote with berth's marker", async () => {
    const { github, calls } = memoryGitHub([
      comment(1, `${marker}\nforged`, { login: 'eve', userType: 'User' }),
    ]);
    await publishComment(github, 2, 'update', marker, 'plan', APP);
    expect(calls).toEqual(['create']);
  });

  it.each([
    ['update', ['update 2']],
    ['new', ['create']],
    ['hide-and-new', ['minimize N1', 'minimize N2', 'create']],
    ['off', []],
  ] as const)('in %s mode does %j', async (mode, expected) => {
    const { github, calls } = memoryGitHub([comment(1, `${marker}\nold`), comment(2, `${marker}\nnewer`)]);
    await publishComment(github, 2, mode, marker, 'body', APP);
    expect(calls).toEqual(expected);
  });

  it('does not hide a comment that is already hidden', async () => {
    const { github, calls } = memoryGitHub([comment(1, `${marker}\nold`, { minimized: true })]);
    const outcome = await publishComment(github, 2, 'hide-and-new', marker, 'body', APP);
    expect(calls).toEqual(['create']);
    expect(outcome.hidden).toBe(0);
  });

  it('edits only an existing comment when there is no news', async () => {
    const { github, calls } = memoryGitHub([]);
    const outcome = await publishComment(github, 2, 'update', marker, 'nothing changed', APP, true);
    expect(calls).toEqual([]);
    expect(outcome.action).toBe('none');
  });
});
