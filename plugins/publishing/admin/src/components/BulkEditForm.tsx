import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import type { BulkEditAnswer, BulkEditItem, BulkVideoChange } from '@framecast/contracts';
import { VIDEO_UID, timeZone } from '../utils/schedule';

/** Videos sent per request when applying, so the progress bar moves and a long run is never one long request. */
const CHUNK = 5;
const API = '/publishing/videos/bulk';

type Option = { documentId: string; label: string };
type Mode = 'form' | 'preview' | 'applying' | 'done';

/** Targets of one of the video's relations the user may pick, as the content manager's own relation picker lists them. */
function useOptions(field: 'category' | 'tags' | 'playlists'): Option[] {
  const { get } = useFetchClient();
  const [options, setOptions] = React.useState<Option[]>([]);
  React.useEffect(() => {
    get<{ results?: Array<{ documentId: string; name?: string; title?: string }> }>(
      `/content-manager/relations/${VIDEO_UID}/${field}?pageSize=100&page=1`,
    )
      .then(({ data }) =>
        setOptions(
          (data.results ?? []).map((row) => ({
            documentId: row.documentId,
            label: row.name ?? row.title ?? row.documentId,
          })),
        ),
      )
      .catch(() => setOptions([]));
  }, [get, field]);
  return options;
}

