import { Box, Flex, Typography } from '@strapi/design-system';
import { Area, AreaChart, ResponsiveContainer } from 'recharts';
import { useTheme } from 'styled-components';
import { API, useReport, type Overview } from '../utils/api';
import { change, formatCount, formatHours } from '../utils/format';

/** Home page: the last 28 days against the 28 before: views, watch hours, followers, and a sparkline of views. */
export function ChannelWidget() {
  const overview = useReport<Overview>(`${API.overview}?days=28`);
  const theme = useTheme();
  if (overview.status === 'loading') return <Typography textColor="neutral600">Loading…</Typography>;
  if (overview.status === 'error') return <Typography textColor="danger600">{overview.message}</Typography>;
  const { totals, previous, series } = overview.data;
  const figures = [
    { label: 'Views', value: formatCount(totals.views), change: change(totals.views, previous.views) },
    {
      label: 'Watch hours',
      value: formatHours(totals.watchHours),
      change: change(totals.watchHours, previous.watchHours),
    },
    {
      label: 'Followers gained',
      value: totals.followersGained === null ? '–' : formatCount(totals.followersGained),
      change: totals.followersGained === null ? null : change(totals.followersGained, previous.followersGained ?? 0),
    },
  ];
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex gap={4} wrap="wrap">
        {figures.map((figure) => (
          <Flex key={figure.label} direction="column" alignItems="flex-start">
            <Typography variant="sigma" textColor="neutral600">
              {figure.label}
            </Typography>
            <Typography variant="beta" tag="p">
              {figure.value}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              {figure.change ? `${figure.change} vs the 28 days before` : 'last 28 days'}
            </Typography>
          </Flex>
        ))}
      </Flex>
      <Box aria-hidden="true" style={{ height: 56 }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={series.map((point) => ({ views: point.views }))}>
            <Area
              type="monotone"
              dataKey="views"
              stroke={theme.colors.primary600}
              fill={theme.colors.primary100}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </Box>
      {totals.views === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          No views in the last 28 days yet: they appear here a few minutes after viewers watch.
        </Typography>
      ) : null}
    </Flex>
  );
}

/** Home page: the five most viewed videos of the last 28 days. */
export function TopVideosWidget() {
  const overview = useReport<Overview>(`${API.overview}?days=28`);
  if (overview.status === 'loading') return <Typography textColor="neutral600">Loading…</Typography>;
  if (overview.status === 'error') return <Typography textColor="danger600">{overview.message}</Typography>;
  const top = overview.data.topVideos.slice(0, 5);
  if (top.length === 0)
    return (
      <Typography textColor="neutral600">Your most watched videos of the last 28 days will be listed here.</Typography>
    );
  return (
    <Flex tag="ol" direction="column" alignItems="stretch" gap={2}>
      {top.map((video, index) => (
        <Flex tag="li" key={video.documentId} justifyContent="space-between" gap={2}>
          <Typography ellipsis>{`${index + 1}. ${video.title}`}</Typography>
          <Typography textColor="neutral600">{`${formatCount(video.views)} views`}</Typography>
        </Flex>
      ))}
    </Flex>
  );
}
