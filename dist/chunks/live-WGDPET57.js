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
} from "./chunk-6NRXOUON.js";
import "./chunk-6DYGSTIO.js";
import "./chunk-442IGSZA.js";
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
