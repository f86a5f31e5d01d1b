export { declaredSecrets } from './declared.js';
export { DEFAULT_POLICY, generateSecret, type SecretPolicy } from './generate.js';
export { nodeSecretFileSystem, SecretStore, type SecretFileSystem, type SecretSink } from './store.js';
