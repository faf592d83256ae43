import comments from './comments';
import follows from './follows';
import moderation from './moderation';
import notifications from './notifications';
import ratings from './ratings';
import videos from './videos';

export default { comments, follows, moderation, notifications, ratings, videos };
