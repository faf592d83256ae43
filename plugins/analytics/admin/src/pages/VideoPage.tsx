import { Box, Flex, Grid, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useParams, useSearchParams } from 'react-router-dom';
import { ChartCard } from '../components/ChartCard';
import { ExportButton } from '../components/ExportButton';
import { KpiCards } from '../components/KpiCards';
import { PeriodPicker, periodLabel } from '../components/PeriodPicker';
import { ShareTable } from '../components/ShareTable';
import { Failed, Loading, NoViewsYet } from '../components/States';
import { PLUGIN_ID } from '../pluginId';
import { API, queryString, useReport, type ReportParams, type VideoReport } from '../utils/api';
import {
  dayLabel,
  formatCount,
  formatDuration,
  formatHours,
  formatMs,
  formatPercent,
  trafficName,
} from '../utils/format';

/** One video: retention (with the average view duration marked and the steepest drops named), sources, quality. */
export function VideoPage() {
  const { documentId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const params: ReportParams = search.get('from')
    ? { from: search.get('from') ?? undefined, to: search.get('to') ?? undefined }
    : { days: Number(search.get('days') ?? 90) };
  const query = queryString({ days: params.days, from: params.from, to: params.to });
  const report = useReport<VideoReport>(params.from && !params.to ? null : `${API.video(documentId)}${query}`);
  const period = periodLabel(params, report.status === 'ready' ? report.data.range : undefined);
  const exportOf = (table: string) => `${API.video(documentId)}${query}${query ? '&' : '?'}format=csv&table=${table}`;

  return (
    <Page.Main>
      <Page.Title>Video analytics</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`} startIcon={<ArrowLeft />}>
            Channel analytics
          </Link>
        }
        title={report.status === 'ready' ? report.data.video.title : 'Video analytics'}
        subtitle="Who stays, where they came from, and how well it plays"
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <PeriodPicker
            value={params}
            onChange={(next) =>
              setSearch(
                new URLSearchParams(
                  Object.entries(next)
                    .filter(([, v]) => v !== undefined && v !== '')
                    .map(([k, v]) => [k, String(v)]),
                ),
              )
            }
          />
          {report.status === 'loading' ? <Loading what="the video's numbers" /> : null}
          {report.status === 'error' ? <Failed message={report.message} retry={report.reload} /> : null}
          {report.status === 'ready' ? <VideoBody data={report.data} period={period} exportOf={exportOf} /> : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

function VideoBody({
  data,
  period,
  exportOf,
}: {
  data: VideoReport;
  period: string;
  exportOf: (table: string) => string;
}) {
  const { retention, quality } = data;
  const average = retention.averageViewSeconds;
  const markerPoint = retention.curve.find((point) => point.from <= average && average < point.to);
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <KpiCards
        period={period}
        items={[
          { label: 'Views', value: formatCount(data.totals.views) },
          { label: 'Watch time', value: formatHours(data.totals.watchHours) },
          { label: 'Average view duration', value: formatDuration(data.totals.averageViewSeconds) },
          { label: 'Unique viewers', value: formatCount(data.totals.uniqueViewers) },
        ]}
      />
      {data.totals.views === 0 ? <NoViewsYet period={period} /> : null}
      {retention.curve.length > 0 ? (
        <Box>
          <ChartCard
            title="Audience retention"
            period={`${period}: share of ${formatCount(retention.plays)} plays still watching`}
            rows={retention.curve}
            x={(point) => formatDuration(point.from)}
            y={(point) => Math.round(point.share * 1000) / 10}
            formatY={(value) => `${value}%`}
            domainMax={100}
            marker={
              markerPoint
                ? { x: formatDuration(markerPoint.from), label: `Average view ${formatDuration(average)}` }
                : undefined
            }
            columns={[
              { label: 'From', value: (point) => formatDuration(point.from) },
              { label: 'To', value: (point) => formatDuration(point.to) },
              { label: 'Still watching', value: (point) => formatPercent(point.share) },
            ]}
          />
          <Flex justifyContent="space-between" paddingTop={2} gap={2} wrap="wrap">
            <Typography variant="omega" textColor="neutral700">
              {retention.drops.length > 0
                ? `Steepest drops: ${retention.drops.map((drop) => `${drop.label} (−${formatPercent(drop.drop)})`).join(', ')}`
                : 'No drop yet.'}
            </Typography>
            <ExportButton path={exportOf('retention')} name="retention.csv" />
          </Flex>
        </Box>
      ) : null}
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
        ]}
        height={180}
      />
      <Grid.Root gap={4}>
        <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
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
        <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
          <Box
            background="neutral0"
            hasRadius
            shadow="tableShadow"
            padding={4}
            tag="section"
            aria-label="Playback quality"
          >
            <Flex justifyContent="space-between" alignItems="center" paddingBottom={3} wrap="wrap" gap={2}>
              <Flex direction="column" alignItems="flex-start">
                <Typography variant="delta" tag="h2">
                  Playback quality
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {`${period}: startup ${formatMs(quality.overall.startupP50Ms)} (p50), ${formatMs(quality.overall.startupP95Ms)} (p95); rebuffering ${formatPercent(
                    quality.overall.rebufferingRatio,
                  )}; errors ${formatPercent(quality.overall.errorRate)}`}
                </Typography>
              </Flex>
              {quality.byBrowser.length > 0 ? <ExportButton path={exportOf('quality')} name="quality.csv" /> : null}
            </Flex>
            {quality.byBrowser.length === 0 ? (
              <Typography textColor="neutral600">Quality appears once the video has been played.</Typography>
            ) : (
              <Box overflow="auto">
                <Table colCount={6} rowCount={quality.byBrowser.length + 1}>
                  <Thead>
                    <Tr>
                      {['Browser', 'Sessions', 'Startup p50', 'Startup p95', 'Rebuffering', 'Error rate'].map(
                        (label) => (
                          <Th key={label}>
                            <Typography variant="sigma">{label}</Typography>
                          </Th>
                        ),
                      )}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {quality.byBrowser.map((row) => (
                      <Tr key={row.browser}>
                        <Td>
                          <Typography>{row.browser === 'unknown' ? 'Unknown' : row.browser}</Typography>
                        </Td>
                        <Td>
                          <Typography>{formatCount(row.sessions)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{formatMs(row.startupP50Ms)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{formatMs(row.startupP95Ms)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{formatPercent(row.rebufferingRatio)}</Typography>
                        </Td>
                        <Td>
                          <Typography>{formatPercent(row.errorRate)}</Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Box>
            )}
          </Box>
        </Grid.Item>
      </Grid.Root>
    </Flex>
  );
}
