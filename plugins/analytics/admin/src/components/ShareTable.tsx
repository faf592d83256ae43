import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { Share } from '../utils/api';
import { formatCount, formatPercent } from '../utils/format';
import { ExportButton } from './ExportButton';

interface Props {
  title: string;
  label: string;
  rows: Share[];
  name: (key: string) => string;
  period: string;
  empty: string;
  exportPath?: string;
}

/** Views by source, device or country: the share of the period's views, with a bar for the eye. */
export function ShareTable({ title, label, rows, name, period, empty, exportPath }: Props) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} tag="section" aria-label={title}>
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={3} gap={2} wrap="wrap">
        <Flex direction="column" alignItems="flex-start">
          <Typography variant="delta" tag="h2">
            {title}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {period}
          </Typography>
        </Flex>
        {exportPath && rows.length > 0 ? <ExportButton path={exportPath} name={`${label}.csv`} /> : null}
      </Flex>
      {rows.length === 0 ? (
        <Typography textColor="neutral600">{empty}</Typography>
      ) : (
        <Table colCount={3} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Typography variant="sigma">{label}</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Views</Typography>
              </Th>
              <Th>
                <Typography variant="sigma">Share</Typography>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.slice(0, 10).map((row) => (
              <Tr key={row.name}>
                <Td>
                  <Typography>{name(row.name)}</Typography>
                </Td>
                <Td>
                  <Typography>{formatCount(row.views)}</Typography>
                </Td>
                <Td>
                  <Flex gap={2} alignItems="center">
                    <Box
                      background="primary500"
                      height="0.5rem"
                      hasRadius
                      style={{ width: `${Math.max(2, row.share * 80)}px` }}
                    />
                    <Typography>{formatPercent(row.share)}</Typography>
                  </Flex>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Box>
  );
}
