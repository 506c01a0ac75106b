// /rules: filter the rules rendered at build time by typed text and by subject. Without JS the full list
// and the table of contents stay usable; this only unhides the search form.
const form = document.getElementById('rule-search') as HTMLFormElement;
const input = document.getElementById('rule-q') as HTMLInputElement;
const select = document.getElementById('rule-subject') as HTMLSelectElement;
const count = document.getElementById('rule-count') as HTMLElement;
const none = document.getElementById('rule-none') as HTMLElement;

// Traditional → simplified pairs, limited at build time to the characters the rules use.
const t2s = new Map<string, string>();
const pairs = Array.from(form.dataset.t2s ?? '');
for (let i = 0; i + 1 < pairs.length; i += 2) t2s.set(pairs[i]!, pairs[i + 1]!);

// Punctuation and spaces are dropped on both sides, so “包过”, 包过 and 包 过 all match 进行“包过”“保过”.
const IGNORED = /[\s"'“”‘’「」『』、，,。.；;：:（）()〔〕［］\[\]《》〈〉·•\-—–_…!！?？/]/g;
const norm = (s: string) =>
  Array.from(s.normalize('NFKC').toLowerCase(), (c) => t2s.get(c) ?? c)
    .join('')
    .replace(IGNORED, '');

interface Item {
  el: HTMLElement;
  subject: string;
  text: string;
}

// Each rule is searched with its article's lead-in and its subject's name, which name who the rule is about.
const items: Item[] = [...document.querySelectorAll<HTMLElement>('.rule')].map((el) => {
  const section = el.closest<HTMLElement>('.rule-subject')!;
  const lead = el.closest('.rule-article')?.querySelector('.lead-in')?.textContent ?? '';
  const heading = section.querySelector('h3')?.textContent ?? '';
  return { el, subject: section.dataset.subject ?? '', text: norm(`${el.textContent} ${lead} ${heading}`) };
});
const total = items.length;
let announce: ReturnType<typeof setTimeout> | undefined;

function hideEmpty(selector: string): void {
  for (const group of document.querySelectorAll<HTMLElement>(selector)) {
    group.hidden = !group.querySelector('.rule:not([hidden])');
  }
}

function apply(): void {
  const terms = input.value.split(/\s+/).map(norm).filter(Boolean);
  const subject = select.value;
  let shown = 0;
  for (const item of items) {
    const ok = (!subject || item.subject === subject) && terms.every((t) => item.text.includes(t));
    item.el.hidden = !ok;
    if (ok) shown++;
  }
  hideEmpty('.rule-article');
  hideEmpty('.rule-subject');
  hideEmpty('.rule-doc');
  none.hidden = shown > 0;
  const text = shown === total ? `共 ${total} 条` : `找到 ${shown} 条（共 ${total} 条）`;
  // Wait for a pause in typing so screen readers hear one count, not one per keystroke.
  clearTimeout(announce);
  announce = setTimeout(() => (count.textContent = text), 350);
}

/** A link to a rule (from the receipt, or 对照) must not land on one the filter hides. */
function revealTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target?.closest('[hidden]')) {
    input.value = '';
    select.value = '';
    apply();
    target.scrollIntoView();
  }
}

const params = new URLSearchParams(location.search);
input.value = params.get('q') ?? '';
if ([...select.options].some((o) => o.value === params.get('subject'))) select.value = params.get('subject')!;

form.hidden = false;
form.addEventListener('submit', (e) => e.preventDefault());
input.addEventListener('input', apply);
select.addEventListener('change', apply);
addEventListener('hashchange', revealTarget);
if (input.value || select.value) apply();
revealTarget();
