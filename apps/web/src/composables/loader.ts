/**
 * How a page loads what it shows: `loading` while it runs, `error` (the API's failure worded by
 * errors.ts) when it fails, and what the page clears then (`onError`). The one place for the
 * pattern every page had written out.
 */
import { ref } from 'vue';
import { failureSummary } from '../errors';

export function useLoader(initiallyLoading = true) {
  const loading = ref(initiallyLoading);
  const error = ref('');
  async function run(work: () => Promise<void>, onError?: () => void): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      await work();
    } catch (err) {
      onError?.();
      error.value = failureSummary(err);
    } finally {
      loading.value = false;
    }
  }
  return { loading, error, run };
}
