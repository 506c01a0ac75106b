// The report page's bottom bar on a phone: each link opens its action panel (a <details>) and moves there;
// an action not offered now (a closed report, no further status) falls back to the list of all actions.
for (const link of document.querySelectorAll<HTMLAnchorElement>('.thumb-bar a[data-open]')) {
  link.addEventListener('click', (event) => {
    const panel = document.getElementById(link.dataset.open!) as HTMLDetailsElement | null;
    event.preventDefault();
    if (!panel || panel.hidden) {
      document.getElementById('h-actions')?.scrollIntoView({ block: 'start' });
      return;
    }
    panel.open = true;
    const summary = panel.querySelector('summary');
    summary?.scrollIntoView({ block: 'start' });
    summary?.focus();
  });
}
