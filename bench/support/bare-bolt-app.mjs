// The baseline for bench/slack-memory.bench.ts: a bare Bolt app with the receiver TAT Bot uses
// (HTTPReceiver on /slack/events, GET /healthz), that acks `/ta` and then posts a one-line ephemeral
// reply to the command's response_url, as TAT Bot does after its ack. Settings from the environment:
// SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT.
import bolt from '@slack/bolt';

const { App, HTTPReceiver } = bolt;
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
  processBeforeResponse: false,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      },
    },
  ],
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  deferInitialization: true,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/ta', async ({ command, ack }) => {
  await ack();
  const res = await fetch(command.response_url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', text: `You asked: ${command.text}` }),
  });
  await res.arrayBuffer();
});
await app.init();
await app.start(Number(process.env.PORT));
process.on('SIGTERM', () => process.exit(0));
