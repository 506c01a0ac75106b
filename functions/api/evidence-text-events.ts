import type { ReadTextRequest } from '../adapters/evidence-images';
import { readEvidenceText, type TextDeps } from '../core/evidence-text';

// The text-reading function's one caller: the evidence checker, once it accepted an image (an asynchronous call).

export function createTextHandler(deps: TextDeps) {
  return async (event: ReadTextRequest): Promise<{ lines: number }> => {
    const evidence = await readEvidenceText(deps, event.trackingCode, event.evidenceId);
    return { lines: evidence?.imageText?.lines.length ?? 0 };
  };
}
