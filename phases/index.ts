import type { Phase } from '../src/engine/phase.js';
import { osPreparation } from './01-os/index.js';
import { coordination } from './02-coordination/index.js';
import { dataLayer } from './03-data/index.js';
import { streaming } from './04-streaming/index.js';
import { catalog } from './05-catalog/index.js';

/** The installation phases of the spec, in order. */
export const phases: Phase[] = [osPreparation, coordination, dataLayer, streaming, catalog];
