import { describe, expect, it } from 'vitest';
import { findRelease } from '../../src/catalog/artifacts.js';
import { downloadSource } from '../../src/artifacts/sources.js';

const kafka = findRelease('kafka', '3.9.0')!;
const registry = findRelease('schema-registry', '7.8.0')!;
const SHA256 = 'a'.repeat(64);

describe('downloadSource', () => {
  it('is the official download and its published checksum file by default', () => {
    expect(downloadSource(kafka, undefined)).toEqual({
      url: 'https://archive.apache.org/dist/kafka/3.9.0/kafka_2.13-3.9.0.tgz',
      via: 'official',
      checksum: { url: 'https://archive.apache.org/dist/kafka/3.9.0/kafka_2.13-3.9.0.tgz.sha512', algorithm: 'sha512' },
    });
  });

  it('takes the file and its checksum file from under the mirror base URL', () => {
    expect(downloadSource(kafka, { mirror: 'https://nexus.example.com/repository/apache/' })).toEqual({
      url: 'https://nexus.example.com/repository/apache/kafka_2.13-3.9.0.tgz',
      via: 'mirror',
      checksum: { url: 'https://nexus.example.com/repository/apache/kafka_2.13-3.9.0.tgz.sha512', algorithm: 'sha512' },
    });
  });

  it('lets a per-component override set the address and the sum, over the mirror', () => {
    const source = downloadSource(kafka, { mirror: 'https://nexus.example.com', overrides: { kafka: { url: 'https://files.example.com/k.tgz', sha256: SHA256 } } });
    expect(source).toEqual({ url: 'https://files.example.com/k.tgz', via: 'override', checksum: { expected: { algorithm: 'sha256', hex: SHA256, from: 'artifacts.overrides.kafka.sha256' } } });
  });

  it('refuses a release without a published checksum unless the inventory records one', () => {
    expect(() => downloadSource(registry, undefined)).toThrow(
      expect.objectContaining({ code: 'E_ARTIFACT_CHECKSUM', message: expect.stringContaining('has no published checksum'), hint: expect.stringContaining('artifacts.overrides.schema-registry.sha256') }),
    );
    expect(downloadSource(registry, { overrides: { 'schema-registry': { sha512: 'b'.repeat(128) } } }).checksum).toEqual({
      expected: { algorithm: 'sha512', hex: 'b'.repeat(128), from: 'artifacts.overrides.schema-registry.sha512' },
    });
  });
});
