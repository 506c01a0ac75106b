import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { EvidenceImages } from '../core/ports';
import { invokeInBackground } from './lambda-invoke';
import { logger } from './observability';

// How the evidence checker gets its image tools, and what it does once an image is accepted. sharp is loaded on the
// first photo checked; the text is read elsewhere (a few seconds of OCR, 1–2 GB of memory): on AWS by the
// text-reading function, invoked asynchronously, on the local stack by the same code in this process.

/** The text-reading function's event. */
export type ReadTextRequest = { trackingCode: string; evidenceId: string; correlationId?: string };

const tools = async () => (await import('./sharp-images')).sharpImages;

/** On AWS: an `Event` invocation of the text-reading function (retried by Lambda, then its dead-letter queue). */
export function invokedTextReading(client: () => Promise<LambdaClient>, functionName: string): EvidenceImages {
  return {
    tools,
    async accepted(trackingCode, evidenceId) {
      try {
        await invokeInBackground(client, functionName, { trackingCode, evidenceId } satisfies ReadTextRequest);
      } catch (error) {
        // The evidence is accepted either way; staff can still open it, only its text is missing.
        logger.error('could not start reading the image text', error as Error);
      }
    },
  };
}

/** On the local stack: `read` runs in this process, after the answer; `idle()` waits for every read started. */
export function inProcessTextReading(read: (trackingCode: string, evidenceId: string) => Promise<unknown>) {
  const running = new Set<Promise<unknown>>();
  const images: EvidenceImages = {
    tools,
    async accepted(trackingCode, evidenceId) {
      const run = read(trackingCode, evidenceId)
        .catch((error: unknown) => logger.error('reading the image text failed', error as Error))
        .finally(() => running.delete(run));
      running.add(run);
    },
  };
  return { images, idle: () => Promise.allSettled([...running]).then(() => undefined) };
}
