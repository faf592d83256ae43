import * as React from 'react';
import { useIntl } from 'react-intl';
import en from '../translations/en.json';
import { getTranslation } from '../utils/getTranslation';

export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** formatMessage with the plugin's prefix, and en.json as the default text (one source for the English strings). */
export function useT(): Translate {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (key, values) => formatMessage({ id: getTranslation(key), defaultMessage: en[key] }, values),
    [formatMessage],
  );
}
