import comments from './comments';
import follows from './follows';
import forums from './forums';
import notifications from './notifications';
import ratings from './ratings';
import videoReports from './video-reports';

export default { comments, follows, forums, notifications, ratings, 'video-reports': videoReports };
