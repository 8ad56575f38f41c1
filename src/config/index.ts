/** Configuration: discovery, validation and the per-Dockerfile view used by the CLI and batch mode. */
export { loadConfigFor, optionsForRepo, findConfigFile, readConfigFile, clearConfigCache, CONFIG_FILE_NAMES, type LoadedConfig, type LoadOptions } from './load.js';
export { ConfigError, CONFIG_KEYS, type ConfigSettings } from './schema.js';
export { isIncluded, matchesAny, globToRegExp } from './glob.js';
