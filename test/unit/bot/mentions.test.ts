import { describe, expect, it } from 'vitest';
import { commandForBot, readMentions } from '../../../src/bot/mentions.js';

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

describe('commandForBot', () => {
  it('is a message that starts with a command, for staff or prosecutors', () => {
    expect(['进度 14号 60%', '查询 14号', '线索', '受理 XS-2026-0001'].map(commandForBot)).toEqual([true, true, true, true]);
    expect(['14号现在进度多少了？你报一下60%还是70%', '你看一下'].map(commandForBot)).toEqual([false, false]);
  });
});
