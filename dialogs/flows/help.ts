// `/ta help`: every verb with an example.
import { helpText } from '../commands.js';
import type { OneShot } from '../flow.js';

export const helpCommand: OneShot = {
  kind: 'oneshot',
  name: 'help',
  run: async () => ({
    kind: 'reply',
    messages: [
      helpText(),
      'In a dialog: *back*, *cancel*, *help*, and in the preview *edit <field>*. The /ta is optional when no question is waiting.',
    ],
  }),
};
