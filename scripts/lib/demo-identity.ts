/** A demo-only WeCom identity for the demo and the benchmarks; they talk to the fake WeCom, never the real one. */
export const demoWecom = {
  WECOM_CORP_ID: 'wwdemo0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'demo-app-secret',
  WECOM_TOKEN: 'demotoken',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECOM_BOT_ID: 'demo-aibot',
  WECOM_BOT_SECRET: 'demo-aibot-secret',
};
