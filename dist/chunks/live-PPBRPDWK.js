import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);
import {
  HttpStatusError,
  LIVE_KINDS,
  LIVE_LIMITS,
  Reader,
  errorCode,
  loadKubeConfig,
  readLiveCluster,
  readLiveObjects,
  redact,
  serverHost,
  snapshotYaml,
  writeSnapshot
} from "./chunk-QA2M5N3X.js";
import "./chunk-BF7ULF5Y.js";
export {
  HttpStatusError,
  LIVE_KINDS,
  LIVE_LIMITS,
  Reader,
  errorCode,
  loadKubeConfig,
  readLiveCluster,
  readLiveObjects,
  redact,
  serverHost,
  snapshotYaml,
  writeSnapshot
};
