import type { Phase } from '../src/engine/phase.js';
import { osPreparation } from './01-os/index.js';

/** The installation phases of the spec, in order. */
export const phases: Phase[] = [osPreparation];
