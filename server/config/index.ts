export { loadConfig, InvalidConfigError } from './load-config';
export { configSchema, secretSettings, type EventlineConfig } from './config-schema';
