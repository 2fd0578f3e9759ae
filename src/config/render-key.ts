/**
 * `render:` of `.github/berth.yml`: per chart or kustomization folder (relative to
 * the repository root), what it is and how it is rendered. Paths must stay in the
 * repository, and only allowlisted renderer arguments are accepted; a program to run
 * is never named here (the config may come from the pull request).
 */

import { isAbsolute, posix, win32 } from 'node:path';
import { isMap, isScalar } from 'yaml';
import {
  checkNamespace,
  checkReleaseName,
  checkRenderArgs,
  FOLDER_KINDS,
  type RenderFolderSettings,
} from '../render/render.ts';
import type { ConfigReader, YamlNode } from './reader.ts';
import type { BerthConfig } from './types.ts';

/** A path inside the repository as `render:` keys it: relative, `/`-separated, no `..`. */
function repositoryPath(value: string): string | null {
  if (isAbsolute(value) || win32.isAbsolute(value)) return null;
  const normal = posix.normalize(value.replaceAll('\\', '/')).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return null;
  return normal === '' ? '.' : normal;
}

export function parseRender(
  read: ConfigReader,
  value: YamlNode | null,
  keyNode: YamlNode,
  config: BerthConfig,
): void {
  const node = value ?? keyNode;
  if (!isMap(node)) {
    read.error(node, 'render must map a folder (relative to the repository root) to its settings');
    return;
  }
  for (const pair of node.items) {
    const keyAt = pair.key as YamlNode;
    const given = isScalar(keyAt) ? String(keyAt.value ?? '') : '';
    const folder = given ? repositoryPath(given) : null;
    if (!folder) {
      read.error(keyAt, `render: "${given}" must be a folder inside the repository, relative to its root`);
      continue;
    }
    const settings: RenderFolderSettings = { source: read.at(keyAt) };
    const item = pair.value as YamlNode | null;
    for (const [k, v] of read.entries(item ?? keyAt, `render "${given}"`, [
      'kind',
      'releaseName',
      'namespace',
      'values',
      'args',
    ])) {
      if (k === 'kind') {
        const kind = read.oneOf(v, 'render[].kind', FOLDER_KINDS);
        if (kind) settings.kind = kind;
      } else if (k === 'releaseName' || k === 'namespace') {
        const name = read.str(v, `render[].${k}`);
        const problem =
          name === undefined ? null : (k === 'releaseName' ? checkReleaseName : checkNamespace)(name);
        if (problem) read.error(v, `render[].${k}: ${problem}`);
        else if (name) settings[k] = name;
      } else if (k === 'values') {
        const files: string[] = [];
        for (const file of read.strings(v, 'render[].values')) {
          const inside = repositoryPath(file);
          if (inside) files.push(inside);
          else
            read.error(
              v,
              `render[].values: "${file}" must be a file inside the repository, relative to its root`,
            );
        }
        settings.values = files;
      } else if (k === 'args') {
        const args = read.strings(v, 'render[].args');
        // Which allowlist applies depends on the kind; a folder whose kind is not given may be either.
        const kinds =
          settings.kind === 'kustomize'
            ? (['kustomize'] as const)
            : settings.kind === 'helm'
              ? (['helm'] as const)
              : (['helm', 'kustomize'] as const);
        const problems = kinds.map((kind) => checkRenderArgs(kind, args));
        if (problems.every((p) => p !== null)) read.error(v, `render[].args: ${problems[0]}`);
        else settings.args = args;
      }
    }
    // Defined, not assigned: a folder may be called `__proto__`.
    Object.defineProperty(config.render, folder, {
      value: settings,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}
