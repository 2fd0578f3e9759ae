import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);
import {
  HttpStatusError,
  LIVE_KINDS,
  LIVE_LIMITS,
  Reader,
  errorCode,
  fixedCredentials,
  loadKubeConfig,
  readLiveCluster,
  readLiveDefinitions,
  readLiveObjects,
  redact,
  serverHost,
  snapshotYaml,
  warningTexts,
  writeSnapshot
} from "./chunk-2GKNBCSQ.js";
import "./chunk-DFJRFF5I.js";
import "./chunk-442IGSZA.js";
export {
  HttpStatusError,
  LIVE_KINDS,
  LIVE_LIMITS,
  Reader,
  errorCode,
  fixedCredentials,
  loadKubeConfig,
  readLiveCluster,
  readLiveDefinitions,
  readLiveObjects,
  redact,
  serverHost,
  snapshotYaml,
  warningTexts,
  writeSnapshot
};
