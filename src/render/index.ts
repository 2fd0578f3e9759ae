export { findRenderer, type RenderKind } from './binary.ts';
export {
  checkRenderArgs,
  DEFAULT_RENDER_TIMEOUT_MS,
  FOLDER_KINDS,
  type FolderKind,
  folderKindOf,
  folderSettings,
  type RenderFolderSettings,
  type RenderOptions,
  renderFolder,
  splitHelmOutput,
} from './render.ts';
export { redactRendererText } from './run.ts';
