// Files that come with a reply (an export's CSV, a report's chart) go to the person's DM with the bot
// through files.uploadV2 (files:write), wherever the command was typed: an export may hold records
// not everyone in a channel should see. The file on disk is removed once delivered (or not).
import { discardFile } from '../../dialogs/outgoing-files.js';
import type { Reply } from '../../dialogs/types.js';
import type { SlackDeps } from './deps.js';

export async function uploadReplyFiles(deps: SlackDeps, slackUserId: string, reply: Reply): Promise<void> {
  const files = reply.files ?? [];
  if (files.length === 0) return;
  try {
    const dm = await deps.api.call<{ channel: { id: string } }>('conversations.open', { users: slackUserId });
    for (const file of files) {
      await deps.api.client.files.uploadV2({
        channel_id: dm.channel.id,
        file: file.path,
        filename: file.name,
        title: file.title,
      });
    }
  } finally {
    await Promise.all(files.map((f) => discardFile(f.path)));
  }
}

/** A line telling the person where the files went (the command may have been typed in a channel). */
export const filesNote = (reply: Reply): Reply =>
  reply.files?.length
    ? {
        ...reply,
        messages: [
          ...reply.messages,
          `I'm sending ${reply.files.map((f) => f.name).join(' and ')} to our direct messages.`,
        ],
      }
    : reply;