function Select({
  label,
  value,
  onChange,
  options,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<[string, string]>;
  hint?: string;
}) {
  return (
    <Field.Root name={label} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value} onChange={(next: string | number) => onChange(String(next))}>
        {options.map(([key, text]) => (
          <SingleSelectOption key={key} value={key}>
            {text}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      {hint ? <Field.Hint /> : null}
    </Field.Root>
  );
}

/** A bar for a light dialog (the design system's ProgressBar is drawn for dark overlays), as a progressbar. */
function Progress({ done, total }: { done: number; total: number }) {
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <Box
      role="progressbar"
      aria-label={`${done} of ${total} videos done`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      background="neutral150"
      hasRadius
      height="0.8rem"
      overflow="hidden"
    >
      <Box background="primary600" height="100%" style={{ width: `${percent}%`, transition: 'width 0.2s' }} />
    </Box>
  );
}

function Results({ items }: { items: BulkEditItem[] }) {
  return (
    <Box tag="ol" data-testid="bulk-edit-results" style={{ maxHeight: 280, overflowY: 'auto' }}>
      {items.map((item) => (
        <Box tag="li" key={item.documentId} paddingBottom={2}>
          <Flex gap={2} alignItems="flex-start">
            <Badge active={item.ok}>{item.ok ? 'OK' : 'Not changed'}</Badge>
            <Box>
              <Typography fontWeight="semiBold">{item.title ?? item.documentId}</Typography>
              <Typography variant="pi" tag="p">
                {item.problem ?? (item.changes.length ? item.changes.join(' · ') : 'Nothing to change')}
              </Typography>
            </Box>
          </Flex>
        </Box>
      ))}
    </Box>
  );
}

/**
 * The bulk edit form, shared by the videos list's "Edit selected" and the upload inbox: what to change, a preview per
 * video (and what would be refused, and why), then the change applied five videos at a time with a progress bar and a
 * result per video. `onApplied` runs when the user closes the results (the caller shows the new values); `then` presets
 * the last step (the inbox's "Publish selected").
 */
export function BulkEditForm({
  ids,
  onClose,
  onApplied,
  then: initialThen = '',
}: {
  ids: string[];
  onClose: () => void;
  onApplied: () => void;
  then?: '' | 'publish';
}) {
  const { post } = useFetchClient();
  const categories = useOptions('category');
  const tags = useOptions('tags');
  const playlists = useOptions('playlists');
  const [titlePattern, setTitlePattern] = React.useState('');
  const [description, setDescription] = React.useState('');
  const [replaceDescription, setReplaceDescription] = React.useState(false);
  const [visibility, setVisibility] = React.useState('');
  const [category, setCategory] = React.useState('');
  const [addTag, setAddTag] = React.useState('');
  const [removeTag, setRemoveTag] = React.useState('');
  const [playlist, setPlaylist] = React.useState('');
  const [schedule, setSchedule] = React.useState('');
  const [scheduleMode, setScheduleMode] = React.useState('');
  const [then, setThen] = React.useState<string>(initialThen);
  const [mode, setMode] = React.useState<Mode>('form');
  const [items, setItems] = React.useState<BulkEditItem[]>([]);
  const [error, setError] = React.useState<string | null>(null);

  const change = (): BulkVideoChange => ({
    ...(titlePattern.trim() ? { titlePattern: titlePattern.trim() } : {}),
    ...(replaceDescription ? { description } : {}),
    ...(visibility ? { visibility: visibility as BulkVideoChange['visibility'] } : {}),
    ...(category ? { category: category === '-' ? null : category } : {}),
    ...(addTag ? { addTags: [addTag] } : {}),
    ...(removeTag ? { removeTags: [removeTag] } : {}),
    ...(playlist ? { addToPlaylist: playlist } : {}),
    ...(scheduleMode === 'clear' ? { scheduledAt: null } : {}),
    ...(scheduleMode === 'set' && schedule ? { scheduledAt: new Date(schedule).toISOString() } : {}),
    ...(then ? { then: then as BulkVideoChange['then'] } : {}),
  });
  const refusal = (failure: unknown) =>
    (failure as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
    'The change was not accepted.';

  const preview = async () => {
    setError(null);
    try {
      const { data } = await post<BulkEditAnswer>(API, { documentIds: ids, change: change(), preview: true });
      setItems(data.items);
      setMode('preview');
    } catch (failure) {
      setError(refusal(failure));
    }
  };

  const apply = async () => {
    setMode('applying');
    const done: BulkEditItem[] = [];
    setItems([]);
    for (let start = 0; start < ids.length; start += CHUNK) {
      try {
        const { data } = await post<BulkEditAnswer>(API, {
          documentIds: ids.slice(start, start + CHUNK),
          change: change(),
          offset: start,
        });
        done.push(...data.items);
      } catch (failure) {
        // the chunk was refused as a whole: say so for each of its videos, and go on with the rest
        for (const documentId of ids.slice(start, start + CHUNK))
          done.push({ documentId, title: null, changes: [], ok: false, problem: refusal(failure) });
      }
      setItems([...done]);
    }
    setMode('done');
  };

  const succeeded = items.filter((item) => item.ok).length;
  const zone = timeZone();
  if (mode !== 'form')
    return (
      <Flex direction="column" alignItems="stretch" gap={4} padding={6}>
        {mode === 'preview' ? (
          <Typography>
            {`${succeeded} of ${ids.length} videos would change; the others are listed with the reason.`}
          </Typography>
        ) : (
          <>
            <Progress done={items.length} total={ids.length} />
            <Typography role="status" aria-live="polite">
              {mode === 'done'
                ? `Done: ${succeeded} changed, ${items.length - succeeded} not.`
                : `Changing ${items.length} of ${ids.length}…`}
            </Typography>
          </>
        )}
        <Results items={items} />
        <Flex gap={2} justifyContent="flex-end">
          {mode === 'preview' ? (
            <>
              <Button variant="tertiary" onClick={() => setMode('form')}>
                Back
              </Button>
              <Button
                variant={then === 'delete' ? 'danger' : 'default'}
                onClick={() => void apply()}
                disabled={succeeded === 0}
              >
                {`Apply to ${succeeded} ${succeeded === 1 ? 'video' : 'videos'}`}
              </Button>
            </>
          ) : (
            <Button
              disabled={mode === 'applying'}
              onClick={() => {
                onClose();
                onApplied();
              }}
            >
              Close
            </Button>
          )}
        </Flex>
      </Flex>
    );

  const none: [string, string] = ['', 'Leave as it is'];
  return (
    <Flex direction="column" alignItems="stretch" gap={4} padding={6}>
      <Typography>{`Choose what to change on the ${ids.length} selected videos; the preview shows each one before anything is saved.`}</Typography>
      <Field.Root
        name="titlePattern"
        hint="{title} is each video’s title, {n} its place in the selection (1, 2, …). Empty: titles stay."
      >
        <Field.Label>Titles</Field.Label>
        <TextInput
          value={titlePattern}
          placeholder="Lesson {n}: {title}"
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => setTitlePattern(event.target.value)}
        />
        <Field.Hint />
      </Field.Root>
      <Select
        label="Description"
        value={replaceDescription ? 'replace' : ''}
        onChange={(value) => setReplaceDescription(value === 'replace')}
        options={[none, ['replace', 'Replace with the text below']]}
      />
      {replaceDescription ? (
        <Field.Root name="description">
          <Field.Label>New description (Markdown)</Field.Label>
          <Textarea
            value={description}
            onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setDescription(event.target.value)}
          />
        </Field.Root>
      ) : null}
      <Select
        label="Visibility"
        value={visibility}
        onChange={setVisibility}
        options={[none, ['public', 'Public'], ['unlisted', 'Unlisted'], ['private', 'Private']]}
      />
      <Select
        label="Category"
        value={category}
        onChange={setCategory}
        options={[
          none,
          ['-', 'No category'],
          ...categories.map((option): [string, string] => [option.documentId, option.label]),
        ]}
      />
      <Flex gap={4} wrap="wrap">
        <Select
          label="Add a tag"
          value={addTag}
          onChange={setAddTag}
          options={[['', 'None'], ...tags.map((option): [string, string] => [option.documentId, option.label])]}
        />
        <Select
          label="Remove a tag"
          value={removeTag}
          onChange={setRemoveTag}
          options={[['', 'None'], ...tags.map((option): [string, string] => [option.documentId, option.label])]}
        />
      </Flex>
      <Select
        label="Add to playlist"
        value={playlist}
        onChange={setPlaylist}
        options={[['', 'None'], ...playlists.map((option): [string, string] => [option.documentId, option.label])]}
      />
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        <Select
          label="Scheduled at"
          value={scheduleMode}
          onChange={setScheduleMode}
          options={[none, ['set', 'Set a time'], ['clear', 'Clear the schedule']]}
        />
        {scheduleMode === 'set' ? (
          <Field.Root name="scheduledAtValue" hint={`In your time zone (${zone})`}>
            <Field.Label>Time</Field.Label>
            <TextInput
              type="datetime-local"
              value={schedule}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSchedule(event.target.value)}
            />
            <Field.Hint />
          </Field.Root>
        ) : null}
      </Flex>
      <Select
        label="Then"
        value={then}
        onChange={setThen}
        options={[
          ['', 'Nothing more'],
          ['publish', 'Publish'],
          ['unpublish', 'Unpublish'],
          ['delete', 'Delete'],
        ]}
        hint="Delete cannot be combined with other changes."
      />
      {error ? (
        <Typography textColor="danger600" role="alert">
          {error}
        </Typography>
      ) : null}
      <Flex gap={2} justifyContent="flex-end">
        <Button variant="tertiary" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => void preview()}>Preview changes</Button>
      </Flex>
    </Flex>
  );
}
