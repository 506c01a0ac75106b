import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph as DocxParagraph, TextRun } from 'docx';
import type { OfficialDocument, Paragraph } from '../../core/documents/content';
import { PAGE } from './layout';

// DOCX for the office to edit and print. Fonts are named, not embedded: the 公文 fonts an office's Word has
// (仿宋_GB2312 for the body, 方正小标宋简体 for the title); Word substitutes where one is missing.

const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };

const twips = (pt: number) => Math.round(pt * 20);
const mmTwips = (mm: number) => Math.round((mm / 25.4) * 1440);
const halfPoints = (pt: number) => pt * 2;

function line(text: string, options: { title?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; firstLine?: number; left?: number; right?: number } = {}) {
  const size = options.title ? PAGE.titlePt : PAGE.bodyPt;
  return new DocxParagraph({
    alignment: options.align ?? AlignmentType.LEFT,
    // Exact line pitch as on the PDF; the 22 pt title needs more than the body's 29 pt or Word clips it.
    spacing: { line: twips(options.title ? PAGE.titleLinePitchPt : PAGE.linePitchPt), lineRule: LineRuleType.EXACT },
    indent: { firstLine: options.firstLine ?? 0, left: options.left ?? 0, right: options.right ?? 0 },
    children: [new TextRun({ text, font: options.title ? TITLE_FONT : BODY_FONT, size: halfPoints(size) })],
  });
}

const paragraph = (p: Paragraph) =>
  p.style === 'plain' ? line(p.text) : line(p.text, { firstLine: twips(PAGE.indentPt), left: p.style === 'quote' ? twips(PAGE.indentPt) : 0 });

export async function renderDocx(doc: OfficialDocument): Promise<Uint8Array> {
  const blank = () => line('');
  const document = new Document({
    title: `${doc.title}（${doc.docNo}）`,
    creator: doc.issuer,
    lastModifiedBy: doc.issuer,
    description: doc.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: halfPoints(PAGE.bodyPt) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmTwips(210), height: mmTwips(297) },
            margin: { top: mmTwips(PAGE.marginTopMm), bottom: mmTwips(PAGE.marginBottomMm), left: mmTwips(PAGE.marginLeftMm), right: mmTwips(PAGE.marginRightMm) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new DocxParagraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY_FONT, size: halfPoints(PAGE.pageNumberPt) })],
              }),
            ],
          }),
        },
        children: [
          line(doc.issuer, { title: true, align: AlignmentType.CENTER }),
          line(doc.title, { title: true, align: AlignmentType.CENTER }),
          line(doc.docNo, { align: AlignmentType.RIGHT }),
          line(doc.addressee),
          ...doc.body.map(paragraph),
          ...(doc.attachments.length ? [blank(), ...doc.attachments.map((a, i) => line(`${i === 0 ? '附件：' : '　　　'}${i + 1}. ${a}`, { firstLine: twips(PAGE.indentPt) }))] : []),
          blank(),
          blank(),
          line(doc.signatory, { align: AlignmentType.RIGHT, right: twips(PAGE.indentPt * 2) }),
          line(doc.date, { align: AlignmentType.RIGHT, right: twips(PAGE.indentPt * 2) }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
