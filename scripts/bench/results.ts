/** What one benchmark run measured: each step's figures, as it returned them, and the run's context. */
import type { BenchConfig } from './options';
import type { ActivityFigures } from './steps/activities';
import type { CoSigningFigures } from './steps/co-signing';
import type { ConsoleFigures } from './steps/console';
import type { DeliveryFigures, DigestFigures } from './steps/delivery';
import type { DocumentFigures } from './steps/document';
import type { NationalFigures } from './steps/national';
import type { RelayFigures } from './steps/relays';
import type { SweepFigures } from './steps/sweep';
import type { ProcMemory } from './system';

export interface BenchResults {
  meta: {
    startedAt: string;
    quick: boolean;
    config: BenchConfig;
    node: string;
    cpus: number;
    memoryGb: number;
    /** os.loadavg() (1, 5, 15 min) at the start and the end: other work on the machine skews every figure. */
    loadAverage: { start: number[]; end?: number[] };
    database: string;
    temporal: string;
    /** The steps run (--only); absent: every step. */
    only?: string[];
  };
  national?: NationalFigures;
  coSigning?: CoSigningFigures;
  relays?: RelayFigures;
  activities?: ActivityFigures;
  sweep?: SweepFigures;
  delivery?: DeliveryFigures;
  digest?: DigestFigures;
  console?: ConsoleFigures;
  document?: DocumentFigures;
  memory: Record<string, ProcMemory>;
  /** Steps that failed (the run exits 1). */
  errors: { step: string; message: string }[];
  /** Problems of the system that the benchmark worked around (the run still exits 0). */
  notes: { step: string; message: string }[];
}
