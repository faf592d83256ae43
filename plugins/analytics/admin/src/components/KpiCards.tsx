import { Box, Flex, Grid, Typography } from '@strapi/design-system';

export interface Kpi {
  label: string;
  value: string;
  /** "+12%" against the previous period */
  change?: string | null | undefined;
  /** a second fact under the number ("3 unfollowed") */
  note?: string | undefined;
}

/** The headline numbers of a period, each with its change against the period before. */
/** `period` names the period ("the last 28 days"); `against` the one compared with ("the 28 days before"). */
export function KpiCards({ items, period, against }: { items: Kpi[]; period: string; against?: string }) {
  return (
    <Grid.Root gap={4}>
      {items.map((item) => (
        <Grid.Item key={item.label} col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography variant="sigma" textColor="neutral600">
                {item.label}
              </Typography>
              <Typography variant="alpha" tag="p">
                {item.value}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {item.change && against ? `${period}: ${item.change} against ${against}` : period}
              </Typography>
              {item.note ? (
                <Typography variant="pi" textColor="neutral600">
                  {item.note}
                </Typography>
              ) : null}
            </Flex>
          </Box>
        </Grid.Item>
      ))}
    </Grid.Root>
  );
}
