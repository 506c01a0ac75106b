import type { OfficialDocument } from '../../core/documents/content';

// The two renderers are heavy (pdfkit with its font engine, docx): they load on the first call only, so
// nothing else that imports this module pays for them.

export interface RenderedDocument {
  docx: Uint8Array;
  pdf: Uint8Array;
}

/** The DOCX and the PDF of a document; `date` is the document's date, recorded as the PDF's creation time. */
export async function renderDocument(doc: OfficialDocument, date: Date): Promise<RenderedDocument> {
  const [{ renderDocx }, { renderPdf }] = await Promise.all([import('./docx'), import('./pdf')]);
  const [docx, pdf] = await Promise.all([renderDocx(doc), renderPdf(doc, { date })]);
  return { docx, pdf };
}
