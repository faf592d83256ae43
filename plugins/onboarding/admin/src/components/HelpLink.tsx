import * as React from 'react';
import { LinkButton } from '@strapi/design-system';
import { Question } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import type { AdminHelpGuide, AdminHelpLinks } from '@framecast/contracts';

/**
 * Shared by every plugin's admin pages (`@framecast/plugin-onboarding/admin/help-link`): onboarding owns the help links.
 * The help icon of an admin page: its guide in the site's help center, in a new tab (plugins/onboarding answers where
 * the guides are; nothing shows when the CMS does not know the site's address).
 */
export function HelpLink({ guide }: { guide: AdminHelpGuide }) {
  const { get } = useFetchClient();
  const [href, setHref] = React.useState<string | null>(null);
  React.useEffect(() => {
    get<{ data: AdminHelpLinks }>('/onboarding/help')
      .then(({ data }) => setHref(data.data?.[guide] ?? null))
      .catch(() => setHref(null));
  }, [get, guide]);
  if (!href) return null;
  return (
    <LinkButton
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      variant="tertiary"
      startIcon={<Question />}
      data-testid="help-link"
    >
      Help
      <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {' '}
        (opens in a new tab)
      </span>
    </LinkButton>
  );
}
