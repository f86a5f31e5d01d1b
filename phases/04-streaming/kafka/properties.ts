/**
 * A value for a Java .properties file (Kafka and Connect read theirs with java.util.Properties):
 * backslashes doubled, a line break written as `\n` and the text continued on the next line
 * (a line ending in `\` continues; the next line's leading blanks are skipped), so a PEM
 * certificate or key stays readable in the file.
 */
export function propertyValue(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/^[ \t]/, (blank) => `\\${blank}`);
  return escaped.trimEnd().split('\n').join('\\n\\\n  ');
}

/** The TLS material a Kafka client or server reads inline: PEM in the file, no keystore to build on the host. */
export interface PemMaterial {
  /** Certificate chain (PEM). */
  certificate: string;
  /** Unencrypted PKCS#8 key (PEM): Kafka reads an inline PEM key without a key password. */
  key: string;
  /** The cluster CA (PEM), the only trust anchor. */
  ca: string;
}

/** The same material as properties values. */
export function pemProperties(pem: PemMaterial): { certificate: string; key: string; ca: string } {
  return { certificate: propertyValue(pem.certificate), key: propertyValue(pem.key), ca: propertyValue(pem.ca) };
}
