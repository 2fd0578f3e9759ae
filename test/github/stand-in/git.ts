/**
 * Routes over the git model: contents at a ref (files and directories), comparing two
 * commits, branches, refs, trees and commits: what reading a commit's manifests and
 * opening a revert pull request need.
 */

import { createHash } from 'node:crypto';
import type { Route, RouteContext } from './context.ts';
import { example, type Json } from './openapi.ts';
import {
  ancestors,
  type FakeGitHubState,
  filesAt,
  resolveRef,
  type StoredCommit,
  storeCommit,
  storeTree,
} from './state.ts';

/** git's own blob id. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function api(state: FakeGitHubState, rest: string): string {
  return `https://api.github.com/repos/${state.owner}/${state.repo}/${rest}`;
}

function contentFile(ctx: RouteContext, path: string, text: string, ref: string): Json {
  const file = example('get', '/repos/{owner}/{repo}/contents/{path}', 200, 'response-if-content-is-a-file');
  const sha = blobSha(text);
  return {
    ...file,
    type: 'file',
    name: path.split('/').at(-1)!,
    path,
    sha,
    size: Buffer.byteLength(text),
    content: Buffer.from(text).toString('base64'),
    encoding: 'base64',
    url: api(ctx.state, `contents/${path}?ref=${ref}`),
    git_url: api(ctx.state, `git/blobs/${sha}`),
    html_url: `https://github.com/${ctx.state.owner}/${ctx.state.repo}/blob/${ref}/${path}`,
    download_url: `https://raw.githubusercontent.com/${ctx.state.owner}/${ctx.state.repo}/${ref}/${path}`,
    _links: {
      self: api(ctx.state, `contents/${path}?ref=${ref}`),
      git: api(ctx.state, `git/blobs/${sha}`),
      html: `https://github.com/${ctx.state.owner}/${ctx.state.repo}/blob/${ref}/${path}`,
    },
  };
}

/** The entries directly under `dir` ('' for the root): files with their text, and subdirectories. */
function listing(files: ReadonlyMap<string, string>, dir: string): { name: string; text?: string }[] {
  const prefix = dir ? `${dir}/` : '';
  const out = new Map<string, { name: string; text?: string }>();
  for (const [path, text] of files) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) out.set(rest, { name: rest, text });
    else out.set(rest.slice(0, slash), { name: rest.slice(0, slash) });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function treeSha(files: ReadonlyMap<string, string>, dir: string): string {
  const prefix = dir ? `${dir}/` : '';
  const entries = [...files].filter(([p]) => p.startsWith(prefix)).sort();
  return createHash('sha1')
    .update(JSON.stringify(['dir', dir, entries]))
    .digest('hex');
}

function commitJson(ctx: RouteContext, commit: StoredCommit, template: Json): Json {
  const { state } = ctx;
  return {
    ...template,
    sha: commit.sha,
    node_id: `C_${commit.sha.slice(0, 12)}`,
    url: api(state, `git/commits/${commit.sha}`),
    html_url: `https://github.com/${state.owner}/${state.repo}/commit/${commit.sha}`,
    message: commit.message,
    tree: { sha: commit.tree, url: api(state, `git/trees/${commit.tree}`) },
    parents: commit.parents.map((sha) => ({
      sha,
      url: api(state, `git/commits/${sha}`),
      html_url: `https://github.com/${state.owner}/${state.repo}/commit/${sha}`,
    })),
  };
}

function refJson(ctx: RouteContext, name: string, sha: string): Json {
  return {
    ref: `refs/heads/${name}`,
    node_id: `REF_${name}`,
    url: api(ctx.state, `git/refs/heads/${name}`),
    object: { type: 'commit', sha, url: api(ctx.state, `git/commits/${sha}`) },
  };
}

/** `heads/x` (as the refs API names it) to the branch name, or undefined for tags and others. */
function branchOf(ref: string): string | undefined {
  const m = /^(?:refs\/)?heads\/(.+)$/.exec(ref);
  return m?.[1];
}

