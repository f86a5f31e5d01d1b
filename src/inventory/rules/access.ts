import { warning, type Finding } from '../diagnostics.js';
import { resolveInventoryPath } from '../normalise.js';
import type { RuleContext } from './context.js';

/** Files and variables that give access (SSH keys, known_hosts, sudo password, S3 credentials): missing ones are warnings, they may appear before `install`. */
export function accessRules(context: RuleContext): Finding[] {
  const { inventory, fileExists, env, inventoryDir, home } = context;
  const findings: Finding[] = [];
  const files: Array<{ path: string[]; value: string | undefined; code: string; what: string }> = [
    { path: ['ssh', 'privateKey'], value: inventory.ssh.privateKey, code: 'W_SSH_KEY_MISSING', what: 'SSH private key' },
    { path: ['ssh', 'bastion', 'privateKey'], value: inventory.ssh.bastion?.privateKey, code: 'W_SSH_KEY_MISSING', what: 'bastion SSH private key' },
    { path: ['ssh', 'knownHosts'], value: inventory.ssh.knownHosts, code: 'W_KNOWN_HOSTS_MISSING', what: 'known_hosts file' },
  ];
  for (const file of files) {
    if (file.value === undefined) continue;
    const resolved = resolveInventoryPath(file.value, inventoryDir, home);
    if (!fileExists(resolved)) {
      findings.push(warning(file.code, file.path, `${file.what} ${resolved} does not exist`, 'create it or fix the path; relative paths start at the inventory file'));
    }
  }
  const variables: Array<{ path: string[]; name: string | undefined }> = [{ path: ['ssh', 'become', 'passwordEnv'], name: inventory.ssh.become.passwordEnv }];
  const credentials = inventory.objectStorage?.credentials;
  if (credentials && 'fromEnv' in credentials) {
    variables.push({ path: ['objectStorage', 'credentials', 'fromEnv', 'accessKeyId'], name: credentials.fromEnv.accessKeyId });
    variables.push({ path: ['objectStorage', 'credentials', 'fromEnv', 'secretAccessKey'], name: credentials.fromEnv.secretAccessKey });
  }
  if (credentials && 'fromFile' in credentials && !fileExists(resolveInventoryPath(credentials.fromFile, inventoryDir, home))) {
    findings.push(warning('W_CREDENTIALS_FILE_MISSING', ['objectStorage', 'credentials', 'fromFile'], `S3 credentials file ${credentials.fromFile} does not exist`, 'create it before `datalyptica install`'));
  }
  for (const variable of variables) {
    if (variable.name !== undefined && env[variable.name] === undefined) {
      findings.push(warning('W_ENV_UNSET', variable.path, `environment variable ${variable.name} is not set`, `export ${variable.name} before \`datalyptica install\``));
    }
  }
  return findings;
}
