export { DEFAULT_POLICY, generateSecret, type SecretPolicy } from './generate.js';
export { SECRET_NAMES } from './names.js';
export { phaseSecrets, type PhaseSecrets } from './phase-secrets.js';
export { nodeSecretFileSystem, SecretStore, type SecretFileSystem, type SecretSink } from './store.js';
