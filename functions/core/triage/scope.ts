// Is the report about skill assessment at all? Reports the portal cannot act on (driving tests, wages,
// noise, school exams, plain questions) get inScope false and no suggestions.

/** Topics handled elsewhere. Matched on normalised text. */
export const OUT_OF_DOMAIN =
  /(驾照|驾驶证|驾校|科目[一二三四1234]|路考|学车|教练车|高考|中考|考研|研究生|自考|成人高考|学历提升|专升本|四六级|英语四级|英语六级|雅思|托福|教师资格|教资|护士资格|护士证|执业医师|医师资格|执业药师|药师证|法律职业资格|司法考试|建造师|造价师|监理工程师|消防工程师|注册安全|证券从业|基金从业|银行从业|导游证|公务员考试|国考|省考|事业单位考试|事业编考试|注册会计|会计考试|初级会计|中级会计|期末考试|期中考试|月考|单元测试)/;

/**
 * Everyday topics that are out of scope when they are what the report is about, but often appear in passing
 * in a real report (“考核点在装修”, “考公优先录取”, “监考的是班主任”): these count only without skill-assessment words.
 */
export const OUT_OF_DOMAIN_WEAK =
  /(拖欠工资|欠薪|工资没发|不发工资|讨薪|克扣工资|拖欠.{0,4}工资|油烟|噪音|噪声|扰民|(晚上|半夜|深夜|凌晨|楼上|楼下|隔壁|小区).{0,8}(很吵|太吵|吵|放音乐|放歌)|装修|外卖|快递|物业|停车|考公|社保卡|医保卡|医保|公积金|退休金|养老金|失业金|劳动合同|辞退|裁员|加班费|工伤|网购|退货|商品质量|假冒伪劣|健身房|美容卡|预付卡|房租|租房|中介费|违章|罚单|(上课|讲课|授课|培训课|课程|课)(的时候)?.{0,8}(迟到|早退|调课|停课|水平差|水平太差|质量差|不认真)|学不到(东西|什么)|招工|招聘|介绍工作|找工作|班主任)/;

/** Words of skill assessment itself: with these, an everyday topic in passing does not take a report out. */
export const ASSESSMENT_STRONG =
  /(考评员|考评|考官|考核点|考点|考场|实操|评价站|评价机构|评价中心|鉴定|督导|证书|技能等级|等级证|职业技能|监考|阅卷|考生|参评)/;

/** Words that put a report inside skill assessment even when an out-of-domain word appears. */
export const ASSESSMENT_DOMAIN =
  /(职业技能|技能等级|等级证|技能证|评价机构|评价站|考评员|考评|督导员|技能评价|职业资格|鉴定|专项职业能力|等级认定|技能人才|评价中心|工种|保育|育婴|电工|焊工|厨师|烹调|护理员|家政|美容师|美发师|茶艺|面点|考评)/;

/** A plain question with no report in it. */
export const QUESTION = /(请问|怎么办|怎么补|怎么查|如何|在哪里|在哪儿|哪里可以|能不能|可不可以|是否可以|咨询一下|想问|想咨询|想了解|多少钱|什么时候)/;
/** A suggestion or wish rather than a report (“建议把实操时间延长一点”). */
export const SUGGESTION = /(建议|希望能|希望可以|能否|可否|提个意见|提一个意见)/;
// 什么/怎么 at the end of a statement (“看看今年考什么。”) is no question; with a question mark it still is.
export const QUESTION_END = /(吗|呢|(?<![什怎这那多])么|\?)[。!.\s]*$/;
/** A closing question that is indignation, not an enquiry (“这样对别人公平吗？”, “这不是拿证书数据赚钱吗”). */
export const RHETORICAL = /(怎么想|还能当|还能干|还在管|说得过去|有天理|这不是|这不就是|不就是|难道|凭什么|公平吗|这也行|谁负责|没人管吗|还有没有|像话吗|正常吗|离谱|太过分|还有王法|(这|那)(算|是|属于|应该算|就是)[^。!?]{0,20}吧)/;

/** The report is about a skill assessment: an exam, an assessment body or its people, a certificate. */
export const ASSESSMENT_CORE =
  /(考试|考评|考官|考核|考点|考场|考生|鉴定|证书|评价|机构|实操|理论|监考|阅卷|报名|招生|技能|职业|等级|工种|试卷|卷子|题库|考题|交卷|收卷)/;
/** Some sign of wrongdoing (or at least a complaint about someone's conduct). */
export const WRONGDOING =
  /(作弊|违规|违法|违纪|私下|私底下|偷偷|替考|代考|冒名|假的|造假|伪造|篡改|改了|换了|被换|收钱|交钱|给钱|塞钱|红包|好处费|回扣|不公|故意|骗|忽悠|虚假|拍桌|骂|闹|堵|打人|威胁|报复|泄露|泄题|卖|买|没有证|没证|无证|不让|不给|不交|乱收|多收|额外|收据|发票|喝了?酒|酒气|醉|手表|手环|耳机|手机|偷看|抄|停笔|还在写|继续写|照顾|关系|内部|走后门|硬是|举报过|填上|给填|表盘|手表|智能手表|随便|临时|对不上|不一样|冒充|指定|唯一|推销|名单|信息|隐私|印错|错了|不管|放进|通过了|给过了|炫耀|疏通|搞定|不用考|不来考|挂靠)/;


/** A skill-assessment report always says something about an exam, a certificate, an assessment or its people. */
export const ASSESSMENT_CONTEXT =
  /(考|评价|评审|证书|证|鉴定|认定|督导|专家|题|机构|培训|报名|技能|职业|评分|打分|阅卷|答案|作弊|替|督查|检查|资质|备案|评|学员|招生|宣传|广告|卷|成绩|分数|包过|保过|等级|工种|监考)/;

/**
 * Reports about something else that borrows assessment words: a shop's appraisal certificate for goods, an
 * online course's quality or refund, a phone scam, a neighbour's noise the reporter says is not about the exams.
 */
export const NOT_ASSESSMENT = [
  /(手镯|和田玉|翡翠|珠宝|钻石|玉石|文玩|古董|奢侈品|二手车)/,
  /(网课|线上课|录播课|直播课).{0,40}(讲得|无聊|念ppt|不值|退款|退费|客服)/,
  /(验证码|银行卡号|卡里被转走|被骗了?\d|电信诈骗|诈骗电话|是骗子)/,
];
/** The reporter says outright the exams are not what it is about. */
export const DISCLAIMER = /不是说?(他们|机构|那边)?的?(考试|考核|评价|考场)(有|出)?(啥|什么)?问题/;
/** …unless the report also speaks of the assessment itself. */
export const NOT_ASSESSMENT_UNLESS = /(考场|考试时|考试的时候|考评员|考官|监考|评价机构|职业技能|技能等级|实操考|理论考|督导)/;
