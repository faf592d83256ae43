import comments from './comments';
import follows from './follows';
import notifications from './notifications';
import ratings from './ratings';

export default { comments, follows, notifications, ratings };
