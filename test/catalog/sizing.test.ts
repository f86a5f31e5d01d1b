import { describe, expect, it } from 'vitest';
import {
  SPEC_HOST_SIZES,
  availableMemoryMiB,
  findService,
  memoryLevel,
  osReserveMiB,
  serviceCpu,
  serviceMemoryMiB,
  type ServiceDef,
} from '../../src/catalog/index.js';

function service(id: string): ServiceDef {
  const def = findService(id);
  if (def === undefined) throw new Error(`no ${id}`);
  return def;
}

describe('sizing', () => {
  it("records the spec's host tables", () => {
    expect(SPEC_HOST_SIZES.recommended.control).toEqual({ role: 'control', vcpu: 32, memoryGiB: 128, diskGiB: 2048 });
    expect(SPEC_HOST_SIZES.recommended.data).toEqual({ role: 'data', vcpu: 64, memoryGiB: 256, diskGiB: 4096 });
    expect(SPEC_HOST_SIZES.minimum.control).toEqual({ role: 'control', vcpu: 16, memoryGiB: 64, diskGiB: 1024 });
    expect(SPEC_HOST_SIZES.minimum.data).toEqual({ role: 'data', vcpu: 32, memoryGiB: 128, diskGiB: 2048 });
  });

  it('gives the catalog figure on a recommended host and scales it with the host', () => {
    const kafka = service('kafka');
    expect(serviceMemoryMiB(kafka, { role: 'control', memoryGiB: 128 })).toBe(16384);
    expect(serviceMemoryMiB(kafka, { role: 'control', memoryGiB: 64 })).toBe(8192);
    expect(serviceMemoryMiB(kafka, { role: 'control', memoryGiB: 256 })).toBe(32768);
    const worker = service('spark-worker');
    expect(serviceMemoryMiB(worker, { role: 'data', memoryGiB: 128 })).toBe(worker.memoryMiB / 2);
  });

  it('never goes below the floor on a small host', () => {
    const kafka = service('kafka');
    expect(serviceMemoryMiB(kafka, { role: 'control', memoryGiB: 1 })).toBe(kafka.minMemoryMiB);
    const keycloak = service('keycloak');
    expect(serviceMemoryMiB(keycloak, { role: 'control', memoryGiB: 4 })).toBe(512);
    const exporter = service('node-exporter');
    expect(serviceMemoryMiB(exporter, { role: 'data', memoryGiB: 4 })).toBe(exporter.minMemoryMiB);
  });

  it('scales CPU shares with the vCPU count', () => {
    expect(serviceCpu(service('kafka'), { role: 'control', vcpu: 32 })).toBe(8);
    expect(serviceCpu(service('kafka'), { role: 'control', vcpu: 2 })).toBe(0.5);
    expect(serviceCpu(service('node-exporter'), { role: 'data', vcpu: 2 })).toBe(0.01);
  });

  it('reserves 5% of RAM for the OS, between 512 MiB and 8 GiB', () => {
    expect(osReserveMiB(4096)).toBe(512);
    expect(osReserveMiB(64 * 1024)).toBe(3277);
    expect(osReserveMiB(128 * 1024)).toBe(6554);
    expect(osReserveMiB(256 * 1024)).toBe(8192);
    expect(osReserveMiB(1024 * 1024)).toBe(8192);
    expect(availableMemoryMiB(4096)).toBe(3584);
  });

  it('warns above 90% of the available memory and fails above all of it', () => {
    expect(memoryLevel(900, 1000)).toBe('ok');
    expect(memoryLevel(901, 1000)).toBe('warning');
    expect(memoryLevel(1000, 1000)).toBe('warning');
    expect(memoryLevel(1001, 1000)).toBe('error');
  });
});
