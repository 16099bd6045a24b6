import { zhDate, zhDateTime } from '../time';
import type { NotificationFacts, NotificationKind, NotificationLike, RecommendedNomination } from './facts';
import { factsOf } from './facts';
import type { Draft, MessageContext, Templates } from './template';

/**
 * The Chinese texts, as government offices write them: the subject opens with the matter in
 * 【】 (【会签】, 【催办】, 【签收】, 【阶段】…), the document by its 《title》 and its number
 * (科协发〔2023〕12号), deadlines as 2023年8月2日18:00 (Asia/Shanghai), bodies by name.
 */

/** At most this many names or titles in a mail's list; the rest are counted (等N家). */
const LIST_MAX = 30;

const TAG: Record<NotificationKind, string> = {
  'co-sign-request': '会签',
  revision: '会签',
  reminder: '催办',
  rejection: '会签',
  'ready-for-sign-off': '签发',
  escalation: '督办',
  withdrawn: '撤回',
  issued: '印发',
  'co-sign-removed': '会签',
  'co-sign-deadline-moved': '会签',
  'co-sign-urge': '催办',
  'notice-comment': '意见',
  'notice-comment-answered': '意见',
  'notice-delivered': '签收',
  'notice-copied': '抄送',
  'ack-reminder': '催办',
  phase: '阶段',
  'milestones-moved': '变更',
  'results-reminder': '催办',
  'summary-reminder': '催办',
  'summary-overdue': '催办',
  'relay-launched': '转发',
  recommendation: '推荐',
  'commendations-published': '表扬',
  failure: '系统',
  'webhook-disabled': '系统',
};

/** What each kind is called, for messages written before facts (their text is the stored English reason). */
const KIND_NAME: Record<NotificationKind, string> = {
  'co-sign-request': '会签请求',
  revision: '文稿修改',
  reminder: '会签催办',
  rejection: '会签意见',
  'ready-for-sign-off': '待签发',
  escalation: '逾期督办',
  withdrawn: '文稿撤回',
  issued: '印发通知',
  'co-sign-removed': '会签单位调整',
  'co-sign-deadline-moved': '会签时限调整',
  'co-sign-urge': '会签催办',
  'notice-comment': '会签意见',
  'notice-comment-answered': '意见答复',
  'notice-delivered': '来文待签收',
  'notice-copied': '抄送来文',
  'ack-reminder': '签收催办',
  phase: '阶段提醒',
  'milestones-moved': '时间节点调整',
  'results-reminder': '活动成果催办',
  'summary-reminder': '总结报送提醒',
  'summary-overdue': '总结报送催办',
  'relay-launched': '下级转发',
  recommendation: '表扬推荐',
  'commendations-published': '表扬名单公布',
  failure: '系统异常',
  'webhook-disabled': '推送地址停用',
};

const MILESTONE_LABEL: Record<string, string> = {
  'milestones.publicationOpensAt': '活动发布开始时间',
  'milestones.concentratedWeek.startsAt': '集中活动周开始时间',
  'milestones.concentratedWeek.endsAt': '集中活动周结束时间',
  'milestones.summaryDueAt': '总结报送截止时间',
  'milestones.closesAt': '活动结束时间',
};

const NOMINEE_KIND: Record<string, string> = { unit: '单位', individual: '个人', activity: '活动' };

/** The document by its title, in 《》. */
function titled(ctx: MessageContext): string {
  return ctx.campaign ? `《${ctx.campaign.title}》` : '本次联合发文';
}

/** A list of at most LIST_MAX, the rest counted: `……等N项` (bodies: 家). */
function capped(list: string[], total: number, unit: '家' | '项' | '个'): string[] {
  const shown = list.slice(0, LIST_MAX);
  return total > shown.length ? [...shown, `……等${total}${unit}`] : shown;
}

