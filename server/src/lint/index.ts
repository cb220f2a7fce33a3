export { lintModule } from './lint-module';
export {
  diskSource,
  findModuleDirs,
  isDownloadedModuleFile,
  isTerraformFile,
  memoizedSource,
} from './workspace';
export { suppressionComment, parseSuppressionText } from './suppressions';
export { lintPaths, PathError } from './lint-paths';
export type { WorkspaceLintResult } from './lint-paths';
