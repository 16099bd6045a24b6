/**
 * The directory (GET /api/v1/agencies), read once per session: code → name for every table that
 * shows bodies by code, and the lists behind the region and kind filters.
 */
import { computed, shallowRef } from 'vue';
import { api } from '../api';

export interface Agency {
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  parentCode: string | null;
  kind: string;
  region: string | null;
  regionName: string | null;
  regionType: string | null;
  source: string;
}

const directory = shallowRef<Agency[]>([]);
let loading: Promise<void> | null = null;

export function loadAgencies(force = false): Promise<void> {
  if (force) loading = null;
  loading ??= api.get<Agency[]>('/api/v1/agencies').then((rows) => {
    directory.value = rows;
  });
  return loading;
}

const byCode = computed(() => new Map(directory.value.map((a) => [a.code, a])));

export function useAgencies() {
  void loadAgencies();
  return {
    agencies: directory,
    byCode,
    /** The body's name, or its code while the directory loads (or for a code it lacks). */
    nameOf: (code: string | null | undefined) => (code ? (byCode.value.get(code)?.name ?? code) : ''),
    regions: computed(() => {
      const seen = new Map<string, string>();
      for (const a of directory.value) if (a.region && a.regionName && a.level === 'provincial') seen.set(a.region, a.regionName);
      for (const a of directory.value) if (a.region && a.regionName && !seen.has(a.region)) seen.set(a.region, a.regionName);
      return [...seen].map(([code, name]) => ({ code, name }));
    }),
    kinds: computed(() => [...new Set(directory.value.map((a) => a.kind))]),
  };
}