function draft(n: NotificationLike, ctx: MessageContext): Draft | null {
  const T = titled(ctx);
  const name = (code: string) => ctx.agencyName(code);
  const at = zhDateTime;
  const f = <K extends NotificationKind>(kind: K) => factsOf(kind, n.data) as NotificationFacts[K] | null;
  const tag = TAG[n.kind];
  switch (n.kind) {
    case 'co-sign-request': {
      const x = f('co-sign-request');
      return x && {
        tag,
        summary: `请于${at(x.dueAt)}前会签${T}`,
        paragraphs: [
          `${T}（第${x.version}稿）已送贵单位会签，请于${at(x.dueAt)}前审核文本，并在系统中签署同意或不同意意见。`,
          `文本校验值（SHA-256）：${x.sha256}。会签意见仅对该稿有效，文稿如有修改须重新会签。`,
        ],
      };
    }
    case 'revision': {
      const x = f('revision');
      return x && {
        tag,
        summary: `${T}已修改为第${x.version}稿，请于${at(x.dueAt)}前重新会签`,
        paragraphs: [`牵头单位已将${T}修改为第${x.version}稿，此前对旧稿签署的意见作废。请于${at(x.dueAt)}前对新稿重新签署意见。`],
      };
    }
    case 'reminder': {
      const x = f('reminder');
      return x && {
        tag,
        summary: `请于${at(x.dueAt)}前会签${T}`,
        paragraphs: [
          `${T}（第${x.version}稿）送贵单位会签${x.days >= 1 ? `已${x.days}天` : '后'}，尚未收到贵单位意见。会签截止时间为${at(x.dueAt)}，请抓紧办理。`,
          `（第${x.number}次催办）`,
        ],
      };
    }
    case 'rejection': {
      const x = f('rejection');
      return x && {
        tag,
        summary: `${name(x.agency)}对${T}第${x.version}稿提出不同意见`,
        paragraphs: [`${name(x.agency)}对${T}（第${x.version}稿）的会签意见为不同意，理由如下：`, x.comment, '请研究修改后重新送签，或与该单位沟通。'],
      };
    }
    case 'ready-for-sign-off': {
      const x = f('ready-for-sign-off');
      return x && {
        tag,
        summary: `${T}第${x.version}稿已完成会签，请签发`,
        paragraphs: [`全部${x.signers}家会签单位均已同意${T}（第${x.version}稿），请按程序签发、编号印发。`],
      };
    }
    case 'escalation': {
      const x = f('escalation');
      if (!x) return null;
      if (x.subject === 'co-sign') {
        return {
          tag,
          summary: `${T}会签已逾期，${x.outstanding.length}家单位尚未同意`,
          paragraphs: [`会签截止时间${at(x.dueAt)}已过，以下${x.outstanding.length}家单位尚未同意：`],
          list: capped(x.outstanding.map(name), x.outstanding.length, '家'),
          after: ['请督促上述单位尽快办理。'],
        };
      }
      return {
        tag,
        summary: `${T}总结报送已截止，${x.missing}家单位未报送`,
        paragraphs: [`总结报送截止时间${at(x.dueAt)}已过，以下${x.missing}家报送单位尚未报送总结：`],
        list: capped(x.units.map(name), x.missing, '家'),
        after: ['逾期报送仍予受理，将标注为逾期。'],
      };
    }
    case 'withdrawn': {
      const x = f('withdrawn');
      return x && { tag, summary: `${T}已撤回，会签终止`, paragraphs: [`牵头单位已撤回${T}，会签终止，贵单位无需再办理。`, `撤回原因：${x.reason}`] };
    }
    case 'issued': {
      const x = f('issued');
      if (!x) return null;
      return n.role === 'secretariat'
        ? { tag, summary: `${T}已签发印发，文号${x.docNumber}`, paragraphs: [`${T}已签发并编号印发，文号为${x.docNumber}。系统将向主送、抄送单位分发。`] }
        : { tag, summary: `贵单位会签的${T}已印发（${x.docNumber}）`, paragraphs: [`贵单位参与会签的${T}已正式印发，文号为${x.docNumber}。`] };
    }
    case 'co-sign-removed': {
      const x = f('co-sign-removed');
      return x && {
        tag,
        summary: `贵单位不再参与${T}会签`,
        paragraphs: [`经牵头单位研究，贵单位不再作为${T}（第${x.version}稿）的会签单位，此前签署的意见不再计入，无需再办理。`, `调整原因：${x.reason}`],
      };
    }
    case 'co-sign-deadline-moved': {
      const x = f('co-sign-deadline-moved');
      if (!x) return null;
      const earlier = Date.parse(x.dueAt) < Date.parse(x.from);
      return {
        tag,
        summary: `${T}会签截止时间调整为${at(x.dueAt)}`,
        paragraphs: [`牵头单位已将${T}（第${x.version}稿）的会签截止时间由${at(x.from)}调整为${at(x.dueAt)}，请${earlier ? '提前' : '于新的截止时间前'}办理。`],
      };
    }
    case 'co-sign-urge': {
      const x = f('co-sign-urge');
      return x && {
        tag,
        summary: `请尽快会签${T}`,
        paragraphs: [
          `${T}（第${x.version}稿）送贵单位会签${x.days >= 1 ? `已${x.days}天` : ''}，尚未收到贵单位意见。会签截止时间为${at(x.dueAt)}，牵头单位请贵单位抓紧办理。`,
          ...(x.message ? [`牵头单位留言：${x.message}`] : []),
        ],
      };
    }
    case 'notice-comment': {
      const x = f('notice-comment');
      return x && {
        tag,
        summary: x.reply ? `${name(x.agency)}对${T}第${x.version}稿的意见有补充` : `${name(x.agency)}对${T}第${x.version}稿提出意见`,
        paragraphs: [
          x.reply
            ? `${name(x.agency)}就其对${T}（第${x.version}稿）“${x.quote}”一处的意见补充如下：`
            : `${name(x.agency)}对${T}（第${x.version}稿）“${x.quote}”一处提出意见：`,
          x.text,
          '请在系统中答复或标记已解决。该意见不影响其会签决定。',
        ],
      };
    }
    case 'notice-comment-answered': {
      const x = f('notice-comment-answered');
      if (!x) return null;
      const where = `贵单位对${T}（第${x.version}稿）“${x.quote}”一处的意见`;
      if (!x.resolved) return { tag, summary: `牵头单位答复了贵单位对${T}的意见`, paragraphs: [`牵头单位答复了${where}：`, x.text!] };
      return {
        tag,
        summary: `贵单位对${T}的意见已标记为已解决`,
        paragraphs: x.text ? [`牵头单位已将${where}标记为已解决，并答复：`, x.text] : [`牵头单位已将${where}标记为已解决。`],
      };
    }
    case 'notice-delivered': {
      const x = f('notice-delivered');
      return x && { tag, summary: `${x.docNumber}${T}`, paragraphs: [`现将${T}（${x.docNumber}）印发给你们，请认真贯彻落实，并在系统中签收。`] };
    }
    case 'notice-copied': {
      const x = f('notice-copied');
      return x && { tag, summary: `${x.docNumber}${T}`, paragraphs: [`${T}（${x.docNumber}）抄送贵单位，请知悉。本件无需签收。`] };
    }
    case 'ack-reminder': {
      const x = f('ack-reminder');
      const doc = ctx.campaign?.docNumber ?? '';
      return x && {
        tag,
        summary: `请签收${doc}${T}`,
        paragraphs: [`贵单位尚未签收${T}${doc && `（${doc}）`}，请尽快在系统中签收。`, `（第${x.reminder}次催办）`],
      };
    }
    case 'phase':
      return phase(n, T);
    case 'milestones-moved': {
      const x = f('milestones-moved');
      return x && {
        tag,
        summary: `${T}时间节点调整`,
        paragraphs: [`牵头单位调整了${T}的以下时间节点：`],
        list: capped(
          x.moved.map((m) => `${MILESTONE_LABEL[m.field] ?? m.field}：由${at(m.from)}调整为${at(m.to)}`),
          x.moved.length,
          '项',
        ),
        after: ['请据此安排相关工作。'],
      };
    }
    case 'results-reminder': {
      const x = f('results-reminder');
      if (!x) return null;
      // Titles in 《》 side by side take no 、 between them (GB/T 15834).
      const first = x.titles.slice(0, 3).map((t) => `《${t}》`).join('');
      return {
        tag,
        summary: `请填报${T}中${x.activities}项已结束活动的成果`,
        paragraphs: [`贵单位在${T}中组织的${x.activities}项活动已结束，尚未填报活动成果（照片、视频、新闻链接、参与人数、活动总结）：`],
        list: capped(x.titles.slice(0, 10), x.activities, '项'),
        after: ['请尽快在系统中填报。'],
        detail: first && `如${first}${x.activities > 3 ? `等${x.activities}项` : ''}`,
      };
    }
    case 'summary-reminder': {
      const x = f('summary-reminder');
      return x && {
        tag,
        summary: `请于${at(x.dueAt)}前报送${T}活动总结`,
        paragraphs: [`距总结报送截止还有${x.workingDaysLeft}个工作日，请于${at(x.dueAt)}前报送${T}的活动总结。`],
      };
    }
    case 'summary-overdue': {
      const x = f('summary-overdue');
      return x && {
        tag,
        summary: `${T}活动总结已逾期，请尽快报送`,
        paragraphs: [`${T}总结报送截止时间${at(x.dueAt)}已过，贵单位尚未报送。逾期报送仍予受理，将标注为逾期。`],
      };
    }
    case 'relay-launched': {
      const x = f('relay-launched');
      return x && {
        tag,
        summary: `${name(x.relayLead)}转发${T}`,
        paragraphs: [`${name(x.relayLead)}已以本级联合发文形式转发${T}，转发文件为《${x.title}》。`],
      };
    }
    case 'recommendation': {
      const x = f('recommendation');
      return x && {
        tag,
        summary: `${name(x.fromLead)}向${T}推荐${x.nominations.length}个表扬对象`,
        paragraphs: [`${name(x.fromLead)}从${x.from}的表扬对象中，向${T}推荐以下${x.nominations.length}个：`],
        list: capped(
          x.nominations.map((o) => nominee(o, name)),
          x.nominations.length,
          '个',
        ),
      };
    }
    case 'commendations-published': {
      const x = f('commendations-published');
      return x && { tag, summary: `${T}表扬名单已公布`, paragraphs: [`${T}表扬名单已公布，共表扬${x.commended}个单位、个人和活动。`] };
    }
    case 'failure': {
      const x = f('failure');
      return x && { tag, summary: `${T}有一项操作未能完成，需人工处理`, paragraphs: ['系统未能完成以下操作，且不会自动重试，请核实处理：', x.text] };
    }
    case 'webhook-disabled': {
      const x = f('webhook-disabled');
      return x && {
        tag,
        summary: `推送地址已停用：${x.url}`,
        paragraphs: [`贵单位登记的推送地址（Webhook）${x.url}自${at(x.failingSince)}起持续推送失败，已被停用。请检查接收端后重新登记。`],
      };
    }
  }
}

