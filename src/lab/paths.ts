import { join, resolve } from 'node:path';

/**
 * Where the lab keeps things. The state dir (default ./lab, gitignored) holds what belongs to
 * this lab; the cache dir keeps what is expensive to rebuild (the debootstrapped base, the apt
 * cache) across `lab down`, until `lab down --purge`.
 */
export interface LabPaths {
  dir: string;
  inventory: string;
  privateKey: string;
  knownHosts: string;
  state: string;
  hostsDir: string;
  proxyDir: string;
  cacheDir: string;
  baseDir: string;
  aptCacheDir: string;
  /** The lab's offline bundle, assembled from the registries; kept across `lab down` like the base image. */
  bundleDir: string;
}

export const DEFAULT_CACHE_DIR = '/var/cache/datalyptica';

export function labPaths(dir = 'lab', cacheDir = DEFAULT_CACHE_DIR): LabPaths {
  const root = resolve(dir);
  return {
    dir: root,
    inventory: join(root, 'inventory.yaml'),
    privateKey: join(root, 'id_ed25519'),
    knownHosts: join(root, 'known_hosts'),
    state: join(root, 'state.json'),
    hostsDir: join(root, 'hosts'),
    proxyDir: join(root, 'apt-cacher-ng'),
    cacheDir,
    baseDir: join(cacheDir, 'lab-base'),
    aptCacheDir: join(cacheDir, 'apt-cacher-ng'),
    bundleDir: join(cacheDir, 'lab-bundle'),
  };
}

/** One host's writable layer, overlay work dir, mount point and console log. */
export function hostPaths(paths: LabPaths, host: string): { root: string; upper: string; work: string; merged: string; log: string } {
  const root = join(paths.hostsDir, host);
  return { root, upper: join(root, 'upper'), work: join(root, 'work'), merged: join(root, 'merged'), log: join(root, 'console.log') };
}
