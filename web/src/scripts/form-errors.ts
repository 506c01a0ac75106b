// Errors next to their field (aria-invalid + aria-describedby) and a summary with links, shared by the forms.

/** Field path (as the API names it) → message. */
export type FieldErrors = Map<string, string>;

function control(field: string): HTMLElement | null {
  return document.getElementById(field);
}

/** The element to focus for a field: the first radio of a group, or the field itself. */
export function focusTarget(field: string): HTMLElement | null {
  const el = control(field);
  if (el instanceof HTMLFieldSetElement) return el.querySelector<HTMLInputElement>('input:checked') ?? el.querySelector('input');
  return el;
}

export function clearErrors(form: HTMLElement, summary?: HTMLElement): void {
  for (const el of form.querySelectorAll<HTMLElement>('.field-error[id$="-error"]')) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (summary) summary.hidden = true;
}

/** Show the errors, in page order; focus the first bad field. Messages without a field go to the summary only. */
export function showErrors(form: HTMLElement, errors: FieldErrors, summary?: HTMLElement, list?: HTMLElement): void {
  clearErrors(form, summary);
  const placed: { field: string; message: string; el: HTMLElement | null }[] = [];
  for (const [field, message] of errors) {
    const el = control(field);
    const slot = document.getElementById(`${field}-error`);
    if (el && slot) {
      slot.textContent = message;
      slot.hidden = false;
      // A fieldset may not carry aria-invalid; its radios can.
      if (el instanceof HTMLFieldSetElement) for (const r of el.querySelectorAll('input')) r.setAttribute('aria-invalid', 'true');
      else el.setAttribute('aria-invalid', 'true');
    }
    placed.push({ field, message, el: el && slot ? el : null });
  }
  placed.sort((a, b) => {
    if (!a.el || !b.el) return a.el ? 1 : b.el ? -1 : 0;
    return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  if (summary && list) {
    list.replaceChildren(
      ...placed.map(({ field, message, el }) => {
        const li = document.createElement('li');
        if (el) {
          const a = document.createElement('a');
          a.href = `#${field}`;
          a.textContent = message;
          a.addEventListener('click', (e) => {
            e.preventDefault();
            focusTarget(field)?.focus();
          });
          li.append(a);
        } else li.textContent = message;
        return li;
      }),
    );
    summary.hidden = placed.length === 0;
  }
  const first = placed.find((p) => p.el);
  if (first) {
    const target = focusTarget(first.field);
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  } else if (summary && placed.length) summary.focus();
}
