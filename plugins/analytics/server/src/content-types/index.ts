import channelDaySchema from './channel-day/schema.json';
import channelHourSchema from './channel-hour/schema.json';
import eventSchema from './event/schema.json';
import saltSchema from './salt/schema.json';
import videoDaySchema from './video-day/schema.json';
import videoHourSchema from './video-hour/schema.json';

export default {
  event: { schema: eventSchema },
  'video-hour': { schema: videoHourSchema },
  'video-day': { schema: videoDaySchema },
  'channel-hour': { schema: channelHourSchema },
  'channel-day': { schema: channelDaySchema },
  salt: { schema: saltSchema },
};
