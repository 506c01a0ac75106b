// The page of a Chinese official document (GB/T 9704-2012): A4; margins 37 mm top, 35 mm bottom, 28 mm left,
// 26 mm right; body in 3号 (16 pt) at 22 lines a page; title in 2号 (22 pt); page numbers “— 1 —” in 4号.
// Both renderers lay a document out from these figures, so the DOCX and the PDF print alike.

const MM_IN_PT = 72 / 25.4;

export const PAGE = {
  marginTopMm: 37,
  marginBottomMm: 35,
  marginLeftMm: 28,
  marginRightMm: 26,
  bodyPt: 16,
  titlePt: 22,
  pageNumberPt: 14,
  /** 225 mm of body height / 22 lines */
  linePitchPt: (225 * MM_IN_PT) / 22,
  titleLinePitchPt: 36,
  /** 2 characters of first-line indent; quotes are set in a further 2. */
  indentPt: 32,
} as const;

export const mmToPt = (mm: number) => mm * MM_IN_PT;
