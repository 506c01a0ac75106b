import type { Registry } from '../registry';
import type { StatusOverlay } from './status';

// Apart from status.ts so that a handler can wire the registry in force without loading the registry code at a
// cold start: the overlays are applied on first use.

/** How long an instance keeps the overlays before reading them again (as the registry's pointer). */
const OVERLAY_TTL_MS = 60_000;

/**
 * The registry in force with its overlays: the base source (the imported version) and the overlay items, each
 * read at most once a minute per instance, the combination built only when either changed.
 */
export function withStatusOverlays(
  base: { get: () => Promise<Registry>; invalidate: () => void },
  read: () => Promise<StatusOverlay[]>,
  now: () => number = () => Date.now(),
): { get: () => Promise<Registry>; invalidate: () => void; overlays: () => Promise<StatusOverlay[]> } {
  let cached: { at: number; overlays: StatusOverlay[] } | undefined;
  let combined: { base: Registry; fingerprint: string; registry: Registry } | undefined;
  const overlays = async () => {
    if (!cached || now() - cached.at >= OVERLAY_TTL_MS) cached = { at: now(), overlays: await read() };
    return cached.overlays;
  };
  return {
    overlays,
    async get() {
      const [registry, list] = await Promise.all([base.get(), overlays()]);
      const fingerprint = JSON.stringify(list.map((o) => [o.institutionKey, o.status]));
      if (!combined || combined.base !== registry || combined.fingerprint !== fingerprint) combined = { base: registry, fingerprint, registry: (await import('./status')).applyOverlays(registry, list) };
      return combined.registry;
    },
    invalidate() {
      cached = undefined;
      base.invalidate();
    },
  };
}
