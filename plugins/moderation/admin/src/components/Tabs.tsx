import { Box, Flex, Link } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { PLUGIN_ID } from '../pluginId';

/** The plugin's two pages, as links (each has its own address, so both can be bookmarked). */
export function Tabs({ current }: { current: 'queue' | 'log' }) {
  const tab = (id: 'queue' | 'log', label: string, to: string) => (
    <Box
      paddingBottom={2}
      borderColor={current === id ? 'primary600' : 'transparent'}
      style={{ borderBottomWidth: 2, borderBottomStyle: 'solid' }}
    >
      <Link tag={NavLink} to={to} aria-current={current === id ? 'page' : undefined}>
        {label}
      </Link>
    </Box>
  );
  return (
    <Flex gap={6} paddingBottom={6} tag="nav" aria-label="Moderation">
      {tab('queue', 'Queue', `/plugins/${PLUGIN_ID}`)}
      {tab('log', 'Moderation log', `/plugins/${PLUGIN_ID}/log`)}
    </Flex>
  );
}
