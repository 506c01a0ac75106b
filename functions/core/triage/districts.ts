// Districts named in a description: only the districts' own names and their usual short forms, never areas
// or roads (宝山路 is in 静安, 黄浦江 is a river).
import { DISTRICTS, type District } from '../ids';

const SHORT: Record<District, string[]> = Object.fromEntries(
  DISTRICTS.map(([id, name]) => [id, [name, name.replace(/(新区|区)$/, '')]]),
) as Record<District, string[]>;

// A few well-known areas that lie wholly in one district and name nothing else; they rank below any district name.
const AREAS: [string, District][] = [
  ['五角场', 'yangpu'], ['陆家嘴', 'pudong'], ['临港', 'pudong'], ['张江', 'pudong'], ['川沙', 'pudong'], ['惠南', 'pudong'], ['徐家汇', 'xuhui'],
  ['漕河泾', 'xuhui'], ['七宝', 'minhang'], ['莘庄', 'minhang'], ['颛桥', 'minhang'], ['南翔', 'jiading'], ['安亭', 'jiading'],
  ['江桥', 'jiading'], ['松江大学城', 'songjiang'], ['九亭', 'songjiang'], ['泗泾', 'songjiang'], ['朱家角', 'qingpu'],
  ['南桥', 'fengxian'], ['吴淞', 'baoshan'], ['顾村', 'baoshan'], ['罗店', 'baoshan'], ['长风', 'putuo'],
  ['中山公园', 'changning'], ['虹桥机场', 'changning'], ['北外滩', 'hongkou'], ['南京西路', 'jingan'], ['静安寺', 'jingan'], ['大宁', 'jingan'],
  ['外滩', 'huangpu'], ['老西门', 'huangpu'], ['城桥', 'chongming'], ['朱泾', 'jinshan'],
];

// What may follow a short name without it meaning something else.
const NOT_AFTER = /^(路|大道|街|江|港|镇路|公路|站|大桥|隧道|体育|银山|中学|小学|寺)/;
const NOT_BEFORE = /(上海市?)?(金|老)$/;

/** Words before a district saying a body is there: the workplace, institution or exam site. */
const BODY_AT_BEFORE = /(单位|公司|机构|考点|考场|学校|评价站|培训班|中心)(就|也)?(在|位于)$/;
/** How far before a district BODY_AT_BEFORE is looked for: its longest form (评价站就位于). */
const BODY_AT_REACH = 6;

/** What stands between two districts the reporter is unsure between. */
const EITHER = /^(区|新区)?(还是|或者|或是|或)(在)?$/;

export interface DistrictMention {
  district: District;
  name: string;
  index: number;
}

/** The district a description names, preferring an explicit 区 and a locating word (在/去/到). */
export function districtInText(text: string): DistrictMention | null {
  const found: (DistrictMention & { rank: number })[] = [];
  for (const [id, names] of Object.entries(SHORT) as [District, string[]][]) {
    for (const name of names) {
      let at = text.indexOf(name);
      while (at >= 0) {
        const after = text.slice(at + name.length, at + name.length + 4);
        const before = text.slice(Math.max(0, at - 3), at);
        const full = name.endsWith('区');
        if (full || (!NOT_AFTER.test(after) && !(id === 'jinshan' && NOT_BEFORE.test(before)))) {
          let rank = full ? 3 : 1;
          if (/(在|去|到|于|位于|住|是)$/.test(before)) rank += 2;
          // Where the body stands outranks where the reporter lives (“我们家在静安，她单位在长宁”).
          if (BODY_AT_BEFORE.test(text.slice(Math.max(0, at - BODY_AT_REACH), at))) rank += 3;
          if (/^(那边|这边|那里|这里|的|一家|一个|有|区)/.test(after)) rank += 1;
          found.push({ district: id, name, index: at, rank });
        }
        at = text.indexOf(name, at + 1);
      }
    }
  }
  for (const [name, id] of AREAS) {
    const at = text.indexOf(name);
    if (at >= 0) found.push({ district: id, name, index: at, rank: 0 });
  }
  // Reporters writing in English or pinyin name the district by its id (“the exam was in Minhang”).
  for (const id of Object.keys(SHORT) as District[]) {
    const at = text.indexOf(id);
    if (at >= 0) found.push({ district: id, name: id, index: at, rank: 0 });
  }
  if (!found.length) return null;
  // “在闵行还是松江，他们也说不准”: the reporter does not know which, so no district decides.
  const byPlace = [...found].sort((a, b) => a.index - b.index);
  for (let i = 1; i < byPlace.length; i++) {
    const [a, b] = [byPlace[i - 1]!, byPlace[i]!];
    if (a.district !== b.district && EITHER.test(text.slice(a.index + a.name.length, b.index))) return null;
  }
  found.sort((a, b) => b.rank - a.rank || a.index - b.index);
  const { district, name, index } = found[0]!;
  return { district, name, index };
}
