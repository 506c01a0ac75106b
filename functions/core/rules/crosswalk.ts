// MH2024 row → the SH2025 clauses that now cover the same conduct. Judged by reading both documents; the
// reasons are kept beside each entry because staff will ask why a 2024 finding maps where it does.
export const MH2024_TO_SH2025: Readonly<Record<string, readonly string[]>> = {
  // 申报材料缺失 / 申报相关性不符: 资格审核不严 (轻微), and 第二十一条所列情况情节严重 for the 严重 tier.
  'MH2024-1': ['SH2025-21-1', 'SH2025-22-1'],
  // Candidates outside the filed scope (no valid agreement, not in a linked enterprise): 超出备案的评价对象范围;
  // the annex rests it on 资格审核不严.
  'MH2024-2': ['SH2025-22-3', 'SH2025-21-1'],
  // 擅自改变考核方案 (题型题量、考核方式、配分方案…): 未按评价方案开展评价活动; 组卷 not per the standard.
  'MH2024-3': ['SH2025-22-2', 'SH2025-21-3'],
  // Sub-points: 1 考评员 not per plan / unfiled → 配备工作人员; 2 内部督导 missing → 内部质量督导流于形式;
  // 3 考务计划 not filed, 擅自开展 → 21-2 / 22-2; 4 not per the drawn paper → 随机组卷; 5 scoring and score
  // entry errors → 阅卷管理, 成绩管理 (>3 / >5 errors a year); 22-1 for the 严重 tier.
  'MH2024-4': [
    'SH2025-21-2', 'SH2025-21-3', 'SH2025-21-4', 'SH2025-21-6', 'SH2025-21-8', 'SH2025-21-9',
    'SH2025-22-1', 'SH2025-22-2', 'SH2025-22-4',
  ],
  // 包过、保过: named as such in 第二十二条（九）.
  'MH2024-5': ['SH2025-22-9'],
  'MH2024-6': ['SH2025-22-5'],
  // 有责投诉: 被投诉举报并经核实 (严重); 造成严重不良社会影响 (特别严重).
  'MH2024-7': ['SH2025-22-10', 'SH2025-23-12'],
  'MH2024-8': ['SH2025-23-2'],
  // 未备案即开展评价 (cited as 严重超出备案范围): 超出备案的职业、工种、等级或区域范围.
  'MH2024-9': ['SH2025-23-5'],
  'MH2024-10': ['SH2025-23-4'],
  'MH2024-11': ['SH2025-23-6'],
  // 证书数据造假; 违规发放证书 → 非法制售 / 滥发职业技能证书; 利用证书数据提供有偿服务 → 第二十四条第二款.
  'MH2024-12': ['SH2025-23-8', 'SH2025-23-11', 'SH2025-24'],
  'MH2024-13': ['SH2025-23-10'],
  // 超范围读取证书数据、泄露个人信息 → 第二十四条第二款; 造成严重不良社会影响 → 23-12.
  'MH2024-14': ['SH2025-24', 'SH2025-23-12'],
  // No SH2025 clause names 超范围上传证书数据; closest: 未按要求上报证书数据 (一般), uploading beyond the
  // filed scope means evaluating beyond it (22-3 严重 / 23-5 特别严重), and 证书数据造假 (特别严重).
  'MH2024-15': ['SH2025-21-10', 'SH2025-22-3', 'SH2025-23-5', 'SH2025-23-8'],
};

/** SH2025 id → the MH2024 rows that point at it, in row order. */
export function sh2025Crosswalk(): Map<string, string[]> {
  const back = new Map<string, string[]>();
  for (const [mh, shIds] of Object.entries(MH2024_TO_SH2025)) {
    for (const sh of shIds) back.set(sh, [...(back.get(sh) ?? []), mh]);
  }
  return back;
}
