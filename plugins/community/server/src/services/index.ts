import afterWrites from './after-writes';
import boards from './boards';
import comments from './comments';
import follows from './follows';
import moderation from './moderation';
import notifications from './notifications';
import ratings from './ratings';
import topics from './topics';
import videoReports from './video-reports';
import videos from './videos';

export default {
  'after-writes': afterWrites,
  boards,
  comments,
  follows,
  moderation,
  notifications,
  ratings,
  topics,
  'video-reports': videoReports,
  videos,
};
