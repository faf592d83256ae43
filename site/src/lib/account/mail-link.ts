// The pages that mail a link to an address (reset a password, confirm an account again) handle their form one way:
// check the address, ask the CMS, then show "check your email"; a refusal shows the form again with its status.

import type { AstroSession } from 'astro';
import { emailFormProblems, FORM_FIELDS, hasProblems, readFormValues, type FormValues } from './forms';
import { postedForm, privatePage, showOutcome } from './page';
import { invalidOutcome, refusalOutcome, type FormOutcome } from './refusals';
import type { PageContext } from '../page';
import { localRedirect } from '../return-path';
import type { MailNotice } from '../session/viewer-session';

export interface MailLinkForm {
  values: FormValues<'email'>;
  outcome: FormOutcome | undefined;
}

/** The form's state for this request, or the redirect to /account/check-email once the CMS took the address. */
export async function mailLinkRequest(
  page: PageContext & { request: Request; session?: AstroSession | undefined },
  options: { email: string; purpose: MailNotice['purpose']; send: (email: string) => Promise<unknown> },
): Promise<MailLinkForm | Response> {
  privatePage(page);
  let values: FormValues<'email'> = { email: options.email };
  let outcome: FormOutcome | undefined;
  if (page.request.method === 'POST') {
    values = readFormValues('email', await postedForm(page.request));
    const problems = emailFormProblems(values);
    if (hasProblems(problems)) outcome = invalidOutcome(problems);
    else {
      try {
        await options.send(values.email);
        page.session!.set('mailNotice', { purpose: options.purpose, email: values.email });
        return localRedirect('/account/check-email');
      } catch (error) {
        outcome = refusalOutcome(error, FORM_FIELDS.email);
      }
    }
    showOutcome(page, outcome);
  }
  return { values, outcome };
}