function phase(n: NotificationLike, T: string): Draft | null {
  const x = factsOf('phase', n.data);
  if (!x) return null;
  const tag = TAG.phase;
  switch (x.phase) {
    case 'publication-open': {
      const w = x.concentratedWeek!;
      return {
        tag,
        summary: `${T}活动发布已开始，请登记本单位活动`,
        paragraphs: [`${T}活动发布窗口已开放，请在系统中登记本单位的科普活动。集中活动周为${zhDate(w.startsAt)}至${zhDate(w.endsAt)}。`],
      };
    }
    case 'concentrated-week': {
      const w = x.concentratedWeek!;
      return {
        tag,
        summary: `${T}集中活动周开始`,
        paragraphs: [`${T}集中活动周自${zhDate(w.startsAt)}开始，至${zhDate(w.endsAt)}结束。每项活动结束后，请及时填报活动成果。`],
      };
    }
    case 'reporting':
      return {
        tag,
        summary: `${T}集中活动周已结束，请于${zhDateTime(x.summaryDueAt!)}前报送总结`,
        paragraphs: [`${T}集中活动周已结束，请于${zhDateTime(x.summaryDueAt!)}前报送活动总结。`],
      };
    case 'commendation':
      return { tag, summary: `${T}总结报送已截止，请开展表扬工作`, paragraphs: [`${T}总结报送截止时间已过，请组织提名、审定并公布表扬名单。`] };
    case 'closed':
      return { tag, summary: `${T}已于${zhDateTime(x.closesAt!)}结束`, paragraphs: [`${T}已于${zhDateTime(x.closesAt!)}结束，各项记录仍可查阅。`] };
  }
}

