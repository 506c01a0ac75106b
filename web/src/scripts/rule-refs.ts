// The rules a report points at, in plain words, for /receipt and /track. Each links to its clause on /rules.
import type { PublicRule } from '../../../functions/core/reporting';

export type { PublicRule };

/**
 * Fills `box` (a section holding `.rule-refs-intro` and `ul.rule-refs`) and unhides it; hides it when there
 * is nothing to show (no suggestion, or an older answer without `rules`).
 */
export function showRules(box: HTMLElement, rules: readonly PublicRule[] | undefined): void {
  const list = box.querySelector('ul.rule-refs')!;
  const intro = box.querySelector('.rule-refs-intro')!;
  const note = box.querySelector<HTMLElement>('.rule-refs-note');
  const items = rules ?? [];
  box.hidden = items.length === 0;
  const decided = items.some((r) => r.decided);
  intro.textContent = decided ? '处理部门认定涉及：' : '根据您的描述，可能涉及：';
  if (note) note.hidden = decided;
  list.replaceChildren(
    ...items.map((r) => {
      const li = document.createElement('li');
      li.className = r.decided ? 'rule-ref decided' : 'rule-ref';
      const badge = document.createElement('span');
      badge.className = 'rule-badge';
      badge.textContent = r.decided ? '已认定' : '建议';
      const link = document.createElement('a');
      link.href = `/rules/#${encodeURIComponent(r.ruleId)}`;
      link.textContent = r.citation;
      const head = document.createElement('p');
      head.className = 'rule-ref-head';
      head.append(badge, ' ', link);
      const text = document.createElement('p');
      text.className = 'rule-ref-text';
      text.textContent = r.text;
      const consequence = document.createElement('p');
      consequence.className = 'rule-ref-consequence';
      consequence.textContent = `处理：${r.consequence}`;
      li.append(head, text, consequence);
      return li;
    }),
  );
}
