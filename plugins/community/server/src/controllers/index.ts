import comments from './comments';
import follows from './follows';
import notifications from './notifications';
import ratings from './ratings';
import videoReports from './video-reports';

export default { comments, follows, notifications, ratings, 'video-reports': videoReports };
