// The baseline of the Slack benchmarks: a bare Bolt app with the receiver TAT Bot uses (HTTPReceiver
// on /slack/events, a /healthz route) whose /ta command only acks. Settings from the environment:
// SECRET (signing secret), TOKEN (bot token), API (the fake Slack Web API), PORT.
import { App, HTTPReceiver } from '@slack/bolt';

const receiver = new HTTPReceiver({
  signingSecret: process.env.SECRET,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200);
        res.end('ok');
      },
    },
  ],
});
const app = new App({ token: process.env.TOKEN, receiver, clientOptions: { slackApiUrl: process.env.API } });
app.command('/ta', async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
process.on('SIGTERM', () => process.exit(0));
