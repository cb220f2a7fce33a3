/** The lint layer's entry: module and path linting, workspaces, suppressions, what is shown once. */
export { lintAnalysis, lintModule } from './lint-module';
export {
  diskSource,
  findModuleDirs,
  isDownloadedModuleFile,
  isTerraformFile,
  memoizedSource,
} from './workspace';
export { suppressionComment, parseSuppressionText } from './suppressions';
export { lintPaths, PathError } from './lint-paths';
export { lintDocument } from './lint-document';
export type { WorkspaceLintResult } from './lint-paths';
export { oneFindingPerProblem } from './one-per-problem';
