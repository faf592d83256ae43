import afterWrites from './after-writes';
import comments from './comments';
import follows from './follows';
import moderation from './moderation';
import notifications from './notifications';
import ratings from './ratings';
import videoReports from './video-reports';
import videos from './videos';

export default {
  'after-writes': afterWrites,
  comments,
  follows,
  moderation,
  notifications,
  ratings,
  'video-reports': videoReports,
  videos,
};
