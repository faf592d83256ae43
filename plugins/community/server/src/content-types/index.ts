import comment from './comment/schema.json';
import commentReport from './comment-report/schema.json';
import follow from './follow/schema.json';
import notification from './notification/schema.json';
import rating from './rating/schema.json';
import topic from './topic/schema.json';
import topicSubscription from './topic-subscription/schema.json';
import unfollow from './unfollow/schema.json';
import videoReport from './video-report/schema.json';

export default {
  comment: { schema: comment },
  'comment-report': { schema: commentReport },
  follow: { schema: follow },
  notification: { schema: notification },
  rating: { schema: rating },
  topic: { schema: topic },
  'topic-subscription': { schema: topicSubscription },
  unfollow: { schema: unfollow },
  'video-report': { schema: videoReport },
};
