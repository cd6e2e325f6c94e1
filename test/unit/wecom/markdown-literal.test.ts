import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/parse-command.js';
import { normalizeText } from '../../../src/commands/normalize-text.js';
import { markdownLiteral } from '../../../src/wecom/markdown-literal.js';

/**
 * What a markdown renderer would read as syntax: emphasis, code, HTML, tables, escapes, a link's `](`, a link definition,
 * an entity, a heading, a rule or setext line, a numbered list.
 */
const markup = /[*_`~<>|\\]|\]\(|^[ \t]*\[[^\]\n]*\]:|&#?[0-9A-Za-z]+;|^[ \t]*(?:[-+][ \t]+|\d+[.)][ \t]+)?#|^[ \t]*[-=][-= \t]*$|^[ \t]*\d+[.)][ \t]/m;

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
      // Each changed character is the full-width form of the one typed (U+FF01–FF5E, 0xFEE0 above ASCII).
      expect(shown.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))).toBe(text);
    }), { numRuns: 500 });
  });
});
