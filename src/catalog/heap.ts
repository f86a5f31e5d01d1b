/*
 * How a service's placed memory (sizing.ts: the share of this host it is budgeted, and its
 * unit's MemoryMax) becomes the knobs the program itself takes: a JVM's heap, a Python
 * server's worker count. The budget is for the whole process, so these leave room for the rest.
 */

/**
 * A JVM uses memory beyond its heap: metaspace, JIT code cache, thread stacks, GC bookkeeping
 * (G1's remembered sets grow with the heap), direct and mapped buffers. The lab measured
 * ~155 MiB above the heap for Kafka at -Xmx256m and up to ~370 MiB for Trino at -Xmx512m
 * (LAB-SOURCES.md), and the share grows with the heap: so a quarter of the memory, at least
 * 256 MiB, stays outside the heap.
 */
const OFF_HEAP_SHARE = 0.25;
const OFF_HEAP_FLOOR_MIB = 256;
/**
 * Below 32 GiB the JVM uses compressed object pointers; just above it the same data needs more
 * heap. A bigger budget is better spent as headroom and page cache than as a heap beyond this.
 */
const HEAP_CAP_MIB = 31 * 1024;

/**
 * The heap (-Xms = -Xmx) for a JVM service placed with `memoryMiB`: the memory less
 * max(25%, 256 MiB), but at least half of it (a 384 MiB floor-sized service gets 192 MiB, not
 * 128), and at most 31 GiB. Kafka: 128 GiB control host 12 GiB, 4 GiB lab host (512) 256 MiB.
 */
export function jvmHeapMiB(memoryMiB: number): number {
  const offHeap = Math.max(OFF_HEAP_FLOOR_MIB, Math.round(memoryMiB * OFF_HEAP_SHARE));
  return Math.min(HEAP_CAP_MIB, Math.max(Math.floor(memoryMiB / 2), memoryMiB - offHeap));
}

/**
 * Worker processes for a pre-forking Python server (gunicorn, Celery): gunicorn's 2 per core
 * + 1 over the service's CPU share, but no more than its memory holds at `perWorkerMiB` each
 * (what one more worker costs: the lab saw 150-300 MiB PSS per Superset, MLflow or Airflow
 * worker), and at least 1.
 */
export function pythonWorkers(placed: { memoryMiB: number; cpu: number }, perWorkerMiB: number): number {
  const byCpu = 2 * Math.ceil(placed.cpu) + 1;
  const byMemory = Math.floor(placed.memoryMiB / perWorkerMiB);
  return Math.max(1, Math.min(byCpu, byMemory));
}
