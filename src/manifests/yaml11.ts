/**
 * kubectl turns YAML into JSON with go-yaml v2 (through sigs.k8s.io/yaml), which
 * reads plain scalars as YAML 1.1 does: `yes`, `on`, `y` are booleans and `0644`
 * is an octal integer. berth reads the same values the same way, so what it plans
 * is what the API server would receive: `defaultMode: 0644` is 420, not 644.
 */

import type { ScalarTag } from 'yaml';

const TRUE_WORDS = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/;

export const yaml11Bool: ScalarTag = {
  identify: (value) => typeof value === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  // Only the words YAML 1.2 dropped; true and false stay with the core schema's tag.
  test: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (text) => TRUE_WORDS.test(text),
};

export const yaml11Octal: ScalarTag = {
  identify: (value) => typeof value === 'number' && Number.isInteger(value),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  // A leading zero means octal in YAML 1.1 (`0o644` is the core schema's own form).
  test: /^[-+]?0[0-7_]+$/,
  resolve: (text) => {
    const negative = text.startsWith('-');
    const value = Number.parseInt(text.replace(/^[-+]/, '').replaceAll('_', ''), 8);
    return negative ? -value : value;
  },
};

/** True when a plain scalar was read as a boolean only because of YAML 1.1 (`yes`, not `true`). */
export function isYaml11OnlyBoolean(source: string): boolean {
  return yaml11Bool.test?.test(source) === true;
}
