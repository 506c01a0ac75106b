// /receipt: show what /report left in sessionStorage; copy and save-as-file for the code and secret.
import { clearReceipt, loadReceipt } from './receipt-store';
import { showRules } from './rule-refs';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const receipt = loadReceipt();

if (!receipt) {
  $('no-receipt').hidden = false;
} else {
  $('receipt').hidden = false;
  $('tracking-code').textContent = receipt.trackingCode;
  $('secret').textContent = receipt.secret;
  $('authority-name').textContent = receipt.authorityName || '负责的部门';
  $('evidence-pending').hidden = !receipt.pending;
  showRules($('rules-box'), receipt.rules);
  if (receipt.failed.length) {
    $('failed-list').replaceChildren(
      ...receipt.failed.map((f) => {
        const li = document.createElement('li');
        li.textContent = `${f.fileName}：${f.message}`;
        return li;
      }),
    );
    $('evidence-failed').hidden = false;
  }
  if (receipt.uploaded.length && !receipt.failed.length) {
    $('evidence-ok').textContent = `${receipt.uploaded.length} 个证据文件已全部上传。`;
    $('evidence-ok').hidden = false;
  }

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

  $('forget').addEventListener('click', () => {
    clearReceipt();
    $('receipt').hidden = true;
    $('no-receipt').hidden = false;
    $('no-receipt').querySelector('h1')!.textContent = '回执已从本页清除';
  });

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
