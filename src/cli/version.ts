import { packageVersion } from '../package-root.js';

export const TOOL_VERSION = packageVersion();
