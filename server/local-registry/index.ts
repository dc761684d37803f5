export { startLocalRegistry, CCOMPAT_PATH, type LocalRegistry, type LocalRegistryOptions } from './local-registry';
export { APICURIO_VERSION, ensureRegistryApp, registryAppDir } from './local-registry-build';
export * from './local-registry-errors';
