/**
 * The account mails users-permissions sends, in Framecast's words, with links to the site's account pages. Written to
 * users-permissions' settings at boot unless an admin has edited them (they then carry no marker).
 */
export const TEMPLATE_MARKER = '<!-- framecast:accounts -->';

export function confirmationTemplate(siteUrl: string) {
  return {
    object: 'Confirm your email address for Framecast',
    message: `${TEMPLATE_MARKER}
<p>Hello <%= USER.username %>,</p>
<p>Welcome to Framecast. Confirm your email address to finish creating your account:</p>
<p><a href="${siteUrl}/account/confirm?confirmation=<%= CODE %>">${siteUrl}/account/confirm?confirmation=<%= CODE %></a></p>
<p>If you did not sign up, ignore this mail: no account is used until the address is confirmed.</p>`,
  };
}

export function resetPasswordTemplate() {
  return {
    object: 'Reset your Framecast password',
    message: `${TEMPLATE_MARKER}
<p>Hello <%= USER.username %>,</p>
<p>Someone (we hope you) asked to reset the password of your Framecast account. Choose a new one here:</p>
<p><a href="<%= URL %>?code=<%= TOKEN %>"><%= URL %>?code=<%= TOKEN %></a></p>
<p>If you did not ask, ignore this mail: your password stays as it is.</p>`,
  };
}
