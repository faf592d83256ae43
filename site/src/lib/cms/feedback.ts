// "Send feedback" (plugins/feedback): a message from anyone on the site, sent as the viewer when one is signed in
// (the CMS records who sent it), else as nobody. The CMS counts sends per address: the client's, which the client
// forwards.

import type { FeedbackCategory, FeedbackReceipt } from '@framecast/contracts';
import { viewerCall } from './client';

export interface FeedbackInput {
  category: FeedbackCategory;
  message: string;
  /** The path on the site the feedback was sent from. */
  page: string;
  /** Where to answer, when the sender wants an answer. */
  contact: string | null;
}

export async function sendFeedback(input: FeedbackInput, jwt?: string): Promise<FeedbackReceipt> {
  const { data } = await viewerCall<{ data: FeedbackReceipt }>('/feedback', {
    method: 'POST',
    ...(jwt ? { bearer: jwt } : {}),
    body: input,
  });
  return data;
}
