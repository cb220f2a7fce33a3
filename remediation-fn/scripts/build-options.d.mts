import type { BuildOptions, Plugin } from 'esbuild';

export declare const LAZY_MODULES: string[];
export declare const OPENAPI_MODULES: string[];
export declare const lazyModules: Plugin;
/** esbuild options for each file of code.zip, by name; add `outfile`. */
export declare const functionBuilds: Record<'index.js' | 'openapi.js' | 'lazy.js', BuildOptions>;
