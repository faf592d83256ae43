import * as React from 'react';
import { Box, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { CaretDown, CaretUp } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import type { TopVideo } from '../utils/api';
import { formatCount, formatDuration, formatHours } from '../utils/format';
import { ExportButton } from './ExportButton';

type SortKey = 'title' | 'views' | 'watchHours' | 'averageViewSeconds';
const COLUMNS: Array<{ key: SortKey; label: string }> = [
  { key: 'title', label: 'Video' },
  { key: 'views', label: 'Views' },
  { key: 'watchHours', label: 'Watch time' },
  { key: 'averageViewSeconds', label: 'Average view' },
];

/** The period's videos, sortable by any column (a button in each header says how it sorts). */
export function TopVideosTable({
  rows,
  period,
  exportPath,
  videoPath,
}: {
  rows: TopVideo[];
  period: string;
  exportPath: string;
  videoPath: (id: string) => string;
}) {
  const [sort, setSort] = React.useState<{ key: SortKey; descending: boolean }>({ key: 'views', descending: true });
  const sorted = [...rows].sort((a, b) => {
    const order = sort.key === 'title' ? a.title.localeCompare(b.title) : a[sort.key] - b[sort.key];
    return sort.descending ? -order : order;
  });
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} tag="section" aria-label="Top videos">
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={3} gap={2} wrap="wrap">
        <Flex direction="column" alignItems="flex-start">
          <Typography variant="delta" tag="h2">
            Top videos
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {period}
          </Typography>
        </Flex>
        {rows.length > 0 ? <ExportButton path={exportPath} name="top-videos.csv" /> : null}
      </Flex>
      {rows.length === 0 ? (
        <Typography textColor="neutral600">No video was watched in this period.</Typography>
      ) : (
        <Box overflow="auto">
          <Table colCount={COLUMNS.length} rowCount={rows.length + 1}>
            <Thead>
              <Tr>
                {COLUMNS.map((column) => {
                  const active = sort.key === column.key;
                  return (
                    <Th key={column.key} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                      <button
                        type="button"
                        onClick={() =>
                          setSort({ key: column.key, descending: active ? !sort.descending : column.key !== 'title' })
                        }
                        style={{
                          background: 'none',
                          border: 0,
                          padding: 0,
                          cursor: 'pointer',
                          display: 'flex',
                          alignItems: 'center',
                          gap: 4,
                          color: 'inherit',
                        }}
                      >
                        <Typography variant="sigma">{column.label}</Typography>
                        {active ? sort.descending ? <CaretDown aria-hidden /> : <CaretUp aria-hidden /> : null}
                        <VisuallyHidden>
                          {active ? `, sorted ${sort.descending ? 'high to low' : 'low to high'}` : ', sort'}
                        </VisuallyHidden>
                      </button>
                    </Th>
                  );
                })}
              </Tr>
            </Thead>
            <Tbody>
              {sorted.map((video) => (
                <Tr key={video.documentId}>
                  <Td style={{ maxWidth: 360 }}>
                    <Link tag={NavLink} to={videoPath(video.documentId)}>
                      {video.title}
                    </Link>
                  </Td>
                  <Td>
                    <Typography>{formatCount(video.views)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatHours(video.watchHours)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{formatDuration(video.averageViewSeconds)}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
