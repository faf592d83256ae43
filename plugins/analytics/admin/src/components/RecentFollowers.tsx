import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { RecentFollower } from '../utils/api';
import { dateTimeLabel } from '../utils/format';
import { ExportButton } from './ExportButton';

interface Props {
  rows: RecentFollower[];
  exportPath: string;
}

/**
 * The channel's newest followers who chose to be shown (a setting in their account): only those are named, so the
 * list says so, and says where viewers choose it when nobody has yet.
 */
export function RecentFollowers({ rows, exportPath }: Props) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} tag="section" aria-label="Recent followers">
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={3} gap={2} wrap="wrap">
        <Flex direction="column" alignItems="flex-start">
          <Typography variant="delta" tag="h2">
            Recent followers
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            the newest who chose to be shown; the others are counted, never named
          </Typography>
        </Flex>
        {rows.length > 0 ? <ExportButton path={exportPath} name="recent-followers.csv" /> : null}
      </Flex>
      {rows.length === 0 ? (
        <Typography textColor="neutral600">
          No follower has chosen to be shown yet. Viewers choose it under “Privacy” in their account settings; their
          names will appear here as they follow you.
        </Typography>
      ) : (
        <Table colCount={2} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">Follower</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Followed</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((row) => (
              <Tr key={`${row.name}-${row.followedAt}`}>
                <Td>
                  <Typography>{row.name}</Typography>
                </Td>
                <Td>
                  <Typography>{dateTimeLabel(row.followedAt)}</Typography>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Box>
  );
}