export const gitRoutes: Record<string, Route> = {
  'get /repos/{owner}/{repo}/contents/{path}': (ctx) => {
    const ref = ctx.query.ref ?? ctx.state.defaultBranch;
    const path = ctx.params.path!.replace(/\/+$/, '');
    // Files outside the commit model are keyed by the ref as asked (none when no ref was given).
    const files = filesAt(ctx.state, ref) ?? filesAt(ctx.state, ctx.query.ref ?? '');
    const text = files?.get(path);
    if (text !== undefined) return ctx.send(200, contentFile(ctx, path, text, ref));
    const entries = files ? listing(files, path) : [];
    if (entries.length === 0) {
      return ctx.send(404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/repos/contents',
      });
    }
    const template = (
      example('get', ctx.template, 200, 'response-if-content-is-a-directory') as unknown as Json[]
    )[0]!;
    ctx.send(
      200,
      entries.map((e) => {
        const full = path ? `${path}/${e.name}` : e.name;
        const sha = e.text === undefined ? treeSha(files!, full) : blobSha(e.text);
        return {
          ...template,
          type: e.text === undefined ? 'dir' : 'file',
          size: e.text === undefined ? 0 : Buffer.byteLength(e.text),
          name: e.name,
          path: full,
          sha,
          url: api(ctx.state, `contents/${full}?ref=${ref}`),
          git_url: api(ctx.state, `git/${e.text === undefined ? 'trees' : 'blobs'}/${sha}`),
          html_url: `https://github.com/${ctx.state.owner}/${ctx.state.repo}/tree/${ref}/${full}`,
          download_url:
            e.text === undefined
              ? null
              : `https://raw.githubusercontent.com/${ctx.state.owner}/${ctx.state.repo}/${ref}/${full}`,
          _links: {
            self: api(ctx.state, `contents/${full}?ref=${ref}`),
            git: api(ctx.state, `git/${e.text === undefined ? 'trees' : 'blobs'}/${sha}`),
            html: `https://github.com/${ctx.state.owner}/${ctx.state.repo}/tree/${ref}/${full}`,
          },
        };
      }),
    );
  },

  'get /repos/{owner}/{repo}/compare/{basehead}': (ctx) => {
    const { state } = ctx;
    const [baseRef, headRef] = ctx.params.basehead!.split('...');
    const base = baseRef ? resolveRef(state, baseRef) : undefined;
    const head = headRef ? resolveRef(state, headRef) : undefined;
    if (!base || !head) return ctx.notFound();
    const fromBase = ancestors(state, base);
    const fromHead = ancestors(state, head);
    const ahead = [...fromHead].filter((sha) => !fromBase.has(sha));
    const behind = [...fromBase].filter((sha) => !fromHead.has(sha));
    // The merge base: a common ancestor none of whose descendants is common too (first found walking from head).
    const common = [...fromHead].filter((sha) => fromBase.has(sha));
    const mergeBase = common.find((sha) => !common.some((o) => o !== sha && ancestors(state, o).has(sha)));
    const status =
      ahead.length === 0 && behind.length === 0
        ? 'identical'
        : behind.length === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged';
    const template = example('get', ctx.template, 200);
    const commitTemplate = (template.commits as Json[])[0]!;
    const fileTemplate = (template.files as Json[])[0]!;
    const asCommit = (sha: string): Json => {
      const c = state.commits.get(sha)!;
      return {
        ...commitTemplate,
        sha,
        node_id: `C_${sha.slice(0, 12)}`,
        url: api(state, `commits/${sha}`),
        html_url: `https://github.com/${state.owner}/${state.repo}/commit/${sha}`,
        commit: {
          ...(commitTemplate.commit as Json),
          message: c.message,
          tree: { sha: c.tree, url: api(state, `git/trees/${c.tree}`) },
        },
        parents: c.parents.map((p) => ({ sha: p, url: api(state, `commits/${p}`) })),
      };
    };
    // Files: what changed from the merge base to head, as GitHub's three-dot compare shows.
    const before = mergeBase
      ? state.trees.get(state.commits.get(mergeBase)!.tree)!
      : new Map<string, string>();
    const after = state.trees.get(state.commits.get(head)!.tree)!;
    const files: Json[] = [];
    for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const a = before.get(path);
      const b = after.get(path);
      if (a === b) continue;
      files.push({
        ...fileTemplate,
        sha: b === undefined ? blobSha('') : blobSha(b),
        filename: path,
        status: a === undefined ? 'added' : b === undefined ? 'removed' : 'modified',
        additions: b === undefined ? 0 : b.split('\n').length,
        deletions: a === undefined ? 0 : a.split('\n').length,
        changes: (a?.split('\n').length ?? 0) + (b?.split('\n').length ?? 0),
      });
      delete files.at(-1)!.previous_filename;
    }
    ctx.send(200, {
      ...template,
      url: api(state, `compare/${ctx.params.basehead}`),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      base_commit: asCommit(base),
      merge_base_commit: asCommit(mergeBase ?? base),
      commits: ahead.reverse().map(asCommit),
      files,
    });
  },

  'get /repos/{owner}/{repo}/branches/{branch}': (ctx) => {
    const sha = ctx.state.branches.get(ctx.params.branch!);
    if (!sha)
      return ctx.send(404, {
        message: 'Branch not found',
        documentation_url: 'https://docs.github.com/rest',
      });
    const template = example('get', ctx.template, 200);
    const commit = template.commit as Json;
    ctx.send(200, {
      ...template,
      name: ctx.params.branch,
      commit: { ...commit, sha, url: api(ctx.state, `commits/${sha}`) },
      protected: false,
    });
  },

  'get /repos/{owner}/{repo}/git/ref/{ref}': (ctx) => {
    const name = branchOf(ctx.params.ref!);
    const sha = name ? ctx.state.branches.get(name) : undefined;
    if (!name || !sha) return ctx.notFound();
    ctx.send(200, refJson(ctx, name, sha));
  },

  'post /repos/{owner}/{repo}/git/refs': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const ref = String(ctx.body.ref);
    const sha = String(ctx.body.sha);
    const name = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
    if (!name) return ctx.invalid(`${ref} is not a valid ref name.`);
    if (!ctx.state.commits.has(sha)) return ctx.invalid('Object does not exist');
    if (ctx.state.branches.has(name)) return ctx.invalid('Reference already exists');
    ctx.state.branches.set(name, sha);
    ctx.send(201, refJson(ctx, name, sha));
  },

  'patch /repos/{owner}/{repo}/git/refs/{ref}': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const name = branchOf(ctx.params.ref!);
    const current = name ? ctx.state.branches.get(name) : undefined;
    if (!name || !current) return ctx.invalid('Reference does not exist');
    const sha = String(ctx.body.sha);
    if (!ctx.state.commits.has(sha)) return ctx.invalid('Object does not exist');
    if (ctx.body.force !== true && !ancestors(ctx.state, sha).has(current)) {
      return ctx.invalid('Update is not a fast forward');
    }
    ctx.state.branches.set(name, sha);
    ctx.send(200, refJson(ctx, name, sha));
  },

  'get /repos/{owner}/{repo}/git/commits/{commit_sha}': (ctx) => {
    const commit = ctx.state.commits.get(ctx.params.commit_sha!);
    if (!commit) return ctx.notFound();
    ctx.send(200, commitJson(ctx, commit, example('get', ctx.template, 200)));
  },

  'post /repos/{owner}/{repo}/git/commits': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const tree = String(ctx.body.tree);
    const parents = ((ctx.body.parents ?? []) as unknown[]).map(String);
    if (!ctx.state.trees.has(tree)) return ctx.invalid('Tree SHA does not exist');
    if (parents.some((p) => !ctx.state.commits.has(p)))
      return ctx.invalid('Parent SHA does not exist or is not a commit object');
    const commit = storeCommit(ctx.state, tree, parents, String(ctx.body.message));
    ctx.send(201, commitJson(ctx, commit, example('post', ctx.template, 201)));
  },

  'get /repos/{owner}/{repo}/git/blobs/{file_sha}': (ctx) => {
    const sha = ctx.params.file_sha!;
    const text = ctx.state.blobs?.get(sha);
    if (text === undefined) return ctx.notFound();
    ctx.send(200, {
      ...example('get', ctx.template, 200),
      sha,
      node_id: `B_${sha.slice(0, 16)}`,
      size: Buffer.byteLength(text),
      url: api(ctx.state, `git/blobs/${sha}`),
      content: Buffer.from(text).toString('base64'),
      encoding: 'base64',
    });
  },

  'get /repos/{owner}/{repo}/git/trees/{tree_sha}': (ctx) => {
    const { state } = ctx;
    const sha = ctx.params.tree_sha!;
    const files = state.trees.get(sha) ?? filesAt(state, sha);
    if (!files) return ctx.notFound();
    const recursive = ctx.query.recursive !== undefined;
    const entries: Json[] = [];
    const dirs = new Set<string>();
    const links = new Map<string, string>();
    for (const [key, target] of state.symlinks ?? [])
      if (key.startsWith(`${sha}:`)) links.set(key.slice(sha.length + 1), target);
    const listed = new Map<string, { text: string; mode: string }>();
    for (const [path, text] of files) listed.set(path, { text, mode: '100644' });
    for (const [path, target] of links) listed.set(path, { text: target, mode: '120000' });
    state.blobs ??= new Map();
    for (const [path, { text, mode }] of [...listed].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
      if (!recursive && parts.length > 1) continue;
      const blob = blobSha(text);
      state.blobs.set(blob, text);
      entries.push({
        path,
        mode,
        type: 'blob',
        sha: blob,
        size: Buffer.byteLength(text),
        url: api(state, `git/blobs/${blob}`),
      });
    }
    for (const dir of [...dirs].sort()) {
      if (!recursive && dir.includes('/')) continue;
      const tsha = treeSha(files, dir);
      entries.push({
        path: dir,
        mode: '040000',
        type: 'tree',
        sha: tsha,
        url: api(state, `git/trees/${tsha}`),
      });
    }
    entries.sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
    const tree = state.trees.has(sha) ? sha : (state.commits.get(resolveRef(state, sha) ?? '')?.tree ?? sha);
    ctx.send(200, { sha: tree, url: api(state, `git/trees/${tree}`), tree: entries, truncated: false });
  },

  'post /repos/{owner}/{repo}/git/trees': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const { state } = ctx;
    const baseTree = ctx.body.base_tree === undefined ? undefined : String(ctx.body.base_tree);
    if (baseTree !== undefined && !state.trees.has(baseTree))
      return ctx.invalid('base_tree is not a valid tree');
    const files = new Map(baseTree ? state.trees.get(baseTree) : undefined);
    for (const entry of (ctx.body.tree ?? []) as Json[]) {
      const path = String(entry.path);
      if (entry.sha === null) {
        // Deleting a file, or a folder with everything under it.
        for (const p of [...files.keys()]) if (p === path || p.startsWith(`${path}/`)) files.delete(p);
      } else if (typeof entry.content === 'string') {
        files.set(path, entry.content);
      } else if (typeof entry.sha === 'string') {
        const text = [...state.trees.values()]
          .flatMap((t) => [...t.values()])
          .find((t) => blobSha(t) === entry.sha);
        if (text === undefined) return ctx.invalid(`tree.sha ${entry.sha} is not a valid blob`);
        files.set(path, text);
      }
    }
    const sha = storeTree(state, files);
    const entries = [...files].sort().map(([path, text]) => ({
      path,
      mode: '100644',
      type: 'blob',
      sha: blobSha(text),
      size: Buffer.byteLength(text),
      url: api(state, `git/blobs/${blobSha(text)}`),
    }));
    ctx.send(201, { sha, url: api(state, `git/trees/${sha}`), tree: entries, truncated: false });
  },
};
