// Fills components/ReceiptBox.astro: the code and secret, copy buttons and save-as-file. Used by /receipt and by
// /report, which shows the receipt as soon as the report is stored, before any evidence is sent.
import type { Receipt } from './receipt-store';

const $ = (id: string) => document.getElementById(id) as HTMLElement;

export function showReceiptBox(receipt: Pick<Receipt, 'trackingCode' | 'secret' | 'authorityName' | 'rules'>): void {
  $('tracking-code').textContent = receipt.trackingCode;
  $('secret').textContent = receipt.secret;

  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
    button.addEventListener('click', async () => {
      const id = button.dataset.copy!;
      const text = $(id).textContent ?? '';
      const note = $(`${id}-copied`);
      try {
        await navigator.clipboard.writeText(text);
        note.textContent = '已复制';
      } catch {
        // No clipboard access (older browser, not HTTPS): select the text so a long press copies it.
        const range = document.createRange();
        range.selectNodeContents($(id));
        const sel = getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        note.textContent = '已选中，请长按或按 Ctrl+C 复制';
      }
      setTimeout(() => (note.textContent = ''), 4000);
    });
  }

  $('save-file').addEventListener('click', () => {
    const lines = [
      '技能评价违规举报平台 — 举报回执',
      '',
      `查询码：${receipt.trackingCode}`,
      `查询密码：${receipt.secret}`,
      `处理部门：${receipt.authorityName}`,
      ...(receipt.rules ?? []).map((r) => `${r.decided ? '已认定' : '可能涉及（建议）'}：${r.citation} ${r.text}`),
      `保存时间：${new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`,
      '',
      `查看进度、补充证据：${location.origin}/track/`,
      '请妥善保管查询密码，不要发给别人；丢失后无法找回。',
      '',
    ];
    // BOM so Windows Notepad opens the UTF-8 Chinese correctly; CRLF for the same reason.
    const blob = new Blob(['\ufeff', lines.join('\r\n')], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `举报回执-${receipt.trackingCode}.txt`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}
