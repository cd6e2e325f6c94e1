import { describe, expect, it } from 'vitest';
import { isPhotoCorrection, readPhotoCaption } from '../../../handlers/photo-caption.js';

describe('readPhotoCaption', () => {
  it.each([
    ['21号现场照片如下', '21号'],
    ['14号的照片', '14号'],
    ['21号现场照片', '21号'],
    ['进度 21号 照片如下', '21号'],
    ['富检行公建〔2021〕9号整改后照片：', '富检行公建[2021]9号'],
  ])('reads %s as a caption of %s', (text, ref) => {
    expect(readPhotoCaption(text)?.ref).toBe(ref);
  });

  it.each(['现场照片如下', '照片', '附现场照片3张'])('reads %s as a caption naming no recommendation', (text) => {
    expect(readPhotoCaption(text)).toEqual({ ref: null, refParts: null });
  });

  it.each(['进度 21号 50% 现场照片如下', '21号 已复绿60亩 照片如下', '21号 整改中 照片', '完成 21号 照片稍后发', '某照片冲印店', '查询 21号'])('does not read %s as a caption', (text) => {
    expect(readPhotoCaption(text)).toBeUndefined();
  });
});

describe('isPhotoCorrection', () => {
  it.each(['刚才那张照片是9号的，不是14号的', '照片附错了', '图片发错了，应该是9号'])('reads %s as a photo put on the wrong update', (text) => {
    expect(isPhotoCorrection(text)).toBe(true);
  });

  it.each(['进度 14号 60% 已恢复林地', '不是14号，是9号', '照片稍后发'])('does not read %s as one', (text) => {
    expect(isPhotoCorrection(text)).toBe(false);
  });
});
