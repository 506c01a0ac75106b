import { mutate, type ChangeDeps } from './changes';
import type { EvidenceStorage, TextReader } from './ports';
import { DomainError, type EvidenceRecord, type ReportEvent } from './report';
import type { ReportingDeps } from './reporting';
import { normalizeShort } from './text';

// The text in a report's screenshots, read once an image is accepted (offline OCR in a function of its own on AWS,
// in-process on the local stack). It is kept on the image's evidence record line by line, and on the report as
// `imageText` (the queue's search reads it); triage then runs again on the description with the images' text, and
// the words a suggestion matched in the images are marked as read from the image (`matchedFromImage`).

/** Lines the reader is less sure of than this are left out: PaddleOCR's confidence on a clear screenshot is ~0.95–1. */
export const MIN_LINE_CONFIDENCE = 0.6;
/** The report's image text, all images together: bounded like the description is. */
export const IMAGE_TEXT_MAX = 3000;

export type TextDeps = Pick<ChangeDeps, 'store' | 'deadlines' | 'now'> & Pick<ReportingDeps, 'assess'> & { storage: EvidenceStorage; reader: TextReader };

const readable = (lines: { text: string; confidence: number }[]) => lines.filter((l) => l.confidence >= MIN_LINE_CONFIDENCE && l.text.trim() !== '');

/** The report's image text with one more image's lines (in the order the images were read), unsure lines left out. */
export function appendImageText(current: string | undefined, lines: { text: string; confidence: number }[]): string {
  const added = readable(lines).map((l) => l.text.trim());
  return [...(current ? [current] : []), ...added].join('\n').slice(0, IMAGE_TEXT_MAX);
}

/** What triage reads: the reporter's own words, then the images' text. */
export const withImageText = (description: string, imageText: string | undefined) => (imageText ? `${description}\n${imageText}` : description);

type Suggestion = { ruleId: string; matched?: string[]; matchedFromImage?: string[] };

/** Marks, on each suggestion, the matched words that are not the reporter's but were read from an image. */
export function markImageMatches(suggestions: Suggestion[], description: string): Suggestion[] {
  const own = normalizeShort(description).replace(/\s+/g, '');
  return suggestions.map((s) => {
    const fromImage = (s.matched ?? []).filter((m) => !own.includes(normalizeShort(m).replace(/\s+/g, '')));
    return fromImage.length ? { ...s, matchedFromImage: fromImage } : s;
  });
}

async function bytesOf(storage: EvidenceStorage, key: string, versionId?: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of storage.read(key, versionId)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Reads one accepted image's text and records it; safe to run twice (a retried asynchronous call): an image already
 * read is left as it is. The display copy is read where there is one (upright, the size staff see).
 */
export async function readEvidenceText(deps: TextDeps, trackingCode: string, evidenceId: string): Promise<EvidenceRecord | undefined> {
  const report = await deps.store.get(trackingCode);
  if (!report) throw new DomainError(404, 'not_found', '找不到这份举报');
  const evidence = await deps.store.evidence(report, evidenceId);
  if (!evidence || evidence.status !== 'accepted' || evidence.kind !== 'photo' || evidence.imageText) return evidence;
  const image = evidence.display ? await bytesOf(deps.storage, evidence.display.key) : await bytesOf(deps.storage, evidence.key, evidence.versionId);
  const lines = await deps.reader.read(image);
  const now = (deps.now ?? (() => new Date()))();
  const at = now.toISOString();
  let result: EvidenceRecord | undefined;
  await mutate(deps, trackingCode, async (current) => {
    const latest = await deps.store.evidence(current, evidenceId);
    if (!latest || latest.imageText) {
      result = latest;
      return undefined;
    }
    const record: EvidenceRecord = { ...latest, imageText: { readAt: at, lines } };
    result = record;
    const imageText = appendImageText(current.imageText, lines);
    const found = readable(lines).length;
    const events: ReportEvent[] = [
      {
        at,
        type: 'evidence-text-read',
        actor: 'system',
        public: false,
        text: found ? `从图片中识别出 ${found} 行文字：${evidence.fileName}` : `图片中未识别出文字：${evidence.fileName}`,
        data: { evidenceId, lines: found },
      },
    ];
    if (!found || imageText === (current.imageText ?? '')) return { evidence: [{ record, was: 'accepted' }], events };
    // Triage again with the images' text; the route stays the staff's to change (as in a re-run they ask for).
    const { triage } = await deps.assess({ ...current, description: withImageText(current.description, imageText) }, new Date(current.receivedAt), { authority: current.route.authority });
    const suggestions = markImageMatches((triage?.suggestions ?? []) as Suggestion[], current.description);
    const before = (current.triage?.suggestions as Suggestion[] | undefined)?.map((s) => s.ruleId) ?? [];
    const after = suggestions.map((s) => s.ruleId);
    if (after.join() !== before.join()) {
      events.push({
        at,
        type: 'retriaged',
        actor: 'system',
        public: false,
        text: `结合图片中的文字重新分析：${after[0] ?? '无建议条款'}`,
        data: { previous: { ruleIds: before }, withImageText: true },
      });
    }
    return { set: { imageText, triage: { ...triage, suggestions, withImageText: true } }, evidence: [{ record, was: 'accepted' }], events };
  });
  return result;
}
