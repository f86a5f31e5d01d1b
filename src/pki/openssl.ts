import { DatalypticaError } from '../core/errors.js';

/**
 * The openssl CLI on the control machine, behind a port so units can count calls. Arguments
 * carry only paths and public names: key material moves through files and pipes, never argv.
 */
export interface OpensslRunner {
  run(args: string[], input?: string): Promise<string>;
}

export const execaOpenssl: OpensslRunner = {
  async run(args, input) {
    try {
      // Loaded on first use: commands that import the PKI's types (status) never run openssl.
      const { execa } = await import('execa');
      const result = await execa('openssl', args, { input, stripFinalNewline: false });
      return result.stdout;
    } catch (error) {
      const failure = error as { code?: string; stderr?: string; shortMessage?: string };
      if (failure.code === 'ENOENT') {
        throw new DatalypticaError('E_PKI_OPENSSL', 'openssl was not found on the control machine', {
          hint: 'install OpenSSL (apt-get install openssl, dnf install openssl, brew install openssl) and run again',
          cause: error,
        });
      }
      const detail = (failure.stderr ?? failure.shortMessage ?? '').trim().split('\n')[0];
      throw new DatalypticaError('E_PKI_OPENSSL', `openssl ${args[0]} failed: ${detail}`, {
        hint: 'check that the openssl on the PATH is OpenSSL 1.1.1 or newer',
        cause: error,
      });
    }
  },
};
