import { describe, expect, it } from 'vitest';
import { MalformedXmlError, parseWecomXml } from '../../../src/wecom/callback-xml.js';
import { normalizeCallback } from '../../../src/wecom/normalize-callback.js';

const head = (type: string) =>
  `<xml><ToUserName><![CDATA[ww0123456789abcdef]]></ToUserName><FromUserName><![CDATA[LiSi]]></FromUserName><CreateTime>1764036000</CreateTime><MsgType><![CDATA[${type}]]></MsgType><AgentID>1000002</AgentID>`;

describe('normalizeCallback', () => {
  it('keeps a text message with its 64-bit MsgId as a string', () => {
    const msg = normalizeCallback(`${head('text')}<Content><![CDATA[进度 富检行公建〔2021〕14号 60% <b>&amp;</b>]]></Content><MsgId>7234567890123456789</MsgId></xml>`);
    expect(msg).toEqual({
      id: 'msg:7234567890123456789',
      channel: 'app',
      kind: 'text',
      from: 'LiSi',
      sentAt: '2025-11-25T02:00:00.000Z',
      text: '进度 富检行公建〔2021〕14号 60% <b>&amp;</b>',
    });
  });

  it('normalises image, voice, video, location and link messages', () => {
    expect(normalizeCallback(`${head('image')}<PicUrl><![CDATA[http://p/1.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>11</MsgId></xml>`).media).toEqual([{ mediaId: 'm1', picUrl: 'http://p/1.jpg' }]);
    expect(normalizeCallback(`${head('voice')}<MediaId><![CDATA[v1]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>12</MsgId></xml>`).media).toEqual([{ mediaId: 'v1', format: 'amr' }]);
    expect(normalizeCallback(`${head('video')}<MediaId><![CDATA[d1]]></MediaId><ThumbMediaId><![CDATA[t1]]></ThumbMediaId><MsgId>13</MsgId></xml>`).media).toEqual([{ mediaId: 'd1', thumbMediaId: 't1' }]);
    const loc = normalizeCallback(`${head('location')}<Location_X>30.05</Location_X><Location_Y>119.95</Location_Y><Scale>15</Scale><Label><![CDATA[富阳区林场]]></Label><MsgId>14</MsgId></xml>`);
    expect(loc.location).toEqual({ latitude: 30.05, longitude: 119.95, scale: 15, label: '富阳区林场' });
    const link = normalizeCallback(`${head('link')}<Title><![CDATA[整改报告]]></Title><Description><![CDATA[d]]></Description><Url><![CDATA[http://x]]></Url><PicUrl><![CDATA[http://y]]></PicUrl><MsgId>15</MsgId></xml>`);
    expect(link.link).toEqual({ title: '整改报告', description: 'd', url: 'http://x', picUrl: 'http://y' });
  });

  it('keys an event without MsgId by sender, time, event and key', () => {
    const msg = normalizeCallback(`${head('event')}<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[accept]]></EventKey><TaskId><![CDATA[lead-42]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[rc1]]></ResponseCode></xml>`);
    expect(msg.id).toBe('evt:LiSi:1764036000:template_card_event:accept:lead-42');
    expect(msg.event).toEqual({ name: 'template_card_event', key: 'accept', taskId: 'lead-42', cardType: 'button_interaction', responseCode: 'rc1' });
  });

  it('reads the selected options of a selection card', () => {
    const msg = normalizeCallback(`${head('event')}<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[submit]]></EventKey><TaskId><![CDATA[t]]></TaskId><SelectedItems><SelectedItem><QuestionKey><![CDATA[rec]]></QuestionKey><OptionIds><OptionId><![CDATA[r14]]></OptionId></OptionIds></SelectedItem></SelectedItems></xml>`);
    expect(msg.event?.selectedItems).toEqual([{ questionKey: 'rec', optionIds: ['r14'] }]);
  });

  it.each([
    ['a DOCTYPE with entities (billion laughs)', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><Content>&lol2;</Content></xml>'],
    ['an external entity', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'],
    ['unclosed tags', '<xml><MsgType>text</xml>'],
    ['no xml root', '<foo/>'],
    ['an unknown MsgType', `${head('hologram')}<MsgId>1</MsgId></xml>`],
    ['a missing sender', '<xml><MsgType>text</MsgType><CreateTime>1</CreateTime></xml>'],
  ])('refuses %s', (_label, xml) => {
    expect(() => normalizeCallback(xml)).toThrow(MalformedXmlError);
  });

  it('does not expand predefined entities into markup', () => {
    expect(parseWecomXml('<xml><A>&lt;b&gt;</A></xml>').A).toBe('&lt;b&gt;');
  });
});
