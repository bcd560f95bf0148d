// Files that come with a reply, in Teams. A chart (image) is shown inline in the message as a PNG
// data URI. An export (CSV) goes through the file-consent flow, which Teams only offers in the
// personal chat: the bot sends a FileConsentCard; when the person accepts, Teams sends a
// `fileConsent/invoke` with an upload URL in their OneDrive, the bot PUTs the file there and posts a
// FileInfoCard; when they decline, the file is dropped. The card carries only the file's stored name
// (a random token), which is checked against our folder before anything is read.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { TurnContext } from 'botbuilder';
import { discardFile, pathOfStoredName, storedName } from '../../dialogs/outgoing-files.js';
import type { Reply, ReplyFile } from '../../dialogs/types.js';
import type { Logger } from '../../src/logger.js';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

const isPersonal = (context: TurnContext) =>
  context.activity.conversation?.conversationType === 'personal' ||
  !context.activity.conversation?.conversationType;

export async function sendReplyFiles(context: TurnContext, reply: Reply): Promise<void> {
  for (const file of reply.files ?? []) {
    if (file.image) {
      try {
        const data = await readFile(file.path);
        await context.sendActivity({
          type: 'message',
          attachments: [
            {
              contentType: file.mimeType,
              name: file.name,
              contentUrl: `data:${file.mimeType};base64,${data.toString('base64')}`,
            },
          ],
        });
      } finally {
        await discardFile(file.path);
      }
    } else if (isPersonal(context)) {
      await context.sendActivity({ type: 'message', attachments: [consentCard(file)] });
    } else {
      await discardFile(file.path);
      await context.sendActivity(
        `Files are sent in our personal chat: message me there with the same command to get ${file.name}.`,
      );
    }
  }
}

function consentCard(file: ReplyFile) {
  const context = { file: storedName(file) };
  return {
    contentType: FILE_CONSENT,
    name: file.name,
    content: {
      description: file.title,
      sizeInBytes: file.bytes,
      acceptContext: context,
      declineContext: context,
    },
  };
}

interface ConsentValue {
  type?: string;
  action?: 'accept' | 'decline';
  context?: { file?: unknown };
  uploadInfo?: {
    uploadUrl?: string;
    contentUrl?: string;
    name?: string;
    uniqueId?: string;
    fileType?: string;
  };
}

/** The `fileConsent/invoke` answer to a FileConsentCard: upload on accept, drop on decline. */
export async function onFileConsent(context: TurnContext, logger: Logger): Promise<void> {
  const value = (context.activity.value ?? {}) as ConsentValue;
  const path = pathOfStoredName(value.context?.file);
  const upload = value.uploadInfo;
  const size = path
    ? await stat(path).then(
        (s) => s.size,
        () => undefined,
      )
    : undefined;
  if (value.action === 'accept' && path && size !== undefined && upload?.uploadUrl) {
    const res = await fetch(upload.uploadUrl, {
      method: 'PUT',
      headers: { 'content-length': String(size), 'content-range': `bytes 0-${size - 1}/${size}` },
      body: Readable.toWeb(createReadStream(path)) as ReadableStream,
      duplex: 'half',
      signal: AbortSignal.timeout(60_000),
    } as RequestInit);
    if (!res.ok) {
      logger.warn('teams: file upload refused', { status: res.status });
      await context.sendActivity(
        'I could not put the file in your OneDrive. Run the command again to retry.',
      );
    } else {
      await discardFile(path);
      await context.sendActivity({
        type: 'message',
        attachments: [
          {
            contentType: FILE_INFO,
            contentUrl: upload.contentUrl,
            name: upload.name,
            content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
          },
        ],
      });
    }
  } else if (value.action === 'decline') {
    if (path) await discardFile(path);
    await context.sendActivity('OK, I did not send the file.');
  } else {
    await context.sendActivity('That file is no longer available. Run the command again to get a new one.');
  }
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
}
