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
} from "./chunk-J6MM6ERI.js";
import "./chunk-LMW3O5OE.js";
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
