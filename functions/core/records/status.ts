import { REGISTRY_STATUS_NAMES, type Institution, type Registry, type RegistryStatus } from '../registry';
import type { DecisionRecord } from './decisions';
import { institutionKey } from './keys';

// Decisions change an institution's standing in the registry — 整改期间暂停评价活动 (第二十二条), 终止备案
// (第二十三条) — without rewriting any imported version: each institution's latest status-bearing decision is kept
// as an overlay item beside the versions, and the registry in force is the version with its overlays applied.
// The history stays true (every import as it was made, every status change as the decision that made it) and
// routing sees both. An overlay only makes an institution's status heavier than the imported file says, or lifts
// a status it put on itself (整改完成, 重新备案): an import can never silently reinstate a suspended or terminated
// institution, and a lift never overrides what the registry itself says.

export interface StatusOverlay {
  institutionKey: string;
  /** The registry's name of the institution. */
  name: string;
  status: RegistryStatus;
  decision: DecisionRecord['decision'];
  decidedOn: string;
  docNo: string;
  decisionId: string;
  authority: string;
  recordedAt: string;
}

const RANK: Record<RegistryStatus, number> = { active: 0, suspended: 1, terminated: 2 };

export function overlayOf(record: DecisionRecord, registryName: string): StatusOverlay | undefined {
  if (!record.status || record.party.person) return undefined;
  return {
    institutionKey: institutionKey(registryName),
    name: registryName,
    status: record.status,
    decision: record.decision,
    decidedOn: record.decidedOn,
    docNo: record.docNo,
    decisionId: record.id,
    authority: record.authority,
    recordedAt: record.recordedAt,
  };
}

/** The status in force: the heavier of the imported one and the latest decision's. */
export function effectiveStatus(imported: RegistryStatus, overlay: Pick<StatusOverlay, 'status'> | undefined): RegistryStatus {
  return overlay && RANK[overlay.status] > RANK[imported] ? overlay.status : imported;
}

export function describeOverlay(o: StatusOverlay): string {
  return `${REGISTRY_STATUS_NAMES[o.status]}（${o.decision}，${o.decidedOn}，${o.docNo}）`;
}

/**
 * The registry with the overlays applied; the same object when none changes anything. The name keys are the
 * version's own, pointed at the changed institutions: no name is normalised again (building the keys of 20,000
 * institutions takes over a second; this, a few milliseconds).
 */
export function applyOverlays(registry: Registry, overlays: readonly StatusOverlay[]): Registry {
  const byKey = new Map(overlays.map((o) => [o.institutionKey, o]));
  const changed = new Map<Institution, Institution>();
  const institutions = registry.institutions.map((i) => {
    const status = effectiveStatus(i.status, byKey.get(institutionKey(i.name)));
    if (status === i.status) return i;
    const next = { ...i, status };
    changed.set(i, next);
    return next;
  });
  if (!changed.size) return registry;
  return { ...registry, institutions, keys: registry.keys.map((k) => (changed.has(k.institution) ? { ...k, institution: changed.get(k.institution)! } : k)) };
}
