import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';

export function Loading({ what }: { what: string }) {
  return (
    <Flex justifyContent="center" padding={8}>
      <Loader>{`Loading ${what}…`}</Loader>
    </Flex>
  );
}

export function Failed({ message, retry }: { message: string; retry: () => void }) {
  return (
    <Box padding={6} background="danger100" hasRadius role="alert">
      <Flex gap={4} alignItems="center" wrap="wrap">
        <Typography textColor="danger700">{message}</Typography>
        <Button variant="secondary" onClick={retry}>
          Try again
        </Button>
      </Flex>
    </Box>
  );
}

/** What will appear, and when: a period without views is not an error. */
export function NoViewsYet({ period }: { period: string }) {
  return (
    <EmptyStateLayout
      content={`No views in ${period} yet. Views appear here once viewers have watched at least 5 seconds of a video; the numbers are updated every few minutes.`}
    />
  );
}