function nominee(o: RecommendedNomination, name: (code: string) => string): string {
  const kind = NOMINEE_KIND[o.kind] ?? o.kind;
  const unit = o.unit ? name(o.unit) : '';
  if (o.kind === 'individual') return `${kind}：${o.person ?? ''}${unit && `（${unit}）`}`;
  if (o.kind === 'activity' && o.activity) return `${kind}：《${o.activity}》${unit && `（${unit}）`}`;
  return unit ? `${kind}：${unit}` : kind;
}

export const zhCN: Templates = {
  lang: 'zh-CN',
  draft,
  fallback(n, ctx) {
    const what = KIND_NAME[n.kind] ?? '通知';
    return {
      tag: TAG[n.kind] ?? '通知',
      summary: ctx.campaign ? `${titled(ctx)}${what}` : what,
      paragraphs: [n.reason || `您有一条${what}，请登录系统查看。`],
    };
  },
  subject: (tag, summary) => `【${tag}】${summary}`,
  words: {
    link: '办理链接',
    footer: '本邮件由联合发文系统自动发送，请勿直接回复。',
    digestTag: '待办',
    digestSummary: (day, count) => `截至${zhDate(day)}，您有${count}项待办事项`,
    digestGreeting: (name) => `${name}：`,
    digestIntro: (day, count) => `您好！截至${zhDate(day)}，您有以下${count}项待办事项：`,
    digestMore: (rest) => `另有${rest}项未列出，请在待办列表中查看。`,
    detail: (d) => `（${d}）`,
    todo: '待办列表',
  },
};
