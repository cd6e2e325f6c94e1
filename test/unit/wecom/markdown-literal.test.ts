import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/parse-command.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';
import { markdownLiteral } from '../../../src/wecom/markdown-literal.js';

/**
 * What a markdown renderer would read as syntax wherever it stands: code, HTML, tables, escapes, a link's `](`, a link
 * definition, an entity, a heading, a rule or setext line, a numbered or `*` list, a `~~~` fence. (`*`, `_` and `~`
 * elsewhere are emphasis only in pairs: see the examples.)
 */
const markup = /[`<>|\\]|\]\(|^[ \t]*\[[^\]\n]*\]:|&#?[0-9A-Za-z]+;|^[ \t]*(?:[-+][ \t]+|\d+[.)][ \t]+)?#|^[ \t]*[-=][-= \t]*$|^[ \t]*\d+[.)][ \t]|^[ \t]*\*(?:[ \t]|$)|^[ \t]*(?:[-+][ \t]+)?(?:[*_][ \t]*){3,}$|^[ \t]*(?:[-+][ \t]+)?~~~/m;

describe('markdownLiteral: a plain answer shown as typed where WeCom renders markdown', () => {
  it.each([
    // round 9 (inject) M3: a link in a party name, a bold claim in a progress note, a mention in a group reply
    ['对象：案号 富林罚〔2024〕501号（某木业公司[点此查看附件](http://evil.example/a.html)）', '对象：案号 富林罚〔2024〕501号（某木业公司［点此查看附件］(http://evil.example/a.html)）'],
    ['[[嵌套]](http://x.example) [a](b)(c)', '[[嵌套]］(http://x.example) ［a］(b)(c)'],
    ['60% 已恢复林地120亩 [整改报告](http://evil.example/r) **检察院已同意延期**', '60% 已恢复林地120亩 ［整改报告］(http://evil.example/r) ＊＊检察院已同意延期＊＊'],
    ['· 当事人：<@all> 某公司', '· 当事人：＜@all＞ 某公司'],
    ['违法事实：滥伐林木\n# 标题\n> 已撤回', '违法事实：滥伐林木\n＃ 标题\n＞ 已撤回'],
    ['某公司\n---\n===', '某公司\n－--\n＝=='],
    ['<font color="warning">已撤回</font> ~~罚款~~ `代码` _斜体_ a|b', '＜font color="warning"＞已撤回＜/font＞ ～～罚款～～ ｀代码｀ ＿斜体＿ a｜b'],
    ['&lt;b&gt; &#91;x&#93; A&B公司 3#楼', '＆lt;b＆gt; ＆#91;x＆#93; A&B公司 3#楼'],
    ['![图](http://x.example/p.png) 见[2021]: http://x.example\n[2021]: http://x.example\n- # 标题', '!［图］(http://x.example/p.png) 见[2021]: http://x.example\n［2021]: http://x.example\n- ＃ 标题'],
    ['3. 已补植\n7) 已验收', '3． 已补植\n7） 已验收'],
  ])('%s', (text, shown) => {
    expect(markdownLiteral(text)).toBe(shown);
  });

  // round 9b (chatday) M2: a link, an e-mail address and the configured contact were shown with ＿ and copied wrong.
  it.each([
    ['详见 https://pan.example.com/s/a_b_c 联系邮箱 zhang_san@lin.gov.cn', '详见 https://pan.example.com/s/a_b_c 联系邮箱 zhang_san@lin.gov.cn'],
    ['请联系公益诉讼检察部 张检 0571-6321 gy_jc@fy.jcy.gov.cn登记', '请联系公益诉讼检察部 张检 0571-6321 gy_jc@fy.jcy.gov.cn登记'],
    ['见 https://example.com/~li/a__b__c.html。', '见 https://example.com/~li/a__b__c.html。'],
    ['张_三便利店 已追缴4.8*万元 补植3~5亩 an_id _某_公司', '张_三便利店 已追缴4.8*万元 补植3~5亩 an_id _某_公司'],
    // ... but emphasis is still folded, also beside a link, and intraword * (a*b*c) is emphasis.
    ['已追缴*4.8*万元，详见 https://pan.example.com/s/a_b_c', '已追缴＊4.8＊万元，详见 https://pan.example.com/s/a_b_c'],
    ['*见 https://x.example/a*b', '＊见 https://x.example/a＊b'],
    ['a*b*c __init__ 5~6和7~8 _某_。4.8*万元 2*3', 'a＊b＊c ＿＿init＿＿ 5～6和7～8 ＿某＿。4.8＊万元 2＊3'],
    ['**不跨段\n\n落**', '**不跨段\n\n落**'],
    ['* 列表\n***\n_ _ _\n~~~js\n- ~~~', '＊ 列表\n＊＊＊\n＿ ＿ ＿\n～～～js\n- ～～～'],
  ])('%s', (text, shown) => {
    expect(markdownLiteral(text)).toBe(shown);
  });

  it('leaves the bot\'s Chinese answers as they read: 〔〕【】（）「」·→%, numbers with points, dates', () => {
    const answer = '【整改完成待审核】富阳区林业局 张三 报告 富检行公建〔2021〕14号（督促恢复林地）已完成整改。说明：「已恢复3.5亩」→ 进度 100%，2026-11-02';
    expect(markdownLiteral(answer)).toBe(answer);
  });

  it('leaves a 文号 written with [] as it is, and keeps what it changes typeable back into a command', () => {
    expect(markdownLiteral('查询 富检行公建[2021]14号')).toBe('查询 富检行公建[2021]14号');
    const shown = markdownLiteral('查询 富检行公建[2021](14号)');
    expect(shown).toBe('查询 富检行公建［2021］(14号)');
    expect(parseCommand(shown)).toMatchObject({ command: 'query', ref: '富检行公建[2021]14号' });
    expect(normalizeText(markdownLiteral('zhang_san'))).toBe('zhang_san');
  });

  it('leaves no markdown syntax in any text, and changes nothing else', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'[]()*_`~<>#|\\&;!-=+.1 \n\tab某公司'.split('')), maxLength: 60 }), (text) => {
      const shown = markdownLiteral(text);
      expect(shown).not.toMatch(markup);
      // What is left of * _ ~ makes no emphasis: read again, nothing more changes.
      expect(markdownLiteral(shown)).toBe(shown);
      // Each changed character is the full-width form of the one typed (U+FF01–FF5E, 0xFEE0 above ASCII).
      expect(shown.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))).toBe(text);
    }), { numRuns: 500 });
  });
});
