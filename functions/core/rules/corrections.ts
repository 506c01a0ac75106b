// Every place where a rule text departs from its scanned source, because the scan is evidently wrong. The
// source test applies exactly these replacements to the seed documents before looking for the texts.
export interface ScanCorrection {
  /** seeds/ file the correction applies to. */
  file: string;
  original: string;
  corrected: string;
  /** Where it stands and why it is evidently a scan error. */
  where: string;
}

export const SCAN_CORRECTIONS: readonly ScanCorrection[] = [
  {
    file: '001_59442c142c764caf.txt',
    original: '发生第二十二条例情况',
    corrected: '发生第二十二条所列情况',
    where:
      '沪人社职〔2025〕176号 第二十三条（一） (SH2025-23-1): “第二十二条例情况” is not a phrase; the 细则 says “发生第二十一条所列情况” in 第二十二条（一） and “所列” everywhere else it refers to an article.',
  },
  {
    file: '000_b5950200bb9f0a43.txt',
    original: '视情况宣布档次评价颁发证书',
    corrected: '视情况宣布当次评价颁发证书',
    where:
      '闵人社发〔2024〕54号 附件, 人社职司便函〔2021〕57号 第十二条 as quoted in rows 1–4 (lead of MH2024-1…4): “档次” for “当次” (same sound); the 细则 第二十一条 says “宣布当次评价颁发证书”.',
  },
];
