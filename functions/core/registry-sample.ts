// SAMPLE DATA — fictional institutions for development, demos and tests. They are not real bodies and
// their credit codes are made up. Staff import the real registry (same CSV format, CONTRACT.md).
export const SAMPLE_REGISTRY_CSV = `name,aliases,creditCode,district,authority,occupations,status,authorityName
上海浦江数智职业技能评价有限公司,浦江数智|浦江数智评价,91310115SMPL000011,pudong,municipal,电子商务师|互联网营销师|人工智能训练师,active,
上海徐汇启航职业技能评价中心,启航评价中心|徐汇启航,52310104SMPL000022,xuhui,district:xuhui,保育师|育婴员|家政服务员,active,
上海申城康护职业技能评价站,申城康护|康护评价站,52310106SMPL000033,jingan,industry:health,养老护理员|健康照护师|医疗护理员,active,上海市卫生健康委员会
上海金穗餐饮管理有限公司职业技能评价站,金穗餐饮评价站|金穗评价,91310117SMPL000044,songjiang,district:songjiang,中式烹调师|中式面点师|西式面点师,suspended,
上海宝钢联合技工学校评价中心,宝联技校|宝联评价中心,12310113SMPL000055,baoshan,industry:metallurgy,焊工|电工|钳工,active,上海市经济和信息化委员会
上海嘉禾汽车服务职业技能评价有限公司,嘉禾汽服|嘉禾评价,91310114SMPL000066,jiading,district:jiading,汽车维修工|汽车装调工,terminated,
上海东海港航职业技能评价站,东海港航评价站|东海港航,91310109SMPL000077,hongkou,industry:transport,起重装卸机械操作工|船舶电工,active,上海市交通委员会
上海闵湖美业职业技能评价有限公司,闵湖美业|闵湖美容评价,91310112SMPL000088,minhang,district:minhang,美容师|美发师|化妆师,active,
上海崇明生态农业技能评价中心,崇明生态农业评价|生态农评,52310151SMPL000099,chongming,district:chongming,农业技术员|园艺工,active,
上海杨浦智安消防职业技能评价有限公司,智安消防|智安评价,91310110SMPL000100,yangpu,municipal,消防设施操作员|保安员,active,
上海青浦织锦职业技能培训学校评价站,织锦培训|织锦评价站,52310118SMPL000111,qingpu,district:qingpu,茶艺师|评茶员|插花花艺师,active,
`;
