/**
 * The compact form of Kubernetes' OpenAPI schemas that scripts/generate-schemas.ts
 * writes into kubernetes.generated.ts: only what strict field validation needs.
 *
 * `types` is a table; a type refers to others by their index in it:
 * - `'s'` string, `'d'` date-time string, `'y'` base64 bytes (a string), `'b'` boolean,
 *   `'i'` int32, `'l'` int64, `'n'` number, `'q'` Quantity (a string or a number),
 *   `'x'` IntOrString (an integer or a string), `'*'` any JSON (raw extensions);
 * - `[0, name, type, name, type, ...]` a struct: each field's name (an index in `names`)
 *   and type; any other field is unknown;
 * - `[1, type]` a map of string keys to `type`;
 * - `[2, type]` a list of `type`.
 * `kinds` maps `apiVersion/Kind` (`apps/v1/Deployment`, `v1/Pod`) to the kind's type.
 * `clusterScoped` lists the `apiVersion/Kind`s that have no namespace (`v1/Node`).
 */

export type ScalarCode = 's' | 'd' | 'y' | 'b' | 'i' | 'l' | 'n' | 'q' | 'x' | '*';
export type SchemaType = ScalarCode | readonly number[];

export interface SchemaBundle {
  /** The Kubernetes release the schemas describe (`v1.37.2`). */
  version: string;
  names: string[];
  types: SchemaType[];
  kinds: Record<string, number>;
  clusterScoped: string[];
}
