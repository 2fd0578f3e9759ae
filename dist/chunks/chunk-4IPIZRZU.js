import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);

// src/apply/types.ts
var APPLY_SCHEMA_VERSION = 1;
var FIELD_MANAGER = "berth";
var DEFAULT_APPLY_PARALLELISM = 32;
var MAX_APPLY_PARALLELISM = 256;

export {
  APPLY_SCHEMA_VERSION,
  FIELD_MANAGER,
  DEFAULT_APPLY_PARALLELISM,
  MAX_APPLY_PARALLELISM
};
