import path from 'node:path';
import { stringify } from 'yaml';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Real manifests from other projects, kept as fixtures (sources in its README). */
export const corpusDir = path.resolve(repoRoot, 'test', 'fixtures', 'corpus');

/** Source text from lines, so a test reads with the line numbers it asserts. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** A Kubernetes object written as block YAML, always starting `apiVersion:` on its first line. */
export class ManifestBuilder {
  private readonly object: Record<string, unknown>;
  constructor(kind: string, name: string) {
    this.object = { apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata: { name } };
  }
  namespace(namespace: string): this {
    (this.object.metadata as Record<string, unknown>).namespace = namespace;
    return this;
  }
  set(field: string, value: unknown): this {
    this.object[field] = value;
    return this;
  }
  obj(): Record<string, unknown> {
    return structuredClone(this.object);
  }
  yaml(): string {
    return stringify(this.object).trimEnd();
  }
  json(): string {
    return JSON.stringify(this.object);
  }
}

export function manifest(kind: string, name: string): ManifestBuilder {
  return new ManifestBuilder(kind, name);
}
