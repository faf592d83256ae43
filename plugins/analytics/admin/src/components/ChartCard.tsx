/**
 * A chart with its numbers: a recharts line/area chart drawn in the admin theme's colours (light and dark), resizing
 * with its box (narrow screens too), and a "Show as table" switch; screen readers get the table, always.
 */
import * as React from 'react';
import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from 'styled-components';

export interface ChartColumn<Row> {
  label: string;
  value: (row: Row) => string;
}

interface Props<Row> {
  title: string;
  /** the period, said with every number */
  period: string;
  rows: Row[];
  x: (row: Row) => string;
  y: (row: Row) => number;
  /** the value axis and tooltip */
  formatY: (value: number) => string;
  /** the table's columns (first: the x value) */
  columns: ChartColumn<Row>[];
  /** a vertical marker (the average view duration on a retention curve) */
  marker?: { x: string; label: string } | undefined;
  height?: number;
  domainMax?: number;
}

export function ChartCard<Row>({
  title,
  period,
  rows,
  x,
  y,
  formatY,
  columns,
  marker,
  height = 240,
  domainMax,
}: Props<Row>) {
  const theme = useTheme();
  const [asTable, setAsTable] = React.useState(false);
  const id = React.useId();
  const data = rows.map((row) => ({ x: x(row), y: y(row) }));
  const table = (
    <Table colCount={columns.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column.label}>
              <Typography variant="sigma">{column.label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, index) => (
          <Tr key={index}>
            {columns.map((column) => (
              <Td key={column.label}>
                <Typography>{column.value(row)}</Typography>
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} aria-labelledby={`${id}-title`} tag="section">
      <Flex justifyContent="space-between" alignItems="center" wrap="wrap" gap={2} paddingBottom={3}>
        <Flex direction="column" alignItems="flex-start">
          <Typography variant="delta" tag="h2" id={`${id}-title`}>
            {title}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {period}
          </Typography>
        </Flex>
        <Button variant="tertiary" size="S" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {asTable ? 'Show chart' : 'Show table'}
          <VisuallyHidden>{` of ${title}`}</VisuallyHidden>
        </Button>
      </Flex>
      {asTable ? (
        <Box overflow="auto">{table}</Box>
      ) : (
        <>
          <div aria-hidden="true" style={{ width: '100%', height }}>
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke={theme.colors.neutral150} vertical={false} />
                <XAxis
                  dataKey="x"
                  tick={{ fill: theme.colors.neutral600, fontSize: 12 }}
                  stroke={theme.colors.neutral300}
                  minTickGap={24}
                />
                <YAxis
                  tickFormatter={formatY}
                  tick={{ fill: theme.colors.neutral600, fontSize: 12 }}
                  stroke={theme.colors.neutral300}
                  width={56}
                  domain={[0, domainMax ?? 'auto']}
                  allowDecimals={false}
                />
                <Tooltip
                  formatter={(value) => formatY(Number(value))}
                  contentStyle={{
                    background: theme.colors.neutral0,
                    borderColor: theme.colors.neutral200,
                    color: theme.colors.neutral800,
                  }}
                  labelStyle={{ color: theme.colors.neutral800 }}
                />
                <Area
                  type="monotone"
                  dataKey="y"
                  name={title}
                  stroke={theme.colors.primary600}
                  fill={theme.colors.primary200}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
                {marker ? (
                  <ReferenceLine
                    x={marker.x}
                    stroke={theme.colors.warning600}
                    strokeDasharray="4 4"
                    label={{
                      value: marker.label,
                      fill: theme.colors.warning700,
                      fontSize: 12,
                      position: 'insideTopRight',
                    }}
                  />
                ) : null}
              </AreaChart>
            </ResponsiveContainer>
          </div>
          <VisuallyHidden>{table}</VisuallyHidden>
        </>
      )}
    </Box>
  );
}
