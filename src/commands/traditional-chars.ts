/**
 * Traditional → simplified characters, limited to the ones that occur in command words, numerals, units and
 * case fields. Staff on some phones type traditional characters (進度 14號 六成); a full conversion table
 * would be a dependency, and only these characters change what the parser understands. Characters whose
 * traditional form is also a common simplified character (覆 in 覆盖) are left out so that no simplified
 * word is altered; 回覆 is a command word of its own instead.
 */
const PAIRS = `
進进 詢询 幫帮 辦办 報报 復复 號号 畝亩 噸吨 萬万 億亿 兩两 處处 個个 戶户 張张 為为 檢检 議议 罰罚 繳缴 納纳 經经 約约
還还 銷销 務务 單单 項项 條条 與与 業业 補补 種种 樹树 違违 築筑 場场 實实 際际 證证 據据 當当 開开 關关 後后 發发 時时
間间 請请 說说 書书 點点 貳贰 參参 陸陆 數数 積积 質质 機机 構构 類类 領领 執执 環环 態态 資资 產产 國国 會会 門门 長长
問问 題题 現现 歸归 準准 備备 內内 餘余 總总 計计 額额 費费 賠赔 償偿 損损 沒没 運运 廢废 棄弃 醫医 療疗 藥药 稅税 勞劳
動动 護护 農农 糧粮 財财 聯联 絡络 營营 權权 讓让 劃划 車车 輛辆 頃顷 園园 採采 礦矿 壩坝 橋桥 衛卫 飲饮 麼么 嗎吗 啟启
驗验 規规 範范 應应 況况 緊紧 訴诉 訟讼 偵侦 錄录 幾几 隻只 塊块 頭头 課课 線线 屬属 鎮镇 縣县 區区 級级 監监 認认 們们
這这 裡里 擬拟 則则
過过 駁驳 達达 審审 統统 將将 預预 爭争 節节 無无 盡尽 畢毕 結结 論论 複复 樣样 繼继 續续 週周 於于 遲迟 專专`;

const TABLE: ReadonlyMap<string, string> = new Map(
  PAIRS.split(/\s+/)
    .filter((pair) => pair.length === 2)
    .map((pair): [string, string] => [pair.charAt(0), pair.charAt(1)]),
);

/** The simplified form of one character, or the character itself when it is not in the table. */
export function simplifyChar(char: string): string {
  return TABLE.get(char) ?? char;
}
