import * as React from 'react';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import type { ReportParams } from '../utils/api';

const PRESETS = [7, 28, 90, 365];

/** 7/28/90/365 days ending today, or a custom period (both dates, the last one included). */
export function PeriodPicker({ value, onChange }: { value: ReportParams; onChange: (next: ReportParams) => void }) {
  const custom = value.from !== undefined;
  const [from, setFrom] = React.useState(value.from ?? '');
  const [to, setTo] = React.useState(value.to ?? '');
  return (
    <Flex gap={2} alignItems="flex-end" wrap="wrap">
      <Field.Root name="period">
        <Field.Label>Period</Field.Label>
        <SingleSelect
          value={custom ? 'custom' : String(value.days ?? 28)}
          onChange={(next: string | number) => {
            if (next === 'custom')
              onChange({ channel: value.channel, from: from || undefined, to: to || undefined, days: undefined });
            else onChange({ channel: value.channel, days: Number(next) });
          }}
        >
          {PRESETS.map((days) => (
            <SingleSelectOption key={days} value={String(days)}>
              Last {days} days
            </SingleSelectOption>
          ))}
          <SingleSelectOption value="custom">Custom…</SingleSelectOption>
        </SingleSelect>
      </Field.Root>
      {custom ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ channel: value.channel, from, to });
          }}
        >
          <Flex gap={2} alignItems="flex-end">
            <Field.Root name="from">
              <Field.Label>From</Field.Label>
              <TextInput
                type="date"
                value={from}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setFrom(event.target.value)}
                required
              />
            </Field.Root>
            <Field.Root name="to">
              <Field.Label>To</Field.Label>
              <TextInput
                type="date"
                value={to}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTo(event.target.value)}
                required
              />
            </Field.Root>
            <Button type="submit" variant="secondary" size="L">
              Show
            </Button>
          </Flex>
        </form>
      ) : null}
    </Flex>
  );
}

/** "the last 28 days" / "1 Nov 2026 – 30 Nov 2026", for labels. */
export function periodLabel(params: ReportParams, range?: { from: string; to: string }): string {
  if (params.from !== undefined && range) return `${range.from} – ${range.to}`;
  return `the last ${params.days ?? 28} days`;
}
