/** The resource kinds phase authors compose. */
export { artifact, type ArtifactSpec } from './artifact.js';
export { command, type CommandSpec } from './command.js';
export { directory, type DirectorySpec } from './directory.js';
export { file, sha256, type FileSpec } from './file.js';
export { limits, type LimitEntry } from './limits.js';
export { packages, type PackageSpec } from './packages.js';
export { programLayout, programService, type ProgramLayout, type ProgramLayoutOptions, type ProgramRuntime, type ProgramServiceSpec } from './program-service.js';
export { sysctl, type SysctlSpec, type SysctlValue } from './sysctl.js';
export { service, systemdUnit, type ServiceSpec, type SystemdUnitSpec } from './systemd.js';
export { group, user, type GroupSpec, type UserSpec } from './users.js';
