/** Definitions as specs send them: one implementation, shared with the benchmark (libs/harness). */
export { seedDefinition, smallDefinition } from '@harness/definitions';
