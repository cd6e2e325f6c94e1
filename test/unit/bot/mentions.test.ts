import { describe, expect, it } from 'vitest';
import { addressedToBot, readMentions } from '../../../src/bot/mentions.js';

describe('readMentions', () => {
  it('takes the bot\'s name off a group message, and an only mention asks for help', () => {
    expect(readMentions('@衔接助手 进度 9号 60%', 'group')).toEqual({ text: '进度 9号 60%', toOthers: false });
    expect(readMentions('@衔接助手\u2005某木材厂', 'group')).toEqual({ text: '某木材厂', toOthers: false });
    expect(readMentions('@衔接助手', 'group')).toEqual({ text: '帮助', toOthers: false });
  });

  it('takes a colleague\'s mention out of the text and says the message addresses others', () => {
    expect(readMentions('@衔接助手 @张三 14号现在进度多少了？', 'group')).toEqual({ text: '14号现在进度多少了？', toOthers: true });
    expect(readMentions('@衔接助手 进度 9号 60% 已补植 @赵六 请核对', 'group')).toEqual({ text: '进度 9号 60% 已补植 请核对', toOthers: true });
    expect(readMentions('@衔接助手 上报\n违法事实：滥伐 @赵六\n罚款：5000元', 'group').text).toBe('上报\n违法事实：滥伐 \n罚款：5000元');
  });

  it('leaves an e-mail address, <@all> and private chats as written', () => {
    expect(readMentions('@衔接助手 备注：联系 li@example.com <@all>', 'group')).toEqual({ text: '备注：联系 li@example.com <@all>', toOthers: false });
    expect(readMentions('进度 9号 60% @赵六', 'single')).toEqual({ text: '进度 9号 60% @赵六', toOthers: false });
    expect(readMentions(undefined, 'group')).toEqual({ text: undefined, toOthers: false });
  });
});

describe('addressedToBot', () => {
  it('is a message that starts with a command, for staff or prosecutors', () => {
    expect(['进度 14号 60%', '查询 14号', '线索', '受理 XS-2026-0001'].map(addressedToBot)).toEqual(['command', 'command', 'command', 'command']);
  });

  it('lets through a look-up, which records nothing, unless it speaks to someone (你, 您)', () => {
    expect(['看一下待办', '14号进展如何', '14号现在进度多少了？'].map(addressedToBot)).toEqual(['lookup', 'lookup', 'lookup']);
    expect(['14号现在进度多少了？你报一下60%还是70%', '你看一下', '9号进度60%了，您看下', '确认'].map(addressedToBot)).toEqual([null, null, null, null]);
  });
});

// round 9b (chatday) M3, M5: mentions after punctuation or a word, @所有人, a colleague copied in at the end, names with a space.
describe('readMentions: where WeCom and people put @mentions', () => {
  const staff = ['张三', '赵六', 'Tony Wang'];
  const read = (text: string) => readMentions(text, 'group', staff);

  it('sees a mention after Chinese punctuation or straight after a word, and keeps a colleague\'s name in the sentence', () => {
    expect(read('@衔接助手 9号进度60%了，@赵六 您看下')).toEqual({ text: '9号进度60%了，您看下', toOthers: true });
    expect(read('@衔接助手 进度 9号 60%，已通知@赵六 请核对')).toEqual({ text: '进度 9号 60%，已通知赵六 请核对', toOthers: true });
    expect(read('@衔接助手 进度 9号 60% 已追缴4.5万元@衔接助手')).toEqual({ text: '进度 9号 60% 已追缴4.5万元', toOthers: false });
  });

  it('leaves e-mail and web addresses as written', () => {
    const text = '@衔接助手 进度 9号 65% 材料见 https://pan.example.com/s/@a_b 邮箱 zhang_san@lin.gov.cn';
    expect(read(text)).toEqual({ text: text.slice('@衔接助手 '.length), toOthers: false });
  });

  it('counts @所有人 and @all as nobody in particular', () => {
    expect(read('@衔接助手 @所有人 9号已全部整改完成，附照片')).toEqual({ text: '9号已全部整改完成，附照片', toOthers: false });
    expect(read('@衔接助手 @all 9号 60%')).toEqual({ text: '9号 60%', toOthers: false });
  });

  it('reads a colleague copied in at the end as no one spoken to, but one at the start or within the text as spoken to', () => {
    expect(read('@衔接助手 关于14号检察建议，目前整改进度八成 @赵六')).toEqual({ text: '关于14号检察建议，目前整改进度八成 ', toOthers: false });
    expect(read('@衔接助手 @张三 14号现在进度多少了？').toOthers).toBe(true);
    expect(read('9号进度60%了 @衔接助手 @赵六').toOthers).toBe(true);
    // A known colleague's name first: the message is to them, whoever is copied in after.
    expect(read('@赵六 9号进度60%了 @衔接助手').toOthers).toBe(true);
  });

  it('takes a name with a space whole: a bound colleague\'s, or a Latin name\'s capitalised words', () => {
    expect(read('@衔接助手 @Tony Wang 进度 9号 60% 已追缴4万元')).toEqual({ text: '进度 9号 60% 已追缴4万元', toOthers: true });
    expect(read('@衔接助手 @Jack Ma 进度 9号 60%').text).toBe('进度 9号 60%');
  });
});
