// /receipt: show what /report left in sessionStorage; copy and save-as-file for the code and secret.
import { clearReceipt, loadReceipt } from './receipt-store';
import { showRules } from './rule-refs';
import { showReceiptBox } from './receipt-box';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const receipt = loadReceipt();

if (!receipt) {
  $('no-receipt').hidden = false;
} else {
  $('receipt').hidden = false;
  showReceiptBox(receipt);
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

  $('forget').addEventListener('click', () => {
    clearReceipt();
    $('receipt').hidden = true;
    $('no-receipt').hidden = false;
    $('no-receipt').querySelector('h1')!.textContent = '回执已从本页清除';
  });

}
