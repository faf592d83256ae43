import * as React from 'react';
import { Box, Field, Flex, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { ChartCard } from '../components/ChartCard';
import { HelpLink } from '@framecast/plugin-onboarding/admin/help-link';
import { KpiCards } from '../components/KpiCards';
import { PeriodPicker, periodLabel } from '../components/PeriodPicker';
import { RecentFollowers } from '../components/RecentFollowers';
import { ShareTable } from '../components/ShareTable';
import { Failed, Loading, NoViewsYet } from '../components/States';
import { TopVideosTable } from '../components/TopVideosTable';
import { PLUGIN_ID } from '../pluginId';
import { API, queryString, useReport, type Overview, type Realtime, type ReportParams, type Scope } from '../utils/api';
import {
  change,
  countryName,
  dayLabel,
  deviceName,
  formatCount,
  formatDuration,
  formatHours,
  hourLabel,
  trafficName,
} from '../utils/format';

/** The period and channel live in the URL: a report can be bookmarked and shared with another admin. */
function useParams(): [ReportParams, (next: ReportParams) => void] {
  const [search, setSearch] = useSearchParams();
  const params: ReportParams = {
    days: search.get('from') ? undefined : Number(search.get('days') ?? 28),
    from: search.get('from') ?? undefined,
    to: search.get('to') ?? undefined,
    channel: search.get('channel') ?? undefined,
  };
  const set = (next: ReportParams) => {
    const entries = Object.entries(next).filter(([, value]) => value !== undefined && value !== '') as Array<
      [string, string]
    >;
    setSearch(new URLSearchParams(entries.map(([key, value]) => [key, String(value)])));
  };
  return [params, set];
}

export function OverviewPage() {
  const [params, setParams] = useParams();
  const scope = useReport<Scope>(API.scope);
  const query = queryString({ days: params.days, from: params.from, to: params.to, channel: params.channel });
  const overview = useReport<Overview>(params.from && !params.to ? null : `${API.overview}${query}`);
  const realtime = useReport<Realtime>(`${API.realtime}${queryString({ channel: params.channel })}`);

  const title = scope.status === 'ready' && scope.data.all && !params.channel ? 'Analytics: the platform' : 'Analytics';
  const period = periodLabel(params, overview.status === 'ready' ? overview.data.range : undefined);

  return (
    <Page.Main>
      <Page.Title>Analytics</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={
          overview.status === 'ready' && overview.data.channel
            ? `${overview.data.channel.name}: what your audience watches, where it comes from`
            : 'What audiences watch, where they come from, and how well it plays'
        }
        secondaryAction={<HelpLink guide="analytics" />}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Flex gap={4} wrap="wrap" alignItems="flex-end">
            <PeriodPicker value={params} onChange={setParams} />
            {scope.status === 'ready' && scope.data.all ? (
              <Field.Root name="channel">
                <Field.Label>Channel</Field.Label>
                <SingleSelect
                  value={params.channel ?? 'all'}
                  onChange={(value: string | number) =>
                    setParams({ ...params, channel: value === 'all' ? undefined : String(value) })
                  }
                >
                  <SingleSelectOption value="all">Every channel</SingleSelectOption>
                  {scope.data.channels.map((channel) => (
                    <SingleSelectOption key={channel.documentId} value={channel.documentId}>
                      {channel.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            ) : null}
          </Flex>
          {scope.status === 'error' ? <Failed message={scope.message} retry={scope.reload} /> : null}
          {overview.status === 'loading' ? <Loading what="the numbers" /> : null}
          {overview.status === 'error' ? <Failed message={overview.message} retry={overview.reload} /> : null}
          {overview.status === 'ready' ? <OverviewBody data={overview.data} period={period} query={query} /> : null}
          {realtime.status === 'ready' ? (
            <ChartCard
              title="Realtime: views per hour"
              period={`the last 48 hours: ${formatCount(realtime.data.views)} views`}
              rows={realtime.data.hours}
              x={(row) => hourLabel(row.start)}
              y={(row) => row.views}
              formatY={(value) => formatCount(value)}
              columns={[
                { label: 'Hour', value: (row) => hourLabel(row.start) },
                { label: 'Views', value: (row) => formatCount(row.views) },
              ]}
              height={160}
            />
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

function OverviewBody({ data, period, query }: { data: Overview; period: string; query: string }) {
  const { totals, previous } = data;
  const exportOf = (table: string) => `${API.topVideos}${query}${query ? '&' : '?'}format=csv&table=${table}`;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <KpiCards
        period={period}
        against={data.range.days === 1 ? 'the day before' : `the ${data.range.days} days before`}
        items={[
          { label: 'Views', value: formatCount(totals.views), change: change(totals.views, previous.views) },
          {
            label: 'Watch time',
            value: formatHours(totals.watchHours),
            change: change(totals.watchHours, previous.watchHours),
          },
          {
            label: 'Average view duration',
            value: formatDuration(totals.averageViewSeconds),
            change: change(totals.averageViewSeconds, previous.averageViewSeconds),
          },
          {
            label: 'Followers gained',
            value: totals.followersGained === null ? '–' : formatCount(totals.followersGained),
            change:
              totals.followersGained === null ? null : change(totals.followersGained, previous.followersGained ?? 0),
            note: totals.followersLost ? `${formatCount(totals.followersLost)} unfollowed` : undefined,
          },
        ]}
      />
      {totals.views === 0 ? <NoViewsYet period={period} /> : null}
      <ChartCard
        title="Views"
        period={period}
        rows={data.series}
        x={(row) => dayLabel(row.start)}
        y={(row) => row.views}
        formatY={(value) => formatCount(value)}
        columns={[
          { label: 'Day', value: (row) => row.start },
          { label: 'Views', value: (row) => formatCount(row.views) },
          { label: 'Watch time', value: (row) => formatHours(row.watchHours) },
          { label: 'Average view', value: (row) => formatDuration(row.averageViewSeconds) },
        ]}
      />
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <ChartCard
            title="Watch time (hours)"
            period={period}
            rows={data.series}
            x={(row) => dayLabel(row.start)}
            y={(row) => row.watchHours}
            formatY={(value) => value.toFixed(value < 10 ? 1 : 0)}
            columns={[
              { label: 'Day', value: (row) => row.start },
              { label: 'Watch time', value: (row) => formatHours(row.watchHours) },
            ]}
            height={180}
          />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <ChartCard
            title="Followers"
            period={period}
            rows={data.followers ?? []}
            x={(row) => dayLabel(row.day)}
            y={(row) => row.total}
            formatY={(value) => formatCount(value)}
            columns={[
              { label: 'Day', value: (row) => row.day },
              { label: 'Followers', value: (row) => formatCount(row.total) },
              { label: 'Gained', value: (row) => formatCount(row.gained) },
              { label: 'Lost', value: (row) => formatCount(row.lost) },
            ]}
            height={180}
          />
        </Grid.Item>
      </Grid.Root>
      {data.recentFollowers ? (
        <RecentFollowers rows={data.recentFollowers} exportPath={exportOf('recent-followers')} />
      ) : null}
      <TopVideosTable
        rows={data.topVideos}
        period={period}
        exportPath={exportOf('top-videos')}
        videoPath={(id) => `/plugins/${PLUGIN_ID}/videos/${id}`}
      />
      <Grid.Root gap={4}>
        <Grid.Item col={4} m={6} s={12} direction="column" alignItems="stretch">
          <ShareTable
            title="Traffic sources"
            label="Source"
            rows={data.sources}
            name={trafficName}
            period={period}
            empty="No views yet."
            exportPath={exportOf('sources')}
          />
        </Grid.Item>
        <Grid.Item col={4} m={6} s={12} direction="column" alignItems="stretch">
          <ShareTable
            title="Devices"
            label="Device"
            rows={data.devices}
            name={deviceName}
            period={period}
            empty="No views yet."
            exportPath={exportOf('devices')}
          />
        </Grid.Item>
        <Grid.Item col={4} m={6} s={12} direction="column" alignItems="stretch">
          <ShareTable
            title="Countries"
            label="Country"
            rows={data.countries}
            name={countryName}
            period={period}
            empty="No views yet."
            exportPath={exportOf('countries')}
          />
        </Grid.Item>
      </Grid.Root>
      {data.referrers.length > 0 ? (
        <ShareTable
          title="Other websites"
          label="Website"
          rows={data.referrers}
          name={(name) => name}
          period={period}
          empty=""
          exportPath={exportOf('referrers')}
        />
      ) : null}
      <Box>
        <Typography variant="pi" textColor="neutral600">
          A view counts once a viewer has played 5 seconds of a video, once per viewer per day. Numbers are updated
          every few minutes; viewers who ask not to be tracked (Do Not Track, Global Privacy Control) are counted
          without their device or country.
        </Typography>
      </Box>
    </Flex>
  );
}
