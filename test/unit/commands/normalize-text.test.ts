import { describe, expect, it } from 'vitest';
import { chinesePunctuation, MAX_INPUT_LENGTH, normalizeText, toHalfWidth } from '../../../src/commands/normalize-text.js';

describe('toHalfWidth', () => {
  it('folds full-width digits, letters and punctuation to ASCII and keeps Chinese punctuation', () => {
    expect(toHalfWidth('０１２３４５６７８９ＡＢＣｘｙｚ％：，；！？（）［］')).toBe('0123456789ABCxyz%:,;!?()[]');
    expect(toHalfWidth('〔2021〕、。【】')).toBe('〔2021〕、。【】');
  });

  it('turns the ideographic space and the small percent sign into their ASCII forms', () => {
    expect(toHalfWidth('60\u3000﹪')).toBe('60 %');
  });
});

describe('normalizeText', () => {
  it.each([
    ['　进度　１４號　６０％ ', '进度 14号 60%'],
    ['进度   14号\t\t60%', '进度 14号 60%'],
    ['進度 14號 六成 罰款已繳納50萬元', '进度 14号 六成 罚款已缴纳50万元'],
    ['回复：14号，已书面回复', '回复:14号,已书面回复'],
    ['\u200b进\u200d度\ufeff 14号', '进度 14号'],
    ['上报\r\n案号：3号\r\n\r\n  当事人：张某  ', '上报\n案号:3号\n当事人:张某'],
    ['进度\u000014号\u0007', '进度 14号'],
    ['面积120㎡', '面积120平方米'],
    ['', ''],
    ['   \n \u3000 ', ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('replaces unpaired surrogates so the result is well-formed UTF-16', () => {
    expect(normalizeText('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀');
  });

  it('reads at most MAX_INPUT_LENGTH characters, without leaving half a surrogate pair', () => {
    const text = 'x'.repeat(MAX_INPUT_LENGTH - 1) + '😀tail';
    const normalised = normalizeText(text);
    expect(normalised).toBe('x'.repeat(MAX_INPUT_LENGTH - 1) + '\uFFFD');
  });

  it('does not turn simplified words into others (覆盖 stays 覆盖)', () => {
    expect(normalizeText('已覆盖绿网')).toBe('已覆盖绿网');
  });
});

describe('chinesePunctuation', () => {
  it.each([
    ['已书面回复,补偿费已追缴', '已书面回复，补偿费已追缴'],
    ['拆除违建3处;恢复植被(部分)', '拆除违建3处；恢复植被（部分）'],
    ['罚款1,000元,已缴', '罚款1,000元，已缴'],
    ['进度60%,已完成', '进度60%，已完成'],
    ['see note 1, 2 (a)', 'see note 1, 2 (a)'],
    ['（预计12月底前）!“两山”清理', '（预计12月底前）！“两山”清理'],
    ['承包户5户?!——下一步:依《森林法》处理~剩余合同', '承包户5户？！——下一步：依《森林法》处理～剩余合同'],
  ])('writes %s as %s', (text, expected) => {
    expect(chinesePunctuation(text)).toBe(expected);
  });

  it('gives back what the sender typed full-width, after normalizeText made it half-width', () => {
    const typed = '关于14号：已恢复林地120亩，解除合同12份；其余（约30亩）下周完成！';
    expect(chinesePunctuation(normalizeText(typed))).toBe(typed);
  });
});
