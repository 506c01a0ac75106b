import PDFDocument from 'pdfkit';
import type { OfficialDocument, Paragraph } from '../../core/documents/content';
import { fontBytes } from './fonts';
import { PAGE, mmToPt } from './layout';

// PDF with the Chinese font embedded (subset: only the glyphs used), so it prints the same on any machine.

export async function renderPdf(doc: OfficialDocument, info: { date: Date }): Promise<Uint8Array> {
  const [regular, bold] = await Promise.all([fontBytes('regular'), fontBytes('bold')]);
  const margins = { top: mmToPt(PAGE.marginTopMm), bottom: mmToPt(PAGE.marginBottomMm), left: mmToPt(PAGE.marginLeftMm), right: mmToPt(PAGE.marginRightMm) };
  const pdf = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    lang: 'zh-CN',
    // No standard font: pdfkit would load Helvetica's metrics from its package (#standard-fonts), which a bundled
    // Lambda does not have; every line here sets the embedded Chinese font itself.
    font: null as unknown as string,
    displayTitle: true,
    info: { Title: `${doc.title}（${doc.docNo}）`, Author: doc.issuer, Subject: doc.title, CreationDate: info.date, ModDate: info.date },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });

  pdf.registerFont('body', regular);
  pdf.registerFont('title', bold);
  const width = pdf.page.width - margins.left - margins.right;
  const lineGap = (size: number) => {
    pdf.fontSize(size);
    return Math.max(0, PAGE.linePitchPt - pdf.currentLineHeight());
  };

  const line = (text: string, options: PDFKit.Mixins.TextOptions & { size?: number; font?: 'body' | 'title'; inset?: number } = {}) => {
    const { size = PAGE.bodyPt, font = 'body', inset = 0, ...rest } = options;
    pdf.font(font).fontSize(size);
    pdf.text(text, margins.left + inset, undefined, { width: width - inset, lineGap: lineGap(size), ...rest });
  };
  const paragraph = (p: Paragraph) =>
    line(p.text, p.style === 'plain' ? {} : { indent: PAGE.indentPt, inset: p.style === 'quote' ? PAGE.indentPt : 0 });

  line(doc.issuer, { font: 'title', size: PAGE.titlePt, align: 'center' });
  line(doc.title, { font: 'title', size: PAGE.titlePt, align: 'center' });
  line(doc.docNo, { align: 'right' });
  pdf.moveDown(0.5);
  line(doc.addressee);
  doc.body.forEach(paragraph);
  if (doc.attachments.length) {
    pdf.moveDown(1);
    doc.attachments.forEach((a, i) => line(`${i === 0 ? '附件：' : '　　　'}${i + 1}. ${a}`, { indent: PAGE.indentPt }));
  }
  pdf.moveDown(2);
  // 落款 and 成文日期 right-aligned, four characters in from the right margin (GB/T 9704 7.3.5.2).
  const signatureWidth = width - PAGE.indentPt * 2;
  line(doc.signatory, { align: 'right', width: signatureWidth });
  line(doc.date, { align: 'right', width: signatureWidth });

  const { count } = pdf.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // the page number sits in the bottom margin; without this pdfkit would start a new page
    pdf.font('body').fontSize(PAGE.pageNumberPt);
    pdf.text(`— ${i + 1} —`, margins.left, pdf.page.height - bottom + mmToPt(7), { width, align: 'center', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
