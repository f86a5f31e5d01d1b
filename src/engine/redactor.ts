/** Replaces every registered secret with *** before text reaches a log, a diff or the terminal. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret and returns it, so callers can write `const pw = redactor.add(env.PW)`. */
  add(secret: string): string {
    if (secret.length >= 4) this.secrets.add(secret);
    return secret;
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret containing another is hidden whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join('***');
    return result;
  }
}
