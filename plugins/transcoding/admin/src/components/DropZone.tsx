import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { CloudUpload } from '@strapi/icons';
import { styled } from 'styled-components';
import { useT } from '../hooks/useT';
import { acceptAttribute } from '../utils/files';
import { formatLimit } from '../utils/format';

interface DropZoneProps {
  onFiles: (files: File[]) => void;
  acceptedExtensions: string[];
  maxUploadBytes: number | null;
  multiple?: boolean;
  disabled?: boolean;
  /** Accessible name of the file input. */
  inputLabel: string;
  /** Text of the button that opens the file picker. */
  buttonLabel?: string;
  /** A slimmer zone for the edit view's side panel. */
  compact?: boolean;
}

const Zone = styled(Box)<{ $active: boolean; $disabled: boolean }>`
  border: 2px dashed ${({ theme, $active }) => ($active ? theme.colors.primary600 : theme.colors.neutral300)};
  background: ${({ theme, $active }) => ($active ? theme.colors.primary100 : theme.colors.neutral0)};
  opacity: ${({ $disabled }) => ($disabled ? 0.6 : 1)};
  transition:
    background 0.15s,
    border-color 0.15s;
`;

const HiddenInput = styled.input`
  position: absolute;
  width: 1px;
  height: 1px;
  padding: 0;
  margin: -1px;
  overflow: hidden;
  clip: rect(0, 0, 0, 0);
  white-space: nowrap;
  border: 0;
`;

/** A drop target with a file picker button; the button is the keyboard path, dropping is the mouse shortcut. */
export const DropZone = ({
  onFiles,
  acceptedExtensions,
  maxUploadBytes,
  multiple = true,
  disabled = false,
  inputLabel,
  buttonLabel,
  compact = false,
}: DropZoneProps) => {
  const t = useT();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const hintId = React.useId();
  const [dragging, setDragging] = React.useState(false);
  const dragDepth = React.useRef(0);

  const take = (list: FileList | null) => {
    if (disabled || !list || list.length === 0) return;
    const files = Array.from(list);
    onFiles(multiple ? files : files.slice(0, 1));
  };

  const hint = t(compact ? 'panel.replace.hint' : 'upload.dropzone.hint', {
    extensions: acceptedExtensions.join(' '),
    limit: maxUploadBytes ? formatLimit(maxUploadBytes) : '…',
  });

  return (
    <Zone
      $active={dragging}
      $disabled={disabled}
      hasRadius
      padding={compact ? 3 : 6}
      position="relative"
      onDragEnter={(event: React.DragEvent) => {
        event.preventDefault();
        dragDepth.current += 1;
        if (!disabled) setDragging(true);
      }}
      onDragOver={(event: React.DragEvent) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDrop={(event: React.DragEvent) => {
        event.preventDefault();
        dragDepth.current = 0;
        setDragging(false);
        take(event.dataTransfer.files);
      }}
    >
      <Flex direction="column" alignItems="center" gap={compact ? 2 : 3} textAlign="center">
        {compact ? null : <CloudUpload width="3.2rem" height="3.2rem" fill="primary600" aria-hidden />}
        {compact ? null : (
          <Typography variant="delta" tag="p">
            {dragging ? t('upload.dropzone.dragging') : t('upload.dropzone.title')}
          </Typography>
        )}
        {compact ? null : (
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t('upload.dropzone.or')}
          </Typography>
        )}
        <Button
          variant={compact ? 'secondary' : 'default'}
          startIcon={compact ? <CloudUpload /> : undefined}
          fullWidth={compact}
          disabled={disabled}
          onClick={() => inputRef.current?.click()}
          aria-describedby={hintId}
        >
          {buttonLabel ?? t('upload.dropzone.choose')}
        </Button>
        <Typography variant="pi" textColor="neutral600" id={hintId} tag="p">
          {hint}
        </Typography>
      </Flex>
      <HiddenInput
        ref={inputRef}
        type="file"
        tabIndex={-1}
        aria-label={inputLabel}
        multiple={multiple}
        accept={acceptAttribute(acceptedExtensions)}
        disabled={disabled}
        onChange={(event) => {
          take(event.currentTarget.files);
          // the same file can be chosen again (after a reload, to resume; after a cancel, to start over)
          event.currentTarget.value = '';
        }}
      />
    </Zone>
  );
};
