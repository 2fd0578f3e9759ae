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
} from "./chunk-E6VNYLD5.js";
import "./chunk-OS5THUAZ.js";
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
